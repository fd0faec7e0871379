import type { Severity } from './card.ts'
import { type BoardRules, slaMinutes } from './rules.ts'
import { inStages, STAGES, type Stage, stageIndex, WAITING_STAGES } from './stages.ts'
import { addDays, type DayKey, dayKeyOf, startOfDay, startOfWeek } from './zoned-time.ts'

/**
 * Flow metrics: the definitions behind the bottleneck review and the pipeline dashboard.
 * Pure functions over what the server reads with SQL from the stage history (`stageEvent`)
 * and the cards as they are now: the stays' lengths, first arrivals in published, stage
 * changes. What SQL counts outright (aging cards, each assignee's load, breached
 * escalations) is defined where it is counted; the shapes are here.
 *
 * Periods are half-open, `[from, to)`. Durations are milliseconds.
 */

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS
export const WEEK_MS = 7 * DAY_MS

/**
 * The `p`-th percentile (0 ≤ p ≤ 1) by the nearest-rank method: the smallest value at least
 * `p` of the values are less than or equal to — the value at rank ⌈p·n⌉ (1-based) of the
 * sorted values, the smallest for p = 0. Always a value that occurred (a median of [1, 2, 3, 4]
 * is 2, not 2.5). null for no values.
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile is between 0 and 1, not ${p}`)
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!
}

/** Time in stage: the median and 85th percentile of the stays that ended in a period. */
export interface StageTimes {
  /** Stays that ended within the period. */
  count: number
  medianMs: number | null
  p85Ms: number | null
}

export interface Period {
  from: Date
  to: Date
}

function within(at: number, period: Period): boolean {
  return at >= period.from.getTime() && at < period.to.getTime()
}

