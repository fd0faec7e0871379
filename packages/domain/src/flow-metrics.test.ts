import { describe, expect, it } from 'vitest'
import {
  type Arrival,
  bottleneck,
  cumulativeFlow,
  DAY_MS,
  forecast,
  leadTimes,
  openEscalationFigures,
  percentile,
  type StageFlow,
  stageTimes,
  throughputSamples,
  WEEK_MS,
  weeklyThroughput,
} from './flow-metrics.ts'
import { seededRandom } from './random.ts'
import { DEFAULT_RULES } from './rules.ts'
import type { Stage } from './stages.ts'

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))
const days = (n: number) => n * DAY_MS

interface FlowEvent {
  cardId: string
  fromStage: Stage | null
  toStage: Stage
  at: Date
}

function ev(cardId: string, fromStage: Stage | null, toStage: Stage, at: Date): FlowEvent {
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
const HISTORY: FlowEvent[] = [
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

describe('percentile (nearest rank)', () => {
  it('is the value at rank ⌈p·n⌉ of the sorted values', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([5], 0.85)).toBe(5)
    expect(percentile([4, 2, 3, 1], 0.5)).toBe(2)
    expect(percentile([4, 2, 3, 1], 0.85)).toBe(4)
    expect(percentile([4, 2, 3, 1], 0)).toBe(1)
    expect(percentile([4, 2, 3, 1], 1)).toBe(4)
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.85)).toBe(9)
    expect(percentile([3, 1, 2], 0.5)).toBe(2)
    expect(() => percentile([1], 1.5)).toThrow(RangeError)
  })
})

describe('time in stage', () => {
  it('gives the median and 85th percentile from the stays’ lengths', () => {
    const lengths = { strategy: [days(2), days(1), days(2)], plan: new Float64Array([days(4)]) }
    expect(stageTimes(lengths)).toMatchObject({
      strategy: { count: 3, medianMs: days(2), p85Ms: days(2) },
      plan: { count: 1, medianMs: days(4), p85Ms: days(4) },
      calendar: { count: 0, medianMs: null, p85Ms: null },
    })
  })
})

describe('throughput and lead time', () => {
  // Each card's start and first arrival in published, from the history.
  const arrivals: Arrival[] = [
    { cardId: 'A', startedAt: d(0), publishedAt: d(4) },
    { cardId: 'B', startedAt: d(0), publishedAt: d(8) },
  ]

  it('counts cards per week (Mondays), every week listed, zeros included', () => {
    expect(weeklyThroughput(arrivals, { from: d(0), to: d(14) })).toEqual([
      { weekStart: '2026-03-02', published: 1 },
      { weekStart: '2026-03-09', published: 1 },
    ])
    // From day 5: A (day 4) is outside; the first week is partial and empty.
    expect(weeklyThroughput(arrivals, { from: d(5), to: d(21) })).toEqual([
      { weekStart: '2026-03-02', published: 0 },
      { weekStart: '2026-03-09', published: 1 },
      { weekStart: '2026-03-16', published: 0 },
    ])
  })

  it('puts a card in the week of the team’s time zone', () => {
    // Sunday 8 March 23:30 UTC: still Sunday in Mexico City, already Monday in Tokyo.
    const late = [{ cardId: 'Z', startedAt: d(0), publishedAt: d(6, 23.5) }]
    // Two local weeks in each zone: from Monday 2 March, 00:00 there.
    const mexico = { from: d(0, 6), to: d(14, 6), timeZone: 'America/Mexico_City' }
    const tokyo = { from: d(-1, 15), to: d(13, 15), timeZone: 'Asia/Tokyo' }
    expect(weeklyThroughput(late, mexico)).toEqual([
      { weekStart: '2026-03-02', published: 1 },
      { weekStart: '2026-03-09', published: 0 },
    ])
    expect(weeklyThroughput(late, tokyo)).toEqual([
      { weekStart: '2026-03-02', published: 0 },
      { weekStart: '2026-03-09', published: 1 },
    ])
    // A week starts at the zone's Monday midnight exactly: Madrid is UTC+1 in March.
    const madrid = { from: d(-1, 23), to: d(13, 23), timeZone: 'Europe/Madrid' }
    const midnight = d(6, 23).getTime()
    const around = [midnight - 1, midnight].map((at) => ({
      cardId: String(at),
      startedAt: d(0),
      publishedAt: new Date(at),
    }))
    expect(weeklyThroughput(around, madrid)).toEqual([
      { weekStart: '2026-03-02', published: 1 },
      { weekStart: '2026-03-09', published: 1 },
    ])
    // A period that starts on a Sunday in the zone starts with that (partial) week.
    expect(weeklyThroughput(late, { ...mexico, from: d(0) })[0]).toEqual({
      weekStart: '2026-02-23',
      published: 0,
    })
  })

  it('samples whole 7-day windows back from the end of the period', () => {
    expect(throughputSamples(arrivals, { from: d(0), to: d(14) })).toEqual([1, 1])
    // 10 days: one window, days 3 to 10, holding both.
    expect(throughputSamples(arrivals, { from: d(0), to: d(10) })).toEqual([2])
    expect(throughputSamples(arrivals, { from: d(0), to: d(6) })).toEqual([])
  })

  it('measures lead time from start to first publication, for cards published in the period', () => {
    expect(leadTimes(arrivals, { from: d(0), to: d(10) })).toEqual([days(4), days(8)])
    expect(leadTimes(arrivals, { from: d(5), to: d(10) })).toEqual([days(8)])
  })
})

