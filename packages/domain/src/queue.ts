import type { Card } from './card.ts'
import { inStages, OUT_STAGES, type Stage } from './stages.ts'
import { addDays, dayKeyOf, startOfDay, startOfWeek } from './zoned-time.ts'

/** The groups of a community manager's posts to publish, in the order the queue shows them. */
export const QUEUE_GROUPS = ['overdue', 'today', 'thisWeek', 'later'] as const
export type QueueGroup = (typeof QUEUE_GROUPS)[number]

export type Queue = Record<QueueGroup, Card[]> & {
  /** Published, monitored or escalated posts of theirs: to watch, note, or await a manager. */
  following: Card[]
  /** Unassigned calendar posts they may take; empty unless they may take cards. */
  takeable: Card[]
}

export interface QueueOptions {
  userId: string
  now: Date
  /** The viewer's zone: "today" and "this week" are their days, not UTC's. */
  timeZone: string
  canTake: boolean
}

function instant(iso: string | null): number | null {
  if (iso === null) return null
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? null : ms
}

function byId(a: Card, b: Card): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Earliest first, cards without the time last, then by id so the order never flickers. */
function byTime(field: 'scheduledAt' | 'publishedAt', direction: 1 | -1) {
  return (a: Card, b: Card): number => {
    const ta = instant(a[field])
    const tb = instant(b[field])
    if (ta !== tb) {
      if (ta === null) return 1
      if (tb === null) return -1
      return (ta - tb) * direction
    }
    return byId(a, b)
  }
}

const FOLLOWING_ORDER: Partial<Record<Stage, number>> = { escalated: 0, published: 1, monitored: 2 }

/**
 * "My posts": a community manager's day, grouped by when each post is due [POSTS1], then what
 * they follow and what they may take [POSTS2].
 */
export function groupQueue(cards: readonly Card[], opts: QueueOptions): Queue {
  const { userId, now, timeZone, canTake } = opts
  const today = dayKeyOf(now, timeZone)
  const endOfWeek = startOfDay(addDays(startOfWeek(today, 1), 7), timeZone).getTime()
  const queue: Queue = {
    overdue: [],
    today: [],
    thisWeek: [],
    later: [],
    following: [],
    takeable: [],
  }
  for (const card of cards) {
    if (card.archived) continue // [ARCH2]
    if (card.stage === 'calendar' && card.assigneeId === null) {
      if (canTake) queue.takeable.push(card)
      continue
    }
    if (card.assigneeId !== userId) continue
    if (card.stage === 'calendar') queue[groupOf(card, now, timeZone, today, endOfWeek)].push(card)
    else if (inStages(card.stage, OUT_STAGES)) queue.following.push(card)
  }
  const scheduled = byTime('scheduledAt', 1)
  for (const group of QUEUE_GROUPS) queue[group].sort(scheduled)
  queue.takeable.sort(scheduled)
  const newestFirst = byTime('publishedAt', -1)
  queue.following.sort(
    (a, b) =>
      (FOLLOWING_ORDER[a.stage] ?? 0) - (FOLLOWING_ORDER[b.stage] ?? 0) || newestFirst(a, b),
  )
  return queue
}

function groupOf(
  card: Card,
  now: Date,
  timeZone: string,
  today: string,
  endOfWeek: number,
): QueueGroup {
  const at = instant(card.scheduledAt)
  if (at === null) return 'later'
  if (at < now.getTime()) return 'overdue'
  if (dayKeyOf(new Date(at), timeZone) === today) return 'today'
  return at < endOfWeek ? 'thisWeek' : 'later'
}

/** [POSTS3] A calendar post due within the next `withinMinutes` (inclusive at both ends). */
export function dueSoon(card: Card, now: Date, withinMinutes = 60): boolean {
  if (card.archived || card.stage !== 'calendar') return false
  const at = instant(card.scheduledAt)
  if (at === null) return false
  const from = now.getTime()
  return at >= from && at <= from + withinMinutes * 60_000
}
