import { FormDialog } from '../../app/FormDialog.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'

/** A post dropped on a time that has passed: written only once the person says so. */
export interface PastDrop {
  cardId: string
  title: string
  scheduledAt: string
  /** when, in words (the workspace's zone) */
  when: string
}

/** Asks before a drop schedules a post in the past; Cancel or Escape leaves it where it was. */
export function PastTimeDialog({
  drop,
  onConfirm,
  onCancel,
}: {
  drop: PastDrop
  onConfirm: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  return (
    <FormDialog
      className="past-time-dialog"
      testId="past-time"
      title={t('pastTime.title')}
      description={{
        className: 'move-fields-intro',
        content: t('pastTime.body', { title: drop.title, when: drop.when }),
      }}
      cancel={{ label: t('pastTime.cancel'), testId: 'past-time-cancel' }}
      submit={{ label: t('pastTime.confirm'), testId: 'past-time-confirm' }}
      onSubmit={onConfirm}
      onClose={onCancel}
    >
      {null}
    </FormDialog>
  )
}
