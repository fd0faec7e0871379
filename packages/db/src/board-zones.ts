import type { Kysely } from 'kysely'
import type { DB } from './schema.ts'

/**
 * Each board's workspace's IANA zone, the clock its times are read on, by board id; a board
 * that does not exist is left out. For callers that have already checked who may see them.
 */
export async function boardTimeZones(
  db: Kysely<DB>,
  boardIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(boardIds)]
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('board')
    .innerJoin('workspace', 'workspace.id', 'board.workspaceId')
    .select(['board.id', 'workspace.timeZone'])
    .where('board.id', 'in', ids)
    .execute()
  return new Map(rows.map((row) => [row.id, row.timeZone]))
}
