import { type Card, groupQueue, isCm, QUEUE_GROUPS, type Queue, type Role } from '@pauta/domain'
import { activeLoad } from '../rules/move-plan.ts'

/** Someone a post can be assigned to, as the board's members list them. */
export interface TeamMember {
  id: string
  name: string
  roles: readonly Role[]
}

/** One community manager's share of the board, as "Team posts" shows it. */
export interface TeamQueue {
  id: string
  /** their name; null for an assignee who is no longer a member of the workspace */
  name: string | null
  /** whether they still hold the community manager role */
  isCm: boolean
  /** their posts to publish by when, and the ones they follow; `takeable` is always empty */
  queue: Queue
  /** their active cards (calendar, published, escalated): what the per-CM WIP limit caps */
  load: number
  /** the board's per-CM limit, or null when it sets none */
  limit: number | null
  /** load past the limit: shown, never refused [WIP1] */
  over: boolean
}

export interface TeamQueues {
  /** every community manager, and anyone else who still carries posts, by name */
  people: TeamQueue[]
  /** calendar posts nobody has taken yet, earliest first */
  unassigned: Card[]
}

export interface TeamOptions {
  now: Date
  /** the workspace's zone: "today" and "this week" are its days */
  timeZone: string
  /** the board's `cmWipLimit` */
  limit: number | null
}

/**
 * [POSTS4] "Team posts": every community manager's queue ([POSTS1], [POSTS2]) side by side,
 * each with their active load against the board's per-CM limit. Someone who lost the role or
 * left the workspace but still carries unarchived posts is listed too, so no post goes unseen.
 */
export function groupTeamQueues(
  cards: readonly Card[],
  members: Iterable<TeamMember>,
  opts: TeamOptions,
): TeamQueues {
  const byAssignee = new Map<string, Card[]>()
  const unassigned: Card[] = []
  for (const card of cards) {
    if (card.archived) continue
    if (card.assigneeId === null) {
      if (card.stage === 'calendar') unassigned.push(card)
      continue
    }
    const own = byAssignee.get(card.assigneeId)
    if (own) own.push(card)
    else byAssignee.set(card.assigneeId, [card])
  }
  const known = new Map([...members].map((member) => [member.id, member]))
  const ids = new Set([...known.values()].filter((m) => isCm(m.roles)).map((m) => m.id))
  const loads = activeLoad(cards)
  const people: TeamQueue[] = []
  for (const [id, own] of byAssignee) if (isPending(own)) ids.add(id)
  for (const id of ids) {
    const member = known.get(id)
    const queue = groupQueue(byAssignee.get(id) ?? [], {
      userId: id,
      now: opts.now,
      timeZone: opts.timeZone,
      canTake: false,
    })
    const load = loads.get(id) ?? 0
    people.push({
      id,
      name: member?.name ?? null,
      isCm: member ? isCm(member.roles) : false,
      queue,
      load,
      limit: opts.limit,
      over: opts.limit !== null && load > opts.limit,
    })
  }
  people.sort(byName)
  const { takeable } = groupQueue(unassigned, {
    userId: '',
    now: opts.now,
    timeZone: opts.timeZone,
    canTake: true,
  })
  return { people, unassigned: takeable }
}

/** Whether any of these posts would show in a queue (to publish, or followed once out). */
function isPending(cards: readonly Card[]): boolean {
  return cards.some((card) => card.stage !== 'strategy' && card.stage !== 'plan')
}

/** Community managers first, then by name (the unnamed last), then by id: a stable order. */
function byName(a: TeamQueue, b: TeamQueue): number {
  if (a.isCm !== b.isCm) return a.isCm ? -1 : 1
  if (a.name !== b.name) {
    if (a.name === null) return 1
    if (b.name === null) return -1
    const named = a.name.localeCompare(b.name)
    if (named !== 0) return named
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** How many posts one person has to publish (every group but the ones they follow). */
export function toPublish(queue: Queue): number {
  return QUEUE_GROUPS.reduce((sum, group) => sum + queue[group].length, 0)
}
