import { type DialogHTMLAttributes, type ReactNode, useRef } from 'react'
import { useModalDialog } from './use-modal-dialog.ts'

/**
 * A native <dialog> shown as a modal while mounted: the browser keeps focus inside and the page
 * behind is inert; Escape calls `onClose` instead of closing it under React's feet.
 */
export function ModalDialog({
  onClose,
  children,
  ...rest
}: {
  onClose: () => void
  children: ReactNode
} & Omit<DialogHTMLAttributes<HTMLDialogElement>, 'role' | 'open' | 'onCancel' | 'children'>) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  useModalDialog(dialogRef)
  return (
    <dialog
      {...rest}
      ref={dialogRef}
      // biome-ignore lint/a11y/noRedundantRoles: the explicit role is the hook browser tests query
      role="dialog"
      aria-modal="true"
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {children}
    </dialog>
  )
}
