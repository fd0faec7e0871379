import { isCm } from '@pauta/domain'
import { useMemo } from 'react'
import { FormField } from '../../app/FormField.tsx'
import { NetworkOptions } from '../../app/NetworkOptions.tsx'
import { useBoard } from '../../board/use-board.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { controlOf, type NewPostForm } from './new-post-kit.tsx'

/** Where the post goes out. */
export function NetworkField({ form }: { form: NewPostForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="network" label={t('calendar.dialog.network')}>
      <select
        {...controlOf(form, 'network')}
        data-testid="calendar-dialog-network"
        onChange={(e) => form.set('network', e.target.value)}
      >
        <NetworkOptions empty={t('calendar.dialog.choose')} />
      </select>
    </FormField>
  )
}

/** Which community manager publishes it: the board's, by name; a hint when it has none. */
export function CmField({ form }: { form: NewPostForm }) {
  const { t, i18n } = useTranslation()
  const { members } = useBoard()
  const cms = useMemo(
    () =>
      [...members.values()]
        .filter((member) => isCm(member.roles))
        .sort((a, b) => a.name.localeCompare(b.name, i18n.language)),
    [members, i18n.language],
  )
  return (
    <FormField form={form} name="assigneeId" label={t('calendar.dialog.cm')}>
      <select
        {...controlOf(form, 'assigneeId')}
        data-testid="calendar-dialog-cm"
        onChange={(e) => form.set('assigneeId', e.target.value)}
      >
        <option value="">{t('calendar.dialog.noCm')}</option>
        {cms.map((cm) => (
          <option key={cm.id} value={cm.id}>
            {cm.name}
          </option>
        ))}
      </select>
      {cms.length === 0 ? <p className="hint">{t('calendar.dialog.noCms')}</p> : null}
    </FormField>
  )
}
