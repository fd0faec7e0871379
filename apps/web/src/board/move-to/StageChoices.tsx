import type { Stage } from '@pauta/domain'
import type { TFunction } from '../../i18n/translate.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { AskField } from '../../rules/move-plan.ts'
import type { MoveTarget } from './move-targets.ts'

/** A field's name as the rules page and the move dialog call it. */
function fieldName(field: AskField, t: TFunction): string {
  return field === 'resolutionNote' ? t('moveFields.resolutionNote') : t(`fieldLabels.${field}`)
}

/** What choosing a stage will lead to: the fields it asks, or a move at once. */
export function asksText(fields: readonly AskField[], t: TFunction, language: string): string {
  if (fields.length === 0) return t('moveTo.asksNothing')
  const names = fields.map((field) => fieldName(field, t))
  return t('moveTo.asks', {
    fields: new Intl.ListFormat(language, { type: 'conjunction' }).format(names),
  })
}

/** The stages to choose from, one radio each, with what each will ask for. */
export function StageChoices({
  targets,
  choice,
  onChoose,
}: {
  targets: readonly MoveTarget[]
  choice: Stage | null
  onChoose: (stage: Stage) => void
}) {
  const { t, i18n } = useTranslation()
  return (
    <fieldset className="move-to-stages">
      <legend className="visually-hidden">{t('moveTo.stages')}</legend>
      {targets.map(({ stage, fields }) => (
        <label
          key={stage}
          className={`move-to-stage stage-${stage}`}
          data-testid="move-to-option"
          data-stage={stage}
        >
          <input
            type="radio"
            name="stage"
            value={stage}
            checked={choice === stage}
            onChange={() => onChoose(stage)}
          />
          <span className="move-to-stage-name">{t(`stages.${stage}`)}</span>
          <span className="move-to-stage-asks muted small">
            {asksText(fields, t, i18n.language)}
          </span>
        </label>
      ))}
    </fieldset>
  )
}
