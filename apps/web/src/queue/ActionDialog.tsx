import { type FormEvent, type ReactNode, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { FormError } from '../app/FormError.tsx'
import { useModalDialog } from '../app/use-modal-dialog.ts'

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
  const dialogRef = useRef<HTMLDialogElement>(null)
  const ids = useId()
  useModalDialog(dialogRef)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    onSubmit(event.currentTarget)
  }
  return (
    <dialog
      ref={dialogRef}
      // biome-ignore lint/a11y/noRedundantRoles: the explicit role is the hook browser tests query
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${ids}-title`}
      aria-describedby={subject ? `${ids}-subject` : undefined}
      className="card-dialog action-dialog"
      data-testid="queue-dialog"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <form className="card-dialog-body" onSubmit={submit} noValidate>
        <header className="card-dialog-header">
          <h2 id={`${ids}-title`}>{title}</h2>
        </header>
        {subject && (
          <p id={`${ids}-subject`} className="action-dialog-subject">
            {subject}
          </p>
        )}
        {children}
        <FormError message={error} testId="action-dialog-error" />
        <footer className="card-dialog-footer">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('card.cancel')}
          </button>
          <button type="submit" className="button primary" data-testid={submitTestId}>
            {submitLabel}
          </button>
        </footer>
      </form>
    </dialog>
  )
}

/** Focuses the first of these fields (by name) after a refused submit. */
export function focusField(form: HTMLFormElement, names: readonly string[]): void {
  const first = names[0]
  if (first) form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus()
}

/** A label, its control, a hint and the field's problem, tied together for screen readers. */
export function DialogField({
  id,
  label,
  hint,
  problem,
  children,
}: {
  id: string
  label: string
  hint?: ReactNode
  problem: string | null
  children: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      )}
    </div>
  )
}

/** The attributes a control inside `DialogField` carries. */
export function controlProps(id: string, name: string, problem: string | null, hint = false) {
  return {
    id,
    name,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby':
      [problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') ||
      undefined,
  }
}
