import { type RefObject, useEffect } from 'react'

/**
 * Opens a native <dialog> as a modal while the component is mounted (focus moves into it,
 * Escape closes it), and gives focus back to what had it when the dialog goes away.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const returnFocus = document.activeElement
    if (!dialog.open) dialog.showModal()
    return () => {
      if (dialog.open) dialog.close()
      if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus()
    }
  }, [ref])
}
