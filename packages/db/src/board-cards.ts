import {
  type Card,
  cardFieldsSchema,
  type DefaultedCardField,
  SCHEDULED_STAGES,
} from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import {
  CARD_COLUMNS,
  type CardColumnsRow,
  cardToColumns,
  columnsFromSql,
  PROJECTED_COLUMNS,
  PROJECTED_FIELDS,
  type ProjectedColumn,
  type ProjectedField,
} from './card-columns.ts'
import { commitLazily } from './lazy-commit.ts'
import type { BoardCardTable, DB } from './schema.ts'

const projectedCardSchema = cardFieldsSchema(PROJECTED_FIELDS)

/**
 * The fields of a card the projection keeps (`CARD_COLUMNS`); a field with a default may be
 * left out and is written as that default. A whole `Card` fits.
 */
export type ProjectedCard = Pick<Card, Exclude<ProjectedField, DefaultedCardField>> &
  Partial<Pick<Card, Extract<ProjectedField, DefaultedCardField>>>

/**
 * One projected card as read back: its projected columns (`CARD_COLUMNS`), `boardName` for
 * feeds that span boards, and `updatedAt` (ISO-8601 UTC), when the projection last saw one of
 * them change. Times are ISO-8601 UTC (the document may hold another offset).
 */
export type BoardCardRow = {
  boardId: string
  boardName: string
  updatedAt: string
} & CardColumnsRow

/**
 * Rows per INSERT: at two dozen columns a row, well under both dialects' bound-parameter
 * limits (32,766 on SQLite, 65,535 on PostgreSQL).
 */
const CHUNK = 500

/** The column that, with `boardId`, keys a row. */
const KEY = CARD_COLUMNS.id.column

/** Columns a change to the card rewrites (all but the key); `updatedAt` moves only with them. */
const REWRITTEN = PROJECTED_COLUMNS.filter(
  (column): column is Exclude<ProjectedColumn, typeof KEY> => column !== KEY,
)

function toRow(boardId: string, card: ProjectedCard, at: string): Insertable<BoardCardTable> {
  const columns = cardToColumns(projectedCardSchema.parse(card))
  return { ...columns, boardId, updatedAt: at } as Insertable<BoardCardTable>
}

async function upsertRows(db: Kysely<DB>, rows: Insertable<BoardCardTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('boardCard')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['boardId', KEY])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(REWRITTEN.map((c) => [c, eb.ref(`excluded.${c}`)])),
            updatedAt: eb.ref('excluded.updatedAt'),
          }))
          // An unchanged card keeps its row, and its updatedAt, as they were.
          .where((eb) =>
            eb.or(
              REWRITTEN.map((c) =>
                eb(`boardCard.${c}`, 'is distinct from', eb.ref(`excluded.${c}`)),
              ),
            ),
          ),
      )
      .execute()
  }
}

/**
 * Writes these cards of one board (validated first, all or none): new ones are added, changed
 * ones replaced. `at` becomes the `updatedAt` of every row that changed. Derived from stored
 * documents, so committed lazily ([OPEN4]).
 */
export async function upsertBoardCards(
  db: Kysely<DB>,
  boardId: string,
  cards: readonly ProjectedCard[],
  at: Date = new Date(),
): Promise<void> {
  const stamp = at.toISOString()
  const rows = cards.map((card) => toRow(boardId, card, stamp))
  if (rows.length === 0) return
  await commitLazily(db, (trx) => upsertRows(trx, rows))
}

/**
 * Makes the board's projection exactly `cards` (its document's cards), in one transaction:
 * changed and new cards are written, rows of cards the document no longer holds removed.
 * Committed lazily ([OPEN4]).
 */
