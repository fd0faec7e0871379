import { describe, expect, it } from 'vitest'
import type { Reviewer } from '../card.ts'
import type { Stage } from '../stages.ts'
import { bottleneck, type ReviewFlow, type StageFlow } from './bottleneck.ts'
import { DAY_MS } from './time.ts'

const days = (n: number) => n * DAY_MS

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

describe('the bottleneck, with posts waiting for a review', () => {
  const stage = (s: Stage, fields: Partial<StageFlow> = {}): StageFlow => ({
    stage: s,
    wip: 0,
    limit: null,
    medianMs: null,
    aging: 0,
    oldestMs: 0,
    ...fields,
  })
  const waiting = (reviewer: Reviewer, fields: Partial<ReviewFlow> = {}): ReviewFlow => ({
    reviewer,
    wip: 0,
    medianMs: null,
    previousMedianMs: null,
    aging: 0,
    oldestMs: 0,
    ...fields,
  })

  it('is the client when the posts waiting for its answer hold the most waiting', () => {
    const result = bottleneck(
      [
        stage('plan', { wip: 2, medianMs: days(1) }),
        stage('calendar', { wip: 3, medianMs: days(1) }),
      ],
      { calendar: days(1) },
      [
        waiting('team', { wip: 1, medianMs: days(0.5) }),
        waiting('client', { wip: 3, medianMs: days(2), previousMedianMs: days(1), aging: 1 }),
      ],
    )
    expect(result).toEqual({
      waitingFor: 'client',
      reason: 'slowest',
      wip: 3,
      limit: null,
      medianMs: days(2),
      previousMedianMs: days(1),
      changePct: 100,
      aging: 1,
    })
  })

  it('a stage over its limit comes first; a tie goes to the stage; nobody waiting is no bottleneck', () => {
    const client = waiting('client', { wip: 5, medianMs: days(9) })
    expect(bottleneck([stage('plan', { wip: 3, limit: 2 })], {}, [client])).toMatchObject({
      stage: 'plan',
      reason: 'over-limit',
    })
    expect(bottleneck([stage('plan', { wip: 5, medianMs: days(9) })], {}, [client])).toMatchObject({
      stage: 'plan',
    })
    expect(bottleneck([], {}, [waiting('client', { medianMs: days(9) })])).toBeNull()
    expect(bottleneck([], {}, [waiting('team', { wip: 1, oldestMs: days(1) })])).toMatchObject({
      waitingFor: 'team',
      reason: 'aging',
    })
  })
})
