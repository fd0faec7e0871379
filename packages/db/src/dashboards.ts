import {
  AGING_STAGES,
  type Arrival,
  addDays,
  type BoardRules,
  type Bottleneck,
  bottleneck,
  type CfdDay,
  CM_ACTIVE_STAGES,
  type CmLoad,
  cumulativeFlow,
  DAY_MS,
  dayKeyOf,
  type EscalationFigures,
  type FlowMove,
  forecast,
  isCm,
  leadTimes,
  MINUTE_MS,
  openEscalationFigures,
  percentile,
  SEVERITIES,
  type Severity,
  STAGES,
  type Stage,
  type StageFlow,
  seededRandom,
  severitySchema,
  slaMinutes,
  stageIndex,
  stageTimes,
  startOfDay,
  throughputSamples,
  type WeekCount,
  weeklyThroughput,
  wipLimit,
} from '@pauta/domain'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Board } from './boards.ts'
import { dialectOf } from './dialect.ts'
import type { DB } from './schema.ts'
import { listMembers } from './workspaces.ts'

/**
 * The flow dashboards' SQL: the bottleneck review and the pipeline dashboard. Each query reads
 * one board, bounded by a period where it reads history; the metric definitions live in
 * `@pauta/domain` (its `metrics/` modules) and the reports below apply them to these rows.
 *
 * The callers have checked, via `getBoardForUser`, that the user may see the board.
 *
 * Filters narrow by the card's fields **as they are now** (the projection `boardCard`): a card
 * whose campaign changed counts, for its whole history, under its current campaign. Archived
 * cards count wherever the past is measured (time in stage, throughput, lead time, cumulative
 * flow: finished work is often archived) and nowhere the present is (WIP, aging, load, open
 * escalations).
 *
 * The past is read from the history's stay columns (`leftAt`, `stayMs`, `visit`, migration
 * 0005) through indexes that start with the stage, so a query reads the period's entries of
 * an index and little else. Without a filter every change of the board counts (cards are never
 * deleted, so they are all the projection's); with one, the query starts from the cards that
 * pass it and reads their histories only. The present (where each card is, since when) is
 * read from the open stays (`leftAt` null) and first publications from the first visits
 * (`visit` 1), each through partial indexes of their own (migration 0006).
 */

export interface DashboardFilters {
  network?: string
  campaign?: string
  objective?: string
  assigneeId?: string
}

/** Every card of the board that passes the filters (archived ones included). */
function filteredCards(db: Kysely<DB>, boardId: string, filters: DashboardFilters) {
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
function cardPasses(db: Kysely<DB>, boardId: string, filters: DashboardFilters, alias: string) {
  return filteredCards(db, boardId, filters)
    .select('c.cardId')
    .where('c.cardId', '=', sql.ref<string>(`${alias}.cardId`))
}

/** Whether the filters narrow the cards at all. */
function narrows(filters: DashboardFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined)
}

/**
 * The filters as conditions on the projection's alias `c`, for the raw queries that start from
 * the cards that pass them.
 */
function cardConditions(filters: DashboardFilters) {
  const conditions = [
    ['network', filters.network],
    ['campaign', filters.campaign],
    ['objective', filters.objective],
    ['assigneeId', filters.assigneeId],
  ] as const
  return conditions.flatMap(([column, value]) =>
    value === undefined ? [] : [sql`and ${sql.ref(`c.${column}`)} = ${value}`],
  )
}

/**
 * `from … where …` (to go on with `and …`) for the changes `stageEvent e` to read: every change
 * of the board, or (filtered) the changes of the cards that pass, the cards read first. CROSS
 * JOIN keeps SQLite on that order (it takes the join order from it), with `also` (another
 * table, joined in the conditions that follow) last; PostgreSQL chooses its own.
 */
