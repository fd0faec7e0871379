import {
  type Arrival,
  type BoardRules,
  CM_ACTIVE_STAGES,
  type CmLoad,
  MINUTE_MS,
  SEVERITIES,
  type Severity,
  STAGES,
  type Stage,
  slaMinutes,
} from '@pauta/domain'
import { type Kysely, sql } from 'kysely'
import type { Board } from '../boards.ts'
import type { DB } from '../schema.ts'
import {
  cardCounts,
  cardsWithOpenStay,
  type DashboardFilters,
  filteredCards,
  type HistoryFilters,
  historyFrom,
  narrows,
} from './filters.ts'
import {
  compareText,
  iso,
  listOf,
  parseSeverity,
  parseStage,
  parseWholeNumbers,
  perStage,
  stageValues,
  withoutValues,
} from './values.ts'

/*
 * The flow dashboards' queries, one function per figure. Each reads one board, bounded by a
 * period where it reads history; the metric definitions live in `@pauta/domain`
 * (its `metrics/` modules), and `report.ts` applies them to these rows. The callers have checked, via
 * `getBoardForUser`, that the user may see the board.
 *
 * A card archived now counts in no figure ([ARCH2]): not in the present (WIP, aging, load, open
 * escalations), and not in the past either — its stays, its publication and its escalations
 * are left out of time in stage, throughput, lead time, SLA breaches and the cumulative flow,
 * whenever they happened. Restored, it counts again, history and all: archiving hides a card's
 * past, it does not rewrite it.
 *
 * The past is read from the history's stay columns (`leftAt`, `stayMs`, `visit`, migration
 * 0005) through indexes that start with the stage, so a query reads the period's entries of
 * an index and little else. Without a filter the query reads the board's whole history and
 * leaves the archived cards out the cheapest way its index allows: where the card id is at hand
 * (first publications: in their index; escalations: few, their rows read anyway), a NOT EXISTS
 * lookup of the card per row; where it is not (stay lengths, stage counts, daily moves: index
 * entries without it, by the thousand), the whole board's figures less those of the archived
 * cards, read card by card (usually few). With a filter, the query starts from the
 * unarchived cards that pass it and reads their histories only. The present (where each card is, since when) is
 * read from the open stays (`leftAt` null) and first publications from the first visits
 * (`visit` 1), each through partial indexes of their own (migration 0006).
 */

/** Cards in each stage now (archived ones left out). */
export async function countCardsByStage(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters = {},
): Promise<Record<Stage, number>> {
  const rows = await filteredCards(db, boardId, filters)
    .where('c.archived', '=', 0)
    .select((eb) => ['c.stage', eb.fn.countAll<number | string | bigint>().as('count')])
    .groupBy('c.stage')
    .execute()
  const counts = perStage(() => 0)
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage !== null) counts[stage] = Number(row.count)
  }
  return counts
}

/** What the board holds in a stage now: its cards, and when the longest-waiting one came in. */
export interface StageNow {
  wip: number
  /** ISO-8601 UTC; null when the stage is empty (or its cards have no history). */
  oldestEnteredAt: string | null
}

/** Per stage: cards there now (archived ones left out) and the start of the oldest stay. */
export async function stagesNow(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters = {},
): Promise<Record<Stage, StageNow>> {
  const rows = await cardsWithOpenStay(db, boardId, filters)
    .select((eb) => [
      'c.stage',
      eb.fn.countAll<number | string | bigint>().as('wip'),
      eb.fn.min('e.at').as('oldestEnteredAt'),
    ])
    .groupBy('c.stage')
    .execute()
  const stages = perStage((): StageNow => ({ wip: 0, oldestEnteredAt: null }))
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage !== null) {
      stages[stage] = { wip: Number(row.wip), oldestEnteredAt: row.oldestEnteredAt }
    }
  }
  return stages
}

/** One card waiting in its stage since `enteredAt`. */
export interface WaitingCard {
  cardId: string
  title: string
  stage: Stage
  /** ISO-8601 UTC. */
  enteredAt: string
}

/**
 * The cards (archived ones left out) whose current stay in a stage began before that stage's
 * instant in `before` — with `now − p85` there, the aging cards. Longest waiting first.
 */