export async function replaceBoardCards(
  db: Kysely<DB>,
  boardId: string,
  cards: readonly ProjectedCard[],
  at: Date = new Date(),
): Promise<void> {
  const stamp = at.toISOString()
  const rows = cards.map((card) => toRow(boardId, card, stamp))
  const keep = new Set(rows.map((row) => row.cardId))
  await commitLazily(db, async (trx) => {
    await upsertRows(trx, rows)
    const stored = await trx
      .selectFrom('boardCard')
      .select('cardId')
      .where('boardId', '=', boardId)
      .execute()
    const gone = stored.map((row) => row.cardId).filter((id) => !keep.has(id))
    for (let i = 0; i < gone.length; i += CHUNK) {
      await trx
        .deleteFrom('boardCard')
        .where('boardId', '=', boardId)
        .where('cardId', 'in', gone.slice(i, i + CHUNK))
        .execute()
    }
  })
}

const ROW_COLUMNS = [
  'boardCard.boardId',
  'board.name as boardName',
  ...PROJECTED_COLUMNS.map((column) => `boardCard.${column}` as const),
  'boardCard.updatedAt',
] as const

type RawRow = { boardId: string; boardName: string; updatedAt: string } & Record<
  ProjectedColumn,
  unknown
>

/** A row with a column that is not trusted (a stage Pauta does not know) is left out. */
function toCardRows(rows: readonly RawRow[]): BoardCardRow[] {
  return rows.flatMap((row) => {
    const columns = columnsFromSql(row)
    return columns
      ? [{ boardId: row.boardId, boardName: row.boardName, updatedAt: row.updatedAt, ...columns }]
      : []
  })
}

function cardsOf(db: Kysely<DB>) {
  return db.selectFrom('boardCard').innerJoin('board', 'board.id', 'boardCard.boardId')
}

/** Every projected card of one board, archived included, by id. */
export async function listBoardCards(db: Kysely<DB>, boardId: string): Promise<BoardCardRow[]> {
  const rows = await cardsOf(db)
    .select(ROW_COLUMNS)
    .where('boardCard.boardId', '=', boardId)
    .orderBy('boardCard.cardId')
    .execute()
  return toCardRows(rows)
}

/**
 * The posts assigned to `userId` on the calendar or past it (calendar, published, monitored,
 * escalated), scheduled and not archived, on every board of every workspace they are a
 * member of now — membership is checked here, at read time. By scheduled time.
 */
export async function listAssignedPosts(db: Kysely<DB>, userId: string): Promise<BoardCardRow[]> {
  const rows = await cardsOf(db)
    .innerJoin('member', (join) =>
      join.onRef('member.workspaceId', '=', 'board.workspaceId').on('member.userId', '=', userId),
    )
    .select(ROW_COLUMNS)
    .where('boardCard.assigneeId', '=', userId)
    .where('boardCard.stage', 'in', SCHEDULED_STAGES)
    .where('boardCard.scheduledAt', 'is not', null)
    .where('boardCard.archived', '=', 0)
    .orderBy('boardCard.scheduledAt')
    .orderBy('boardCard.boardId')
    .orderBy('boardCard.cardId')
    .execute()
  return toCardRows(rows)
}

/**
 * Every scheduled, non-archived card of one board, whatever its stage, by scheduled time.
 * For callers that have already checked who may see the board.
 */
export async function listScheduledPosts(db: Kysely<DB>, boardId: string): Promise<BoardCardRow[]> {
  const rows = await cardsOf(db)
    .select(ROW_COLUMNS)
    .where('boardCard.boardId', '=', boardId)
    .where('boardCard.scheduledAt', 'is not', null)
    .where('boardCard.archived', '=', 0)
    .orderBy('boardCard.scheduledAt')
    .orderBy('boardCard.cardId')
    .execute()
  return toCardRows(rows)
}

/**
 * [COM1] The title of a card of the board as the projection knows it, or null when the board
 * has no such card (nor had one when its projection was last written).
 */
export async function boardCardTitle(
  db: Kysely<DB>,
  boardId: string,
  cardId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('boardCard')
    .select('title')
    .where('boardId', '=', boardId)
    .where('cardId', '=', cardId)
    .executeTakeFirst()
  return row?.title ?? null
}
