import { z } from './zod.ts'

/** [STAGE1] The pipeline, in order. A card's stage is always one of these. */
export const STAGES = [
  'strategy',
  'plan',
  'calendar',
  'published',
  'monitored',
  'escalated',
] as const
export const stageSchema = z.enum(STAGES)
export type Stage = z.infer<typeof stageSchema>

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage)
}

export function isStage(value: unknown): value is Stage {
  return stageSchema.safeParse(value).success
}

/** A record with one value per stage, each made by `make`. */
export function perStage<T>(make: (stage: Stage) => T): Record<Stage, T> {
  return Object.fromEntries(STAGES.map((stage) => [stage, make(stage)])) as Record<Stage, T>
}

/**
 * [STAGE2] Named groups of stages. Each names one idea of the pipeline; code asks
 * `inStages(stage, GROUP)` rather than listing stages again.
 */
/** A post that is out: it went live and is being watched (notes may be added to it). */
export const OUT_STAGES = [
  'published',
  'monitored',
  'escalated',
] as const satisfies readonly Stage[]
/** A post with a publication slot: on the calendar or gone out through it. */
export const SCHEDULED_STAGES = ['calendar', ...OUT_STAGES] as const satisfies readonly Stage[]
/**
 * What the calendar view shows when dated: from plan on (ideas in strategy are not content
 * yet; a dated plan card is one a manager is about to schedule).
 */
export const DATED_STAGES = ['plan', ...SCHEDULED_STAGES] as const satisfies readonly Stage[]
/** A community manager's active work: a post to publish, one just out, an open escalation. */
export const CM_ACTIVE_STAGES = [
  'calendar',
  'published',
  'escalated',
] as const satisfies readonly Stage[]
/** Where a card waits for someone: a long stay here is a card held up. */
export const WAITING_STAGES = [
  'strategy',
  'plan',
  'calendar',
  'escalated',
] as const satisfies readonly Stage[]
/** Every stage but monitored, the normal end of the line: where a card can age. */
export const AGING_STAGES = [
  'strategy',
  'plan',
  'calendar',
  'published',
  'escalated',
] as const satisfies readonly Stage[]
/** A live post that may be escalated to a manager. */
export const ESCALATABLE_STAGES = ['published', 'monitored'] as const satisfies readonly Stage[]

/** Whether `stage` belongs to a named group. */
export function inStages(stage: Stage, group: readonly Stage[]): boolean {
  return group.includes(stage)
}
