import { QUEUE_GROUPS, type Queue } from '@pauta/domain'

/** The queue's sections, top to bottom: posts to publish by when, then the rest. */
export const QUEUE_SECTIONS = [...QUEUE_GROUPS, 'following', 'takeable'] as const
export type QueueSection = (typeof QUEUE_SECTIONS)[number]

/**
 * The sections to show: every one of the person's own (an empty one says so), and the posts
 * up for grabs only to someone who may take them.
 */
export function visibleSections(mayTake: boolean): QueueSection[] {
  return QUEUE_SECTIONS.filter((section) => section !== 'takeable' || mayTake)
}

/** The one-line summary above the queue: what is late, what is due today, what is open. */
export function queueSummary(queue: Queue): { overdue: number; today: number; total: number } {
  const total = QUEUE_GROUPS.reduce((sum, group) => sum + queue[group].length, 0)
  return { overdue: queue.overdue.length, today: queue.today.length, total }
}
