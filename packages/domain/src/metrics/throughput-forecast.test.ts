import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random.ts'
import type { Arrival } from './lead-time.ts'
import { forecast, throughputSamples, weeklyThroughput } from './throughput-forecast.ts'
import { WEEK_MS } from './time.ts'

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))

// A went straight through, first published on day 4; B, reworked, on day 8.
const arrivals: Arrival[] = [
  { cardId: 'A', startedAt: d(0), publishedAt: d(4) },
  { cardId: 'B', startedAt: d(0), publishedAt: d(8) },
]

describe('throughput', () => {
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
