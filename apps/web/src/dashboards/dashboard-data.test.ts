import { describe, expect, it } from 'vitest'
import type { ReviewWait, StageFlow } from './dashboard-api.ts'
import {
  agingRows,
  binOf,
  cfdRows,
  histogram,
  overLimit,
  reviewLines,
  stageTimeRows,
} from './dashboard-data.ts'
import { DAY_MS } from './dashboard-format.ts'

const flow = (stage: StageFlow['stage'], patch: Partial<StageFlow> = {}): StageFlow => ({
  stage,
  wip: 0,
  limit: null,
  overLimit: false,
  medianMs: null,
  p85Ms: null,
  previousMedianMs: null,
  stays: 0,
  aging: [],
  agingCount: 0,
  ...patch,
})

describe('dashboard data', () => {
  it('bins lead times by the day while they are short', () => {
    expect(histogram([])).toEqual([])
    expect(histogram([0.5, 1, 1.9, 3])).toEqual([
      { from: 0, to: 1, count: 1 },
      { from: 1, to: 2, count: 2 },
      { from: 2, to: 3, count: 0 },
      { from: 3, to: 4, count: 1 },
    ])
  })

  it('widens the bins so that there are a dozen at most', () => {
    const bins = histogram([0, 20, 40, 200])
    expect(bins.length).toBeLessThanOrEqual(12)
    expect(bins[0]).toEqual({ from: 0, to: 30, count: 2 })
    expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(4)
    expect(binOf(bins, 25)).toEqual(bins[0])
    expect(binOf(bins, null)).toBeNull()
  })

  it('turns the cumulative flow (cards at a stage or beyond) into cards per stage, per day', () => {
    expect(
      cfdRows([
        {
          day: '2025-03-01',
          counts: { strategy: 20, plan: 15, calendar: 9, published: 5, monitored: 2, escalated: 1 },
        },
        { day: '2025-03-02', counts: { strategy: 2, plan: 1 } as never },
      ]),
    ).toEqual([
      {
        day: '2025-03-01',
        strategy: 5,
        plan: 6,
        calendar: 4,
        published: 3,
        monitored: 1,
        escalated: 1,
      },
      {
        day: '2025-03-02',
        strategy: 1,
        plan: 1,
        calendar: 0,
        published: 0,
        monitored: 0,
        escalated: 0,
      },
    ])
  })

  it('gives times per stage in days, in pipeline order', () => {
    expect(
      stageTimeRows([
        flow('calendar', { medianMs: 2 * DAY_MS, p85Ms: 5.04 * DAY_MS }),
        flow('strategy'),
      ]),
    ).toEqual([
      { stage: 'strategy', medianDays: null, p85Days: null },
      { stage: 'calendar', medianDays: 2, p85Days: 5 },
    ])
  })

  it('lists aging cards, the longest waiting first', () => {
    const rows = agingRows([
      flow('plan', { aging: [{ cardId: 'a', title: 'A', msInStage: 5 }] }),
      flow('calendar', { aging: [{ cardId: 'b', title: 'B', msInStage: 9 }] }),
    ])
    expect(rows.map((r) => [r.stage, r.cardId])).toEqual([
      ['calendar', 'b'],
      ['plan', 'a'],
    ])
  })

  it('knows a limit of null as no limit', () => {
    expect(overLimit(9, 8)).toBe(true)
    expect(overLimit(8, 8)).toBe(false)
    expect(overLimit(99, null)).toBe(false)
  })

  it('shows the review waits the policy asks for, and any other with figures', () => {
    const wait = (
      reviewer: ReviewWait['reviewer'],
      patch: Partial<ReviewWait> = {},
    ): ReviewWait => ({
      reviewer,
      waiting: 0,
      oldestMs: null,
      medianMs: null,
      p85Ms: null,
      previousMedianMs: null,
      posts: 0,
      agingCount: 0,
      ...patch,
    })
    const waits = [wait('team'), wait('client')]
    const shown = (policy: Parameters<typeof reviewLines>[1], list = waits) =>
      reviewLines(list, policy).map((w) => w.reviewer)
    expect(shown('none')).toEqual([])
    expect(shown('internal')).toEqual(['team'])
    expect(shown('client')).toEqual(['client'])
    expect(shown('internal-then-client')).toEqual(['team', 'client'])
    // the policy changed, but posts still wait for the client: the line stays
    expect(shown('none', [wait('team'), wait('client', { waiting: 1 })])).toEqual(['client'])
    expect(shown('internal', [wait('client', { posts: 3 }), wait('team')])).toEqual([
      'team',
      'client',
    ])
  })
})
