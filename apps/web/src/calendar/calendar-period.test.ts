import { describe, expect, it } from 'vitest'
import {
  dayLabel,
  inPeriodMonth,
  periodTitle,
  periodWeeks,
  shiftPeriod,
  weekdayNames,
} from './calendar-period.ts'

describe('periods', () => {
  it('shows a month as whole weeks starting on Monday', () => {
    const weeks = periodWeeks({ mode: 'month', anchor: '2025-03-18' })
    // 1 March 2025 is a Saturday, 31 March a Monday
    expect(weeks[0]?.[0]).toBe('2025-02-24')
    expect(weeks.at(-1)?.at(-1)).toBe('2025-04-06')
    expect(weeks.every((week) => week.length === 7)).toBe(true)
    expect(inPeriodMonth({ mode: 'month', anchor: '2025-03-18' }, '2025-02-24')).toBe(false)
    expect(inPeriodMonth({ mode: 'month', anchor: '2025-03-18' }, '2025-03-01')).toBe(true)
  })

  it('shows the Monday-to-Sunday week holding the anchor', () => {
    expect(periodWeeks({ mode: 'week', anchor: '2025-03-05' })).toEqual([
      [
        '2025-03-03',
        '2025-03-04',
        '2025-03-05',
        '2025-03-06',
        '2025-03-07',
        '2025-03-08',
        '2025-03-09',
      ],
    ])
    expect(periodWeeks({ mode: 'week', anchor: '2025-03-09' })[0]?.[0]).toBe('2025-03-03')
  })

  it('steps to the previous and next period, across years', () => {
    expect(shiftPeriod({ mode: 'month', anchor: '2025-01-31' }, -1).anchor).toBe('2024-12-01')
    expect(shiftPeriod({ mode: 'month', anchor: '2024-12-15' }, 1).anchor).toBe('2025-01-01')
    expect(shiftPeriod({ mode: 'week', anchor: '2025-12-29' }, 1).anchor).toBe('2026-01-05')
    expect(shiftPeriod({ mode: 'week', anchor: '2025-03-05' }, -1)).toEqual({
      mode: 'week',
      anchor: '2025-02-26',
    })
  })

  it('names the period in the reader’s language', () => {
    expect(periodTitle({ mode: 'month', anchor: '2025-03-18' }, 'en')).toBe('March 2025')
    expect(periodTitle({ mode: 'month', anchor: '2025-03-18' }, 'es')).toBe('Marzo de 2025')
    const week = periodTitle({ mode: 'week', anchor: '2025-03-05' }, 'en')
    expect(week).toMatch(/Mar 3/)
    expect(week).toMatch(/9, 2025/)
    expect(periodTitle({ mode: 'week', anchor: '2025-03-05' }, 'es')).toMatch(/3.*9 mar 2025/)
  })

  it('names days and weekdays, Monday first', () => {
    expect(dayLabel('2025-03-03', 'en')).toBe('Monday, March 3, 2025')
    expect(dayLabel('2025-03-03', 'es')).toBe('lunes, 3 de marzo de 2025')
    expect(weekdayNames('en', 'short')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])
  })
})