export async function listWaitingSince(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  before: Partial<Record<Stage, Date>>,
): Promise<WaitingCard[]> {
  const limits = STAGES.flatMap((stage) => {
    const at = before[stage]
    return at === undefined ? [] : [[stage, iso(at)] as const]
  })
  if (limits.length === 0) return []
  const rows = await cardsWithOpenStay(db, boardId, filters)
    .where(
      'c.stage',
      'in',
      limits.map(([stage]) => stage),
    )
    .where((eb) =>
      eb.or(limits.map(([stage, at]) => eb.and([eb('c.stage', '=', stage), eb('e.at', '<', at)]))),
    )
    .select(['c.cardId', 'c.title', 'c.stage', 'e.at as enteredAt'])
    .execute()
  const waiting = rows.flatMap((row) => {
    const stage = parseStage(row.stage)
    if (stage === null || row.enteredAt === null) return []
    return [{ cardId: row.cardId, title: row.title, stage, enteredAt: row.enteredAt }]
  })
  // Ordered here: an ORDER BY on `at` could steer SQLite to drive the join from the history.
  return waiting.sort(
    (x, y) => compareText(x.enteredAt, y.enteredAt) || compareText(x.cardId, y.cardId),
  )
}

/**
 * Each assignee's load now (the domain's `CmLoad`): cards assigned (archived ones left out),
 * calendar posts past their time, cards in `CM_ACTIVE_STAGES`.
 */
