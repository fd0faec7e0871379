import { perStage, STAGES, type Stage } from '../stages.ts'
import { addDays, type DayKey, dayKeyOf, startOfDay } from '../zoned-time.ts'
import type { Period } from './time.ts'

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

/** One day of the cumulative flow diagram. */
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
