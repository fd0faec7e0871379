import { type Period, within } from './time.ts'

/**
 * When a card entered the pipeline and when it first reached published. `startedAt` is its
 * first event, its creation: the entry into strategy for a card born as an idea, or the stage
 * it was created in when someone skipped strategy.
 */
export interface Arrival {
  cardId: string
  startedAt: Date
  publishedAt: Date
}

/**
 * Lead times: for each card first published within the period, from its start (`startedAt`)
 * to that first arrival in published. Ascending.
 */
export function leadTimes(arrivals: readonly Arrival[], period: Period): number[] {
  return arrivals
    .filter((arrival) => within(arrival.publishedAt.getTime(), period))
    .map((arrival) => arrival.publishedAt.getTime() - arrival.startedAt.getTime())
    .sort((a, b) => a - b)
}
