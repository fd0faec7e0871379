import { addDays, type DayKey, monthGrid, startOfWeek } from '@pauta/domain'

export const CALENDAR_MODES = ['month', 'week'] as const
export type CalendarMode = (typeof CALENDAR_MODES)[number]

/** What the calendar shows: a mode and a day inside the period (the period is derived). */
export interface Period {
  mode: CalendarMode
  anchor: DayKey
}

export function monthOf(day: DayKey): { year: number; month: number } {
  const [year, month] = day.split('-').map(Number)
  return { year: year ?? Number.NaN, month: month ?? Number.NaN }
}

const firstOfMonth = (year: number, month: number): DayKey =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`

/** The rows of days the period shows: a month's weeks (Monday first), or the one week. */
export function periodWeeks(period: Period): DayKey[][] {
  if (period.mode === 'month') {
    const { year, month } = monthOf(period.anchor)
    return monthGrid(year, month, 1)
  }
  const start = startOfWeek(period.anchor, 1)
  return [Array.from({ length: 7 }, (_, i) => addDays(start, i))]
}

/** The period before (-1) or after (+1); a month moves to the 1st of the other month. */
export function shiftPeriod(period: Period, step: -1 | 1): Period {
  if (period.mode === 'week') return { ...period, anchor: addDays(period.anchor, 7 * step) }
  const { year, month } = monthOf(period.anchor)
  const index = year * 12 + (month - 1) + step
  return { ...period, anchor: firstOfMonth(Math.floor(index / 12), (index % 12) + 1) }
}

/** Whether `day` belongs to the month the period shows (the grid's other days are greyed). */
export function inPeriodMonth(period: Period, day: DayKey): boolean {
  return day.slice(0, 7) === period.anchor.slice(0, 7)
}

// Day keys are calendar dates, not instants: format them as UTC midnight in UTC.
function utcDate(day: DayKey): Date {
  return new Date(`${day}T00:00:00Z`)
}

function capitalise(text: string, language: string): string {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1)
}

/** "March 2025" / "Marzo de 2025"; "Mar 3 – 9, 2025" / "3–9 mar 2025". */
export function periodTitle(period: Period, language: string): string {
  if (period.mode === 'month') {
    const { year, month } = monthOf(period.anchor)
    const format = new Intl.DateTimeFormat(language, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    return capitalise(format.format(utcDate(firstOfMonth(year, month))), language)
  }
  const start = startOfWeek(period.anchor, 1)
  const format = new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  return format.formatRange(utcDate(start), utcDate(addDays(start, 6)))
}

/** "Monday, March 3, 2025": the accessible name of a day. */
export function dayLabel(day: DayKey, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: 'UTC' }).format(
    utcDate(day),
  )
}

/** "Mon 3": a week column's heading. */
export function dayHeading(day: DayKey, language: string): { weekday: string; date: string } {
  const date = utcDate(day)
  return {
    weekday: new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(date),
    date: new Intl.DateTimeFormat(language, { day: 'numeric', timeZone: 'UTC' }).format(date),
  }
}

/** The weekday names, Monday first, for the month grid's header. */
export function weekdayNames(language: string, width: 'short' | 'long'): string[] {
  const format = new Intl.DateTimeFormat(language, { weekday: width, timeZone: 'UTC' })
  // 2024-01-01 was a Monday
  return Array.from({ length: 7 }, (_, i) => format.format(utcDate(addDays('2024-01-01', i))))
}
