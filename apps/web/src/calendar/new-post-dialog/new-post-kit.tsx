import type { ReactNode } from 'react'
import { controlProps, DialogField } from '../../app/DialogField.tsx'
import type { NewPostValues } from '../new-post.ts'

/** One of the new-post dialog's fields. */
export type NewPostField = keyof NewPostValues

/** What each field of the new-post dialog needs from the dialog, which holds the state. */
export interface NewPostForm {
  values: NewPostValues
  set: (field: NewPostField, value: string) => void
  /** the field's control id (its problem id derives from it) */
  idOf: (field: NewPostField) => string
  /** the field's problem in the reader's language, or null */
  problemOf: (field: NewPostField) => string | null
}

/**
 * One field of the dialog: its label, then `children` (the control and, after it, any hint),
 * then its problem; classed `field-<name>`.
 */
export function PostField({
  form,
  name,
  label,
  children,
}: {
  form: NewPostForm
  name: NewPostField
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

/** The attributes and value every control of the dialog carries. */
export function controlOf(form: NewPostForm, name: NewPostField) {
  return {
    ...controlProps(form.idOf(name), name, form.problemOf(name)),
    value: form.values[name],
  }
}
