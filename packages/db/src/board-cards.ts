import { type Card, cardSchema, SCHEDULED_STAGES, type Stage, stageSchema } from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import type { BoardCardTable, DB } from './schema.ts'

/**
 * The fields of a card the projection keeps: enough for SQL to answer "whose posts, when,
 * where" without reading board documents. A whole `Card` fits.
 */
export type ProjectedCard = Pick<
  Card,
  | 'id'
  | 'title'
  | 'stage'
  | 'network'
  | 'assigneeId'
  | 'scheduledAt'
  | 'publishedAt'
  | 'publishedUrl'
  | 'campaign'
  | 'objective'
  | 'severity'
  | 'escalatedAt'
  | 'archived'
>

const projectedCardSchema = cardSchema.pick({
  id: true,
  title: true,
  stage: true,
  network: true,
  assigneeId: true,
  scheduledAt: true,
  publishedAt: true,
  publishedUrl: true,
  campaign: true,
  objective: true,
  severity: true,
  escalatedAt: true,
  archived: true,
})

/** One projected card as read back; `boardName` for feeds that span boards. */
export interface BoardCardRow {
  boardId: string
  boardName: string
  cardId: string
  title: string
  stage: Stage
  network: string | null
  assigneeId: string | null
  /** ISO-8601 UTC (the document may hold another offset; the projection normalises). */
  scheduledAt: string | null
  publishedAt: string | null
  publishedUrl: string | null
  campaign: string | null
  objective: string | null
  severity: string | null
  escalatedAt: string | null
  archived: boolean
  /** ISO-8601 UTC: when the projection last saw one of these fields change. */
  updatedAt: string
}

/** Rows per INSERT (14 columns): well under both dialects' bound-parameter limits. */
const CHUNK = 500

/** Columns a change to the card rewrites; `updatedAt` moves only when one of them changes. */
const PROJECTED = [
  'title',
  'stage',
  'network',
  'assigneeId',
  'scheduledAt',
  'publishedAt',
  'publishedUrl',
  'campaign',
  'objective',
  'severity',
  'escalatedAt',
  'archived',
] as const satisfies ReadonlyArray<keyof BoardCardTable>

/** The document may hold any offset; SQL keeps UTC, so text order is time order. */
function utc(iso: string | null): string | null {
  return iso === null ? null : new Date(iso).toISOString()
}

function toRow(boardId: string, card: ProjectedCard, at: string): Insertable<BoardCardTable> {
  const c = projectedCardSchema.parse(card)
  return {
    boardId,
    cardId: c.id,
    title: c.title,
    stage: c.stage,
    network: c.network,
    assigneeId: c.assigneeId,
    scheduledAt: utc(c.scheduledAt),
    publishedAt: utc(c.publishedAt),
    publishedUrl: c.publishedUrl,
    campaign: c.campaign,
    objective: c.objective,
    severity: c.severity,
    escalatedAt: utc(c.escalatedAt),
    archived: c.archived ? 1 : 0,
    updatedAt: at,
  }
}

async function upsertRows(db: Kysely<DB>, rows: Insertable<BoardCardTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('boardCard')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['boardId', 'cardId'])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(PROJECTED.map((c) => [c, eb.ref(`excluded.${c}`)])),
            updatedAt: eb.ref('excluded.updatedAt'),
          }))
          // An unchanged card keeps its row, and its updatedAt, as they were.
          .where((eb) =>
            eb.or(
              PROJECTED.map((c) =>
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
 * ones replaced. `at` becomes the `updatedAt` of every row that changed.
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
  await db.transaction().execute((trx) => upsertRows(trx, rows))
}

/**
 * Makes the board's projection exactly `cards` (its document's cards), in one transaction:
 * changed and new cards are written, rows of cards the document no longer holds removed.
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
  await db.transaction().execute(async (trx) => {
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
  'boardCard.cardId',
  'boardCard.title',
  'boardCard.stage',
  'boardCard.network',
  'boardCard.assigneeId',
  'boardCard.scheduledAt',
  'boardCard.publishedAt',
  'boardCard.publishedUrl',
  'boardCard.campaign',
  'boardCard.objective',
  'boardCard.severity',
  'boardCard.escalatedAt',
  'boardCard.archived',
  'boardCard.updatedAt',
] as const

type RawRow = Omit<BoardCardRow, 'stage' | 'archived'> & { stage: string; archived: number }

/** A row whose stage is not one Pauta knows is not trusted: it is left out. */
function toCardRows(rows: readonly RawRow[]): BoardCardRow[] {
  return rows.flatMap((row) => {
    const stage = stageSchema.safeParse(row.stage)
    return stage.success ? [{ ...row, stage: stage.data, archived: Boolean(row.archived) }] : []
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
