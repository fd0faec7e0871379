import {
  AGING_STAGES,
  type Arrival,
  addDays,
  type Bottleneck,
  bottleneck,
  type CfdDay,
  CM_ACTIVE_STAGES,
  type CmLoad,
  cumulativeFlow,
  DAY_MS,
  dayKeyOf,
  type EscalationFigures,
  escalationFigures,
  type FlowEvent,
  type FlowMove,
  forecast,
  leadTimes,
  percentile,
  type Severity,
  STAGES,
  type Stage,
  type StageFlow,
  type Stay,
  seededRandom,
  severitySchema,
  startOfDay,
  staysFromEvents,
  throughputSamples,
  timeInStage,
  type WeekCount,
  weeklyThroughput,
  wipLimit,
} from '@pauta/domain'
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { Board } from './boards.ts'
import { parseDetail } from './card-events.ts'
import { dialectOf } from './dialect.ts'
import type { BoardCardTable, DB } from './schema.ts'
import { listMembers } from './workspaces.ts'

/**
 * The flow dashboards' SQL: the bottleneck review and the pipeline dashboard. Each query reads
 * one board, bounded by a period where it reads history; the metric definitions live in
 * `@pauta/domain` (flow-metrics) and the reports below apply them to these rows.
 *
 * The callers have checked, via `getBoardForUser`, that the user may see the board.
 *
 * Filters narrow by the card's fields **as they are now** (the projection `boardCard`): a card
 * whose campaign changed counts, for its whole history, under its current campaign. Only cards
 * the projection knows are counted. Archived cards count wherever the past is measured (time in
 * stage, throughput, lead time, cumulative flow: finished work is often archived) and nowhere
 * the present is (WIP, aging, load, open escalations).
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

/** The start of the card's current stay (its last entry into the stage it is in now). */
function currentStayStart(eb: ExpressionBuilder<DB & { c: BoardCardTable }, 'c'>) {
  // From the newest change back: the last entry into the current stage is almost always the
  // card's last change, so this reads one or two index entries.
  return eb
    .selectFrom('stageEvent as x')
    .select('x.at')
    .whereRef('x.boardId', '=', 'c.boardId')
    .whereRef('x.cardId', '=', 'c.cardId')
    .whereRef('x.toStage', '=', 'c.stage')
    .orderBy('x.at', 'desc')
    .limit(1)
}

const iso = (at: Date) => at.toISOString()

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
  // MATERIALIZED: the lookup runs once per card (PostgreSQL would inline it into each use).
  const rows = await db
    .with(
      (cte) => cte('card').materialized(),
      () =>
        filteredCards(db, boardId, filters)
          .where('c.archived', '=', 0)
          .select((eb) => ['c.stage', currentStayStart(eb).as('enteredAt')]),
    )
    .selectFrom('card')
    .select((eb) => [
      'card.stage',
      eb.fn.countAll<number | string | bigint>().as('wip'),
      eb.fn.min('card.enteredAt').as('oldestEnteredAt'),
    ])
    .groupBy('card.stage')
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
  const rows = await db
    .with(
      (cte) => cte('card').materialized(),
      () =>
        filteredCards(db, boardId, filters)
          .where('c.archived', '=', 0)
          .where(
            'c.stage',
            'in',
            limits.map(([stage]) => stage),
          )
          .select((eb) => ['c.cardId', 'c.title', 'c.stage', currentStayStart(eb).as('enteredAt')]),
    )
    .selectFrom('card')
    .selectAll('card')
    .where((eb) =>
      eb.or(
        limits.map(([stage, at]) =>
          eb.and([eb('card.stage', '=', stage), eb('card.enteredAt', '<', at)]),
        ),
      ),
    )
    .orderBy('card.enteredAt')
    .orderBy('card.cardId')
    .execute()
  return rows.flatMap((row) => {
    const stage = parseStage(row.stage)
    if (stage === null || row.enteredAt === null) return []
    return [{ cardId: row.cardId, title: row.title, stage, enteredAt: row.enteredAt }]
  })
}

