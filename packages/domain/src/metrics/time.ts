/**
 * Flow metrics (this folder, a module per family) are the definitions behind the bottleneck
 * review and the pipeline dashboard: pure functions over what the server reads with SQL from
 * the stage history and the cards as they are now. What SQL counts outright (aging cards, each
 * assignee's load, breached escalations) is counted there; its shape is defined here.
 *
 * This module holds what they all share. Periods are half-open, `[from, to)`; durations are
 * milliseconds.
 */

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS
export const WEEK_MS = 7 * DAY_MS

/** A stretch of time a figure is taken over: from `from`, up to but not including `to`. */
export interface Period {
  from: Date
  to: Date
}

/** Whether the instant `at` (ms) falls in the period. */
export function within(at: number, period: Period): boolean {
  return at >= period.from.getTime() && at < period.to.getTime()
}
