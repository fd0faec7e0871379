import { describe, expect, it } from 'vitest'
import type { Stage } from '../stages.ts'
import { cumulativeFlow, type FlowMove } from './cfd.ts'

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))

function ev(cardId: string, fromStage: Stage | null, toStage: Stage, at: Date) {
  return { cardId, fromStage, toStage, at }
}

/**
 * Five cards, by hand (days after Monday 2 March 2026):
 * - A goes straight through: strategy 0, plan 1, calendar 3, published 4, monitored 5.
 * - B is reworked: strategy 0, plan 2, calendar 4, back to plan 5, calendar 7, published 8.
 * - C is still in plan (strategy 1, plan 3).
 * - D was created straight into plan on day 2 and is in calendar since 6.
 * - E is a new idea in strategy since 6.
 * Given out of order on purpose.
 */
const HISTORY = [
  ev('B', 'calendar', 'plan', d(5)),
  ev('A', null, 'strategy', d(0)),
  ev('A', 'strategy', 'plan', d(1)),
  ev('A', 'plan', 'calendar', d(3)),
  ev('A', 'calendar', 'published', d(4)),
  ev('A', 'published', 'monitored', d(5)),
  ev('B', null, 'strategy', d(0)),
  ev('B', 'strategy', 'plan', d(2)),
  ev('B', 'plan', 'calendar', d(4)),
  ev('B', 'plan', 'calendar', d(7)),
  ev('B', 'calendar', 'published', d(8)),
  ev('C', null, 'strategy', d(1)),
  ev('C', 'strategy', 'plan', d(3)),
  ev('D', null, 'plan', d(2)),
  ev('D', 'plan', 'calendar', d(6)),
  ev('E', null, 'strategy', d(6)),
]

describe('cumulative flow', () => {
  const moves: FlowMove[] = HISTORY.map(({ fromStage, toStage, at }) => ({
    fromStage,
    toStage,
    at,
  }))
  const row = (strategy: number, plan: number, calendar: number, published = 0, monitored = 0) => ({
    strategy,
    plan,
    calendar,
    published,
    monitored,
    escalated: 0,
  })

  it('counts, at the end of each day, the cards at each stage or beyond', () => {
    expect(cumulativeFlow(moves, { from: d(0), to: d(4) })).toEqual([
      { day: '2026-03-02', counts: row(2, 0, 0) },
      { day: '2026-03-03', counts: row(3, 1, 0) },
      { day: '2026-03-04', counts: row(4, 3, 0) },
      { day: '2026-03-05', counts: row(4, 4, 1) },
    ])
  })

  it('shows rework as a dip, and starts from a given state just as from the whole history', () => {
    const expected = [
      { day: '2026-03-06', counts: row(4, 4, 2, 1) },
      // B went back from calendar to plan: the calendar line drops.
      { day: '2026-03-07', counts: row(4, 4, 1, 1, 1) },
      { day: '2026-03-08', counts: row(5, 4, 2, 1, 1) },
      { day: '2026-03-09', counts: row(5, 4, 3, 1, 1) },
    ]
    expect(cumulativeFlow(moves, { from: d(4), to: d(8) })).toEqual(expected)
    // The state at day 4 (B, C, D in plan, A in calendar) and the changes from then on,
    // summed per day as a server may hand them over.
    const later = [
      { fromStage: 'calendar', toStage: 'published', at: d(4) },
      { fromStage: 'plan', toStage: 'calendar', at: d(4) },
      { fromStage: 'published', toStage: 'monitored', at: d(5) },
      { fromStage: 'calendar', toStage: 'plan', at: d(5) },
      { fromStage: 'plan', toStage: 'calendar', at: d(6), count: 1 },
      { fromStage: null, toStage: 'strategy', at: d(6) },
      { fromStage: 'plan', toStage: 'calendar', at: d(7) },
    ] as const
    expect(
      cumulativeFlow(later, { from: d(4), to: d(8), initial: { plan: 3, calendar: 1 } }),
    ).toEqual(expected)
    // Each change as two halves, a departure and an arrival, counted per day and stage.
    const halves = later.flatMap((move) => [
      { fromStage: move.fromStage, toStage: null, at: move.at },
      { fromStage: null, toStage: move.toStage, at: move.at },
    ])
    expect(
      cumulativeFlow(halves, { from: d(4), to: d(8), initial: { plan: 3, calendar: 1 } }),
    ).toEqual(expected)
  })

  it('ends the last day at the end of the period, and keys days in the time zone', () => {
    expect(cumulativeFlow(moves, { from: d(0), to: d(1, 12) }).map((x) => x.day)).toEqual([
      '2026-03-02',
      '2026-03-03',
    ])
    // Mexico City is UTC−6: 03:00 UTC on the 3rd is 21:00 on the 2nd there.
    const local = cumulativeFlow([{ fromStage: null, toStage: 'plan', at: d(1, 3) }], {
      from: d(0, 6),
      to: d(2, 6),
      timeZone: 'America/Mexico_City',
    })
    expect(local.map((x) => [x.day, x.counts.plan])).toEqual([
      ['2026-03-02', 1],
      ['2026-03-03', 1],
    ])
  })
})
