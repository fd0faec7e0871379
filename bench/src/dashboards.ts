/**
 * `pnpm bench dashboards`: the flow dashboards' queries on a year of history.
 *
 * Seeds one board with CARDS cards (5,000) and EVENTS stage changes (100,000) spread over a
 * year — seeded random paths through the pipeline with rework (plan → strategy, calendar →
 * plan…), escalations and their resolutions — plus the card projection and a team of
 * community managers; each plan stay holds a review (sent, the team's yes, the client's answer,
 * a fifth of them changes asked for and sent again) and every card EDITS (30) edits of its copy
 * in its activity. Then times, RUNS times each (50, after WARMUP untimed runs), every
 * query the dashboards router runs (the `@pauta/db` functions) and the two whole reports
 * (those queries plus the `@pauta/domain` flow metrics on their rows), for the default
 * 28-day period and for a 365-day one, and prints p50 and p95.
 *
 * SQLite: a fresh file in a temp directory, opened as the server opens it. PostgreSQL, when
 * DATABASE_URL is set: a fresh database `pauta_bench_<random>` created next to the one the
 * URL names (never that one), VACUUM ANALYZEd after seeding as autovacuum would, dropped at the end.
 * KEEP=1 keeps both (their names are printed), to look at query plans.
 *
 * The last line is `dashboards: p95 <N> ms (worst query)`. Target: under 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addMember,
  type Board,
  bottlenecksReport,
  countBreachedEscalations,
  createBoard,
  createWorkspace,
  type DashboardFilters,
  type Database,
  listAssigneeLoads,
  listPublishedArrivals,
  listReviewChanges,
  listStageMoves,
  listStayLengths,
  listWaitingSince,
  migrateToLatest,
  type NewCardActivity,
  type NewStageEvent,
  openDatabase,
  type ProjectedCard,
  pipelineReport,
  recordCardEvents,
  recordStageEvents,
  stageCountsAt,
  stagesNow,
  upsertBoardCards,
} from '@pauta/db'
import {
  DAY_MS,
  DEFAULT_RULES,
  NETWORKS,
  percentile,
  SEVERITIES,
  type Severity,
  type Stage,
  seededRandom,
  stageIndex,
} from '@pauta/domain'
import { sql } from 'kysely'

const CARDS = Number(process.env.CARDS ?? 5000)
const EVENTS = Number(process.env.EVENTS ?? 100_000)
const RUNS = Number(process.env.RUNS ?? 50)
const WARMUP = Number(process.env.WARMUP ?? 3)
const SEED = Number(process.env.SEED ?? 6)
const EDITS = Number(process.env.EDITS ?? 30)
const PERIODS = process.env.PERIODS ? [Number(process.env.PERIODS)] : [28, 365]
const CMS = 8
const TARGET_MS = 100

const now = new Date()
const yearAgo = now.getTime() - 365 * DAY_MS

// ---------------------------------------------------------------------------------------------
// The history: every card makes EVENTS / CARDS stage changes (its creation included) along a
// random walk of the pipeline, each stay lasting an exponential time with the stage's mean.

const NEXT: Record<Stage, Array<[Stage, number]>> = {
  strategy: [['plan', 1]],
  plan: [
    ['calendar', 0.8],
    ['strategy', 0.2],
  ],
  calendar: [
    ['published', 0.85],
    ['plan', 0.15],
  ],
  published: [
    ['monitored', 0.9],
    ['escalated', 0.07],
    ['calendar', 0.03],
  ],
  // A series goes round again: its next piece is planned (or a complaint comes in).
  monitored: [
    ['plan', 0.65],
    ['escalated', 0.35],
  ],
  escalated: [
    ['monitored', 0.75],
    ['plan', 0.25],
  ],
}
const MEAN_DAYS: Record<Stage, number> = {
  strategy: 4,
  plan: 3,
  calendar: 2,
  published: 0.5,
  monitored: 5,
  escalated: 0.25,
}
const CAMPAIGNS = ['Spring', 'Summer sale', 'Back to school', 'Black Friday', 'Holidays', null]
const OBJECTIVES = ['Reach', 'Engagement', 'Sales', 'Leads', null]

interface Seed {
  events: NewStageEvent[]
  cards: ProjectedCard[]
  activity: NewCardActivity[]
}

/**
 * A review within a plan stay `[start, start + length)`, as its activity: sent, the team's yes
 * (now the client's turn), the client's answer — a fifth of the time changes first, then sent
 * again and approved. Steps after now have not happened: the post still waits.
 */
