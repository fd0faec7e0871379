/**
 * Dates without a time, for the dashboards' axes, tables and sentences. A calendar day
 * ('YYYY-MM-DD', already a day of the workspace's calendar) reads as that day wherever the
 * reader is; an instant is read on the workspace's clock (`timeZone`).
 */

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * A calendar day ('YYYY-MM-DD', read as that day wherever the reader is) or an instant (read
 * on the workspace's clocks).
 */
function dateOf(value: string, timeZone: string): { date: Date; timeZone: string } | null {
  const day = DAY_KEY.exec(value)
  if (day) {
    return {
      date: new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12)),
      timeZone: 'UTC',
    }
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : { date, timeZone }
}

/** "12 December" / "12 de diciembre", with the year only when it is not this one. */
export function formatLongDate(value: string, locale: string, timeZone: string, now: Date): string {
  const parsed = dateOf(value, timeZone)
  if (!parsed) return value
  const year = (date: Date, zone: string) =>
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: zone }).format(date)
  const sameYear = year(parsed.date, parsed.timeZone) === year(now, timeZone)
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: parsed.timeZone,
  }).format(parsed.date)
}

/** "1 Dec" / "1 dic": axis ticks and table rows of days and weeks. */
export function formatShortDate(value: string, locale: string, timeZone = 'UTC'): string {
  const parsed = dateOf(value, timeZone)
  if (!parsed) return value
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    timeZone: parsed.timeZone,
  }).format(parsed.date)
}

/** "1 Dec 2025" / "1 dic 2025": the period's bounds. */
export function formatMediumDate(value: string, locale: string, timeZone: string): string {
  const parsed = dateOf(value, timeZone)
  if (!parsed) return value
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: parsed.timeZone }).format(
    parsed.date,
  )
}