/**
 * Each assignee's load now, as `cmLoad` defines it: cards assigned (archived ones left out),
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

/** Rows per `IN (…)` list: under both dialects' bound-parameter limits. */
const CHUNK = 500

/**
 * The stays that ended within `[from, to)`, by the history: the period's changes, read once in
 * the (boardId, at) index's order, turned into stays by `staysFromEvents`. A card's first
 * change in the period closes the stay it was in at `from`, whose start is its last change
 * before `from` (looked up for those cards only).
 */
export async function listEndedStays(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<Stay[]> {
  const from = iso(period.from)
  const rows = await db
    .selectFrom('stageEvent as e')
    .select(['e.cardId', 'e.fromStage', 'e.toStage', 'e.at'])
    .where('e.boardId', '=', boardId)
    .where('e.at', '>=', from)
    .where('e.at', '<', iso(period.to))
    .where((eb) => eb.exists(cardPasses(db, boardId, filters, 'e')))
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
  const events: FlowEvent[] = []
  const opened = new Map<string, Stage>()
  const seen = new Set<string>()
  for (const row of rows) {
    const toStage = parseStage(row.toStage)
    if (toStage === null) continue
    if (!seen.has(row.cardId)) {
      seen.add(row.cardId)
      const fromStage = row.fromStage === null ? null : parseStage(row.fromStage)
      if (fromStage !== null) opened.set(row.cardId, fromStage)
    }
    events.push({ cardId: row.cardId, fromStage: null, toStage, at: new Date(row.at) })
  }
  const open: Stay[] = []
  const ids = [...opened.keys()]
  for (let i = 0; i < ids.length; i += CHUNK) {
    const starts = await db
      .selectFrom('stageEvent as x')
      .select((eb) => ['x.cardId', eb.fn.max('x.at').as('at')])
      .where('x.boardId', '=', boardId)
      .where('x.cardId', 'in', ids.slice(i, i + CHUNK))
      .where('x.at', '<', from)
      .groupBy('x.cardId')
      .execute()
    for (const start of starts) {
      const stage = opened.get(start.cardId)
      if (stage && start.at !== null) {
        open.push({ cardId: start.cardId, stage, enteredAt: new Date(start.at), leftAt: null })
      }
    }
  }
  const to = period.to.getTime()
  return staysFromEvents(events, { open }).filter(
    (stay) =>
      stay.leftAt !== null &&
      stay.leftAt.getTime() >= period.from.getTime() &&
      stay.leftAt.getTime() < to,
  )
}

/** An escalation raised within a period, with its severity and when it was answered. */
export interface RaisedEscalation {
  cardId: string
  severity: Severity | null
  enteredAt: Date
  /** When the card left escalated; null while it has not. */
  leftAt: Date | null
}

/** The escalations raised (changes into escalated) within `[from, to)`. */
export async function listRaisedEscalations(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date },
): Promise<RaisedEscalation[]> {
  const rows = await db
    .selectFrom('stageEvent as e')
    .select((eb) => [
      'e.cardId',
      'e.at',
      'e.detail',
      eb
        .selectFrom('stageEvent as x')
        .select('x.at')
        .where('x.boardId', '=', boardId)
        .whereRef('x.cardId', '=', 'e.cardId')
        // After it in the card's order (time, then id); `at >=` alone bounds the index range.
        .where((x) =>
          x.and([
            x('x.at', '>=', x.ref('e.at')),
            x.or([x('x.at', '>', x.ref('e.at')), x('x.id', '>', x.ref('e.id'))]),
          ]),
        )
        .orderBy('x.at')
        .orderBy('x.id')
        .limit(1)
        .as('leftAt'),
    ])
    .where('e.boardId', '=', boardId)
    .where('e.toStage', '=', 'escalated')
    .where('e.at', '>=', iso(period.from))
    .where('e.at', '<', iso(period.to))
    .where((eb) => eb.exists(cardPasses(db, boardId, filters, 'e')))
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
  return rows.map((row) => ({
    cardId: row.cardId,
    severity: parseSeverity(parseDetail(row.detail)?.severity),
    enteredAt: new Date(row.at),
    leftAt: row.leftAt === null ? null : new Date(row.leftAt),
  }))
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
  const from = iso(period.from)
  const published = db
    .selectFrom('stageEvent as p')
    .select(['p.boardId', 'p.cardId'])
    .distinct()
    .where('p.boardId', '=', boardId)
    .where('p.toStage', '=', 'published')
    .where('p.at', '>=', from)
    .where('p.at', '<', iso(period.to))
    .where((eb) => eb.exists(cardPasses(db, boardId, filters, 'p')))
  const rows = await db
    .selectFrom(published.as('p'))
    .select((eb) => [
      'p.cardId',
      // From the card's oldest change on: its first arrival is a few changes in.
      eb
        .selectFrom('stageEvent as x')
        .select('x.at')
        .whereRef('x.boardId', '=', 'p.boardId')
        .whereRef('x.cardId', '=', 'p.cardId')
        .where('x.toStage', '=', 'published')
        .orderBy('x.at')
        .limit(1)
        .as('publishedAt'),
      eb
        .selectFrom('stageEvent as x')
        .select((x) => x.fn.min('x.at').as('at'))
        .whereRef('x.boardId', '=', 'p.boardId')
        .whereRef('x.cardId', '=', 'p.cardId')
        .as('startedAt'),
    ])
    .orderBy('p.cardId')
    .execute()
  return rows.flatMap((row) =>
    // Published before the period too: its first arrival is not this period's.
    row.publishedAt === null || row.startedAt === null || row.publishedAt < from
      ? []
      : [
          {
            cardId: row.cardId,
            startedAt: new Date(row.startedAt),
            publishedAt: new Date(row.publishedAt),
          },
        ],
  )
}

