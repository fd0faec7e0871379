import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { newId } from './ids.ts'
import type { DB } from './schema.ts'

export const API_TOKEN_PREFIX = 'pta_'

/** `lastUsedAt` is a hint for the owner, not an audit log: write it at most this often. */
const LAST_USED_RESOLUTION_MS = 60_000

export interface ApiTokenInfo {
  id: string
  name: string
  /** ISO-8601 UTC. */
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * Creates a token for `userId`. The token is returned once and only its sha256 is stored;
 * it has 256 random bits, so a plain (unsalted) hash is enough.
 */
export async function createApiToken(
  db: Kysely<DB>,
  userId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const id = newId()
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url')
  await db
    .insertInto('apiToken')
    .values({
      id,
      userId,
      name: name.trim(),
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    })
    .execute()
  return { id, token }
}

/** Who a token belongs to, or null when it is unknown or revoked. */
export async function verifyApiToken(
  db: Kysely<DB>,
  token: string,
  now: Date = new Date(),
): Promise<{ userId: string; tokenId: string } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null
  const row = await db
    .selectFrom('apiToken')
    .select(['id', 'userId', 'lastUsedAt'])
    .where('tokenHash', '=', hashToken(token))
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString()
  if (row.lastUsedAt === null || row.lastUsedAt < cutoff) {
    // The same condition in SQL, so concurrent requests do not all write.
    await db
      .updateTable('apiToken')
      .set({ lastUsedAt: now.toISOString() })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', cutoff)]))
      .execute()
  }
  return { userId: row.userId, tokenId: row.id }
}

/** The owner's tokens, newest first, revoked ones included (marked). Never the hashes. */
export async function listApiTokens(db: Kysely<DB>, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .selectFrom('apiToken')
    .select(['id', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute()
}

/** Revokes one of the owner's tokens. False when the token is not theirs or already revoked. */
export async function revokeApiToken(
  db: Kysely<DB>,
  userId: string,
  tokenId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('apiToken')
    .set({ revokedAt: new Date().toISOString() })
    .where('id', '=', tokenId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