function historyFrom(boardId: string, filters: DashboardFilters, also?: RawBuilder<unknown>) {
  const more = also === undefined ? sql`` : sql`cross join ${also}`
  return narrows(filters)
    ? sql`"boardCard" c cross join "stageEvent" e ${more}
        where c."boardId" = ${boardId} ${sql.join(cardConditions(filters), sql` `)}
          and e."boardId" = c."boardId" and e."cardId" = c."cardId"`
    : sql`"stageEvent" e ${more} where e."boardId" = ${boardId}`
}

/** The stages as a table of one column, `stage`, to read a figure per stage in one query. */
const stageValues = () => sql`values ${sql.join(STAGES.map((stage) => sql`(${stage})`))}`

/** A column's values of a group as one comma-separated text (null for none). */
function listOf(db: Kysely<DB>, column: RawBuilder<unknown>) {
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`string_agg(${column}::text, ',')`
    : sql<string | null>`group_concat(${column})`
}

/** Whole numbers written by `listOf`, read without a string per number (there may be 100,000). */
function parseWholeNumbers(text: string | null): Float64Array {
  if (text === null || text === '') return new Float64Array(0)
  let count = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++
  const values = new Float64Array(count)
  let n = 0
  let value = 0
  let sign = 1
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 44
    if (code === 44) {
      values[n++] = sign * value
      value = 0
      sign = 1
    } else if (code === 45) sign = -1
    else if (code >= 48 && code <= 57) value = value * 10 + (code - 48)
    else throw new Error(`not a list of whole numbers: ${text.slice(0, 40)}`)
  }
  return values
}

/**
 * The cards of the board now (archived ones left out) that pass the filters, each with its
 * open stay `e` — its last change, which `leftAt` null marks — when that stay is in the stage
 * the card is in (a card with no history has none: `e` is null). One entry of the partial
 * index on open stays per card, however long its history.
 */
