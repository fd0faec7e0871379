import { dayKeyOf, zoneOffsetMinutes } from '@pauta/domain'

/**
 * How an instant is written:
 * - time: "10:00" / "10:00 AM"
 * - dayTime: "mar, 24 nov, 10:00" / "Tue, Nov 24, 10:00 AM" (within the year or so around now)
 * - dateTime: "24 nov 2026, 10:00" / "Nov 24, 2026, 10:00 AM"
 * - full: "martes, 24 de noviembre de 2026, 10:00" (what an announcement says)
 * - dayMonth: "24 nov" / "Nov 24" (a day, no time)
 */
export type ClockStyle = 'time' | 'dayTime' | 'dateTime' | 'full' | 'dayMonth'

const OPTIONS: Record<ClockStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: 'numeric', minute: '2-digit' },
  dayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  full: { dateStyle: 'full', timeStyle: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
}

// Building a DateTimeFormat costs far more than using one; a board formats hundreds of times.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`
  let format = formatters.get(key)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, options)
    } catch {
      // an unknown zone: the device's clock rather than nothing
      const { timeZone: _unknown, ...rest } = options
      format = new Intl.DateTimeFormat(language, rest)
    }
    formatters.set(key, format)
  }
  return format
}

function toDate(at: Date | string): Date | null {
  const date = typeof at === 'string' ? new Date(at) : at
  return Number.isNaN(date.getTime()) ? null : date
}

/** An instant on the clocks of `timeZone`, in the reader's language; '' for no date. */
export function formatInZone(
  at: Date | string,
  language: string,
  timeZone: string,
  style: ClockStyle,
): string {
  const date = toDate(at)
  return date ? formatter(language, { ...OPTIONS[style], timeZone }).format(date) : ''
}

/** The zone's short name at that instant, as the reader's language writes it: "CET", "GMT-6". */
export function zoneAbbreviation(at: Date | string, language: string, timeZone: string): string {
  const date = toDate(at)
  if (!date) return ''
  const parts = formatter(language, { timeZoneName: 'short', timeZone }).formatToParts(date)
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
}

/** How long the device's zone is taken as read (every time on a board asks for it). */
const VIEWER_ZONE_MS = 60_000
let viewerZone: { zone: string; readAt: number } | null = null

/**
 * The zone this device's clock is set to; UTC when the browser does not say. Read at most
 * once a minute: each read builds an Intl.DateTimeFormat, and a board's cards ask for it as
 * they appear.
 */
export function viewerTimeZone(): string {
  const now = Date.now()
  if (viewerZone && now - viewerZone.readAt < VIEWER_ZONE_MS) return viewerZone.zone
  let zone: string
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    zone = 'UTC'
  }
  viewerZone = { zone, readAt: now }
  return zone
}

/** Whether clocks in the two zones read differently at `at` (so both times are worth showing). */
export function clocksDiffer(at: Date | string, a: string, b: string): boolean {
  if (a === b) return false
  const date = toDate(at)
  if (!date) return false
  try {
    return zoneOffsetMinutes(date, a) !== zoneOffsetMinutes(date, b)
  } catch {
    return false
  }
}

function sameDay(at: Date, a: string, b: string): boolean {
  try {
    return dayKeyOf(at, a) === dayKeyOf(at, b)
  } catch {
    return true
  }
}

/** One instant as the workspace reads it, and as the device does where that differs. */
export interface DualTime {
  iso: string
  workspace: string
  /** The zone's name for people and its abbreviation: "America/Mexico City (CST)". */
  workspaceTitle: string
  /** null where the device's clock reads the same as the workspace's. */
  viewer: { text: string; title: string } | null
}

export interface ClockZones {
  language: string
  /** the workspace's IANA zone */
  timeZone: string
  /** the device's IANA zone */
  viewerZone: string
}

function zoneTitle(at: Date, language: string, timeZone: string): string {
  return `${zoneName(timeZone)} (${zoneAbbreviation(at, language, timeZone)})`
}

/**
 * The instant on the workspace's clock in `style`; the device's beside it is the time alone
 * when both read the same day, otherwise its weekday, day and time ("sáb, 5 dic, 1:04").
 */
export function dualTime(at: Date | string, zones: ClockZones, style: ClockStyle): DualTime | null {
  const date = toDate(at)
  if (!date) return null
  const { language, timeZone, viewerZone } = zones
  const workspace = formatInZone(date, language, timeZone, style)
  const workspaceTitle = zoneTitle(date, language, timeZone)
  if (style === 'dayMonth' || !clocksDiffer(date, timeZone, viewerZone)) {
    return { iso: date.toISOString(), workspace, workspaceTitle, viewer: null }
  }
  const viewerStyle: ClockStyle = sameDay(date, timeZone, viewerZone) ? 'time' : 'dayTime'
  return {
    iso: date.toISOString(),
    workspace,
    workspaceTitle,
    viewer: {
      text: formatInZone(date, language, viewerZone, viewerStyle),
      title: zoneTitle(date, language, viewerZone),
    },
  }
}

/** A slot's 'HH:MM' in the reader's clock style ("6:30 AM" / "6:30"): a wall time, no zone. */
export function formatSlot(time: string, language: string): string {
  const [hours, minutes] = time.split(':').map(Number)
  return formatInZone(
    new Date(Date.UTC(2024, 0, 1, hours ?? 0, minutes ?? 0)),
    language,
    'UTC',
    'time',
  )
}

/** A zone's name for people: "America/Mexico_City" → "America/Mexico City". */
export function zoneName(timeZone: string): string {
  return timeZone.replaceAll('_', ' ')
}

/** An offset in minutes as hours and minutes, without its sign. */
export function splitOffset(minutes: number): { hours: number; minutes: number } {
  const total = Math.abs(minutes)
  return { hours: Math.floor(total / 60), minutes: total % 60 }
}
