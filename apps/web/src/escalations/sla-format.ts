/** A translation key and its values: the component says it in the reader's language. */
export interface Phrase {
  key: string
  values: Record<string, number | string>
}

const MINUTE_MS = 60_000

/**
 * A span of time at a minute's resolution, the largest two units only: "2 d 4 h",
 * "3 h 05 min", "12 min", or under a minute; a whole "2 d" or "4 h" (an SLA's length) as is.
 */
export function durationPhrase(ms: number): Phrase {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS)
  if (minutes < 1) return { key: 'escalations.duration.underMinute', values: {} }
  const days = Math.floor(minutes / (24 * 60))
  const hours = Math.floor((minutes % (24 * 60)) / 60)
  const rest = minutes % 60
  if (days > 0 && hours === 0 && rest === 0)
    return { key: 'escalations.duration.days', values: { days } }
  if (days > 0) return { key: 'escalations.duration.daysHours', values: { days, hours } }
  if (hours > 0 && rest === 0) return { key: 'escalations.duration.hours', values: { hours } }
  if (hours > 0)
    return {
      key: 'escalations.duration.hoursMinutes',
      values: { hours, minutes: String(rest).padStart(2, '0') },
    }
  return { key: 'escalations.duration.minutes', values: { minutes: rest } }
}

/** What an escalation's SLA clock shows: the state and the words for it. */
export type SlaLook = 'ok' | 'soon' | 'breached'

export function slaLook(sla: { breached: boolean; soon: boolean }): SlaLook {
  if (sla.breached) return 'breached'
  return sla.soon ? 'soon' : 'ok'
}

/** "3 h 05 min left" or "breached 12 min ago"; `time` is the translated duration. */
export function countdownKey(sla: { breached: boolean }): string {
  return sla.breached ? 'escalations.sla.breachedAgo' : 'escalations.sla.left'
}