function reviewSteps(
  boardId: string,
  cardId: string,
  start: number,
  length: number,
  random: () => number,
): NewCardActivity[] {
  const step = (share: number, approval: string | null, reviewer: string | null) => ({
    at: new Date(Math.floor(start + share * length)),
    approval,
    reviewer,
  })
  const steps = [step(0.1, 'in-review', 'team'), step(0.3, null, 'client')]
  if (random() < 0.2)
    steps.push(
      step(0.5, 'changes-requested', null),
      step(0.6, 'in-review', 'team'),
      step(0.7, null, 'client'),
    )
  steps.push(step(0.9, 'approved', null))
  return steps
    .filter(({ at }) => at.getTime() < now.getTime())
    .flatMap(({ at, approval, reviewer }) => {
      const base = { boardId, cardId, userId: null, at, kind: 'field' as const }
      return [
        ...(approval === null ? [] : [{ ...base, field: 'approval', to: approval }]),
        { ...base, field: 'reviewer', to: reviewer },
      ]
    })
}

function history(boardId: string, cmIds: readonly string[], managerId: string): Seed {
  const random = seededRandom(SEED)
  // The activity draws from its own stream: the stage history is the same with or without it.
  const other = seededRandom(SEED + 1)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const events: NewStageEvent[] = []
  const cards: ProjectedCard[] = []
  const activity: NewCardActivity[] = []
  const perCard = Math.floor(EVENTS / CARDS)
  for (let i = 0; i < CARDS; i++) {
    const count = perCard + (i < EVENTS - perCard * CARDS ? 1 : 0)
    const created = yearAgo + random() * 365 * DAY_MS
    // The walk first, then its times: a card that would run past now is compressed into the
    // time it has (the latest cards move fast), so every change lies within the year.
    const path: Stage[] = ['strategy']
    while (path.length < count) {
      const options = NEXT[path.at(-1)!]
      let u = random()
      let next = options[0]![0]
      for (const [stage, p] of options) {
        next = stage
        u -= p
        if (u < 0) break
      }
      path.push(next)
    }
    const stays = path.map((stage) => -Math.log(1 - random()) * MEAN_DAYS[stage] * DAY_MS)
    // The last stay is the one in progress: only the changes before it need the time.
    const needed = stays.slice(0, -1).reduce((a, b) => a + b, 0)
    const room = (now.getTime() - created) * 0.98
    const scale = needed > room ? room / needed : 1
    let at = created
    const id = `card${i}`
    let severity: Severity | null = null
    path.forEach((stage, k) => {
      if (k > 0) at += stays[k - 1]! * scale
      if (stage === 'plan') activity.push(...reviewSteps(boardId, id, at, stays[k]! * scale, other))
      severity = stage === 'escalated' ? pick(SEVERITIES) : severity
      events.push({
        boardId,
        cardId: id,
        fromStage: k === 0 ? null : path[k - 1]!,
        toStage: stage,
        userId: managerId,
        at: new Date(Math.floor(at)),
        detail:
          stage === 'escalated'
            ? { severity: severity!, reason: 'complaint' }
            : path[k - 1] === 'escalated'
              ? { resolution: 'answered' }
              : null,
      })
    })
    const stage = path.at(-1)!
    const last = new Date(Math.floor(at))
    // Its copy edited now and then, from its creation to its last change.
    for (let e = 0; e < EDITS; e++) {
      const edited = new Date(Math.floor(created + other() * (last.getTime() - created)))
      activity.push({
        boardId,
        cardId: id,
        userId: managerId,
        at: edited,
        kind: 'text',
        field: 'copy',
      })
    }
    const onCalendar = stage !== 'strategy' && stage !== 'plan'
    cards.push({
      id,
      title: `Post ${i}`,
      stage,
      network: pick(NETWORKS),
      assigneeId: onCalendar || random() < 0.3 ? pick(cmIds) : null,
      scheduledAt: onCalendar
        ? new Date(
            stage === 'calendar' ? now.getTime() + (random() - 0.3) * 7 * DAY_MS : last.getTime(),
          ).toISOString()
        : null,
      publishedAt: onCalendar && stage !== 'calendar' ? last.toISOString() : null,
      publishedUrl: null,
      campaign: pick(CAMPAIGNS),
      objective: pick(OBJECTIVES),
      severity: stage === 'escalated' ? severity : null,
      escalatedAt: stage === 'escalated' ? last.toISOString() : null,
      // Finished work that has rested for a month is archived.
      archived: stage === 'monitored' && now.getTime() - last.getTime() > 30 * DAY_MS,
    })
  }
  return { events, cards, activity }
}

