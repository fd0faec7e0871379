import { zonedParts, zonedTimeToInstant, zoneOffsetMinutes } from '@pauta/domain'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * An instant as the value of a `datetime-local` input read on the clocks of `timeZone` (the
 * workspace's, not the device's): what a person in the team's city would write down.
 */
export function toZonedInput(at: Date | string | null, timeZone: string): string {
  if (at === null) return ''
  const date = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(date.getTime())) return ''
  const p = zonedParts(date, timeZone)
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/

/**
 * A `datetime-local` value, read as wall time in `timeZone`, as an ISO instant (UTC). `null`
 * when empty; `undefined` when it is not a real date and time (31 February, 25:00).
 */
export function fromZonedInput(value: string, timeZone: string): string | null | undefined {
  const text = value.trim()
  if (!text) return null
  const match = INPUT.exec(text)
  if (!match) return undefined
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59)
    return undefined
  try {
    return zonedTimeToInstant({ year, month, day, hour, minute }, timeZone).toISOString()
  } catch {
    return undefined
  }
}

/** The zone this device's clock is set to. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** Whether clocks in the two zones read differently at `at` (so both times are worth showing). */
export function clocksDiffer(at: Date, a: string, b: string): boolean {
  if (a === b) return false
  try {
    return zoneOffsetMinutes(at, a) !== zoneOffsetMinutes(at, b)
  } catch {
    return false
  }
}

/**
 * - time: "10:00"
 * - dayTime: "Tue, Nov 24, 10:00" (a day of this year or next, within the queue's reach)
 * - zoned: "10:00 GMT-5", for the viewer's own clock beside the workspace's
 */
export type TimeStyle = 'time' | 'dayTime' | 'zoned'

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit' },
  dayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  zoned: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** An instant on the clocks of `timeZone`, in the reader's language. */
export function formatZoned(
  at: Date,
  language: string,
  timeZone: string,
  style: TimeStyle,
): string {
  if (Number.isNaN(at.getTime())) return ''
  const key = `${language}|${timeZone}|${style}`
  let formatter = formatters.get(key)
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(language, { ...OPTIONS[style], timeZone })
    } catch {
      // an unknown zone: the device's clock rather than nothing
      formatter = new Intl.DateTimeFormat(language, OPTIONS[style])
    }
    formatters.set(key, formatter)
  }
  return formatter.format(at)
}

/** A post's or conversation's link, only when it is one a person may safely open. */
export function safeLink(url: string | null): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}
