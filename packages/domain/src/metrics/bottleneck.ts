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
  const found = holdingBack(candidates)
  if (!found) return null
  const { flow, reason } = found
  const previous = previousMedianMs[flow.stage] ?? null
  return {
    stage: flow.stage,
    reason,
    wip: flow.wip,
    limit: flow.limit,
    medianMs: flow.medianMs,
    previousMedianMs: previous,
    changePct: changePct(flow.medianMs, previous),
    aging: flow.aging,
  }
}

/** The three tests of `bottleneck`, in order: the first that picks a stage decides. */
function holdingBack(
  candidates: readonly StageFlow[],
): { flow: StageFlow; reason: BottleneckReason } | null {
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
