import { type FormEvent, type ReactNode, useId } from 'react'
import { ModalDialog } from './ModalDialog.tsx'

/** A footer button: its words, and the test id browser tests find it by. */
export interface DialogButton {
  label: string
  testId?: string
}

/**
 * A small modal form: a title, a line saying what it is about, the fields, and Cancel /
 * confirm. Escape or Cancel closes it without writing; focus goes back where it was.
 */
export function FormDialog({
  className,
  testId,
  title,
  description,
  cancel,
  submit,
  onSubmit,
  onClose,
  children,
}: {
  /** beside `card-dialog`, for the dialog's own layout */
  className: string
  testId: string
  title: string
  /** shown under the title, and what describes the dialog to screen readers */
  description: { className: string; content: ReactNode } | null
  cancel: DialogButton
  submit: DialogButton
  onSubmit: (form: HTMLFormElement) => void
  onClose: () => void
  /** the fields, then the form's error if any */
  children: ReactNode
}) {
  const ids = useId()
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    onSubmit(event.currentTarget)
  }
  return (
    <ModalDialog
      aria-labelledby={`${ids}-title`}
      aria-describedby={description ? `${ids}-description` : undefined}
      className={`card-dialog ${className}`}
      data-testid={testId}
      onClose={onClose}
    >
      <form className="card-dialog-body" onSubmit={send} noValidate>
        <header className="card-dialog-header">
          <h2 id={`${ids}-title`}>{title}</h2>
        </header>
        {description && (
          <p id={`${ids}-description`} className={description.className}>
            {description.content}
          </p>
        )}
        {children}
        <footer className="card-dialog-footer">
          <span className="spacer" />
          <button type="button" className="button" data-testid={cancel.testId} onClick={onClose}>
            {cancel.label}
          </button>
          <button type="submit" className="button primary" data-testid={submit.testId}>
            {submit.label}
          </button>
        </footer>
      </form>
    </ModalDialog>
  )
}
