import type { ReactNode } from 'react'
import { controlProps, DialogField } from '../../app/DialogField.tsx'
import type { AskField } from '../../rules/move-plan.ts'
import type { MoveValues } from './move-answers.ts'

/** What each asked field needs from the move dialog, which holds the state. */
export interface MoveForm {
  values: MoveValues
  set: (field: AskField, value: string) => void
  /** the field's control id (its problem id derives from it) */
  idOf: (field: AskField) => string
  /** the field's problem in the reader's language, or null */
  problemOf: (field: AskField) => string | null
}

/** One asked field: its label, control and problem, classed `field-<name>`. */
export function MoveField({
  form,
  name,
  label,
  children,
}: {
  form: MoveForm
  name: AskField
  label: string
  children: ReactNode
}) {
  return (
    <DialogField
      id={form.idOf(name)}
      className={`field-${name}`}
      label={label}
      problem={form.problemOf(name)}
    >
      {children}
    </DialogField>
  )
}

/** The attributes, value and change handler every asked control carries; each is required. */
export function controlOf(form: MoveForm, name: AskField) {
  return {
    ...controlProps(form.idOf(name), name, form.problemOf(name)),
    value: form.values[name] ?? '',
    required: true,
  }
}
