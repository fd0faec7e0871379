import { useId } from 'react'

/** One choice of a filter: the value it stands for and the words shown for it. */
export interface FilterOption<V extends string> {
  value: V
  label: string
}

/**
 * One labelled select of a filter bar (the calendar's, the dashboards'). The empty choice,
 * `all`, means "no filter" and reads as `null`; any other value is one of `options`, so callers
 * get their own type back without checking the string.
 */
export function FilterSelect<V extends string>({
  className,
  label,
  testId,
  value,
  all,
  options,
  onChange,
}: {
  /** the bar's own class for one filter, which its stylesheet lays out */
  className: string
  label: string
  testId: string
  value: V | null
  /** the label of the empty choice; none when the filter always holds a value */
  all?: string
  options: readonly FilterOption<V>[]
  onChange: (value: V | null) => void
}) {
  const id = useId()
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={value ?? ''}
        onChange={(e) =>
          onChange(options.find((option) => option.value === e.target.value)?.value ?? null)
        }
      >
        {all !== undefined && <option value="">{all}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
