import { perStage, type Stage } from '../stages.ts'
import { percentile } from './percentile.ts'

/** Time in stage: the median and 85th percentile of the stays that ended in a period. */
export interface StageTimes {
  /** Stays that ended within the period. */
  count: number
  medianMs: number | null
  p85Ms: number | null
}

/**
 * Time in stage, per stage, from the lengths of the stays that **ended** within a period
 * (left the stage in `[from, to)`), whenever they began; the server reads those lengths
 * straight from its history. A stay still in progress has no length yet: it counts toward
 * aging (in its stage for longer than that stage's `p85Ms`), not here.
 */
export function stageTimes(
  durations: Partial<Record<Stage, ArrayLike<number>>>,
): Record<Stage, StageTimes> {
  return perStage((stage) => {
    const values = durations[stage] ?? []
    return {
      count: values.length,
      medianMs: percentile(values, 0.5),
      p85Ms: percentile(values, 0.85),
    }
  })
}
