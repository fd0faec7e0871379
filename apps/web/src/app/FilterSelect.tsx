import { useId } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import type { ApprovalFilter } from './router.ts'

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

/** Each approval choice's words: those of the badge it keeps ("Waiting for the client"). */
const APPROVAL_LABELS: Readonly<Record<ApprovalFilter, string>> = {
  'in-review': 'boardFilters.awaitingApproval',
  client: 'approval.waitingClient',
  'changes-requested': 'approval.states.changes-requested',
  approved: 'approval.states.approved',
  draft: 'approval.states.draft',
}

/**
 * [APPR2] The approval filter of the board, the calendar and the queue: any post, or only the
 * posts the policy covers in one state ("Awaiting approval"), among `choices` (the board's:
 * `approvalFilterChoices`); nothing when there are none. Here beside the select it is made of,
 * one module: apart, the two ended in chunks of their own, more to load before the board paints.
 */
export function ApprovalFilterSelect({
  className,
  testId,
  choices,
  value,
  onChange,
}: {
  /** the filter bar's own class for one filter */
  className: string
  testId: string
  choices: readonly ApprovalFilter[]
  value: ApprovalFilter | null
  onChange: (value: ApprovalFilter | null) => void
}) {
  const { t } = useTranslation()
  if (choices.length === 0) return null
  return (
    <FilterSelect
      className={className}
      label={t('approval.title')}
      testId={testId}
      value={value}
      all={t('boardFilters.anyApproval')}
      options={choices.map((choice) => ({ value: choice, label: t(APPROVAL_LABELS[choice]) }))}
      onChange={onChange}
    />
  )
}
