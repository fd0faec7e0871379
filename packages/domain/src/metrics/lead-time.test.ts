import { describe, expect, it } from 'vitest'
import { type Arrival, leadTimes } from './lead-time.ts'
import { DAY_MS } from './time.ts'

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))
const days = (n: number) => n * DAY_MS

// A went straight through, first published on day 4; B, reworked, on day 8.
const arrivals: Arrival[] = [
  { cardId: 'A', startedAt: d(0), publishedAt: d(4) },
  { cardId: 'B', startedAt: d(0), publishedAt: d(8) },
]

describe('lead time', () => {
  it('measures lead time from start to first publication, for cards published in the period', () => {
    expect(leadTimes(arrivals, { from: d(0), to: d(10) })).toEqual([days(4), days(8)])
    expect(leadTimes(arrivals, { from: d(5), to: d(10) })).toEqual([days(8)])
  })
})