// ---------------------------------------------------------------------------------------------

async function seed(database: Database) {
  const { db } = database
  await migrateToLatest(db)
  const workspace = await createWorkspace(db, { name: 'Bench agency', timeZone: 'Europe/Madrid' })
  const people: string[] = []
  for (let i = 0; i <= CMS; i++) {
    const id = `bench-user-${i}`
    const stamp = now.toISOString()
    await db
      .insertInto('user')
      .values({
        id,
        name: i === 0 ? 'Manager' : `CM ${i}`,
        email: `${id}@bench.pauta`,
        emailVerified: 0,
        image: null,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .execute()
    await addMember(db, workspace.id, id, i === 0 ? ['manager', 'strategist'] : ['cm'])
    people.push(id)
  }
  const board = await createBoard(db, {
    workspaceId: workspace.id,
    name: 'Bench board',
    settings: {
      wipLimits: { strategy: 400, plan: 300, calendar: 200, escalated: 40 },
      rules: { ...DEFAULT_RULES, cmWipLimit: 60 },
    },
  })
  const { events, cards, activity } = history(board.id, people.slice(1), people[0]!)
  const t0 = performance.now()
  events.sort((a, b) => a.at.getTime() - b.at.getTime())
  await recordStageEvents(db, events)
  activity.sort((a, b) => a.at.getTime() - b.at.getTime())
  await recordCardEvents(db, { stages: [], assignments: [], activity })
  await upsertBoardCards(db, board.id, cards, now)
  if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(db)
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  const archived = cards.filter((c) => c.archived).length
  // Rework: a move back along the pipeline (leaving escalated is a resolution, not rework).
  const backwards = events.filter(
    (e) =>
      e.fromStage !== null &&
      e.fromStage !== 'escalated' &&
      stageIndex(e.toStage) < stageIndex(e.fromStage),
  ).length
  console.log(
    `  seeded in ${seconds} s: ${cards.length} cards (${archived} archived), ${events.length} stage changes (${backwards} backwards, ${events.filter((e) => e.toStage === 'escalated').length} escalations) from ${events[0]!.at.toISOString().slice(0, 10)} to ${events.at(-1)!.at.toISOString().slice(0, 10)}; ${activity.length} activity rows (${activity.filter((a) => a.kind === 'field').length} review steps)`,
  )
  return board
}

interface Row {
  dialect: string
  period: number
  query: string
  p50: number
  p95: number
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    samples.push(performance.now() - start)
  }
  return { p50: percentile(samples, 0.5)!, p95: percentile(samples, 0.95)! }
}

async function measure(database: Database, board: Board): Promise<Row[]> {
  const { db } = database
  const rows: Row[] = []
  for (const days of PERIODS) {
    const to = now
    const from = new Date(to.getTime() - days * DAY_MS)
    const previousFrom = new Date(from.getTime() - days * DAY_MS)
    const period = { from, to }
    const query = (filters: DashboardFilters) => ({ filters, from, to, now })
    const network: DashboardFilters = { network: 'instagram' }
    const agingSince = { plan: new Date(now.getTime() - 7 * DAY_MS) }
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['stages now (stagesNow)', () => stagesNow(db, board.id, {})],
      [
        'stays, 2 periods (listStayLengths)',
        () => listStayLengths(db, board.id, {}, { ...period, from: previousFrom }),
      ],
      ['aging cards (listWaitingSince)', () => listWaitingSince(db, board.id, {}, agingSince)],
      ['loads (listAssigneeLoads)', () => listAssigneeLoads(db, board.id, {}, now)],
      [
        'SLA breaches (countBreachedEscalations)',
        () => countBreachedEscalations(db, board.id, {}, { ...period, now }, DEFAULT_RULES),
      ],
      [
        'first arrivals (listPublishedArrivals)',
        () => listPublishedArrivals(db, board.id, {}, period),
      ],
      ['stages at start (stageCountsAt)', () => stageCountsAt(db, board.id, {}, from)],
      [
        'review steps, 2 periods (listReviewChanges)',
        () => listReviewChanges(db, board.id, {}, previousFrom),
      ],
      [
        'daily moves (listStageMoves)',
        () => listStageMoves(db, board.id, {}, { ...period, timeZone: 'Europe/Madrid' }),
      ],
      ['dashboards.bottlenecks', () => bottlenecksReport(db, board, query({}))],
      ['dashboards.pipeline', () => pipelineReport(db, board, query({}))],
      ['dashboards.bottlenecks, network', () => bottlenecksReport(db, board, query(network))],
      ['dashboards.pipeline, network', () => pipelineReport(db, board, query(network))],
    ]
    for (const [name, run] of cases) {
      const { p50, p95 } = await time(run)
      rows.push({ dialect: database.dialect, period: days, query: name, p50, p95 })
      console.log(
        `  ${`${days} d`.padEnd(7)}${name.padEnd(42)}${p50.toFixed(1).padStart(8)}${p95.toFixed(1).padStart(9)}`,
      )
    }
  }
  const report = await bottlenecksReport(db, board, {
    filters: {},
    from: new Date(now.getTime() - 28 * DAY_MS),
    to: now,
    now,
  })
  const pipeline = await pipelineReport(db, board, {
    filters: {},
    from: new Date(now.getTime() - 28 * DAY_MS),
    to: now,
    now,
  })
  console.log(
    `  28 d: headline ${JSON.stringify(report.headline)}; ${report.stages.reduce((n, s) => n + s.stays, 0)} stays ended; ${report.review.times.posts} reviews ended, waiting now ${report.review.waits.map((w) => `${w.reviewer} ${w.waiting}`).join(', ')}; throughput ${pipeline.throughput.map((w) => w.published).join('/')} per week; forecast ${pipeline.forecast.weeks} weeks for ${pipeline.forecast.backlog} cards`,
  )
  return rows
}

