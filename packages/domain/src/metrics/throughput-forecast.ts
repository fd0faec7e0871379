import { addDays, type DayKey, dayKeyOf, startOfDay, startOfWeek } from '../zoned-time.ts'
import type { Arrival } from './lead-time.ts'
import { percentile } from './percentile.ts'
import { type Period, WEEK_MS, within } from './time.ts'

/** Cards first published in one week. */
export interface WeekCount {
  /** The week's Monday, in the time zone. */
  weekStart: DayKey
  published: number
}

/**
 * Throughput per week: cards whose **first** arrival in published falls in the period, each in
 * the week (Monday to Sunday in `timeZone`, UTC by default) of that arrival; a card published,
 * sent back and published again counts once, in its first week. Every week that overlaps the
 * period is listed, zeros included; the first and last may be partial weeks (only the part
 * inside the period counts).
 */
export function weeklyThroughput(
  arrivals: readonly Arrival[],
  period: Period & { timeZone?: string },
): WeekCount[] {
  const zone = period.timeZone ?? 'UTC'
  const first = startOfWeek(dayKeyOf(period.from, zone))
  const last = startOfWeek(dayKeyOf(new Date(period.to.getTime() - 1), zone))
  const weeks: DayKey[] = []
  for (let week = first; week <= last; week = addDays(week, 7)) weeks.push(week)
  // Each arrival goes to the last week that starts at or before it (a search of the weeks'
  // starting instants, not the zone's calendar for every one of thousands of arrivals).
  const starts = weeks.map((week) => startOfDay(week, zone).getTime())
  const counts = weeks.map(() => 0)
  for (const arrival of arrivals) {
    const at = arrival.publishedAt.getTime()
    if (!within(at, period)) continue
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= at) low = middle
      else high = middle - 1
    }
    counts[low]! += 1
  }
  return weeks.map((weekStart, i) => ({ weekStart, published: counts[i]! }))
}

/**
 * Weekly throughput as the forecast samples it: cards first published in each whole 7-day
 * window counting back from `to` (`[to − 7d, to)`, the 7 days before that…), as many windows
 * as fit in the period, oldest first. Windows rather than calendar weeks, so no sample is a
 * partial week.
 */
export function throughputSamples(arrivals: readonly Arrival[], period: Period): number[] {
  const count = Math.floor((period.to.getTime() - period.from.getTime()) / WEEK_MS)
  const samples = new Array<number>(count).fill(0)
  const to = period.to.getTime()
  for (const arrival of arrivals) {
    const back = Math.floor((to - 1 - arrival.publishedAt.getTime()) / WEEK_MS)
    if (back >= 0 && back < count) samples[count - 1 - back]! += 1
  }
  return samples
}

/** When the backlog will be done, by `forecast`. */
export interface Forecast {
  /** Whole weeks until the backlog is done, at the asked confidence; null when unknowable. */
  weeks: number | null
  /** `now` plus those weeks. */
  date: Date | null
}

/**
 * When `backlog` cards will be done, by Monte Carlo simulation: each trial draws weeks at
 * random (with replacement) from the observed `weeklyThroughput` until their sum covers the
 * backlog; the answer is the number of weeks that `confidence` of the trials (0.85 by default,
 * nearest rank) finished within. Unknowable (null) when no observed week delivered anything,
 * or when that many trials would take longer than `maxWeeks` (10 years). An empty backlog is
 * done now. `random` returns [0, 1); pass a seeded one (`seededRandom`) so the same history
 * always gives the same date.
 */
export function forecast(input: {
  weeklyThroughput: readonly number[]
  backlog: number
  random: () => number
  now: Date
  trials?: number
  confidence?: number
  maxWeeks?: number
}): Forecast {
  const { weeklyThroughput: samples, backlog, random, now } = input
  const trials = input.trials ?? 10_000
  const confidence = input.confidence ?? 0.85
  const maxWeeks = input.maxWeeks ?? 520
  if (backlog <= 0) return { weeks: 0, date: now }
  if (!samples.some((n) => n > 0)) return { weeks: null, date: null }
  const results = new Array<number>(trials)
  for (let trial = 0; trial < trials; trial++) {
    let done = 0
    let weeks = 0
    while (done < backlog && weeks < maxWeeks) {
      done += samples[Math.floor(random() * samples.length)]!
      weeks++
    }
    results[trial] = done >= backlog ? weeks : Number.POSITIVE_INFINITY
  }
  const weeks = percentile(results, confidence)
  if (weeks === null || !Number.isFinite(weeks)) return { weeks: null, date: null }
  return { weeks, date: new Date(now.getTime() + weeks * WEEK_MS) }
}
