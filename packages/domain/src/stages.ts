import { z } from 'zod'

/** The pipeline, in order. A card's stage is always one of these. */
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
