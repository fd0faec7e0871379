import type { Severity, Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { dialectOf } from './dialect.ts'
import { newId } from './ids.ts'
import type { DB } from './schema.ts'

/** What a person is told about, under the bell. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'escalated',
  'resolved',
  'due-soon',
  'sla-soon',
  'mentioned',
  'review-requested',
  'review-decided',
  'review-waiting',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/**
 * What each kind carries, copied at the moment it was sent (a later rename of the card does
 * not rewrite history). The API validates stored data against these shapes on every read.
 */
export interface NotificationData {
  /** `actorName` assigned the card to the recipient. */
  assigned: { title: string; actorName: string; stage: Stage; scheduledAt: string | null }
  /** `actorName` escalated the card. */
  escalated: { title: string; severity: Severity | null; reason: string; actorName: string }
  /** `actorName` resolved the escalation and sent the card to `to`. */
  resolved: { title: string; resolution: string; to: Stage; actorName: string }
  /** A calendar post of the recipient goes out at `scheduledAt`, within the hour. */
  'due-soon': { title: string; scheduledAt: string; network: string | null }
  /** An open escalation's SLA runs out at `deadline`. */
  'sla-soon': { title: string; severity: Severity; deadline: string }
  /** `actorName` mentioned the recipient in a comment on the card (`excerpt`: its start). */
  mentioned: { title: string; actorName: string; excerpt: string }
  /** [RND1] `actorName` sent the round `roundName` (`posts` posts) for the recipient's review. */
  'review-requested': { roundId: string; roundName: string; posts: number; actorName: string }
  /** [RND4] `actorName` approved the post, or asked for changes (`comment`: what, if said). */
  'review-decided': {
    title: string
    actorName: string
    step: 'approve' | 'changes'
    toState: 'in-review' | 'approved' | 'changes-requested'
    comment: string
  }
  /** [RND5] The round has waited past the board's review time: `waiting` posts still wait. */
  'review-waiting': { roundId: string; roundName: string; waiting: number; since: string }
}

export type NotificationContent = {
  [K in NotificationKind]: { kind: K; data: NotificationData[K] }
}[NotificationKind]

export type NewNotification = NotificationContent & {
  userId: string
  boardId: string | null
  cardId: string | null
  /**
   * At most one notification per (user, key): timers on several instances may race to send
   * the same one. null: no such limit.
   */
  dedupeKey: string | null
  createdAt: Date
}

/** A stored notification as its owner reads it; `data` is parsed JSON, still to be validated. */
export interface StoredNotification {
  id: string
  boardId: string | null
  /** null when the notification is about no board (none are, yet). */
  boardName: string | null
  /** The board's workspace's IANA zone, the clock its times are read on; null with no board. */
  timeZone: string | null
  cardId: string | null
  kind: string
  data: unknown
  /** ISO-8601 UTC. */
  createdAt: string
  readAt: string | null
}

/** Someone's unread count, and when their newest notification was made (to notice new ones). */
export interface NotificationState {
  unread: number
  newest: string | null
}

/** Rows per statement: under the bound-parameter limits of both dialects. */
const CHUNK = 200

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Stores notifications; one whose (userId, dedupeKey) exists already is skipped, on both
 * dialects (`on conflict do nothing`), so callers may repeat themselves safely. Returns the
 * ones actually stored.
 */
export async function insertNotifications(
  db: Kysely<DB>,
  rows: readonly NewNotification[],
): Promise<Array<{ id: string; userId: string }>> {
  const stored: Array<{ id: string; userId: string }> = []
  for (const part of chunks(rows)) {
    const inserted = await db
      .insertInto('notification')
      .values(
        part.map((row) => ({
          id: newId(),
          userId: row.userId,
          boardId: row.boardId,
          cardId: row.cardId,
          kind: row.kind,
          data: JSON.stringify(row.data),
          createdAt: row.createdAt.toISOString(),
          readAt: null,
          dedupeKey: row.dedupeKey,
        })),
      )
      .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
      .returning(['id', 'userId'])
      .execute()
    stored.push(...inserted)
  }
  return stored
}

/**
 * The user's notifications about boards they may still see (or about no board): someone who
 * left a workspace stops reading what its cards say.
 */
function visibleNotifications(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('notification')
    .leftJoin('board', 'board.id', 'notification.boardId')
    .leftJoin('workspace', 'workspace.id', 'board.workspaceId')
    .leftJoin('member', (join) =>
      join.onRef('member.workspaceId', '=', 'board.workspaceId').on('member.userId', '=', userId),
    )
    .where('notification.userId', '=', userId)
    .where((eb) =>
      eb.or([eb('notification.boardId', 'is', null), eb('member.userId', 'is not', null)]),
    )
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * The user's own notifications, newest first. `before` is the id of the last one already
 * seen (the next page starts after it); an id that is not the user's gives an empty page.
 */
export async function listNotifications(
  db: Kysely<DB>,
  userId: string,
  options: { limit: number; before?: string | undefined },
): Promise<StoredNotification[]> {
  let query = visibleNotifications(db, userId)
    .select([
      'notification.id',
      'notification.boardId',
      'board.name as boardName',
      'workspace.timeZone as timeZone',
      'notification.cardId',
      'notification.kind',
      'notification.data',
      'notification.createdAt',
      'notification.readAt',
    ])
    .orderBy('notification.createdAt', 'desc')
    .orderBy('notification.id', 'desc')
    .limit(Math.max(1, Math.min(200, Math.trunc(options.limit))))
  if (options.before !== undefined) {
    const cursor = await db
      .selectFrom('notification')
      .select(['createdAt', 'id'])
      .where('id', '=', options.before)
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (!cursor) return []
    query = query.where((eb) =>
      eb.or([
        eb('notification.createdAt', '<', cursor.createdAt),
        eb.and([
          eb('notification.createdAt', '=', cursor.createdAt),
          eb('notification.id', '<', cursor.id),
        ]),
      ]),
    )
  }
  const rows = await query.execute()
  return rows.map((row) => ({ ...row, data: parseData(row.data) }))
}

export async function countUnreadNotifications(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await visibleNotifications(db, userId)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('notification.readAt', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Marks the user's own notifications among `ids` read; returns how many were unread. */
export async function markNotificationsRead(
  db: Kysely<DB>,
  userId: string,
  ids: readonly string[],
  at: Date = new Date(),
): Promise<number> {
  let updated = 0
  for (const part of chunks([...new Set(ids)])) {
    const result = await db
      .updateTable('notification')
      .set({ readAt: at.toISOString() })
      .where('userId', '=', userId)
      .where('id', 'in', part)
      .where('readAt', 'is', null)
      .executeTakeFirst()
    updated += Number(result.numUpdatedRows)
  }
  return updated
}

/**
 * Marks the user's unread notifications of `kind` about one card read (a mention, once its
 * comments are opened); returns how many there were.
 */
export async function markCardNotificationsRead(
  db: Kysely<DB>,
  input: { userId: string; boardId: string; cardId: string; kind: NotificationKind; at?: Date },
): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ readAt: (input.at ?? new Date()).toISOString() })
    .where('userId', '=', input.userId)
    .where('boardId', '=', input.boardId)
    .where('cardId', '=', input.cardId)
    .where('kind', '=', input.kind)
    .where('readAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Marks every unread notification of the user read; returns how many there were. */
export async function markAllNotificationsRead(
  db: Kysely<DB>,
  userId: string,
  at: Date = new Date(),
): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ readAt: at.toISOString() })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Unread count and newest notification of each of `userIds`, counted like
 * `countUnreadNotifications` (only boards they may still see). Everyone asked is in the answer.
 */
export async function notificationStates(
  db: Kysely<DB>,
  userIds: readonly string[],
): Promise<Map<string, NotificationState>> {
  const states = new Map<string, NotificationState>()
  for (const part of chunks([...new Set(userIds)])) {
    for (const userId of part) states.set(userId, { unread: 0, newest: null })
    const rows = await db
      .selectFrom('notification')
      .leftJoin('board', 'board.id', 'notification.boardId')
      .leftJoin('member', (join) =>
        join
          .onRef('member.workspaceId', '=', 'board.workspaceId')
          .onRef('member.userId', '=', 'notification.userId'),
      )
      .select((eb) => [
        'notification.userId',
        eb.fn
          .count<number | string | bigint>(
            eb.case().when('notification.readAt', 'is', null).then(1).end(),
          )
          .as('unread'),
        eb.fn.max('notification.createdAt').as('newest'),
      ])
      .where('notification.userId', 'in', part)
      .where((eb) =>
        eb.or([eb('notification.boardId', 'is', null), eb('member.userId', 'is not', null)]),
      )
      .groupBy('notification.userId')
      .execute()
    for (const row of rows) {
      states.set(row.userId, { unread: Number(row.unread), newest: row.newest ?? null })
    }
  }
  return states
}

/**
 * [NOTIF7] Removes the notifications of `kind` about these cards of one board (a "due soon"
 * whose post went out, or left the calendar): they no longer call for anything. Returns the
 * people whose bell changed.
 */
export async function clearCardNotifications(
  db: Kysely<DB>,
  boardId: string,
  cardIds: readonly string[],
  kind: NotificationKind,
): Promise<string[]> {
  const userIds = new Set<string>()
  for (const part of chunks([...new Set(cardIds)])) {
    const rows = await db
      .selectFrom('notification')
      .select('userId')
      .where('boardId', '=', boardId)
      .where('cardId', 'in', part)
      .where('kind', '=', kind)
      .execute()
    if (rows.length === 0) continue
    for (const row of rows) userIds.add(row.userId)
    await db
      .deleteFrom('notification')
      .where('boardId', '=', boardId)
      .where('cardId', 'in', part)
      .where('kind', '=', kind)
      .execute()
  }
  return [...userIds]
}

/**
 * Keeps the table bounded: read notifications go after `readTtlMs` (30 days), any after
 * `maxAgeMs` (90 days). Returns how many were deleted.
 */
export async function pruneNotifications(
  db: Kysely<DB>,
  now: Date,
  options: { readTtlMs?: number; maxAgeMs?: number } = {},
): Promise<number> {
  const day = 24 * 60 * 60 * 1000
  const readBefore = new Date(now.getTime() - (options.readTtlMs ?? 30 * day)).toISOString()
  const madeBefore = new Date(now.getTime() - (options.maxAgeMs ?? 90 * day)).toISOString()
  const result = await db
    .deleteFrom('notification')
    .where((eb) =>
      eb.or([
        eb.and([eb('readAt', 'is not', null), eb('readAt', '<', readBefore)]),
        eb('createdAt', '<', madeBefore),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A notification claimed for email, with whom it goes to and the board it is about. */
export interface NotificationToMail {
  id: string
  userId: string
  /** The recipient's address and name, as their account has them now. */
  email: string
  userName: string
  boardId: string | null
  boardName: string | null
  cardId: string | null
  kind: string
  /** Parsed JSON, still to be validated (null when it is not JSON). */
  data: unknown
  /** ISO-8601 UTC. */
  createdAt: string
}

/** Which notifications deserve an email: these kinds, and any kind starting with a prefix. */
export interface MailedKinds {
  kinds: readonly string[]
  prefixes?: readonly string[]
}

/**
 * [NOTIF8] Claims up to `limit` notifications for email, oldest first: not claimed yet,
 * unread, made at or after `since`, of a kind `mailed` names. One statement stamps their
 * `mailedAt` with `at` where it is still null, so of several server instances claiming at
 * once each notification goes to exactly one (on PostgreSQL each takes different ones). Returns the claimed ones whose recipient may
 * still see the board (as under the bell); the others stay claimed and are never mailed.
 */
export async function claimNotificationsToMail(
  db: Kysely<DB>,
  input: { at: Date; since: Date; mailed: MailedKinds; limit: number },
): Promise<NotificationToMail[]> {
  const { kinds, prefixes = [] } = input.mailed
  if (kinds.length === 0 && prefixes.length === 0) return []
  const at = input.at.toISOString()
  const postgres = dialectOf(db) === 'postgres'
  const claimed = await db
    // Materialized: the candidates are picked once. (Inlined as a subquery, PostgreSQL may
    // pick them again while updating, skipping the rows it has just locked itself, and
    // claim more than `limit`.)
    .with(
      (cte) => cte('candidate').materialized(),
      (qb) => {
        const candidates = qb
          .selectFrom('notification as n')
          .select('n.id')
          .where('n.mailedAt', 'is', null)
          .where('n.readAt', 'is', null)
          .where('n.createdAt', '>=', input.since.toISOString())
          .where((k) =>
            k.or([
              ...(kinds.length > 0 ? [k('n.kind', 'in', [...kinds])] : []),
              ...prefixes.map((prefix) =>
                k(k.fn('substr', ['n.kind', k.lit(1), k.lit(prefix.length)]), '=', prefix),
              ),
            ]),
          )
          .orderBy('n.createdAt')
          .orderBy('n.id')
          .limit(Math.max(1, Math.min(CHUNK, Math.trunc(input.limit))))
        // PostgreSQL: rows another instance is claiming right now are passed over for the
        // next ones, rather than waited for and then found taken. SQLite has one writer.
        return postgres ? candidates.forUpdate().skipLocked() : candidates
      },
    )
    .updateTable('notification')
    .set({ mailedAt: at })
    .where('mailedAt', 'is', null)
    .where('id', 'in', (eb) => eb.selectFrom('candidate').select('candidate.id'))
    .returning('id')
    .execute()
  if (claimed.length === 0) return []
  const rows = await db
    .selectFrom('notification')
    .innerJoin('user', 'user.id', 'notification.userId')
    .leftJoin('board', 'board.id', 'notification.boardId')
    .leftJoin('member', (join) =>
      join
        .onRef('member.workspaceId', '=', 'board.workspaceId')
        .onRef('member.userId', '=', 'notification.userId'),
    )
    .select([
      'notification.id',
      'notification.userId',
      'user.email',
      'user.name as userName',
      'notification.boardId',
      'board.name as boardName',
      'notification.cardId',
      'notification.kind',
      'notification.data',
      'notification.createdAt',
    ])
    .where(
      'notification.id',
      'in',
      claimed.map((row) => row.id),
    )
    .where((eb) =>
      eb.or([eb('notification.boardId', 'is', null), eb('member.userId', 'is not', null)]),
    )
    .orderBy('notification.createdAt')
    .orderBy('notification.id')
    .execute()
  return rows.map((row) => ({ ...row, data: parseData(row.data) }))
}

/**
 * [NOTIF8] Gives back claims made at `at` (their email could not be sent now), so a later
 * claim takes them again; a claim made at another moment is left alone. Returns how many.
 */
export async function releaseNotificationMail(
  db: Kysely<DB>,
  ids: readonly string[],
  at: Date,
): Promise<number> {
  let released = 0
  for (const part of chunks([...new Set(ids)])) {
    const result = await db
      .updateTable('notification')
      .set({ mailedAt: null })
      .where('id', 'in', part)
      .where('mailedAt', '=', at.toISOString())
      .executeTakeFirst()
    released += Number(result.numUpdatedRows)
  }
  return released
}

/**
 * Who moved the card into escalated last, at or before `atOrBefore`, from the stage history;
 * null when the history has no such move (yet).
 */
export async function lastEscalation(
  db: Kysely<DB>,
  boardId: string,
  cardId: string,
  atOrBefore: Date,
): Promise<{ userId: string | null; at: string } | null> {
  const row = await db
    .selectFrom('stageEvent')
    .select(['userId', 'at'])
    .where('boardId', '=', boardId)
    .where('cardId', '=', cardId)
    .where('toStage', '=', 'escalated')
    .where('at', '<=', atOrBefore.toISOString())
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ?? null
}

/** A card row the notification timers look at, with its board's workspace and settings. */
export interface TimedCard {
  boardId: string
  workspaceId: string
  /** The board's settings JSON, as stored. */
  settings: string
  cardId: string
  title: string
  network: string | null
  assigneeId: string | null
  scheduledAt: string | null
  severity: string | null
  escalatedAt: string | null
}

const TIMED_COLUMNS = [
  'boardCard.boardId',
  'board.workspaceId',
  'board.settings',
  'boardCard.cardId',
  'boardCard.title',
  'boardCard.network',
  'boardCard.assigneeId',
  'boardCard.scheduledAt',
  'boardCard.severity',
  'boardCard.escalatedAt',
] as const

/** The widest offset an ISO time may carry (±14:00), plus a margin. */
const OFFSET_SLACK_MS = 15 * 60 * 60 * 1000

/**
 * Assigned, unarchived calendar posts scheduled roughly between `from` and `to`, from the
 * card projection. Scheduled times may carry any UTC offset, so text comparison is only a
 * coarse filter (widened by the largest offset); callers compare the instants exactly.
 */
export async function listScheduledCards(
  db: Kysely<DB>,
  from: Date,
  to: Date,
): Promise<TimedCard[]> {
  return db
    .selectFrom('boardCard')
    .innerJoin('board', 'board.id', 'boardCard.boardId')
    .select(TIMED_COLUMNS)
    .where('boardCard.stage', '=', 'calendar')
    .where('boardCard.archived', '=', 0)
    .where('boardCard.assigneeId', 'is not', null)
    .where('boardCard.scheduledAt', '>=', new Date(from.getTime() - OFFSET_SLACK_MS).toISOString())
    .where('boardCard.scheduledAt', '<=', new Date(to.getTime() + OFFSET_SLACK_MS).toISOString())
    .execute()
}

/** Every open (unarchived) escalation, from the card projection. */
export async function listOpenEscalations(db: Kysely<DB>): Promise<TimedCard[]> {
  return db
    .selectFrom('boardCard')
    .innerJoin('board', 'board.id', 'boardCard.boardId')
    .select(TIMED_COLUMNS)
    .where('boardCard.stage', '=', 'escalated')
    .where('boardCard.archived', '=', 0)
    .where('boardCard.escalatedAt', 'is not', null)
    .execute()
}
