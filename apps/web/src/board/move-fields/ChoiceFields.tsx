import { listCards } from '@pauta/board'
import { isCm, LIMITS, SEVERITIES } from '@pauta/domain'
import { useMemo } from 'react'
import { FormField } from '../../app/FormField.tsx'
import { NetworkOptions } from '../../app/NetworkOptions.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { activeLoad } from '../../rules/move-plan.ts'
import { useBoard } from '../use-board.ts'
import { cmLoadKey } from './move-answers.ts'
import { controlOf, type MoveForm } from './move-fields-kit.tsx'

/** Where the post goes out. */
export function NetworkField({ form }: { form: MoveForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="network" label={t('card.network')}>
      <select {...controlOf(form, 'network')} onChange={(e) => form.set('network', e.target.value)}>
        <NetworkOptions empty={t('moveFields.choose')} />
      </select>
    </FormField>
  )
}

/**
 * Which community manager takes the card, each offered with the posts they already carry
 * (and the board's limit, when it has one).
 */
export function CmField({ form }: { form: MoveForm }) {
  const { t } = useTranslation()
  const { session, members, rules } = useBoard()
  const cms = useMemo(() => [...members.values()].filter((member) => isCm(member.roles)), [members])
  const load = useMemo(() => activeLoad(listCards(session.doc)), [session.doc])
  return (
    <FormField form={form} name="assigneeId" label={t('moveFields.assigneeId')}>
      <select
        {...controlOf(form, 'assigneeId')}
        onChange={(e) => form.set('assigneeId', e.target.value)}
      >
        <option value="">{t('moveFields.choose')}</option>
        {cms.map((cm) => {
          const count = load.get(cm.id) ?? 0
          const limit = rules.cmWipLimit
          return (
            <option key={cm.id} value={cm.id}>
              {limit === null
                ? t('moveFields.cmLoad', { name: cm.name, count })
                : t(cmLoadKey(count, limit), {
                    name: cm.name,
                    count,
                    limit,
                  })}
            </option>
          )
        })}
      </select>
      {cms.length === 0 && <p className="hint">{t('moveFields.noCms')}</p>}
    </FormField>
  )
}

/** How severe an escalation is. */
export function SeverityField({ form }: { form: MoveForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="severity" label={t('card.severity')}>
      <select
        {...controlOf(form, 'severity')}
        onChange={(e) => form.set('severity', e.target.value)}
      >
        <option value="">{t('moveFields.choose')}</option>
        {SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {t(`severities.${severity}`)}
          </option>
        ))}
      </select>
    </FormField>
  )
}

/**
 * What the post is for: one of the workspace's objectives, or free text while the workspace
 * lists none (a board may require an objective before anyone listed them).
 */
export function ObjectiveField({ form }: { form: MoveForm }) {
  const { t } = useTranslation()
  const { objectives } = useBoard()
  return (
    <FormField form={form} name="objective" label={t('card.objective')}>
      {objectives.length > 0 ? (
        <select
          {...controlOf(form, 'objective')}
          onChange={(e) => form.set('objective', e.target.value)}
        >
          <option value="">{t('moveFields.choose')}</option>
          {objectives.map((objective) => (
            <option key={objective} value={objective}>
              {objective}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...controlOf(form, 'objective')}
          maxLength={LIMITS.listItem}
          onChange={(e) => form.set('objective', e.target.value)}
        />
      )}
    </FormField>
  )
}
