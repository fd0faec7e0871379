import {
  type ApprovalPolicyName,
  REVIEWERS,
  type Reviewer,
  STAGES,
  type Stage,
} from '@pauta/domain'
import type { Pipeline, ReviewWait, StageFlow } from './dashboard-api.ts'
import { msToDays } from './dashboard-format.ts'

export interface Bin {
  /** days, included */
  from: number
  /** days, excluded */
  to: number
  count: number
}

// Widths a reader takes in at a glance: a day, two, a working week's worth, a week, a fortnight...
const BIN_WIDTHS = [1, 2, 5, 7, 14, 30, 60, 90, 180, 365] as const
const MAX_BINS = 12

/** Lead times in days as a histogram of equal bins from zero, at most a dozen of them. */
export function histogram(days: readonly number[]): Bin[] {
  const values = days.filter((d) => Number.isFinite(d) && d >= 0)
  if (values.length === 0) return []
  const max = Math.max(...values)
  const width =
    BIN_WIDTHS.find((w) => Math.floor(max / w) + 1 <= MAX_BINS) ?? Math.ceil((max + 1) / MAX_BINS)
  const bins: Bin[] = Array.from({ length: Math.floor(max / width) + 1 }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    count: 0,
  }))
  for (const value of values) {
    const bin = bins[Math.min(bins.length - 1, Math.floor(value / width))]
    if (bin) bin.count += 1
  }
  return bins
}

/** The bin a value falls in: where a median or 85th-percentile line is drawn. */
export function binOf(bins: readonly Bin[], value: number | null): Bin | null {
  if (value === null) return null
  return bins.find((bin) => value >= bin.from && value < bin.to) ?? bins.at(-1) ?? null
}

/** One row per day: the cards in each stage at the end of it, `{ day, strategy: 3, ... }`. */
export type CfdRow = { day: string } & Record<Stage, number>

/**
 * The server's cumulative flow counts, for each stage, the cards at that stage *or beyond*;
 * the cards in a stage are its count less the next stage's. Those bands, stacked in pipeline
 * order, draw the same lines, and the table beside says what a reader asks: how many were
 * where. (Never below zero, should a day's figures disagree.)
 */
export function cfdRows(cfd: Pipeline['cfd']): CfdRow[] {
  return cfd.map(({ day, counts }) => {
    const row = { day } as CfdRow
    STAGES.forEach((stage, i) => {
      const next = STAGES[i + 1]
      row[stage] = Math.max(0, (counts[stage] ?? 0) - (next ? (counts[next] ?? 0) : 0))
    })
    return row
  })
}

export interface StageTimeRow {
  stage: Stage
  medianDays: number | null
  p85Days: number | null
}

/** Median and 85th percentile per stage, in days, in pipeline order. */
export function stageTimeRows(stages: readonly StageFlow[]): StageTimeRow[] {
  return inStageOrder(stages).map((s) => ({
    stage: s.stage,
    medianDays: msToDays(s.medianMs),
    p85Days: msToDays(s.p85Ms),
  }))
}

export function inStageOrder<T extends { stage: Stage }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage))
}

export interface AgingRow {
  stage: Stage
  cardId: string
  title: string
  msInStage: number
}

/** Every aging card of every stage, the one waiting longest first. */
export function agingRows(stages: readonly StageFlow[]): AgingRow[] {
  return stages
    .flatMap((s) => s.aging.map((card) => ({ stage: s.stage, ...card })))
    .sort((a, b) => b.msInStage - a.msInStage || (a.cardId < b.cardId ? -1 : 1))
}

/** A load or a WIP above its limit (a limit of null is no limit). */
export function overLimit(value: number, limit: number | null): boolean {
  return limit !== null && value > limit
}

/** Whose answers each approval policy waits for. */
const POLICY_REVIEWERS: Record<ApprovalPolicyName, readonly Reviewer[]> = {
  none: [],
  internal: ['team'],
  'internal-then-client': ['team', 'client'],
  client: ['client'],
}

/**
 * The review waits the bottleneck review shows beside the stages: those the board's policy
 * asks for, and any other with figures (the policy may have changed since), team first.
 */
export function reviewLines(
  waits: readonly ReviewWait[],
  policy: ApprovalPolicyName,
): ReviewWait[] {
  return REVIEWERS.flatMap((reviewer) => {
    const wait = waits.find((w) => w.reviewer === reviewer)
    if (!wait) return []
    const shown = POLICY_REVIEWERS[policy].includes(reviewer) || wait.waiting > 0 || wait.posts > 0
    return shown ? [wait] : []
  })
}
