const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(language, options)
    formatters.set(key, format)
  }
  return format
}

/** "10:00 AM" / "10:00", read in `timeZone`. */
export function formatTime(at: string | Date, timeZone: string, language: string): string {
  return formatter(language, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(at))
}

/** "Tue, Mar 4, 11:00 AM": a moment read in someone else's zone, where the day may differ. */
export function formatMoment(at: string | Date, timeZone: string, language: string): string {
  return formatter(language, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(new Date(at))
}

/** A slot's 'HH:MM' in the reader's clock style ("6:30 AM" / "6:30"). */
export function formatSlot(time: string, language: string): string {
  const [hours, minutes] = time.split(':').map(Number)
  return formatter(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hours ?? 0, minutes ?? 0)),
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

/** The viewer's own IANA zone, as the browser says. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** "Tuesday, March 4, 2025 at 10:00 AM", read in `timeZone`: what an announcement says. */
export function formatWhen(at: string | Date, timeZone: string, language: string): string {
  return formatter(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
    new Date(at),
  )
}
