import { stageSchema } from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import type { AssignmentEventTable, DB, StageEventTable } from './schema.ts'
import type { NewStageEvent } from './stage-events.ts'

export interface NewAssignmentEvent {
  boardId: string
  cardId: string
  /** null when the card had no assignee. */
  fromUserId: string | null
  /** null when the card was unassigned. */
  toUserId: string | null
  /** Who made the change. */
  userId: string | null
  at: Date
}

export interface AssignmentEvent {
  id: number
  boardId: string
  cardId: string
  fromUserId: string | null
  toUserId: string | null
  userId: string | null
  /** ISO-8601 UTC. */
  at: string
}

/** Rows per INSERT: keeps each statement under the dialects' bound-parameter limits. */
const CHUNK = 500

/** JSON of a stage event's detail; refuses anything but an object of strings. */
function detailToJson(detail: Record<string, string> | null | undefined): string | null {
  if (detail === null || detail === undefined) return null
  if (typeof detail !== 'object' || Array.isArray(detail)) {
    throw new TypeError('a stage event detail is an object of strings')
  }
  for (const [key, value] of Object.entries(detail)) {
    if (typeof value !== 'string') {
      throw new TypeError(`stage event detail "${key}" is not a string`)
    }
  }
  return JSON.stringify(detail)
}

/**
 * A stored detail back as an object of strings. Anything else (bad JSON, an array, a
 * non-string value written by hand) is dropped rather than trusted: null, or without that key.
 */
export function parseDetail(text: string | null): Record<string, string> | null {
  if (text === null) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const detail: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') detail[key] = item
  }
  return detail
}

/** Validates a stage event and turns it into its row; throws on an unknown stage. */
export function stageEventRow(row: NewStageEvent): Insertable<StageEventTable> {
  return {
    boardId: row.boardId,
    cardId: row.cardId,
    fromStage: row.fromStage === null ? null : stageSchema.parse(row.fromStage),
    toStage: stageSchema.parse(row.toStage),
    userId: row.userId,
    at: row.at.toISOString(),
    detail: detailToJson(row.detail),
  }
}

function assignmentEventRow(row: NewAssignmentEvent): Insertable<AssignmentEventTable> {
  return {
    boardId: row.boardId,
    cardId: row.cardId,
    fromUserId: row.fromUserId,
    toUserId: row.toUserId,
    userId: row.userId,
    at: row.at.toISOString(),
  }
}

/**
 * Writes the card history of one accepted document change — stage changes (escalations
 * included, with their detail) and assignment changes — in one transaction: all or none.
 * Everything is validated before anything is written.
 */
export async function recordCardEvents(
  db: Kysely<DB>,
  events: {
    stages: readonly NewStageEvent[]
    assignments: readonly NewAssignmentEvent[]
  },
): Promise<void> {
  const stages = events.stages.map(stageEventRow)
  const assignments = events.assignments.map(assignmentEventRow)
  if (stages.length === 0 && assignments.length === 0) return
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < stages.length; i += CHUNK) {
      await trx
        .insertInto('stageEvent')
        .values(stages.slice(i, i + CHUNK))
        .execute()
    }
    for (let i = 0; i < assignments.length; i += CHUNK) {
      await trx
        .insertInto('assignmentEvent')
        .values(assignments.slice(i, i + CHUNK))
        .execute()
    }
  })
}

/**
 * The board's assignment history in time order (`since` inclusive). The caller has checked,
 * via `getBoardForUser`, that the user may see the board.
 */
export async function listAssignmentEvents(
  db: Kysely<DB>,
  boardId: string,
  options: { since?: Date } = {},
): Promise<AssignmentEvent[]> {
  let query = db
    .selectFrom('assignmentEvent')
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
    fromUserId: row.fromUserId,
    toUserId: row.toUserId,
    userId: row.userId,
    at: row.at,
  }))
}
