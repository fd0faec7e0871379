/** Inputs whose keys are not text: a shortcut still works while one of them has the focus. */
const KEYLESS_INPUTS = ['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color']

/**
 * Someone is typing: a text field, a select or an editable element has the keyboard, so a
 * key there is a character (or the field's own undo), not one of the board's shortcuts.
 */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !KEYLESS_INPUTS.includes(target.type)
}
