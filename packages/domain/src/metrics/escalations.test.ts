import { describe, expect, it } from 'vitest'
import { DEFAULT_RULES } from '../rules.ts'
import { openEscalationFigures } from './escalations.ts'

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))

describe('escalations and SLA breaches', () => {
  it('counts open escalations and those past their deadline', () => {
    const now = d(10)
    // Default SLA: crisis 1 h, high 4 h, low 48 h.
    const open = [
      { severity: 'crisis' as const, escalatedAt: d(10, -2).toISOString() },
      { severity: 'high' as const, escalatedAt: d(10, -1).toISOString() },
      { severity: null, escalatedAt: d(10, -100).toISOString() },
    ]
    expect(openEscalationFigures(open, DEFAULT_RULES, now)).toEqual({ open: 3, breached: 1 })
  })
})
