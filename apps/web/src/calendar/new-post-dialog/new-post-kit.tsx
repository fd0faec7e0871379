import { controlProps } from '../../app/DialogField.tsx'
import type { FieldForm } from '../../app/FormField.tsx'
import type { NewPostValues } from '../new-post.ts'

/** One of the new-post dialog's fields. */
export type NewPostField = keyof NewPostValues

/** What each field of the new-post dialog needs from the dialog, which holds the state. */
export type NewPostForm = FieldForm<NewPostField, NewPostValues>

/** The attributes and value every control of the dialog carries. */
export function controlOf(form: NewPostForm, name: NewPostField) {
  return {
    ...controlProps(form.idOf(name), name, form.problemOf(name)),
    value: form.values[name],
  }
}
