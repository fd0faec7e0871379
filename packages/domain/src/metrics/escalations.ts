import type { Severity } from '../card.ts'
import { type BoardRules, slaMinutes } from '../rules.ts'
import { MINUTE_MS } from './time.ts'

/** Escalations on the board and how they stand against their SLA. */
export interface EscalationFigures {
  /** Cards in escalated now. */
  open: number
  /** Of those, how many are past their SLA deadline now. */
  breached: number
  /**
   * Escalations raised within the period that were answered after their deadline, or are
   * still open past it.
   */
  breachedInPeriod: number
}

/**
 * The cards escalated now (their `escalatedAt` and `severity`) and how many of them are past
 * their SLA deadline at `now`. An escalation with no severity or time has no deadline.
 */
export function openEscalationFigures(
  open: ReadonlyArray<{ severity: Severity | null; escalatedAt: string | null }>,
  rules: BoardRules,
  now: Date,
): Pick<EscalationFigures, 'open' | 'breached'> {
  let breached = 0
  for (const card of open) {
    if (card.severity === null || card.escalatedAt === null) continue
    const from = Date.parse(card.escalatedAt)
    if (from + slaMinutes(rules, card.severity) * MINUTE_MS < now.getTime()) breached++
  }
  return { open: open.length, breached }
}