function header() {
  console.log(
    `  ${'period'.padEnd(7)}${'query'.padEnd(42)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(9)}`,
  )
}

const cleanups: Array<() => Promise<void>> = []
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup()
    } catch (error) {
      console.error('cleanup failed:', error)
    }
  }
}
process.on('SIGINT', () => {
  void cleanUp().then(() => process.exit(130))
})

async function sqlite(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pauta-bench-dashboards-'))
  // KEEP=1 leaves the SQLite file behind, to look at query plans.
  if (process.env.KEEP) console.log(`  keeping ${dataDir}`)
  else cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
  const database = await openDatabase({ dataDir })
  cleanups.push(() => database.close())
  console.log(`\nSQLite (${dataDir})`)
  const board = await seed(database)
  header()
  return measure(database, board)
}

async function postgres(url: string): Promise<Row[]> {
  const name = `pauta_bench_${Math.floor(Math.random() * 2 ** 32).toString(16)}`
  const admin = await openDatabase({ databaseUrl: url })
  cleanups.push(() => admin.close())
  await sql.raw(`create database ${name}`).execute(admin.db)
  if (process.env.KEEP) console.log(`  keeping database ${name}`)
  else
    cleanups.push(async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db)
    })
  const target = new URL(url)
  target.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: target.toString() })
  cleanups.push(() => database.close())
  console.log(`\nPostgreSQL (database ${name}${process.env.KEEP ? '' : ', dropped afterwards'})`)
  const board = await seed(database)
  header()
  return measure(database, board)
}

async function main() {
  console.log(
    `dashboards bench: ${CARDS} cards, ${EVENTS} stage changes over a year; ${RUNS} timed runs per query (after ${WARMUP} untimed)`,
  )
  const rows: Row[] = []
  try {
    rows.push(...(await sqlite()))
    const url = process.env.DATABASE_URL
    if (url) rows.push(...(await postgres(url)))
    else console.log('\nPostgreSQL skipped: set DATABASE_URL=postgres://… to measure it too')
  } finally {
    await cleanUp()
  }
  const worst = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a))
  const default28 = rows.filter((r) => r.period === 28).reduce((a, b) => (b.p95 > a.p95 ? b : a))
  console.log(
    `\nworst over 28 days: ${default28.query} on ${default28.dialect}, p95 ${default28.p95.toFixed(1)} ms`,
  )
  console.log(
    `worst overall: ${worst.query} on ${worst.dialect} over ${worst.period} days; target p95 < ${TARGET_MS} ms: ${worst.p95 < TARGET_MS ? 'met' : 'NOT met'}`,
  )
  console.log(`dashboards: p95 ${worst.p95.toFixed(1)} ms (worst query)`)
}

main().catch(async (error) => {
  console.error(error)
  await cleanUp()
  process.exit(1)
})
