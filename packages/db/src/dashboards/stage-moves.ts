import {
  addDays,
  DAY_MS,
  dayKeyOf,
  type FlowMove,
  STAGES,
  type Stage,
  stageIndex,
  startOfDay,
} from '@pauta/domain'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.ts'
import { type DashboardFilters, type HistoryFilters, historyFrom, narrows } from './filters.ts'
import { iso, parseStage, stageValues } from './values.ts'

// The cumulative flow's input: the board's stage changes summed per day of the team's zone.

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
  const zoned = { ...period, timeZone: zone }
  const bothSides = async (cards: HistoryFilters) => [
    ...(await sidesByUtcDay(db, boardId, cards, zoned, 'arrived')),
    ...(await sidesByUtcDay(db, boardId, cards, zoned, 'left')),
  ]
  // [ARCH2] Archived cards are left out, as from the stage counts: unfiltered, the whole
  // board's moves (from the indexes) less the archived cards' own (usually few).
  const rows = !narrows(filters)
    ? [
        ...(await countsPerDay(db, boardId, zoned)),
        ...(await bothSides({ archived: true })).map(negated),
      ]
    : await bothSides({ ...filters, archived: false })
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
  return [...sums.values()]
    .filter((move) => move.count !== 0)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b))
}

/** A row's moves taken away rather than added. */
function negated(row: DaySideRow): DaySideRow {
  return { ...row, arrived: -Number(row.arrived), left: -Number(row.left) }
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
  filters: HistoryFilters,
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
