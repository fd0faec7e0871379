import { type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../schema.ts'

/**
 * How the dashboards' filters narrow a query. Filters narrow by the card's fields **as they
 * are now** (the projection `boardCard`): a card whose campaign changed counts, for its whole
 * history, under its current campaign.
 */
export interface DashboardFilters {
  network?: string
  campaign?: string
  objective?: string
  assigneeId?: string
}

/**
 * The filters, and whether the cards read are the archived ones or the others (no condition
 * when left out). Internal to the queries: no caller asks for archived cards.
 */
export interface HistoryFilters extends DashboardFilters {
  archived?: boolean
}

/** Every card of the board that passes the filters (archived ones included). */
export function filteredCards(db: Kysely<DB>, boardId: string, filters: DashboardFilters) {
  let query = db.selectFrom('boardCard as c').where('c.boardId', '=', boardId)
  if (filters.network !== undefined) query = query.where('c.network', '=', filters.network)
  if (filters.campaign !== undefined) query = query.where('c.campaign', '=', filters.campaign)
  if (filters.objective !== undefined) query = query.where('c.objective', '=', filters.objective)
  if (filters.assigneeId !== undefined) query = query.where('c.assigneeId', '=', filters.assigneeId)
  return query
}

/**
 * "The change's card passes the filters", for a history query whose stageEvent alias is
 * `alias`. A correlated EXISTS rather than `cardId IN (…)`: with an IN list SQLite walks the
 * history card by card, where reading the period's range of the (boardId, at) index is what
 * keeps a query bounded by its period.
 */
export function cardPasses(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  alias: string,
) {
  return filteredCards(db, boardId, filters)
    .select('c.cardId')
    .where('c.cardId', '=', sql.ref<string>(`${alias}.cardId`))
}

/**
 * "The change's card counts", for a history query (builder `eb`) whose stageEvent alias is
 * `alias`: its card is not archived now ([ARCH2]) and passes the filters. Unfiltered, NOT
 * EXISTS on the archived cards: one primary-key lookup per change read, the history's index
 * still driving the query (a card with no projection row counts, as in the subtractions of
 * the stage counts and moves); filtered, `cardPasses` on the unarchived cards.
 */
export function cardCounts<T, A extends keyof T & string>(
  eb: ExpressionBuilder<T, A>,
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  alias: string,
) {
  if (narrows(filters)) {
    return eb.exists(cardPasses(db, boardId, filters, alias).where('c.archived', '=', 0))
  }
  return eb.not(
    eb.exists(
      db
        .selectFrom('boardCard as c')
        .select('c.cardId')
        .where('c.boardId', '=', boardId)
        .where('c.cardId', '=', sql.ref<string>(`${alias}.cardId`))
        .where('c.archived', '=', 1),
    ),
  )
}

/** Whether the filters narrow the cards at all. */
export function narrows(filters: HistoryFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined)
}

/**
 * The filters as conditions on the projection's alias `c`, for the raw queries that start from
 * the cards that pass them.
 */
function cardConditions(filters: HistoryFilters) {
  const archived =
    filters.archived === undefined ? [] : [sql`and c."archived" = ${filters.archived ? 1 : 0}`]
  const conditions = [
    ['network', filters.network],
    ['campaign', filters.campaign],
    ['objective', filters.objective],
    ['assigneeId', filters.assigneeId],
  ] as const
  return [
    ...archived,
    ...conditions.flatMap(([column, value]) =>
      value === undefined ? [] : [sql`and ${sql.ref(`c.${column}`)} = ${value}`],
    ),
  ]
}

/**
 * `from … where …` (to go on with `and …`) for the changes `stageEvent e` to read: every change
 * of the board, or (filtered) the changes of the cards that pass, the cards read first. CROSS
 * JOIN keeps SQLite on that order (it takes the join order from it), with `also` (another
 * table, joined in the conditions that follow) last; PostgreSQL chooses its own.
 */
export function historyFrom(boardId: string, filters: HistoryFilters, also?: RawBuilder<unknown>) {
  const more = also === undefined ? sql`` : sql`cross join ${also}`
  return narrows(filters)
    ? sql`"boardCard" c cross join "stageEvent" e ${more}
        where c."boardId" = ${boardId} ${sql.join(cardConditions(filters), sql` `)}
          and e."boardId" = c."boardId" and e."cardId" = c."cardId"`
    : sql`"stageEvent" e ${more} where e."boardId" = ${boardId}`
}

/**
 * The cards of the board now (archived ones left out) that pass the filters, each with its
 * open stay `e` — its last change, which `leftAt` null marks — when that stay is in the stage
 * the card is in (a card with no history has none: `e` is null). One entry of the partial
 * index on open stays per card, however long its history.
 */
export function cardsWithOpenStay(db: Kysely<DB>, boardId: string, filters: DashboardFilters) {
  return filteredCards(db, boardId, filters)
    .where('c.archived', '=', 0)
    .leftJoin('stageEvent as e', (join) =>
      join
        .onRef('e.boardId', '=', 'c.boardId')
        .onRef('e.cardId', '=', 'c.cardId')
        .onRef('e.toStage', '=', 'c.stage')
        .on('e.leftAt', 'is', null),
    )
}
