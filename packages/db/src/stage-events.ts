import { type Stage, stageSchema } from '@pauta/domain'
import type { Kysely } from 'kysely'
import type { DB } from './schema.ts'

export interface NewStageEvent {
  boardId: string
  cardId: string
  /** null when the card was created. */
  fromStage: Stage | null
  toStage: Stage
  userId: string | null
  at: Date
}

export interface StageEvent {
  id: number
  boardId: string
  cardId: string
  fromStage: Stage | null
  toStage: Stage
  userId: string | null
  /** ISO-8601 UTC. */
  at: string
}

/** Writes the stage changes of one accepted document change, all or none. */
export async function recordStageEvents(
  db: Kysely<DB>,
  rows: readonly NewStageEvent[],
): Promise<void> {
  if (rows.length === 0) return
  const values = rows.map((row) => ({
    boardId: row.boardId,
    cardId: row.cardId,
    fromStage: row.fromStage === null ? null : stageSchema.parse(row.fromStage),
    toStage: stageSchema.parse(row.toStage),
    userId: row.userId,
    at: row.at.toISOString(),
  }))
  await db.transaction().execute(async (trx) => {
    // Chunks keep each statement under the dialects' bound-parameter limits.
    for (let i = 0; i < values.length; i += 500) {
      await trx
        .insertInto('stageEvent')
        .values(values.slice(i, i + 500))
        .execute()
    }
  })
}

/**
 * The board's stage history in time order (`since` inclusive). The caller has checked, via
 * `getBoardForUser`, that the user may see the board.
 */
export async function listStageEvents(
  db: Kysely<DB>,
  boardId: string,
  options: { since?: Date } = {},
): Promise<StageEvent[]> {
  let query = db
    .selectFrom('stageEvent')
    .selectAll()
    .where('boardId', '=', boardId)
    .orderBy('at')
    .orderBy('id')
  if (options.since) query = query.where('at', '>=', options.since.toISOString())
  const rows = await query.execute()
  return rows.map((row) => ({
    id: Number(row.id),
    boardId: row.boardId,
    cardId: row.cardId,
    fromStage: row.fromStage === null ? null : stageSchema.parse(row.fromStage),
    toStage: stageSchema.parse(row.toStage),
    userId: row.userId,
    at: row.at,
  }))
}
