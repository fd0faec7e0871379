import { controlProps } from '../../app/DialogField.tsx'
import type { FieldForm } from '../../app/FormField.tsx'
import type { AskField } from '../../rules/move-plan.ts'
import type { MoveValues } from './move-answers.ts'

/** What each asked field needs from the move dialog, which holds the state. */
export type MoveForm = FieldForm<AskField, MoveValues>

/** The attributes, value and change handler every asked control carries; each is required. */
export function controlOf(form: MoveForm, name: AskField) {
  return {
    ...controlProps(form.idOf(name), name, form.problemOf(name)),
    value: form.values[name] ?? '',
    required: true,
  }
}
