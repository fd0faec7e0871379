import { FormField } from '../../app/FormField.tsx'
import { NetworkOptions } from '../../app/NetworkOptions.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useZonedInputHint } from '../../time/use-zoned-input-hint.ts'
import { useBoard } from '../use-board.ts'
import { assignable } from './assignable.ts'
import { type CardForm, controlOf } from './card-form-kit.tsx'

/** Where the post goes out. */
export function NetworkField({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="network" label={t('card.network')}>
      <select
        {...controlOf(form, 'network')}
        value={form.values.network}
        onChange={(e) => form.set('network', e.target.value)}
      >
        <NetworkOptions empty={t('card.noNetwork')} />
      </select>
    </FormField>
  )
}

/** When the post goes out, typed on the workspace's clock (the device's beneath, if it differs). */
export function ScheduledAtField({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  const hint = useZonedInputHint(form.values.scheduledAt)
  return (
    <FormField form={form} name="scheduledAt" label={t('card.scheduledAt')} hint={hint}>
      <input
        {...controlOf(form, 'scheduledAt', hint !== undefined)}
        type="datetime-local"
        value={form.values.scheduledAt}
        onChange={(e) => form.set('scheduledAt', e.target.value)}
      />
    </FormField>
  )
}

/**
 * Who works on the card. Only a manager or strategist (`lead`) assigns; everyone else sees the
 * select disabled. Only community managers are offered ([RIGHTS3]: they are the ones who take,
 * publish and follow a post); an assignee who is no longer one, or no longer a member, stays
 * offered, so opening a card never changes it.
 */
export function AssigneeField({ form, lead }: { form: CardForm; lead: boolean }) {
  const { t } = useTranslation()
  const { members } = useBoard()
  const { assigneeId } = form.values
  const offered = assignable(members.values(), assigneeId)
  return (
    <FormField form={form} name="assigneeId" label={t('card.assignee')}>
      <select
        {...controlOf(form, 'assigneeId')}
        disabled={!form.canEdit || !lead}
        value={assigneeId}
        onChange={(e) => form.set('assigneeId', e.target.value)}
      >
        <option value="">{t('card.unassigned')}</option>
        {assigneeId && !members.has(assigneeId) && <option value={assigneeId}>{assigneeId}</option>}
        {offered.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
      </select>
    </FormField>
  )
}
