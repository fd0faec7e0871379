import { zonedParts, zonedTimeToInstant } from '@pauta/domain'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * An instant as the value of a `datetime-local` input read on the clocks of `timeZone` (the
 * workspace's, not the device's): what a person in the team's city would write down.
 */
export function toZonedInput(at: Date | string | null, timeZone: string): string {
  if (at === null) return ''
  const date = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(date.getTime())) return ''
  try {
    const p = zonedParts(date, timeZone)
    return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
  } catch {
    return ''
  }
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/

/**
 * A `datetime-local` value, read as wall time in `timeZone`, as an ISO instant (UTC). `null`
 * when empty; `undefined` when it is not a real date and time (31 February, 25:00). A time
 * that a spring-forward change skips reads as the same length past the change; one that a
 * fall-back change repeats reads as the earlier of the two (`zonedTimeToInstant`).
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