describe('cumulative flow', () => {
  const moves = HISTORY.map(({ fromStage, toStage, at }) => ({ fromStage, toStage, at }))
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

describe('forecast (Monte Carlo)', () => {
  const now = d(0)

  it('is exact when every week delivers the same', () => {
    expect(
      forecast({ weeklyThroughput: [2, 2], backlog: 4, random: seededRandom(1), now }),
    ).toEqual({ weeks: 2, date: new Date(now.getTime() + 2 * WEEK_MS) })
    expect(forecast({ weeklyThroughput: [3], backlog: 4, random: seededRandom(1), now })).toEqual({
      weeks: 2,
      date: new Date(now.getTime() + 2 * WEEK_MS),
    })
  })

  it('takes the weeks 85% of the trials finished within', () => {
    // Each week delivers 0 or 5, even odds: done within k weeks with probability 1 − 0.5^k,
    // 0.75 for two weeks, 0.875 for three. 85% → three weeks.
    const result = forecast({ weeklyThroughput: [0, 5], backlog: 5, random: seededRandom(7), now })
    expect(result.weeks).toBe(3)
    const surer = forecast({
      weeklyThroughput: [0, 5],
      backlog: 5,
      random: seededRandom(7),
      now,
      confidence: 0.95,
    })
    // 0.9375 within four weeks, 0.96875 within five.
    expect(surer.weeks).toBe(5)
    // The same history and seed give the same answer.
    expect(
      forecast({ weeklyThroughput: [0, 5], backlog: 5, random: seededRandom(7), now }),
    ).toEqual(result)
  })

  it('has an empty backlog done now, and no answer without throughput', () => {
    expect(forecast({ weeklyThroughput: [], backlog: 0, random: Math.random, now })).toEqual({
      weeks: 0,
      date: now,
    })
    expect(forecast({ weeklyThroughput: [0, 0], backlog: 3, random: Math.random, now })).toEqual({
      weeks: null,
      date: null,
    })
    expect(forecast({ weeklyThroughput: [], backlog: 3, random: Math.random, now })).toEqual({
      weeks: null,
      date: null,
    })
    expect(
      forecast({
        weeklyThroughput: [0, 1],
        backlog: 1000,
        random: seededRandom(3),
        now,
        maxWeeks: 10,
      }),
    ).toEqual({ weeks: null, date: null })
  })
})

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

describe('the bottleneck', () => {
  const flow = (stage: Stage, fields: Partial<StageFlow> = {}): StageFlow => ({
    stage,
    wip: 0,
    limit: null,
    medianMs: null,
    aging: 0,
    oldestMs: 0,
    ...fields,
  })

  it('is the stage furthest over its WIP limit, with its trend on the previous period', () => {
    const result = bottleneck(
      [
        flow('plan', { wip: 10, limit: 8, medianMs: days(5) }),
        flow('calendar', { wip: 14, limit: 8, medianMs: days(3.5), aging: 2 }),
        // Published is not a waiting stage, however full.
        flow('published', { wip: 40, limit: 5 }),
      ],
      { calendar: days(2.5) },
    )
    expect(result).toEqual({
      stage: 'calendar',
      reason: 'over-limit',
      wip: 14,
      limit: 8,
      medianMs: days(3.5),
      previousMedianMs: days(2.5),
      changePct: 40,
      aging: 2,
    })
  })

  it('else the stage with the most waiting: cards there times the median wait', () => {
    const result = bottleneck(
      [
        flow('strategy', { wip: 2, medianMs: days(10) }),
        flow('plan', { wip: 5, medianMs: days(3) }),
        flow('calendar', { wip: 1, limit: 8, medianMs: days(1) }),
        // A slow stage with nothing in it holds nothing back.
        flow('escalated', { wip: 0, medianMs: days(30) }),
      ],
      {},
    )
    expect(result).toMatchObject({ stage: 'strategy', reason: 'slowest', changePct: null })
    // A tie goes to the earlier stage.
    expect(
      bottleneck(
        [
          flow('plan', { wip: 2, medianMs: days(3) }),
          flow('calendar', { wip: 3, medianMs: days(2) }),
        ],
        {},
      )?.stage,
    ).toBe('plan')
  })

  it('else, when nothing left a stage in the period, the stage whose oldest card waited longest', () => {
    expect(
      bottleneck(
        [
          flow('plan', { wip: 2, oldestMs: days(5) }),
          flow('calendar', { wip: 4, oldestMs: days(3) }),
        ],
        {},
      ),
    ).toMatchObject({ stage: 'plan', reason: 'aging', medianMs: null })
  })

  it('is null when no waiting stage holds a card', () => {
    expect(bottleneck([flow('monitored', { wip: 9, medianMs: days(9) })], {})).toBeNull()
    expect(bottleneck([], {})).toBeNull()
  })
})
