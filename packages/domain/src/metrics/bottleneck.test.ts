import { describe, expect, it } from 'vitest'
import type { Stage } from '../stages.ts'
import { bottleneck, type StageFlow } from './bottleneck.ts'
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
