import { DAY_MS, MINUTE_MS } from './metrics/time.ts'

/** A calendar day as written in a time zone: 'YYYY-MM-DD'. */
export type DayKey = string

export interface ZonedParts {
  year: number
  /** 1-12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 0 = Sunday */
  weekday: number
}

export interface LocalTime {
  year: number
  /** 1-12 */
  month: number
  day: number
  hour?: number
  minute?: number
}

// Building a DateTimeFormat is far slower than formatting with one, and a board view
// formats hundreds of instants in the same one or two zones.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which some engines render as "24" at midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

function assertValidDate(at: Date): void {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date')
}

/** The zone's offset from UTC at `instant`, in ms, read from the formatter (slow: ~15 µs). */
function formattedOffsetMs(instant: number, timeZone: string): number {
  // The formatter has second precision: compare against the instant truncated to the second.
  const whole = Math.floor(instant / 1000) * 1000
  const fields: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const { year = Number.NaN, month = Number.NaN, day = Number.NaN } = fields
  const wall = Date.UTC(year, month - 1, day, fields.hour ?? 0, fields.minute ?? 0, fields.second)
  return wall - whole
}

/**
 * Each zone's offset per UTC day (days since 1970), for the days it holds all day long; null
 * for a day the offset changes in, which is read exactly each time. The dashboards place tens
 * of thousands of instants in days; the formatter alone would take a second for them.
 */
const dayOffsets = new Map<string, Map<number, number | null>>()
const DAY_OFFSETS_KEPT = 50_000

/** The zone's offset from UTC at `instant`, in milliseconds (ahead of UTC is positive). */
function offsetMs(instant: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone)
  if (!days) {
    formatterFor(timeZone)
    days = new Map()
    dayOffsets.set(timeZone, days)
  }
  const index = Math.floor(instant / DAY_MS)
  let offset = days.get(index)
  if (offset === undefined) {
    // The same offset at both ends of the day holds throughout: real zones never change
    // twice within a day.
    const first = formattedOffsetMs(index * DAY_MS, timeZone)
    const last = formattedOffsetMs((index + 1) * DAY_MS - 1000, timeZone)
    offset = first === last ? first : null
    if (days.size >= DAY_OFFSETS_KEPT) days.clear()
    days.set(index, offset)
  }
  return offset ?? formattedOffsetMs(instant, timeZone)
}

/** The wall-clock reading of `at` in `timeZone`. Throws a RangeError for an unknown zone. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  assertValidDate(at)
  const wall = new Date(at.getTime() + offsetMs(at.getTime(), timeZone))
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  }
}

/** Minutes ahead of UTC at `at`: +60 for Europe/Madrid in winter, -300 for New York. */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  assertValidDate(at)
  return Math.round(offsetMs(at.getTime(), timeZone) / MINUTE_MS)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function formatDayKey(year: number, month: number, day: number): DayKey {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

function parseDayKey(day: DayKey): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`)
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
}

export function dayKeyOf(at: Date, timeZone: string): DayKey {
  const p = zonedParts(at, timeZone)
  return formatDayKey(p.year, p.month, p.day)
}

/** 'HH:MM' on a 24-hour clock. */
export function timeOfDay(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone)
  return `${pad(p.hour)}:${pad(p.minute)}`
}

/**
 * The instant at which clocks in `timeZone` show `local`. Out-of-range fields roll over
 * (day 32 is the 1st of the next month). A time skipped by a spring-forward change (02:30)
 * maps to the instant the clock shows as long after the gap (03:30), as if the clock had
 * been read before the change; a time that happens twice in a fall-back change maps to the
 * earlier of the two.
 */
export function zonedTimeToInstant(local: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0)
  if (Number.isNaN(wall)) throw new RangeError('invalid local time')
  // Offsets a day either side bracket any change near this wall time; real zones never
  // change twice within two days.
  const before = offsetMs(wall - DAY_MS, timeZone)
  const after = offsetMs(wall + DAY_MS, timeZone)
  const candidates = [wall - before, wall - after].sort((a, b) => a - b)
  for (const instant of candidates) {
    if (instant + offsetMs(instant, timeZone) === wall) return new Date(instant)
  }
  // In the gap: read with the offset in force before the change.
  return new Date(wall - before)
}

/** The first instant of `day` in `timeZone` (not always 00:00 where midnight is skipped). */
export function startOfDay(day: DayKey, timeZone: string): Date {
  return zonedTimeToInstant(parseDayKey(day), timeZone)
}

export function addDays(day: DayKey, n: number): DayKey {
  const d = parseDayKey(day)
  const shifted = new Date(Date.UTC(d.year, d.month - 1, d.day + n))
  return formatDayKey(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate())
}

/** 0 = Sunday. */
export function weekdayOf(day: DayKey): number {
  const d = parseDayKey(day)
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()
}

/** The first day of the week holding `day`; weeks start on Monday unless told Sunday (0). */
export function startOfWeek(day: DayKey, weekStartsOn: 0 | 1 = 1): DayKey {
  return addDays(day, -((weekdayOf(day) - weekStartsOn + 7) % 7))
}

/** The whole weeks (rows of 7 days) that cover `month` (1-12) of `year`, for a month view. */
export function monthGrid(year: number, month: number, weekStartsOn: 0 | 1 = 1): DayKey[][] {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) {
    throw new RangeError(`not a month: ${year}-${month}`)
  }
  const first = formatDayKey(year, month, 1)
  const last = addDays(formatDayKey(month === 12 ? year + 1 : year, (month % 12) + 1, 1), -1)
  const weeks: DayKey[][] = []
  for (let start = startOfWeek(first, weekStartsOn); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)))
  }
  return weeks
}