function cardsWithOpenStay(db: Kysely<DB>, boardId: string, filters: DashboardFilters) {
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

const iso = (at: Date) => at.toISOString()

/** Code-unit order, as SQL compares the ISO timestamps and ids. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const KNOWN_STAGES: ReadonlySet<string> = new Set(STAGES)

/** A stage read back from SQL; one Pauta does not know is not trusted (null). */
function parseStage(value: string): Stage | null {
  // A set, not the zod schema: the history queries read tens of thousands of these.
  return KNOWN_STAGES.has(value) ? (value as Stage) : null
}

function parseSeverity(value: string | null | undefined): Severity | null {
  const severity = severitySchema.safeParse(value)
  return severity.success ? severity.data : null
}

function perStage<T>(make: () => T): Record<Stage, T> {
  return Object.fromEntries(STAGES.map((stage) => [stage, make()])) as Record<Stage, T>
}

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
 * The lengths (ms) of the stays that ended within `[from, to)`, whenever they began, per stage:
 * what time in stage (`stageTimes`) is taken over. Read as one list per stage, not a row per
 * stay; a year of a busy board is 100,000 stays.
 */
export async function listStayLengths(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<Record<Stage, Float64Array>> {
  const from = iso(period.from)
  const to = iso(period.to)
  const lengths = listOf(db, sql`e."stayMs"`)
  // Unfiltered: per stage, one range of the (boardId, toStage, leftAt, stayMs) index.
  const { rows } = narrows(filters)
    ? await sql<{ stage: string; lengths: string | null }>`
        select e."toStage" as "stage", ${lengths} as "lengths"
        from ${historyFrom(boardId, filters)} and e."leftAt" >= ${from} and e."leftAt" < ${to}
        group by e."toStage"
      `.execute(db)
    : await sql<{ stage: string; lengths: string | null }>`
        with "s" ("stage") as (${stageValues()})
        select "s"."stage", (
          select ${lengths} from "stageEvent" e
          where e."boardId" = ${boardId} and e."toStage" = "s"."stage"
            and e."leftAt" >= ${from} and e."leftAt" < ${to}
        ) as "lengths"
        from "s"
      `.execute(db)
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
 * with no severity has no deadline.
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
  let query = db
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
  // A few a day: checking each against the filters costs less than reading the cards first.
  if (narrows(filters)) {
    query = query.where((eb) => eb.exists(cardPasses(db, boardId, filters, 'e')))
  }
  const row = await query.executeTakeFirst()
  return Number(row?.count ?? 0)
}

/**
 * The cards whose first arrival in published falls within `[from, to)`, with that arrival and
 * their first change (creation: the start of their lead time).
 */
export async function listPublishedArrivals(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<Arrival[]> {
  let query = db
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
  if (narrows(filters)) {
    query = query.where((eb) => eb.exists(cardPasses(db, boardId, filters, 'e')))
  }
  const rows = await query.execute()
  rows.sort((a, b) => compareText(a.cardId, b.cardId))
  return rows.flatMap((row) =>
    row.startedAt === null
      ? []
      : [{ cardId: row.cardId, startedAt: new Date(row.startedAt), publishedAt: new Date(row.at) }],
  )
}

/** How many of the board's cards (archived included) were in each stage just before `at`. */
export async function stageCountsAt(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  at: Date,
): Promise<Partial<Record<Stage, number>>> {
  const before = iso(at)
  const counts: Partial<Record<Stage, number>> = {}
  if (!narrows(filters)) {
    // Two exact counts per stage over index ranges, on the side of `at` that holds less of the
    // history: arrivals before it less departures before it; or, for a recent instant, the
    // stays open now less arrivals since it plus departures since it.
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
    const { rows } = await sql<{ stage: string; count: number | string | bigint }>`
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
  // Filtered: the stay each passing card was in at `at` (begun before, not yet ended).
  const { rows } = await sql<{ stage: string; count: number | string | bigint }>`
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

/** Per day of the zone and stage: the cards that arrived there and that left it. */
type DaySideRow = {
  day: string
  shift: number | string | bigint
  stage: string
  arrived: number | string | bigint
  left: number | string | bigint
}

/**
 * The board's stage changes within `[from, to)`, summed per day of `timeZone` (UTC unless
 * given) and per stage, each change counted as its two halves: a departure (`toStage` null)
 * from the stage the card left and an arrival (`fromStage` null) in the one it entered, at the
 * start of their day (the period's start, for its first day). What the cumulative flow needs,
 * in at most days × stages × 2 moves however busy the board.
 */
export async function listStageMoves(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; timeZone?: string },
): Promise<FlowMove[]> {
  const zone = period.timeZone ?? 'UTC'
  if (period.from.getTime() >= period.to.getTime()) return []
  const rows = !narrows(filters)
    ? await countsPerDay(db, boardId, { ...period, timeZone: zone })
    : [
        ...(await sidesByUtcDay(db, boardId, filters, { ...period, timeZone: zone }, 'arrived')),
        ...(await sidesByUtcDay(db, boardId, filters, { ...period, timeZone: zone }, 'left')),
      ]
  const sums = new Map<string, FlowMove>()
  const starts = new Map<string, Date>()
  const add = (day: string, fromStage: Stage | null, toStage: Stage | null, count: number) => {
    if (count === 0) return
    const key = `${day} ${fromStage} ${toStage}`
    const sum = sums.get(key)
    if (sum) sum.count = (sum.count ?? 0) + count
    else {
      let at = starts.get(day)
      if (!at) {
        at = new Date(Math.max(startOfDay(day, zone).getTime(), period.from.getTime()))
        starts.set(day, at)
      }
      sums.set(key, { fromStage, toStage, at, count })
    }
  }
  for (const row of rows) {
    const stage = parseStage(row.stage)
    if (stage === null) continue
    const day = addDays(row.day, Number(row.shift))
    add(day, stage, null, Number(row.left))
    add(day, null, stage, Number(row.arrived))
  }
  // By day; in a day departures first, then arrivals, each in pipeline order.
  const rank = (move: FlowMove) =>
    move.toStage === null ? stageIndex(move.fromStage!) : STAGES.length + stageIndex(move.toStage)
  return [...sums.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b))
}

/**
 * Unfiltered: for each day of the zone and stage, two counts over index ranges — arrivals by
 * `at`, departures by `leftAt`. Thousands of small counts of index entries cost less than
 * grouping the period's changes (a sort or hash of every one of them). The two sides are two
 * queries, which PostgreSQL runs side by side on two connections.
 */
async function countsPerDay(
  db: Kysely<DB>,
  boardId: string,
  period: { from: Date; to: Date; timeZone: string },
): Promise<DaySideRow[]> {
  const { timeZone: zone } = period
  const from = period.from.getTime()
  const to = period.to.getTime()
  const days: Array<[string, string, string]> = []
  const lastDay = dayKeyOf(new Date(to - 1), zone)
  for (let day = dayKeyOf(period.from, zone); day <= lastDay; day = addDays(day, 1)) {
    const start = Math.max(startOfDay(day, zone).getTime(), from)
    const end = Math.min(startOfDay(addDays(day, 1), zone).getTime(), to)
    if (start < end) days.push([day, iso(new Date(start)), iso(new Date(end))])
  }
  const side = async (column: 'at' | 'leftAt') => {
    const count = sql`(
      select count(*) from "stageEvent" e
      where e."boardId" = ${boardId} and e."toStage" = "s"."stage"
        and ${sql.ref(`e.${column}`)} >= "day"."startAt" and ${sql.ref(`e.${column}`)} < "day"."endAt"
    )`
    const { rows } = await sql<DaySideRow>`
      with "day" ("day", "startAt", "endAt") as (
        values ${sql.join(days.map(([day, start, end]) => sql`(${day}, ${start}, ${end})`))}
      ), "s" ("stage") as (${stageValues()})
      select "day"."day", 0 as "shift", "s"."stage",
        ${column === 'at' ? count : sql`0`} as "arrived",
        ${column === 'leftAt' ? count : sql`0`} as "left"
      from "day" cross join "s"
    `.execute(db)
    return rows
  }
  return (await Promise.all([side('at'), side('leftAt')])).flat()
}

/**
 * One side of each change — arrivals (by `at`) or departures (by `leftAt`) — counted in one
 * pass over the period, each joined by equality to its UTC day (a hash join), which holds the
 * zone's day at its start and the zone's midnights within it (none, one, or two around a
 * daylight-saving change): the change's day is that day plus the midnights it comes after.
 * A range join would test every day for every change.
 */
async function sidesByUtcDay(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; timeZone: string },
  side: 'arrived' | 'left',
): Promise<DaySideRow[]> {
  const { timeZone: zone } = period
  // A midnight that does not happen that UTC day: after every timestamp ('~' sorts after digits).
  const NEVER = '~'
  const days: Array<[string, string, string, string]> = []
  const lastUtc = iso(new Date(period.to.getTime() - 1)).slice(0, 10)
  for (let utc = iso(period.from).slice(0, 10); utc <= lastUtc; utc = addDays(utc, 1)) {
    const start = Date.parse(`${utc}T00:00:00.000Z`)
    const base = dayKeyOf(new Date(start), zone)
    const midnights: string[] = []
    for (let day = addDays(base, 1); ; day = addDays(day, 1)) {
      const midnight = startOfDay(day, zone).getTime()
      if (midnight >= start + DAY_MS) break
      if (midnight > start) midnights.push(iso(new Date(midnight)))
    }
    days.push([utc, base, midnights[0] ?? NEVER, midnights[1] ?? NEVER])
  }
  const at = sql.ref(side === 'arrived' ? 'e.at' : 'e.leftAt')
  const { rows } = await sql<DaySideRow>`
    with "day" ("utcDay", "day", "midnight1", "midnight2") as (
      values ${sql.join(days.map((day) => sql`(${sql.join(day)})`))}
    )
    select
      "day"."day",
      (case when ${at} >= "day"."midnight1" then 1 else 0 end)
        + (case when ${at} >= "day"."midnight2" then 1 else 0 end) as "shift",
      e."toStage" as "stage",
      ${side === 'arrived' ? sql`count(*)` : sql`0`} as "arrived",
      ${side === 'left' ? sql`count(*)` : sql`0`} as "left"
    from ${historyFrom(boardId, filters, sql`"day"`)}
      and ${at} >= ${iso(period.from)} and ${at} < ${iso(period.to)}
      and "day"."utcDay" = substr(${at}, 1, 10)
    group by "day"."day", "shift", e."toStage"
  `.execute(db)
  return rows
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

// ---------------------------------------------------------------------------------------------
// The reports: what `dashboards.bottlenecks` and `dashboards.pipeline` answer.

export interface DashboardQuery {
  filters: DashboardFilters
  /** The period, `[from, to)`. */
  from: Date
  to: Date
  now: Date
}

export interface Span {
  /** ISO-8601 UTC. */
  from: string
  to: string
}

/** At most this many aging cards per stage are listed (the longest waiting); all are counted. */
export const AGING_LISTED = 20

export interface StageReport {
  stage: Stage
  /** Cards there now. */
  wip: number
  limit: number | null
  overLimit: boolean
  /** Time in stage over the stays that ended in the period. */
  medianMs: number | null
  p85Ms: number | null
  previousMedianMs: number | null
  /** Stays that ended in the period: what the median and p85 are taken over. */
  stays: number
  /** The longest-waiting aging cards (at most `AGING_LISTED`). */
  aging: Array<{ cardId: string; title: string; msInStage: number }>
  /** All aging cards there. */
  agingCount: number
}

export interface CmReport {
  userId: string
  name: string
  assigned: number
  overdue: number
  wip: number
  limit: number | null
}

export interface BottlenecksReport {
  period: Span
  previous: Span
  stages: StageReport[]
  cms: CmReport[]
  escalations: EscalationFigures
  headline: Bottleneck | null
}

function span(from: Date, to: Date): Span {
  return { from: iso(from), to: iso(to) }
}

/** The manager's bottleneck review of one board. */
export async function bottlenecksReport(
  db: Kysely<DB>,
  board: Board,
  query: DashboardQuery,
): Promise<BottlenecksReport> {
  const { filters, from, to, now } = query
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()))
  const { rules } = board.settings
  const [present, lengths, previousLengths, loads, escalated, breached, members] =
    await Promise.all([
      stagesNow(db, board.id, filters),
      listStayLengths(db, board.id, filters, { from, to }),
      listStayLengths(db, board.id, filters, { from: previousFrom, to: from }),
      listAssigneeLoads(db, board.id, filters, now),
      listEscalatedCards(db, board.id, filters),
      countBreachedEscalations(db, board.id, filters, { from, to, now }, rules),
      listMembers(db, board.workspaceId),
    ])
  const times = stageTimes(lengths)
  const before = stageTimes(previousLengths)

  // Aging: in their stage for longer than its 85th percentile, found by SQL.
  const agingSince: Partial<Record<Stage, Date>> = {}
  for (const stage of AGING_STAGES) {
    const p85 = times[stage].p85Ms
    if (p85 !== null) agingSince[stage] = new Date(now.getTime() - p85)
  }
  const waiting = await listWaitingSince(db, board.id, filters, agingSince)
  const aging = perStage((): StageReport['aging'] => [])
  for (const card of waiting) {
    aging[card.stage].push({
      cardId: card.cardId,
      title: card.title,
      msInStage: now.getTime() - Date.parse(card.enteredAt),
    })
  }

  const stages = STAGES.map((stage): StageReport => {
    const limit = wipLimit(board.settings, stage)
    const { wip } = present[stage]
    return {
      stage,
      wip,
      limit,
      overLimit: limit !== null && wip > limit,
      medianMs: times[stage].medianMs,
      p85Ms: times[stage].p85Ms,
      previousMedianMs: before[stage].medianMs,
      stays: times[stage].count,
      aging: aging[stage].slice(0, AGING_LISTED),
      agingCount: aging[stage].length,
    }
  })

  const cmLimit = rules.cmWipLimit
  const cms = members
    .filter((member) =>
      filters.assigneeId !== undefined
        ? member.userId === filters.assigneeId
        : isCm(member.roles) || loads.has(member.userId),
    )
    .map((member): CmReport => {
      const load = loads.get(member.userId) ?? { assigned: 0, overdue: 0, wip: 0 }
      return { userId: member.userId, name: member.name, ...load, limit: cmLimit }
    })

  const flows: StageFlow[] = stages.map((s) => {
    const oldest = present[s.stage].oldestEnteredAt
    return {
      stage: s.stage,
      wip: s.wip,
      limit: s.limit,
      medianMs: s.medianMs,
      aging: s.agingCount,
      oldestMs: oldest === null ? 0 : Math.max(0, now.getTime() - Date.parse(oldest)),
    }
  })
  const previousMedians = Object.fromEntries(STAGES.map((s) => [s, before[s].medianMs]))
  return {
    period: span(from, to),
    previous: span(previousFrom, from),
    stages,
    cms,
    escalations: { ...openEscalationFigures(escalated, rules, now), breachedInPeriod: breached },
    headline: bottleneck(flows, previousMedians),
  }
}

export interface PipelineReport {
  period: Span
  /** Cards in each stage now (archived ones left out). */
  counts: Record<Stage, number>
  throughput: WeekCount[]
  leadTime: { days: number[]; medianDays: number | null; p85Days: number | null }
  cfd: CfdDay[]
  forecast: {
    /** Cards in plan and calendar now: the committed work not yet out. */
    backlog: number
    /** ISO-8601 UTC: when the backlog will be published, 85% likely; null when unknowable. */
    date: string | null
    weeks: number | null
    /** How many weekly throughput samples the simulation drew from. */
    basedOnWeeks: number
  }
}

/** The same history gives the same forecast on every refresh. */
const FORECAST_SEED = 0x9a07a

const toDays = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100

/** The strategist's pipeline dashboard of one board. */
export async function pipelineReport(
  db: Kysely<DB>,
  board: Board,
  query: DashboardQuery,
): Promise<PipelineReport> {
  const { filters, from, to, now } = query
  const period = { from, to }
  const timeZone = await boardTimeZone(db, board)
  const [counts, arrivals, initial, moves] = await Promise.all([
    countCardsByStage(db, board.id, filters),
    listPublishedArrivals(db, board.id, filters, period),
    stageCountsAt(db, board.id, filters, from),
    listStageMoves(db, board.id, filters, { ...period, timeZone }),
  ])

  const lead = leadTimes(arrivals, period)
  const samples = throughputSamples(arrivals, period)
  const backlog = counts.plan + counts.calendar
  const outlook = forecast({
    weeklyThroughput: samples,
    backlog,
    random: seededRandom(FORECAST_SEED),
    now,
  })
  const median = percentile(lead, 0.5)
  const p85 = percentile(lead, 0.85)
  return {
    period: span(from, to),
    counts,
    throughput: weeklyThroughput(arrivals, { ...period, timeZone }),
    leadTime: {
      days: lead.map(toDays),
      medianDays: median === null ? null : toDays(median),
      p85Days: p85 === null ? null : toDays(p85),
    },
    cfd: cumulativeFlow(moves, { ...period, timeZone, initial }),
    forecast: {
      backlog,
      date: outlook.date === null ? null : iso(outlook.date),
      weeks: outlook.weeks,
      basedOnWeeks: samples.length,
    },
  }
}
