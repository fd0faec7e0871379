import type { Kysely } from 'kysely'
import type { DB } from './schema.ts'

/**
 * Binds Yjs client ids on a board to the person who first wrote with them (`userId` null: the
 * server itself) and returns the owner of each id asked for — the caller's own binding for
 * new ids, the first writer's for ids already bound. Several instances may claim at once:
 * the primary key decides, and everyone reads the same winner.
 */
export async function claimBoardClients(
  db: Kysely<DB>,
  boardId: string,
  clientIds: readonly number[],
  userId: string | null,
): Promise<Map<number, string | null>> {
  if (clientIds.length === 0) return new Map()
  const createdAt = new Date().toISOString()
  await db
    .insertInto('boardClient')
    .values(clientIds.map((clientId) => ({ boardId, clientId, userId, createdAt })))
    .onConflict((oc) => oc.columns(['boardId', 'clientId']).doNothing())
    .execute()
  const rows = await db
    .selectFrom('boardClient')
    .select(['clientId', 'userId'])
    .where('boardId', '=', boardId)
    .where('clientId', 'in', [...clientIds])
    .execute()
  return new Map(rows.map((row) => [Number(row.clientId), row.userId]))
}
