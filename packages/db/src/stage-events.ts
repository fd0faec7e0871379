import { type Stage, stageSchema } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { parseDetail, recordCardEvents } from './card-events.ts'
import type { DB } from './schema.ts'

export interface NewStageEvent {
  boardId: string
  cardId: string
  /** null when the card was created. */
  fromStage: Stage | null
  toStage: Stage
  userId: string | null
  at: Date
  /**
   * Strings worth keeping with the change, e.g. `{ severity, reason }` on a move into
   * escalated, `{ resolution }` on a move out of it.
   */
  detail?: Record<string, string> | null
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
  /** null when none was recorded (always, for events older than migration 0002). */
  detail: Record<string, string> | null
}

/**
 * Writes the stage changes of one accepted document change, all or none. Same as
 * `recordCardEvents(db, { stages: rows, assignments: [] })`.
 */
export async function recordStageEvents(
  db: Kysely<DB>,
  rows: readonly NewStageEvent[],
): Promise<void> {
  await recordCardEvents(db, { stages: rows, assignments: [] })
}

/**
 * The board's stage history in time order (`since` inclusive). The caller has checked, via
 * `getBoardForUser`, that the user may see the board.
 */
export async function listStageEvents(
  db: Kysely<DB>,
  boardId: string,
  options: { since?: Date; cardId?: string } = {},
): Promise<StageEvent[]> {
  let query = db
    .selectFrom('stageEvent')
    .selectAll()
    .where('boardId', '=', boardId)
    .orderBy('at')
    .orderBy('id')
  if (options.since) query = query.where('at', '>=', options.since.toISOString())
  if (options.cardId !== undefined) query = query.where('cardId', '=', options.cardId)
  const rows = await query.execute()
  return rows.map((row) => ({
    id: Number(row.id),
    boardId: row.boardId,
    cardId: row.cardId,
    fromStage: row.fromStage === null ? null : stageSchema.parse(row.fromStage),
    toStage: stageSchema.parse(row.toStage),
    userId: row.userId,
    at: row.at,
    detail: parseDetail(row.detail),
  }))
}
