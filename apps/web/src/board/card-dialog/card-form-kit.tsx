import type { ReactNode } from 'react'
import { controlProps, DialogField } from '../../app/DialogField.tsx'
import type { CardFormField, CardFormValues } from '../card-form.ts'

/** What each of the card dialog's fields needs from the dialog, which holds the state. */
export interface CardForm {
  values: CardFormValues
  set: (field: CardFormField, value: string) => void
  /** the field's control id (its hint and problem ids derive from it) */
  idOf: (field: CardFormField) => string
  /** the field's problem in the reader's language, or null */
  problemOf: (field: CardFormField) => string | null
  canEdit: boolean
}

/** One field of the card dialog: its label, control, hint and problem, classed `field-<name>`. */
export function CardField({
  form,
  name,
  label,
  hint,
  children,
}: {
  form: CardForm
  name: CardFormField
  label: string
  hint?: string
  children: ReactNode
}) {
  return (
    <DialogField
      id={form.idOf(name)}
      className={`field-${name}`}
      label={label}
      hint={hint}
      problem={form.problemOf(name)}
    >
      {children}
    </DialogField>
  )
}

/**
 * The attributes every control of the card dialog carries; disabled when the card is only
 * read. `hint`: the field's hint describes its control too.
 */
export function controlOf(form: CardForm, name: CardFormField, hint = false) {
  return {
    ...controlProps(form.idOf(name), name, form.problemOf(name), hint),
    disabled: !form.canEdit,
  }
}
