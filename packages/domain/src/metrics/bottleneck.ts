import type { Reviewer } from '../card.ts'
import { inStages, type Stage, stageIndex, WAITING_STAGES } from '../stages.ts'

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

/**
 * What `bottleneck` weighs for the posts in review waiting for one reviewer's answer
 * ([APPR3]): a wait the pipeline holds besides its stages, with no limit.
 */
export interface ReviewFlow {
  reviewer: Reviewer
  /** Posts waiting for its answer now. */
  wip: number
  /** Median wait per post over the period (`reviewTimes`), and over the previous one. */
  medianMs: number | null
  previousMedianMs: number | null
  /** Posts waiting for it now for longer than the 85th percentile wait. */
  aging: number
  /** How long the post waiting longest has waited; 0 for none. */
  oldestMs: number
}

export type BottleneckReason = 'over-limit' | 'slowest' | 'aging'

/**
 * What holds the pipeline back — a stage, or the answers of a reviewer (`waitingFor`) — and
 * the figures that say why; the web words it.
 */
export type Bottleneck = BottleneckFigures &
  ({ stage: Stage; waitingFor?: undefined } | { waitingFor: Reviewer; stage?: undefined })

/** The figures of a bottleneck, a stage's or a reviewer's (its `wip`: posts waiting). */
export interface BottleneckFigures {
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

/** A stage or a reviewer, weighed alike. */
type Weighed = Omit<StageFlow, 'stage'> &
  ({ stage: Stage } | { reviewer: Reviewer; previousMedianMs: number | null })

/** The flow with the highest score (compared term by term); the first one on a tie. */
function highest(pool: readonly Weighed[], score: (flow: Weighed) => number[]) {
  let top: Weighed | null = null
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
 * The stage that holds the pipeline back, among `WAITING_STAGES` — or the posts waiting for
 * a reviewer's answer (`reviews`, weighed as a stage without a limit, after the stages):
 * 1. **over-limit**: a stage over its WIP limit — the one furthest over it relative to its
 *    limit (wip ÷ limit), then by cards over it;
 * 2. else **slowest**: the stage with the most waiting to come — cards there now times the
 *    median wait there (a long wait with nothing waiting holds nothing back; many cards that
 *    move quickly do not either);
 * 3. else **aging**: when no stage with cards in it has a median (nothing left it in the
 *    period), the stage whose longest-waiting card has waited longest.
 * Ties go to the earlier stage, and a stage before a reviewer. null when none of these stages
 * holds a card and no post waits for a review.
 */
export function bottleneck(
  stages: readonly StageFlow[],
  previousMedianMs: Partial<Record<Stage, number | null>>,
  reviews: readonly ReviewFlow[] = [],
): Bottleneck | null {
  const candidates: Weighed[] = [
    ...stages
      .filter((s) => inStages(s.stage, WAITING_STAGES) && s.wip > 0)
      .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage)),
    ...reviews.filter((r) => r.wip > 0).map((r) => ({ ...r, limit: null })),
  ]
  const found = holdingBack(candidates)
  if (!found) return null
  const { flow, reason } = found
  const previous = ('stage' in flow ? previousMedianMs[flow.stage] : flow.previousMedianMs) ?? null
  return {
    ...('stage' in flow ? { stage: flow.stage } : { waitingFor: flow.reviewer }),
    reason,
    wip: flow.wip,
    limit: flow.limit,
    medianMs: flow.medianMs,
    previousMedianMs: previous,
    changePct: changePct(flow.medianMs, previous),
    aging: flow.aging,
  }
}

/** The three tests of `bottleneck`, in order: the first that picks a stage (or reviewer) decides. */
function holdingBack(
  candidates: readonly Weighed[],
): { flow: Weighed; reason: BottleneckReason } | null {
  const overLimit = highest(
    candidates.filter((s) => s.limit !== null && s.wip > s.limit),
    (s) => [s.wip / s.limit!, s.wip - s.limit!],
  )
  if (overLimit) return { flow: overLimit, reason: 'over-limit' }
  const slowest = highest(
    candidates.filter((s) => s.medianMs !== null),
    (s) => [s.wip * s.medianMs!],
  )
  if (slowest) return { flow: slowest, reason: 'slowest' }
  const aging = highest(
    candidates.filter((s) => s.oldestMs > 0),
    (s) => [s.oldestMs, s.wip],
  )
  return aging ? { flow: aging, reason: 'aging' } : null
}

/** The change from `previous` to `current`, in whole percent; null without both. */
function changePct(current: number | null, previous: number | null): number | null {
  return current !== null && previous !== null && previous > 0
    ? Math.round(((current - previous) / previous) * 100)
    : null
}
