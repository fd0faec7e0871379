import { describe, expect, it } from 'vitest'
import { stageTimes } from './stage-times.ts'
import { DAY_MS } from './time.ts'

const days = (n: number) => n * DAY_MS

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
