import { addDays, type DayKey, dayKeyOf, startOfDay, startOfWeek } from '@pauta/domain'
import { formatLongDate } from '../time/day-format.ts'

/** The periods a new round offers, and days picked by hand. */
export const PERIOD_PRESETS = ['this-week', 'next-week', 'next-month', 'custom'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/** A round's period: whole days of the workspace's calendar, first and last included. */
export interface RoundPeriod {
  first: DayKey
  last: DayKey
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The days of a preset as the workspace's calendar counts them on `now`: this week or the next
 * (Monday to Sunday), or the whole of next month. `custom` starts as this week.
 */
export function presetPeriod(preset: PeriodPreset, now: Date, timeZone: string): RoundPeriod {
  const today = dayKeyOf(now, timeZone)
  const monday = startOfWeek(today, 1)
  if (preset === 'next-week') return { first: addDays(monday, 7), last: addDays(monday, 13) }
  if (preset === 'next-month') {
    const [year = 0, month = 0] = today.split('-').map(Number)
    const first = monthStart(year, month + 1)
    return { first, last: addDays(monthStart(year, month + 2), -1) }
  }
  return { first: monday, last: addDays(monday, 6) }
}

/** The 1st of a month; a month past December is one of the next year. */
function monthStart(year: number, month: number): DayKey {
  const index = year * 12 + (month - 1)
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`
}

/**
 * The instants a period covers, as the candidates ask for them: from the first moment of its
 * first day to the first moment of the day after its last, on the workspace's clocks. Null when
 * a day is missing or the last comes before the first.
 */
export function periodRange(
  period: RoundPeriod,
  timeZone: string,
): { from: string; to: string } | null {
  if (!DAY.test(period.first) || !DAY.test(period.last) || period.last < period.first) return null
  try {
    return {
      from: startOfDay(period.first, timeZone).toISOString(),
      to: startOfDay(addDays(period.last, 1), timeZone).toISOString(),
    }
  } catch {
    return null
  }
}

/** What a new round is called until its lead names it: the week, the month, or the days. */
export function roundName(
  preset: PeriodPreset,
  period: RoundPeriod,
  t: (key: string, values?: Record<string, unknown>) => string,
  language: string,
  now: Date,
  timeZone: string,
): string {
  if (!DAY.test(period.first) || !DAY.test(period.last)) return ''
  if (preset === 'this-week' || preset === 'next-week')
    return t('review.weekOf', { date: formatLongDate(period.first, language, timeZone, now) })
  if (preset === 'next-month') {
    const month = new Intl.DateTimeFormat(language, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(utcNoon(period.first))
    return month.charAt(0).toLocaleUpperCase(language) + month.slice(1)
  }
  if (period.first === period.last) return formatLongDate(period.first, language, timeZone, now)
  if (period.last < period.first) return ''
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).formatRange(utcNoon(period.first), utcNoon(period.last))
}

// Day keys are calendar dates, not instants: formatted as that day's noon in UTC.
function utcNoon(day: DayKey): Date {
  return new Date(`${day}T12:00:00Z`)
}
