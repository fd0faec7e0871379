import type { ReactNode } from 'react'
import { DialogField } from './DialogField.tsx'

/** What each field of a dialog form needs from the dialog, which holds the state. */
export interface FieldForm<F extends string, V> {
  values: V
  set: (field: F, value: string) => void
  /** the field's control id (its hint and problem ids derive from it) */
  idOf: (field: F) => string
  /** the field's problem in the reader's language, or null */
  problemOf: (field: F) => string | null
}

/**
 * One field of a dialog form: its label, then `children` (the control and, after it, any
 * hint), then its problem; classed `field-<name>`.
 */
export function FormField<F extends string>({
  form,
  name,
  label,
  hint,
  children,
}: {
  form: Pick<FieldForm<F, unknown>, 'idOf' | 'problemOf'>
  name: F
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
