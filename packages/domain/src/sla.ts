import type { Card, Severity } from './card.ts'
import { MINUTE_MS } from './metrics/time.ts'
import { type BoardRules, slaMinutes } from './rules.ts'

/** Higher is more severe: an inbox sorts a crisis above everything else. */
export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, crisis: 3 }

/** "Soon" never warns earlier than this, however long the SLA. */
const SOON_CAP_MS = 30 * MINUTE_MS

/**
 * [SLA2] When an escalation must be answered. SLA minutes are elapsed time, so the deadline is an
 * instant: a DST change in between moves the clock on the wall, not the deadline.
 */
export function slaDeadline(
  card: Pick<Card, 'escalatedAt' | 'severity'>,
  rules: BoardRules,
): Date | null {
  if (card.escalatedAt === null || card.severity === null) return null
  const from = Date.parse(card.escalatedAt)
  if (Number.isNaN(from)) return null
  return new Date(from + slaMinutes(rules, card.severity) * MINUTE_MS)
}

export type SlaState = { deadline: Date; remainingMs: number; breached: boolean; soon: boolean }

/** [SLA3] Where an open escalation stands against its SLA; null for any card not waiting on one. */
export function slaState(card: Card, rules: BoardRules, now: Date): SlaState | null {
  if (card.stage !== 'escalated' || card.severity === null) return null
  const deadline = slaDeadline(card, rules)
  if (deadline === null) return null
  const remainingMs = deadline.getTime() - now.getTime()
  const breached = remainingMs < 0
  // A quarter of the SLA, so a one-hour crisis warns at 15 minutes rather than half-way.
  const threshold = Math.min(SOON_CAP_MS, (slaMinutes(rules, card.severity) * MINUTE_MS) / 4)
  return { deadline, remainingMs, breached, soon: !breached && remainingMs <= threshold }
}

/** [SLA4] Open escalations, most severe first, then the earliest deadline. */
export function escalationInbox(
  cards: readonly Card[],
  rules: BoardRules,
  now: Date,
): Array<{ card: Card; sla: SlaState }> {
  const open: Array<{ card: Card; sla: SlaState; rank: number }> = []
  for (const card of cards) {
    if (card.archived || card.severity === null) continue
    const sla = slaState(card, rules, now)
    if (sla) open.push({ card, sla, rank: SEVERITY_RANK[card.severity] })
  }
  open.sort(
    (a, b) =>
      b.rank - a.rank ||
      a.sla.deadline.getTime() - b.sla.deadline.getTime() ||
      (a.card.id < b.card.id ? -1 : a.card.id > b.card.id ? 1 : 0),
  )
  return open.map(({ card, sla }) => ({ card, sla }))
}
