import type { ReactNode } from 'react'
import { FormDialog } from '../app/FormDialog.tsx'
import { FormError } from '../app/FormError.tsx'
import { useTranslation } from '../i18n/use-translation.ts'

/**
 * The small modal form behind a queue or inbox action: a title, the post it is about, the
 * fields, and Cancel / confirm. Escape or Cancel writes nothing; focus goes back where it was.
 */
export function ActionDialog({
  title,
  subject,
  submitLabel,
  submitTestId,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string
  /** the post's title, under the dialog's */
  subject: string | undefined
  submitLabel: string
  submitTestId: string
  /** a refusal or a problem with the whole form, already in words */
  error: string | null
  onSubmit: (form: HTMLFormElement) => void
  onClose: () => void
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <FormDialog
      className="action-dialog"
      testId="queue-dialog"
      title={title}
      description={subject ? { className: 'action-dialog-subject', content: subject } : null}
      cancel={{ label: t('card.cancel') }}
      submit={{ label: submitLabel, testId: submitTestId }}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      {children}
      <FormError message={error} testId="action-dialog-error" />
    </FormDialog>
  )
}
