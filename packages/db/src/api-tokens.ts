import { createHash, randomBytes } from 'node:crypto'
import type { Role } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { type Board, toBoard } from './boards.ts'
import { newId } from './ids.ts'
import { toRoles } from './roles-column.ts'
import type { DB } from './schema.ts'
import { toUser, type User } from './users.ts'

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
  await noteTokenUse(db, row.id, row.lastUsedAt, now)
  return { userId: row.userId, tokenId: row.id }
}

/**
 * [ACCESS4] What a sync socket presenting a token needs, in one read (a crowd of sockets
 * arriving at once each makes it): the token's owner, and the board with the roles they
 * hold in its workspace — `access` null when they are not a member there, or there is no
 * such board ([ACCESS1]'s null). Null when the token is unknown or revoked ([TOKEN3]).
 */
export async function boardAccessByToken(
  db: Kysely<DB>,
  token: string,
  boardId: string,
  now: Date = new Date(),
): Promise<{ tokenId: string; user: User; access: { board: Board; roles: Role[] } | null } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null
  const rows = await db
    .selectFrom('apiToken')
    .innerJoin('user', 'user.id', 'apiToken.userId')
    .leftJoin('board', (join) => join.on('board.id', '=', boardId))
    .leftJoin('member', (join) =>
      join
        .onRef('member.workspaceId', '=', 'board.workspaceId')
        .onRef('member.userId', '=', 'user.id'),
    )
    .leftJoin('memberRole', (join) =>
      join
        .onRef('memberRole.workspaceId', '=', 'member.workspaceId')
        .onRef('memberRole.userId', '=', 'member.userId'),
    )
    .select([
      'apiToken.id as tokenId',
      'apiToken.lastUsedAt',
      'user.id as user_id',
      'user.name as user_name',
      'user.email as user_email',
      'user.emailVerified as user_emailVerified',
      'user.image as user_image',
      'user.createdAt as user_createdAt',
      'board.id as board_id',
      'board.workspaceId as board_workspaceId',
      'board.name as board_name',
      'board.settings as board_settings',
      'board.createdAt as board_createdAt',
      'member.userId as memberUserId',
      'memberRole.role',
    ])
    .where('apiToken.tokenHash', '=', hashToken(token))
    .where('apiToken.revokedAt', 'is', null)
    .execute()
  const first = rows[0]
  if (!first) return null
  await noteTokenUse(db, first.tokenId, first.lastUsedAt, now)
  const user = toUser({
    id: first.user_id,
    name: first.user_name,
    email: first.user_email,
    emailVerified: first.user_emailVerified,
    image: first.user_image,
    createdAt: first.user_createdAt,
  })
  const member =
    first.memberUserId !== null &&
    first.board_id !== null &&
    first.board_workspaceId !== null &&
    first.board_name !== null &&
    first.board_settings !== null &&
    first.board_createdAt !== null
  const access = member
    ? {
        board: toBoard({
          id: first.board_id!,
          workspaceId: first.board_workspaceId!,
          name: first.board_name!,
          settings: first.board_settings!,
          createdAt: first.board_createdAt!,
        }),
        roles: toRoles(rows.flatMap((row) => row.role ?? [])),
      }
    : null
  return { tokenId: first.tokenId, user, access }
}

/** [TOKEN4] Writes `lastUsedAt` when it is older than the resolution. */
async function noteTokenUse(
  db: Kysely<DB>,
  id: string,
  lastUsedAt: string | null,
  now: Date,
): Promise<void> {
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString()
  if (lastUsedAt !== null && lastUsedAt >= cutoff) return
  // The same condition in SQL, so concurrent requests do not all write.
  await db
    .updateTable('apiToken')
    .set({ lastUsedAt: now.toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', cutoff)]))
    .execute()
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
