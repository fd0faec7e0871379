import type { Kysely } from 'kysely'
import { dialectOf } from './dialect.ts'
import { newId } from './ids.ts'
import type { DB } from './schema.ts'

/** `lastUsedAt` is a hint for the owner, not an audit log: write it at most this often. */
const LAST_USED_RESOLUTION_MS = 60_000

/** One of a user's active calendar feeds, as the owner sees it. */
export interface CalendarFeedInfo {
  id: string
  /** null: the owner's assigned posts on every board they can see. */
  boardId: string | null
  boardName: string | null
  workspaceName: string | null
  /** ISO-8601 UTC. */
  createdAt: string
  lastUsedAt: string | null
}

/** What an active feed serves, once its owner's access was checked. */
export type FeedScope =
  | { feedId: string; userId: string; boardId: null }
  | { feedId: string; userId: string; boardId: string; boardName: string }

/**
 * Takes turns per user on PostgreSQL, so two concurrent get-or-creates make one feed, not
 * two. SQLite runs one write transaction at a time already.
 */
async function lockUser(trx: Kysely<DB>, userId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  await trx.selectFrom('user').select('id').where('id', '=', userId).forUpdate().execute()
}

async function getOrCreate(
  trx: Kysely<DB>,
  userId: string,
  boardId: string | null,
): Promise<{ id: string }> {
  await lockUser(trx, userId)
  const found = await trx
    .selectFrom('calendarFeed')
    .select('id')
    .where('userId', '=', userId)
    .where('boardId', boardId === null ? 'is' : '=', boardId)
    .where('revokedAt', 'is', null)
    .orderBy('createdAt')
    .orderBy('id')
    .executeTakeFirst()
  if (found) return found
  const id = newId()
  await trx
    .insertInto('calendarFeed')
    .values({
      id,
      userId,
      boardId,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    })
    .execute()
  return { id }
}

/** The user's active "my assigned posts" feed, created when there is none. */
export async function getOrCreateUserFeed(db: Kysely<DB>, userId: string): Promise<{ id: string }> {
  return db.transaction().execute((trx) => getOrCreate(trx, userId, null))
}

/**
 * The user's active feed of one board, created when there is none; null (and nothing
 * created) when the board does not exist or the user is not a member of its workspace.
 */
export async function getOrCreateBoardFeed(
  db: Kysely<DB>,
  userId: string,
  boardId: string,
): Promise<{ id: string } | null> {
  return db.transaction().execute(async (trx) => {
    const visible = await trx
      .selectFrom('board')
      .innerJoin('member', 'member.workspaceId', 'board.workspaceId')
      .select('board.id')
      .where('board.id', '=', boardId)
      .where('member.userId', '=', userId)
      .executeTakeFirst()
    if (!visible) return null
    return getOrCreate(trx, userId, boardId)
  })
}

/**
 * The user's active feeds: their own feed, then board feeds by workspace and board name.
 * Feeds of boards the user can no longer see are left out (they serve nothing anyway).
 */
export async function listCalendarFeeds(
  db: Kysely<DB>,
  userId: string,
): Promise<CalendarFeedInfo[]> {
  const rows = await db
    .selectFrom('calendarFeed')
    .leftJoin('board', 'board.id', 'calendarFeed.boardId')
    .leftJoin('workspace', 'workspace.id', 'board.workspaceId')
    .leftJoin('member', (join) =>
      join.onRef('member.workspaceId', '=', 'board.workspaceId').on('member.userId', '=', userId),
    )
    .select([
      'calendarFeed.id',
      'calendarFeed.boardId',
      'board.name as boardName',
      'workspace.name as workspaceName',
      'member.userId as memberId',
      'calendarFeed.createdAt',
      'calendarFeed.lastUsedAt',
    ])
    .where('calendarFeed.userId', '=', userId)
    .where('calendarFeed.revokedAt', 'is', null)
    .orderBy('calendarFeed.createdAt')
    .orderBy('calendarFeed.id')
    .execute()
  const feeds = rows
    .filter((row) => row.boardId === null || row.memberId !== null)
    .map(({ memberId: _memberId, ...feed }) => feed)
  const key = (f: CalendarFeedInfo) => (f.boardId === null ? 0 : 1)
  return feeds.sort(
    (a, b) =>
      key(a) - key(b) ||
      (a.workspaceName ?? '').localeCompare(b.workspaceName ?? '') ||
      (a.boardName ?? '').localeCompare(b.boardName ?? ''),
  )
}

/** Revokes one of the owner's feeds. False when it is not theirs or already revoked. */
export async function revokeCalendarFeed(
  db: Kysely<DB>,
  userId: string,
  feedId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('calendarFeed')
    .set({ revokedAt: new Date().toISOString() })
    .where('id', '=', feedId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * What the feed serves, or null when it is unknown, revoked, or a board feed whose owner is
 * no longer a member of the board's workspace. Access is decided here, at every read; a feed
 * that serves records `lastUsedAt` (at most once a minute).
 */
export async function openCalendarFeed(
  db: Kysely<DB>,
  feedId: string,
  now: Date = new Date(),
): Promise<FeedScope | null> {
  const feed = await db
    .selectFrom('calendarFeed')
    .select(['id', 'userId', 'boardId', 'lastUsedAt'])
    .where('id', '=', feedId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  if (!feed) return null
  let scope: FeedScope = { feedId: feed.id, userId: feed.userId, boardId: null }
  if (feed.boardId !== null) {
    const board = await db
      .selectFrom('board')
      .innerJoin('member', 'member.workspaceId', 'board.workspaceId')
      .select(['board.id', 'board.name'])
      .where('board.id', '=', feed.boardId)
      .where('member.userId', '=', feed.userId)
      .executeTakeFirst()
    if (!board) return null
    scope = { feedId: feed.id, userId: feed.userId, boardId: board.id, boardName: board.name }
  }
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString()
  if (feed.lastUsedAt === null || feed.lastUsedAt < cutoff) {
    // The same condition in SQL, so concurrent fetches do not all write.
    await db
      .updateTable('calendarFeed')
      .set({ lastUsedAt: now.toISOString() })
      .where('id', '=', feed.id)
      .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', cutoff)]))
      .execute()
  }
  return scope
}
