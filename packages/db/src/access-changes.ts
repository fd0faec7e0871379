import type { Kysely } from 'kysely'
import type { DB } from './schema.ts'

/** One row of the access log: "this person's access changed"; `seq` orders the log. */
export interface AccessChange {
  seq: number
  userId: string
  /** ISO-8601 UTC. */
  at: string
}

/**
 * Notes that `userId`'s access changed (a token revoked, signed out, roles changed, removed
 * from a workspace), after the change itself is stored: every server instance reads the
 * log and checks that person's open connections again. Returns the row's seq.
 */
export async function recordAccessChange(
  db: Kysely<DB>,
  userId: string,
  at: Date = new Date(),
): Promise<number> {
  const row = await db
    .insertInto('accessChange')
    .values({ userId, at: at.toISOString() })
    .returning('seq')
    .executeTakeFirstOrThrow()
  return Number(row.seq)
}

/** The log after `seq`, oldest first, at most `limit` rows. */
export async function listAccessChangesAfter(
  db: Kysely<DB>,
  seq: number,
  limit: number,
): Promise<AccessChange[]> {
  const rows = await db
    .selectFrom('accessChange')
    .select(['seq', 'userId', 'at'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ seq: Number(row.seq), userId: row.userId, at: row.at }))
}

/** The newest seq in the log; 0 when it is empty. */
export async function latestAccessChangeSeq(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('accessChange')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/**
 * Deletes the rows older than `before`: instances read the log every second, so a day-old
 * row has long been seen. The seq keeps counting up (PostgreSQL's sequence, SQLite's
 * AUTOINCREMENT), so a pruned seq is never handed out again.
 */
export async function pruneAccessChanges(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('accessChange')
    .where('at', '<', before.toISOString())
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Whether the API token with this id still exists and is not revoked. */
export async function isApiTokenActive(db: Kysely<DB>, tokenId: string): Promise<boolean> {
  const row = await db
    .selectFrom('apiToken')
    .select('id')
    .where('id', '=', tokenId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Whether better-auth's session with this id still exists and has not expired. Signing out
 * deletes the row; `expiresAt` comes back as a Date (PostgreSQL) or an ISO string (SQLite).
 */
export async function isSessionActive(
  db: Kysely<DB>,
  sessionId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const row = await db
    .selectFrom('session')
    .select('expiresAt')
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return false
  const expires = new Date(row.expiresAt).getTime()
  return Number.isFinite(expires) && expires > now.getTime()
}
