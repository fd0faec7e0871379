import type { ReactNode } from 'react'

/** A label, its control, a hint and the field's problem, tied together for screen readers. */
export function DialogField({
  id,
  className,
  label,
  hint,
  problem,
  children,
}: {
  /** the control's id; the hint and the problem take it with `-hint` and `-error` */
  id: string
  /** added to `field` */
  className?: string
  label: string
  hint?: ReactNode
  problem: string | null
  children: ReactNode
}) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      )}
    </div>
  )
}

/** The attributes a control inside `DialogField` carries. */
export function controlProps(id: string, name: string, problem: string | null, hint = false) {
  return {
    id,
    name,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby':
      [problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') ||
      undefined,
  }
}

/** Focuses the first of these fields (by name) after a refused submit. */
export function focusField(root: ParentNode, names: readonly string[]): void {
  const first = names[0]
  if (first) root.querySelector<HTMLElement>(`[name="${first}"]`)?.focus()
}
