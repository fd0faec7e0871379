import { describe, expect, it } from 'vitest'
import type { Card, Severity } from './card.ts'
import { type BoardRules, DEFAULT_RULES } from './rules.ts'
import { escalationInbox, SEVERITY_RANK, slaDeadline, slaState } from './sla.ts'
import { sampleCard } from './testing.ts'
import { dayKeyOf, timeOfDay } from './zoned-time.ts'

function escalation(
  id: string,
  severity: Severity | null,
  escalatedAt: string | null,
  fields: Partial<Card> = {},
): Card {
  return sampleCard({
    id,
    title: `Complaint ${id}`,
    stage: 'escalated',
    network: 'x',
    assigneeId: 'ana',
    scheduledAt: '2026-11-01T10:00:00.000Z',
    publishedAt: '2026-11-01T10:00:00.000Z',
    escalationReason: 'angry customer',
    severity,
    escalatedAt,
    createdAt: '2026-10-01T00:00:00.000Z',
    createdBy: 'lead',
    ...fields,
  })
}

const RAISED = '2026-11-20T10:00:00.000Z'
const raisedMs = Date.parse(RAISED)
const after = (minutes: number, ms = 0) => new Date(raisedMs + minutes * 60_000 + ms)

describe('SLA', () => {
  it('[SLA4] ranks a crisis above everything', () => {
    expect(SEVERITY_RANK.crisis).toBeGreaterThan(SEVERITY_RANK.high)
    expect(SEVERITY_RANK.high).toBeGreaterThan(SEVERITY_RANK.medium)
    expect(SEVERITY_RANK.medium).toBeGreaterThan(SEVERITY_RANK.low)
  })

  it("[SLA1] [SLA2] sets each severity's deadline from when the card was escalated", () => {
    const deadline = (severity: Severity) =>
      slaDeadline({ severity, escalatedAt: RAISED }, DEFAULT_RULES)?.toISOString()
    expect(deadline('crisis')).toBe('2026-11-20T11:00:00.000Z')
    expect(deadline('high')).toBe('2026-11-20T14:00:00.000Z')
    expect(deadline('medium')).toBe('2026-11-21T10:00:00.000Z')
    expect(deadline('low')).toBe('2026-11-22T10:00:00.000Z')
    expect(slaDeadline({ severity: 'high', escalatedAt: null }, DEFAULT_RULES)).toBeNull()
    expect(slaDeadline({ severity: null, escalatedAt: RAISED }, DEFAULT_RULES)).toBeNull()
  })

  it("[SLA1] follows the board's own SLA", () => {
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      slaMinutes: { ...DEFAULT_RULES.slaMinutes, crisis: 20 },
    }
    expect(slaDeadline({ severity: 'crisis', escalatedAt: RAISED }, rules)).toEqual(after(20))
  })

  it('[SLA3] is breached only after the deadline has passed', () => {
    const card = escalation('e', 'crisis', RAISED)
    expect(slaState(card, DEFAULT_RULES, after(60))).toMatchObject({
      remainingMs: 0,
      breached: false,
      soon: true,
    })
    expect(slaState(card, DEFAULT_RULES, after(60, 1))).toMatchObject({
      remainingMs: -1,
      breached: true,
      soon: false,
    })
  })

  it('[SLA3] warns "soon" at 30 minutes left, or a quarter of a shorter SLA', () => {
    const soon = (severity: Severity, minutesLeft: number, ms = 0) => {
      const card = escalation('e', severity, RAISED)
      const sla = DEFAULT_RULES.slaMinutes[severity]
      return slaState(card, DEFAULT_RULES, after(sla - minutesLeft, -ms))?.soon
    }
    for (const severity of ['low', 'medium', 'high'] as const) {
      expect(soon(severity, 30)).toBe(true)
      expect(soon(severity, 30, 1)).toBe(false)
    }
    // A one-hour crisis: a quarter is 15 minutes.
    expect(soon('crisis', 15)).toBe(true)
    expect(soon('crisis', 15, 1)).toBe(false)
    expect(soon('crisis', 1)).toBe(true)

    const rules: BoardRules = {
      ...DEFAULT_RULES,
      slaMinutes: { ...DEFAULT_RULES.slaMinutes, high: 100 },
    }
    const card = escalation('e', 'high', RAISED)
    expect(slaState(card, rules, after(75))?.soon).toBe(true)
    expect(slaState(card, rules, after(75, -1))?.soon).toBe(false)
  })

  it('[SLA2] has no state for a card not waiting on a manager', () => {
    const now = after(10)
    expect(
      slaState(escalation('e', 'high', RAISED, { stage: 'monitored' }), DEFAULT_RULES, now),
    ).toBeNull()
    expect(slaState(escalation('e', null, RAISED), DEFAULT_RULES, now)).toBeNull()
    expect(slaState(escalation('e', 'high', null), DEFAULT_RULES, now)).toBeNull()
  })

  it('[SLA2] keeps elapsed time across a fall-back night, shown on Madrid clocks', () => {
    // Saturday 24 October 2026, 22:00 in Madrid (UTC+2); clocks go back at 03:00 that night.
    const card = escalation('e', 'medium', '2026-10-24T20:00:00.000Z')
    const deadline = slaDeadline(card, DEFAULT_RULES)!
    expect(deadline.toISOString()).toBe('2026-10-25T20:00:00.000Z')
    expect(dayKeyOf(deadline, 'Europe/Madrid')).toBe('2026-10-25')
    expect(timeOfDay(deadline, 'Europe/Madrid')).toBe('21:00')
  })

  it('[SLA2] keeps elapsed time across a spring-forward night, shown on Madrid clocks', () => {
    // Saturday 28 March 2026, 23:30 in Madrid (UTC+1); clocks skip 02:00–03:00.
    const card = escalation('e', 'high', '2026-03-28T22:30:00.000Z')
    const deadline = slaDeadline(card, DEFAULT_RULES)!
    expect(timeOfDay(deadline, 'Europe/Madrid')).toBe('04:30')
    expect(dayKeyOf(deadline, 'Europe/Madrid')).toBe('2026-03-29')
  })
})

describe('escalation inbox', () => {
  const now = new Date('2026-11-20T12:00:00.000Z')
  const cards = [
    escalation('low-old', 'low', '2026-11-17T12:00:00.000Z'),
    escalation('high-late', 'high', '2026-11-20T11:00:00.000Z'),
    escalation('high-early', 'high', '2026-11-20T07:00:00.000Z'),
    escalation('crisis-b', 'crisis', '2026-11-20T11:30:00.000Z'),
    escalation('crisis-a', 'crisis', '2026-11-20T11:30:00.000Z'),
    escalation('medium', 'medium', '2026-11-20T09:00:00.000Z'),
    escalation('archived', 'crisis', '2026-11-20T09:00:00.000Z', { archived: true }),
    escalation('resolved', 'crisis', '2026-11-20T09:00:00.000Z', { stage: 'monitored' }),
    escalation('no-time', 'crisis', null),
  ]

  it('[SLA4] lists open escalations, most severe first, then the earliest deadline', () => {
    const inbox = escalationInbox(cards, DEFAULT_RULES, now)
    expect(inbox.map((entry) => entry.card.id)).toEqual([
      'crisis-a',
      'crisis-b',
      'high-early',
      'high-late',
      'medium',
      'low-old',
    ])
    expect(inbox[0]?.sla).toEqual({
      deadline: new Date('2026-11-20T12:30:00.000Z'),
      remainingMs: 30 * 60_000,
      breached: false,
      soon: false,
    })
  })
})
