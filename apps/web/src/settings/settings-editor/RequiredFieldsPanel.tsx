import { STAGES } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import { STAGE_FIELDS, toggleRequired } from '../settings-form.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/** The fields a card must have to enter each stage: a group of checkboxes per stage. */
export function RequiredFieldsPanel({ form, change }: SettingsSectionProps) {
  const { t } = useTranslation()
  return (
    <SettingsPanel
      id="required-title"
      title={t('settings.requiredFields')}
      hint={t('settings.requiredHint')}
    >
      <div className="required-grid">
        {STAGES.map((stage) => (
          <fieldset key={stage} className="required-stage" data-testid={`required-${stage}`}>
            <legend>{t(`stages.${stage}`)}</legend>
            {STAGE_FIELDS.map((field) => (
              <label key={field} className="check">
                <input
                  type="checkbox"
                  name={`required-${stage}`}
                  value={field}
                  checked={form.requiredFields[stage].includes(field)}
                  onChange={() => change(toggleRequired(form, stage, field))}
                />
                {t(`fieldLabels.${field}`)}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </SettingsPanel>
  )
}
