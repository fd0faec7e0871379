import { type Severity, severitySchema, stageSchema } from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import { cardActivityRow, type NewCardActivity } from './card-activity.ts'
import { copyVersionRow, type NewCopyVersion } from './copy-versions.ts'
import { lockBoard } from './dialect.ts'
import { commitLazily } from './lazy-commit.ts'
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

/** A severity Pauta knows, or null. */
function knownSeverity(value: string | undefined): Severity | null {
  const severity = severitySchema.safeParse(value)
  return severity.success ? severity.data : null
}

/** The severity a stored detail names (an escalation's), if it is one Pauta knows. */
export function severityOfDetail(text: string | null): Severity | null {
  return knownSeverity(parseDetail(text)?.severity)
}

/** Validates a stage event and turns it into its row; throws on an unknown stage. */
export function stageEventRow(row: NewStageEvent): Insertable<StageEventTable> {
  const toStage = stageSchema.parse(row.toStage)
  return {
    boardId: row.boardId,
    cardId: row.cardId,
    fromStage: row.fromStage === null ? null : stageSchema.parse(row.fromStage),
    toStage,
    userId: row.userId,
    at: row.at.toISOString(),
    detail: detailToJson(row.detail),
    severity: toStage === 'escalated' ? knownSeverity(row.detail?.severity) : null,
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

/** The columns of a stage change that describe the stay it began (migration 0005). */
type StayColumns = Pick<Insertable<StageEventTable>, 'leftAt' | 'stayMs' | 'visit'>

/** A stored change of a card, as far as its stay columns go. */
interface StoredChange {
  id: number
  toStage: string
  at: string
  leftAt: string | null
  stayMs: number | string | null
  visit: number
}

/**
 * Gives each new stage change its stay columns and says which stored ones change, card by
 * card: the card's changes in (at, id) order — the stored ones, then the new ones in the order
 * given (they get the larger ids) — each leave at the next one's time, and count their visits
 * to a stage. A change recorded late, before a stored one, fits in where its time puts it.
 */
async function placeInHistory(
  trx: Kysely<DB>,
  rows: ReadonlyArray<Insertable<StageEventTable>>,
): Promise<Array<{ id: number; columns: StayColumns }>> {
  const byCard = new Map<string, Array<Insertable<StageEventTable>>>()
  for (const row of rows) {
    const key = JSON.stringify([row.boardId, row.cardId])
    const list = byCard.get(key)
    if (list) list.push(row)
    else byCard.set(key, [row])
  }
  const cardsByBoard = new Map<string, string[]>()
  for (const [first] of byCard.values()) {
    if (!first) continue
    const cards = cardsByBoard.get(first.boardId)
    if (cards) cards.push(first.cardId)
    else cardsByBoard.set(first.boardId, [first.cardId])
  }
  const stored = new Map<string, StoredChange[]>()
  for (const [boardId, cardIds] of cardsByBoard) {
    // Another server process recording the same board's changes waits for this one.
    await lockBoard(trx, boardId, 'update')
    for (let i = 0; i < cardIds.length; i += CHUNK) {
      const found = await trx
        .selectFrom('stageEvent')
        .select(['id', 'cardId', 'toStage', 'at', 'leftAt', 'stayMs', 'visit'])
        .where('boardId', '=', boardId)
        .where('cardId', 'in', cardIds.slice(i, i + CHUNK))
        .execute()
      // Ordered here: an ORDER BY on `at` would steer SQLite to the board's (boardId, at)
      // index, the whole history, on every accepted change.
      found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : Number(a.id) - Number(b.id)))
      for (const { cardId, ...change } of found) {
        const key = JSON.stringify([boardId, cardId])
        const list = stored.get(key)
        const parsed = { ...change, id: Number(change.id) }
        if (list) list.push(parsed)
        else stored.set(key, [parsed])
      }
    }
  }
  const updates: Array<{ id: number; columns: StayColumns }> = []
  for (const [key, added] of byCard) {
    type Entry = { at: string; toStage: string; stored?: StoredChange; row?: StayColumns }
    const history: Entry[] = [
      ...(stored.get(key) ?? []).map((change) => ({ ...change, stored: change })),
      ...added.map((row) => ({ at: row.at, toStage: row.toStage, row })),
    ]
    // Stable: equal times keep stored-then-given order, which is the order of their ids.
    history.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    const visits = new Map<string, number>()
    history.forEach((entry, i) => {
      const next = history[i + 1]
      const visit = (visits.get(entry.toStage) ?? 0) + 1
      visits.set(entry.toStage, visit)
      const columns: StayColumns = {
        leftAt: next?.at ?? null,
        stayMs: next === undefined ? null : Date.parse(next.at) - Date.parse(entry.at),
        visit,
      }
      if (entry.row) Object.assign(entry.row, columns)
      else if (
        entry.stored &&
        (entry.stored.leftAt !== columns.leftAt ||
          (entry.stored.stayMs === null ? null : Number(entry.stored.stayMs)) !== columns.stayMs ||
          entry.stored.visit !== columns.visit)
      ) {
        updates.push({ id: entry.stored.id, columns })
      }
    })
  }
  return updates
}

/**
 * Writes the card history of one accepted document change — stage changes (escalations
 * included, with their detail) and assignment changes — in one transaction: all or none.
 * Everything is validated before anything is written. Each stage change also gets the stay
 * it began (when the card left that stage, how long it stayed, which visit it was); the
 * card's previous change gets its end. Written after the change itself is stored, and
 * committed lazily ([OPEN4]).
 */
export async function recordCardEvents(
  db: Kysely<DB>,
  events: {
    stages: readonly NewStageEvent[]
    assignments: readonly NewAssignmentEvent[]
    /** [ACT1] the rest of what happened to the cards */
    activity?: readonly NewCardActivity[]
    /** [VER1] the copy of each card that entered a stage */
    versions?: readonly NewCopyVersion[]
  },
): Promise<void> {
  const stages = events.stages.map(stageEventRow)
  const assignments = events.assignments.map(assignmentEventRow)
  const activity = (events.activity ?? []).map(cardActivityRow)
  const versions = (events.versions ?? []).map(copyVersionRow)
  if (stages.length + assignments.length + activity.length + versions.length === 0) return
  await commitLazily(db, async (trx) => {
    if (stages.length > 0) {
      for (const { id, columns } of await placeInHistory(trx, stages)) {
        await trx.updateTable('stageEvent').set(columns).where('id', '=', id).execute()
      }
    }
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
    for (let i = 0; i < activity.length; i += CHUNK) {
      await trx
        .insertInto('cardActivity')
        .values(activity.slice(i, i + CHUNK))
        .execute()
    }
    // one at a time: a copy may be long
    for (const version of versions) await trx.insertInto('copyVersion').values(version).execute()
  })
}

/**
 * The board's assignment history in time order (`since` inclusive). The caller has checked,
 * via `getBoardForUser`, that the user may see the board.
 */
export async function listAssignmentEvents(
  db: Kysely<DB>,
  boardId: string,
  options: { since?: Date; cardId?: string } = {},
): Promise<AssignmentEvent[]> {
  let query = db
    .selectFrom('assignmentEvent')
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
    fromUserId: row.fromUserId,
    toUserId: row.toUserId,
    userId: row.userId,
    at: row.at,
  }))
}
