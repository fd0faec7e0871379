import type { CardDiff } from '@pauta/board'
import type { NewNotification } from '@pauta/db'
import { type BoardRules, type Card, isLead, type Role, type Severity } from '@pauta/domain'

/**
 * Who hears about what — the pure half of notifications, with no I/O: the notifier and the
 * scheduler feed it cards and members, and store what it returns.
 */

export interface MemberRoles {
  userId: string
  roles: readonly Role[]
}

/** What an accepted change did that someone should hear about. */
export type CardEvent =
  | { type: 'assigned'; card: Card; to: string }
  | { type: 'escalated'; card: Card }
  | { type: 'resolved'; card: Card; before: Card }

/** The notable events of one accepted change, in the order of its cards. */
export function changeEvents(diffs: readonly CardDiff[]): CardEvent[] {
  const events: CardEvent[] = []
  for (const { before, after } of diffs) {
    const from = before?.assigneeId ?? null
    if (after.assigneeId !== null && after.assigneeId !== from)
      events.push({ type: 'assigned', card: after, to: after.assigneeId })
    const wasEscalated = before?.stage === 'escalated'
    if (after.stage === 'escalated' && !wasEscalated)
      events.push({ type: 'escalated', card: after })
    if (before && wasEscalated && after.stage !== 'escalated')
      events.push({ type: 'resolved', card: after, before })
  }
  return events
}

/** Each person once, in first-seen order, minus whoever made the change. */
function distinct(ids: Iterable<string | null | undefined>, actorId: string | null): string[] {
  const out = new Set<string>()
  for (const id of ids) if (id && id !== actorId) out.add(id)
  return [...out]
}

/**
 * An escalation goes to every manager of the workspace; a crisis to every strategist as
 * well. Someone holding several roles hears once; the person who escalated, never.
 */
export function escalationRecipients(
  members: readonly MemberRoles[],
  severity: Severity | null,
  actorId: string | null,
): string[] {
  const hears = (roles: readonly Role[]) =>
    severity === 'crisis' ? isLead(roles) : roles.includes('manager')
  return distinct(
    members.filter((m) => hears(m.roles)).map((m) => m.userId),
    actorId,
  )
}

/**
 * A resolution goes to whoever raised the escalation and to the card's assignee — among the
 * workspace's members, minus the person who resolved it.
 */
export function resolutionRecipients(
  members: readonly MemberRoles[],
  escalatorId: string | null,
  assigneeId: string | null,
  actorId: string | null,
): string[] {
  const inWorkspace = new Set(members.map((m) => m.userId))
  return distinct([escalatorId, assigneeId], actorId).filter((id) => inWorkspace.has(id))
}

/** The new assignee, when they are a member and not the person who assigned themselves. */
export function assignmentRecipients(
  members: readonly MemberRoles[],
  assigneeId: string,
  actorId: string | null,
): string[] {
  const inWorkspace = members.some((m) => m.userId === assigneeId)
  return inWorkspace ? distinct([assigneeId], actorId) : []
}

export interface ChangeContext {
  boardId: string
  actor: { id: string; name: string }
  at: Date
  members: readonly MemberRoles[]
  /** For each resolved card: who moved it into escalated last (null: nobody known). */
  escalators: ReadonlyMap<string, string | null>
}

/** The notifications one accepted change makes. */
export function notificationsForChange(
  events: readonly CardEvent[],
  context: ChangeContext,
): NewNotification[] {
  const { boardId, actor, at, members } = context
  const out: NewNotification[] = []
  const base = (userId: string, cardId: string) => ({
    userId,
    boardId,
    cardId,
    createdAt: at,
  })
  for (const event of events) {
    const { card } = event
    switch (event.type) {
      case 'assigned':
        for (const userId of assignmentRecipients(members, event.to, actor.id)) {
          out.push({
            ...base(userId, card.id),
            kind: 'assigned',
            data: {
              title: card.title,
              actorName: actor.name,
              stage: card.stage,
              scheduledAt: card.scheduledAt,
            },
            dedupeKey: null,
          })
        }
        break
      case 'escalated': {
        for (const userId of escalationRecipients(members, card.severity, actor.id)) {
          out.push({
            ...base(userId, card.id),
            kind: 'escalated',
            data: {
              title: card.title,
              severity: card.severity,
              reason: card.escalationReason ?? '',
              actorName: actor.name,
            },
            dedupeKey: escalationKey('escalated', boardId, card.id, card.escalatedAt, at),
          })
        }
        break
      }
      case 'resolved': {
        const escalator = context.escalators.get(card.id) ?? null
        const recipients = resolutionRecipients(members, escalator, card.assigneeId, actor.id)
        for (const userId of recipients) {
          out.push({
            ...base(userId, card.id),
            kind: 'resolved',
            data: {
              title: card.title,
              resolution: card.resolutionNote ?? '',
              to: card.stage,
              actorName: actor.name,
            },
            dedupeKey: escalationKey('resolved', boardId, card.id, event.before.escalatedAt, at),
          })
        }
        break
      }
    }
  }
  return out
}

/** One escalation of one card: identified by when it was raised (the change time if unknown). */
function escalationKey(
  kind: string,
  boardId: string,
  cardId: string,
  escalatedAt: string | null,
  at: Date,
): string {
  return `${kind}:${boardId}:${cardId}:${escalatedAt ?? at.toISOString()}`
}

/** How long before it a scheduled post is announced. */
export const DUE_SOON_MS = 60 * 60 * 1000

/** Whether a post scheduled at `scheduledAt` goes out within the hour after `now`. */
export function isDueSoon(scheduledAt: string | null, now: Date): boolean {
  if (scheduledAt === null) return false
  const at = Date.parse(scheduledAt)
  if (Number.isNaN(at)) return false
  return at > now.getTime() && at <= now.getTime() + DUE_SOON_MS
}

/**
 * When an open escalation's SLA runs out, if that is soon: within min(30 minutes, a quarter
 * of the SLA) after `now`, and not yet passed. null otherwise.
 */
export function slaDeadlineSoon(
  escalatedAt: string | null,
  severity: Severity | null,
  rules: BoardRules,
  now: Date,
): Date | null {
  if (escalatedAt === null || severity === null) return null
  const start = Date.parse(escalatedAt)
  const minutes = rules.slaMinutes[severity]
  if (Number.isNaN(start) || !minutes) return null
  const slaMs = minutes * 60 * 1000
  const deadline = start + slaMs
  const warnMs = Math.min(30 * 60 * 1000, slaMs / 4)
  const t = now.getTime()
  return t < deadline && t >= deadline - warnMs ? new Date(deadline) : null
}
