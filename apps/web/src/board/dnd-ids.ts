import { isStage, type Stage } from '@pauta/domain'

/** Columns are droppables too (so an empty stage takes a card); their ids cannot clash with cards. */
const PREFIX = 'column:'

export function columnDropId(stage: Stage): string {
  return PREFIX + stage
}

export function stageOfColumnDropId(id: string | number): Stage | null {
  if (typeof id !== 'string' || !id.startsWith(PREFIX)) return null
  const stage = id.slice(PREFIX.length)
  return isStage(stage) ? stage : null
}