function perStage<T>(make: (stage: Stage) => T): Record<Stage, T> {
  return Object.fromEntries(STAGES.map((stage) => [stage, make(stage)])) as Record<Stage, T>
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

/**
 * A stage change as the cumulative flow reads it; `count` changes that many cards at once (a
 * server may hand over changes already summed per day), 1 by default. Either side may be
 * counted on its own: `fromStage` null is an arrival in `toStage` (a creation, or the arriving
 * half of a change), `toStage` null a departure from `fromStage`.
 */
export interface FlowMove {
  fromStage: Stage | null
  toStage: Stage | null
  at: Date
  count?: number
}

export interface CfdDay {
  day: DayKey
  /** Cards at this stage or a later one (in `STAGES` order) at the end of the day. */
  counts: Record<Stage, number>
}

/**
 * The cumulative flow diagram: for each day of the period (in `timeZone`, UTC by default), the
 * number of cards that, at the end of that day (or at `to`, for the last), are at each stage
 * or beyond it in pipeline order. So `counts.strategy` is every card on the board,
 * `counts.published` every card published, monitored or escalated, and the band between two
 * stages' lines is the work in the earlier one: stacked, they are the usual CFD, whose lines
 * only ever rise while work moves forward. A card sent back (rework) moves down a band, so the
 * lines above it dip that day: the diagram shows rework rather than hiding it.
 *
 * The state starts from `initial` (cards in each stage just before the first move given;
 * nothing by default) and every move is applied at its time; give either a card's whole
 * history, or the state at `from` and the moves from then on.
 */
export function cumulativeFlow(
  moves: readonly FlowMove[],
  period: Period & { timeZone?: string; initial?: Partial<Record<Stage, number>> },
): CfdDay[] {
  const zone = period.timeZone ?? 'UTC'
  const state = perStage((stage) => period.initial?.[stage] ?? 0)
  const sorted = [...moves].sort((a, b) => a.at.getTime() - b.at.getTime())
  const days: CfdDay[] = []
  const to = period.to.getTime()
  const lastDay = dayKeyOf(new Date(to - 1), zone)
  let next = 0
  for (let day = dayKeyOf(period.from, zone); day <= lastDay; day = addDays(day, 1)) {
    const end = Math.min(startOfDay(addDays(day, 1), zone).getTime(), to)
    for (; next < sorted.length && sorted[next]!.at.getTime() < end; next++) {
      const move = sorted[next]!
      const count = move.count ?? 1
      if (move.fromStage !== null) state[move.fromStage] -= count
      if (move.toStage !== null) state[move.toStage] += count
    }
    const counts = perStage(() => 0)
    let beyond = 0
    for (let i = STAGES.length - 1; i >= 0; i--) {
      const stage = STAGES[i]!
      beyond += state[stage]
      counts[stage] = beyond
    }
    days.push({ day, counts })
  }
  return days
}

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

/**
 * One assignee's load, from the cards as they are now; archived cards do not count.
 */
export interface CmLoad {
  /** Cards assigned to them, in any stage. */
  assigned: number
  /** Calendar posts whose scheduled time has passed. */
  overdue: number
  /** Cards in `CM_ACTIVE_STAGES`: what `cmWipLimit` limits. */
  wip: number
}

export interface EscalationFigures {
  /** Cards in escalated now. */
  open: number
  /** Of those, how many are past their SLA deadline now. */
  breached: number
  /** Escalations raised within the period that were answered after their deadline, or are still open past it. */
  breachedInPeriod: number
}

/**
 * The cards escalated now (their `escalatedAt` and `severity`) and how many of them are past
 * their SLA deadline at `now`. An escalation with no severity or time has no deadline.
 */
export function openEscalationFigures(
  open: ReadonlyArray<{ severity: Severity | null; escalatedAt: string | null }>,
  rules: BoardRules,
  now: Date,
): Pick<EscalationFigures, 'open' | 'breached'> {
  let breached = 0
  for (const card of open) {
    if (card.severity === null || card.escalatedAt === null) continue
    const from = Date.parse(card.escalatedAt)
    if (from + slaMinutes(rules, card.severity) * MINUTE_MS < now.getTime()) breached++
  }
  return { open: open.length, breached }
}

/** What `bottleneck` weighs for one stage. */
export interface StageFlow {
  stage: Stage
  /** Cards there now. */
  wip: number
  limit: number | null
  /** Median time in stage over the period (`stageTimes`). */
  medianMs: number | null
  /** Cards there now for longer than the stage's 85th percentile time (`p85Ms`). */
  aging: number
  /** How long the card waiting longest there has been there; 0 for none. */
  oldestMs: number
}

export type BottleneckReason = 'over-limit' | 'slowest' | 'aging'

/** The stage that holds the pipeline back and the figures that say why; the web words it. */
export interface Bottleneck {
  stage: Stage
  reason: BottleneckReason
  wip: number
  limit: number | null
  medianMs: number | null
  /** The median of the previous period of the same length. */
  previousMedianMs: number | null
  /** Change of the median on the previous period, in whole percent; null without both. */
  changePct: number | null
  aging: number
}

/** The flow with the highest score (compared term by term); the first one on a tie. */
function highest(pool: readonly StageFlow[], score: (flow: StageFlow) => number[]) {
  let top: StageFlow | null = null
  let topScore: number[] = []
  for (const flow of pool) {
    const s = score(flow)
    const i = s.findIndex((value, j) => value !== topScore[j])
    if (top === null || (i >= 0 && s[i]! > topScore[i]!)) {
      top = flow
      topScore = s
    }
  }
  return top
}

/**
 * The stage that holds the pipeline back, among `WAITING_STAGES`:
 * 1. **over-limit**: a stage over its WIP limit — the one furthest over it relative to its
 *    limit (wip ÷ limit), then by cards over it;
 * 2. else **slowest**: the stage with the most waiting to come — cards there now times the
 *    median wait there (a long wait with nothing waiting holds nothing back; many cards that
 *    move quickly do not either);
 * 3. else **aging**: when no stage with cards in it has a median (nothing left it in the
 *    period), the stage whose longest-waiting card has waited longest.
 * Ties go to the earlier stage. null when none of these stages holds a card.
 */
export function bottleneck(
  stages: readonly StageFlow[],
  previousMedianMs: Partial<Record<Stage, number | null>>,
): Bottleneck | null {
  const candidates = stages
    .filter((s) => inStages(s.stage, WAITING_STAGES) && s.wip > 0)
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage))
  let reason: BottleneckReason = 'over-limit'
  let chosen = highest(
    candidates.filter((s) => s.limit !== null && s.wip > s.limit),
    (s) => [s.wip / s.limit!, s.wip - s.limit!],
  )
  if (!chosen) {
    reason = 'slowest'
    chosen = highest(
      candidates.filter((s) => s.medianMs !== null),
      (s) => [s.wip * s.medianMs!],
    )
  }
  if (!chosen) {
    reason = 'aging'
    chosen = highest(
      candidates.filter((s) => s.oldestMs > 0),
      (s) => [s.oldestMs, s.wip],
    )
  }
  if (!chosen) return null
  const previous = previousMedianMs[chosen.stage] ?? null
  const changePct =
    chosen.medianMs !== null && previous !== null && previous > 0
      ? Math.round(((chosen.medianMs - previous) / previous) * 100)
      : null
  return {
    stage: chosen.stage,
    reason,
    wip: chosen.wip,
    limit: chosen.limit,
    medianMs: chosen.medianMs,
    previousMedianMs: previous,
    changePct,
    aging: chosen.aging,
  }
}