/** How many of the board's cards (archived included) were in each stage just before `at`. */
export async function stageCountsAt(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  at: Date,
): Promise<Partial<Record<Stage, number>>> {
  const rows = await db
    .with(
      (cte) => cte('s').materialized(),
      () =>
        filteredCards(db, boardId, filters).select((eb) =>
          eb
            .selectFrom('stageEvent as x')
            .select('x.toStage')
            .whereRef('x.boardId', '=', 'c.boardId')
            .whereRef('x.cardId', '=', 'c.cardId')
            .where('x.at', '<', iso(at))
            .orderBy('x.at', 'desc')
            .orderBy('x.id', 'desc')
            .limit(1)
            .as('stage'),
        ),
    )
    .selectFrom('s')
    .select((eb) => ['s.stage', eb.fn.countAll<number | string | bigint>().as('count')])
    .where('s.stage', 'is not', null)
    .groupBy('s.stage')
    .execute()
  const counts: Partial<Record<Stage, number>> = {}
  for (const row of rows) {
    const stage = row.stage === null ? null : parseStage(row.stage)
    if (stage !== null) counts[stage] = Number(row.count)
  }
  return counts
}

type DayMoveRow = {
  day: string
  shift: number | string | bigint
  fromStage: string | null
  toStage: string
  count: number | string | bigint
}

/**
 * The board's stage changes within `[from, to)`, summed per day of `timeZone` (UTC unless
 * given) and per transition: each `FlowMove` is `count` changes from `fromStage` to `toStage`
 * during the day that starts at `at` (the period's start, for its first day). What the
 * cumulative flow needs, in at most days × transitions rows however busy the board.
 */