export async function listAssigneeLoads(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  now: Date,
): Promise<Map<string, CmLoad>> {
  const rows = await filteredCards(db, boardId, filters)
    .where('c.archived', '=', 0)
    .where('c.assigneeId', 'is not', null)
    .select((eb) => [
      'c.assigneeId',
      eb.fn.countAll<number | string | bigint>().as('assigned'),
      eb.fn
        .sum<number | string | bigint>(
          eb
            .case()
            .when(eb.and([eb('c.stage', '=', 'calendar'), eb('c.scheduledAt', '<', iso(now))]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn
        .sum<number | string | bigint>(
          eb.case().when('c.stage', 'in', CM_ACTIVE_STAGES).then(1).else(0).end(),
        )
        .as('wip'),
    ])
    .groupBy('c.assigneeId')
    .execute()
  return new Map(
    rows.flatMap((row) =>
      row.assigneeId === null
        ? []
        : [
            [
              row.assigneeId,
              {
                assigned: Number(row.assigned),
                overdue: Number(row.overdue),
                wip: Number(row.wip),
              },
            ],
          ],
    ),
  )
}

/** The cards escalated now (archived ones left out): their severity and SLA start. */
export async function listEscalatedCards(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters = {},
): Promise<Array<{ cardId: string; severity: Severity | null; escalatedAt: string | null }>> {
  const rows = await filteredCards(db, boardId, filters)
    .where('c.archived', '=', 0)
    .where('c.stage', '=', 'escalated')
    .select(['c.cardId', 'c.severity', 'c.escalatedAt'])
    .orderBy('c.cardId')
    .execute()
  return rows.map((row) => ({ ...row, severity: parseSeverity(row.severity) }))
}

/**
 * The lengths (ms) of the stays that ended within `[from, to)`, whenever they began, per stage
 * (the archived cards' left out, [ARCH2]): what time in stage (`stageTimes`) is taken over. Read
 * as one list per stage, not a row per stay; a year of a busy board is 100,000 stays.
 * Unfiltered, the whole board's lengths come from the indexes, less those of the archived
 * cards (usually few), read card by card: the index holds no card id to check each stay by.
 */
export async function listStayLengths(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<Record<Stage, Float64Array>> {
  if (narrows(filters))
    return stayLengthsOfCards(db, boardId, { ...filters, archived: false }, period)
  const [all, archived] = await Promise.all([
    stayLengthsFromIndexes(db, boardId, period),
    stayLengthsOfCards(db, boardId, { archived: true }, period),
  ])
  for (const stage of STAGES) all[stage] = withoutValues(all[stage], archived[stage])
  return all
}

type LengthsRow = { stage: string; lengths: string | null }

/** Per stage, one range of the (boardId, toStage, leftAt, stayMs) index. */
async function stayLengthsFromIndexes(
  db: Kysely<DB>,
  boardId: string,
  period: { from: Date; to: Date },
): Promise<Record<Stage, Float64Array>> {
  const { rows } = await sql<LengthsRow>`
    with "s" ("stage") as (${stageValues()})
    select "s"."stage", (
      select ${listOf(db, sql`e."stayMs"`)} from "stageEvent" e
      where e."boardId" = ${boardId} and e."toStage" = "s"."stage"
        and e."leftAt" >= ${iso(period.from)} and e."leftAt" < ${iso(period.to)}
    ) as "lengths"
    from "s"
  `.execute(db)
  return lengthsPerStage(rows)
}

/** The stays of the cards the filters pick, their histories read card by card. */
async function stayLengthsOfCards(
  db: Kysely<DB>,
  boardId: string,
  filters: HistoryFilters,
  period: { from: Date; to: Date },
): Promise<Record<Stage, Float64Array>> {
  const { rows } = await sql<LengthsRow>`
    select e."toStage" as "stage", ${listOf(db, sql`e."stayMs"`)} as "lengths"
    from ${historyFrom(boardId, filters)}
      and e."leftAt" >= ${iso(period.from)} and e."leftAt" < ${iso(period.to)}
    group by e."toStage"
  `.execute(db)
  return lengthsPerStage(rows)
}

function lengthsPerStage(rows: LengthsRow[]): Record<Stage, Float64Array> {
  const result = perStage<Float64Array>(() => new Float64Array(0))
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage !== null) result[stage] = parseWholeNumbers(row.lengths)
  }
  return result
}

/**
 * How many escalations raised (changes into escalated) within `[from, to)` breached their SLA:
 * answered after their deadline, or still open past it at `now` (the domain's
 * `EscalationFigures.breachedInPeriod`), counted over the severity each was raised with. One
 * with no severity has no deadline; an archived card's do not count ([ARCH2]).
 */
export async function countBreachedEscalations(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; now: Date },
  rules: BoardRules,
): Promise<number> {
  const slaMs = SEVERITIES.map((severity) => [severity, slaMinutes(rules, severity) * MINUTE_MS])
  // Per severity: the SLA, and the earliest raise still on time at `now` (an open one raised
  // before it is past its deadline).
  const deadline = sql<number>`case e."severity" ${sql.join(
    slaMs.map(([severity, ms]) => sql`when ${severity} then cast(${ms} as bigint)`),
    sql` `,
  )} end`
  const earliestOnTime = sql<string>`case e."severity" ${sql.join(
    slaMs.map(
      ([severity, ms]) =>
        sql`when ${severity} then ${iso(new Date(period.now.getTime() - Number(ms)))}`,
    ),
    sql` `,
  )} end`
  const row = await db
    .selectFrom('stageEvent as e')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('e.boardId', '=', boardId)
    .where('e.toStage', '=', 'escalated')
    .where('e.at', '>=', iso(period.from))
    .where('e.at', '<', iso(period.to))
    .where('e.severity', 'in', SEVERITIES)
    .where((eb) =>
      eb.or([
        eb('e.stayMs', '>', deadline),
        eb.and([eb('e.leftAt', 'is', null), eb('e.at', '<', earliestOnTime)]),
      ]),
    )
    // A few a day: checking each one's card costs less than reading the cards first.
    .where((eb) => cardCounts(eb, db, boardId, filters, 'e'))
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/**
 * The cards (archived ones left out, [ARCH2]) whose first arrival in published falls within
 * `[from, to)`, with that arrival and their first change (creation: the start of their lead
 * time).
 */
export async function listPublishedArrivals(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<Arrival[]> {
  const rows = await db
    .selectFrom('stageEvent as e')
    .select((eb) => [
      'e.cardId',
      'e.at',
      eb
        .selectFrom('stageEvent as x')
        .select((x) => x.fn.min('x.at').as('at'))
        .whereRef('x.boardId', '=', 'e.boardId')
        .whereRef('x.cardId', '=', 'e.cardId')
        // The card's first change is a first arrival: the few of those suffice (an index).
        .where('x.visit', '=', 1)
        .as('startedAt'),
    ])
    .where('e.boardId', '=', boardId)
    .where('e.toStage', '=', 'published')
    .where('e.visit', '=', 1)
    .where('e.at', '>=', iso(period.from))
    .where('e.at', '<', iso(period.to))
    // A first publication's card id is in its index: one lookup of its card each.
    .where((eb) => cardCounts(eb, db, boardId, filters, 'e'))
    .execute()
  rows.sort((a, b) => compareText(a.cardId, b.cardId))
  return rows.flatMap((row) =>
    row.startedAt === null
      ? []
      : [{ cardId: row.cardId, startedAt: new Date(row.startedAt), publishedAt: new Date(row.at) }],
  )
}

/**
 * How many of the board's cards (archived ones left out, [ARCH2]) were in each stage just
 * before `at`. Unfiltered, the whole board's counts come from the indexes, less those of the
 * archived cards (usually few), read card by card.
 */
export async function stageCountsAt(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  at: Date,
): Promise<Partial<Record<Stage, number>>> {
  if (narrows(filters))
    return stageCountsOfPassingCards(db, boardId, { ...filters, archived: false }, at)
  const [all, archived] = await Promise.all([
    stageCountsFromIndexes(db, boardId, at),
    stageCountsOfPassingCards(db, boardId, { archived: true }, at),
  ])
  const counts: Partial<Record<Stage, number>> = {}
  for (const stage of STAGES) {
    const count = (all[stage] ?? 0) - (archived[stage] ?? 0)
    if (count > 0) counts[stage] = count
  }
  return counts
}

type StageCountRow = { stage: string; count: number | string | bigint }

/**
 * Unfiltered: two exact counts per stage over index ranges, on the side of `at` that holds
 * less of the history: arrivals before it less departures before it; or, for a recent instant,
 * the stays open now less arrivals since it plus departures since it.
 */
async function stageCountsFromIndexes(
  db: Kysely<DB>,
  boardId: string,
  at: Date,
): Promise<Partial<Record<Stage, number>>> {
  const before = iso(at)
  const counts: Partial<Record<Stage, number>> = {}
  const span = await sql<{ first: string | null; last: string | null }>`
    select
      (select min("at") from "stageEvent" where "boardId" = ${boardId}) as "first",
      (select max("at") from "stageEvent" where "boardId" = ${boardId}) as "last"
  `.execute(db)
  const { first, last } = span.rows[0] ?? { first: null, last: null }
  if (first === null || last === null) return counts
  const recent = Date.parse(last) - at.getTime() < at.getTime() - Date.parse(first)
  const count = (side: 'at' | 'leftAt', op: '<' | '>=') => sql`(
    select count(*) from "stageEvent" e
    where e."boardId" = ${boardId} and e."toStage" = "s"."stage"
      and ${sql.ref(`e.${side}`)} ${sql.raw(op)} ${before}
  )`
  const { rows } = await sql<StageCountRow>`
    with "s" ("stage") as (${stageValues()})
    select "s"."stage", ${
      recent
        ? sql`(
            select count(*) from "stageEvent" e
            where e."boardId" = ${boardId} and e."toStage" = "s"."stage" and e."leftAt" is null
          ) - ${count('at', '>=')} + ${count('leftAt', '>=')}`
        : sql`${count('at', '<')} - ${count('leftAt', '<')}`
    } as "count"
    from "s"
  `.execute(db)
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage !== null && Number(row.count) > 0) counts[stage] = Number(row.count)
  }
  return counts
}

/** Filtered: the stay each passing card was in at `at` (begun before, not yet ended). */
async function stageCountsOfPassingCards(
  db: Kysely<DB>,
  boardId: string,
  filters: HistoryFilters,
  at: Date,
): Promise<Partial<Record<Stage, number>>> {
  const before = iso(at)
  const counts: Partial<Record<Stage, number>> = {}
  const { rows } = await sql<StageCountRow>`
    select e."toStage" as "stage", count(*) as "count"
    from ${historyFrom(boardId, filters)}
      and e."at" < ${before} and (e."leftAt" >= ${before} or e."leftAt" is null)
    group by e."toStage"
  `.execute(db)
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage !== null) counts[stage] = Number(row.count)
  }
  return counts
}

/** The zone the board's workspace counts days and weeks in. */
export async function boardTimeZone(db: Kysely<DB>, board: Pick<Board, 'workspaceId'>) {
  const row = await db
    .selectFrom('workspace')
    .select('timeZone')
    .where('id', '=', board.workspaceId)
    .executeTakeFirst()
  return row?.timeZone ?? 'UTC'
}
