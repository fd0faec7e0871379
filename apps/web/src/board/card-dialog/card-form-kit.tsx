import { controlProps } from '../../app/DialogField.tsx'
import type { FieldForm } from '../../app/FormField.tsx'
import type { CardFormField, CardFormValues } from '../card-form.ts'

/** What each of the card dialog's fields needs from the dialog, which holds the state. */
export interface CardForm extends FieldForm<CardFormField, CardFormValues> {
  canEdit: boolean
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