export async function listStageMoves(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; timeZone?: string },
): Promise<FlowMove[]> {
  const zone = period.timeZone ?? 'UTC'
  if (period.from.getTime() >= period.to.getTime()) return []
  const rows =
    dialectOf(db) === 'postgres'
      ? await movesByUtcDay(db, boardId, filters, { ...period, timeZone: zone })
      : await movesByDayRange(db, boardId, filters, { ...period, timeZone: zone })
  const sums = new Map<string, FlowMove>()
  for (const row of rows) {
    const toStage = parseStage(row.toStage)
    const fromStage = row.fromStage === null ? null : parseStage(row.fromStage)
    if (toStage === null || (row.fromStage !== null && fromStage === null)) continue
    const day = addDays(row.day, Number(row.shift))
    const key = `${day} ${fromStage} ${toStage}`
    const sum = sums.get(key)
    if (sum) sum.count = (sum.count ?? 0) + Number(row.count)
    else {
      const start = Math.max(startOfDay(day, zone).getTime(), period.from.getTime())
      sums.set(key, { fromStage, toStage, at: new Date(start), count: Number(row.count) })
    }
  }
  return [...sums.values()].sort((a, b) => a.at.getTime() - b.at.getTime())
}

/**
 * SQLite: one range scan of the (boardId, at) index per day of the zone. CROSS JOIN keeps the
 * days the outer loop (SQLite takes the join order from it); a range join is what SQLite plans
 * well, where it would not index a list of days for an equality join.
 */
async function movesByDayRange(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; timeZone: string },
): Promise<DayMoveRow[]> {
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
  const { rows } = await sql<DayMoveRow>`
    with "day" ("day", "startAt", "endAt") as (
      values ${sql.join(days.map(([day, start, end]) => sql`(${day}, ${start}, ${end})`))}
    )
    select "day"."day", 0 as "shift", e."fromStage", e."toStage", count(*) as "count"
    from "day"
    cross join "stageEvent" e
    where e."boardId" = ${boardId}
      and e."at" >= "day"."startAt"
      and e."at" < "day"."endAt"
      and exists ${cardPasses(db, boardId, filters, 'e')}
    group by "day"."day", e."fromStage", e."toStage"
  `.execute(db)
  return rows
}

/**
 * PostgreSQL: one range scan of the period, each change joined by equality to its UTC day
 * (a hash join), which holds the zone's day at its start and the zone's midnights within it
 * (none, one, or two around a daylight-saving change): the change's day is that day plus the
 * midnights it comes after. With a range join PostgreSQL would test every day for every change.
 */
async function movesByUtcDay(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  period: { from: Date; to: Date; timeZone: string },
): Promise<DayMoveRow[]> {
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
  const { rows } = await sql<DayMoveRow>`
    with "day" ("utcDay", "day", "midnight1", "midnight2") as (
      values ${sql.join(days.map((day) => sql`(${sql.join(day)})`))}
    )
    select
      "day"."day",
      (case when e."at" >= "day"."midnight1" then 1 else 0 end)
        + (case when e."at" >= "day"."midnight2" then 1 else 0 end) as "shift",
      e."fromStage",
      e."toStage",
      count(*) as "count"
    from "stageEvent" e
    join "day" on "day"."utcDay" = substr(e."at", 1, 10)
    where e."boardId" = ${boardId}
      and e."at" >= ${iso(period.from)}
      and e."at" < ${iso(period.to)}
      and exists ${cardPasses(db, boardId, filters, 'e')}
    group by "day"."day", "shift", e."fromStage", e."toStage"
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
  const [present, stays, loads, escalated, raised, members] = await Promise.all([
    stagesNow(db, board.id, filters),
    listEndedStays(db, board.id, filters, { from: previousFrom, to }),
    listAssigneeLoads(db, board.id, filters, now),
    listEscalatedCards(db, board.id, filters),
    listRaisedEscalations(db, board.id, filters, { from, to }),
    listMembers(db, board.workspaceId),
  ])
  const times = timeInStage(stays, { from, to })
  const before = timeInStage(stays, { from: previousFrom, to: from })

  // Aging: in their stage for longer than its 85th percentile (`agingCards`), found by SQL.
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

  const cmLimit = board.settings.rules.cmWipLimit
  const cms = members
    .filter((member) =>
      filters.assigneeId !== undefined
        ? member.userId === filters.assigneeId
        : member.roles.includes('cm') || loads.has(member.userId),
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
    escalations: escalationFigures(escalated, raised, board.settings.rules, { from, to, now }),
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
