/**
 * How soon an open dashboard shows a card move: Pauta as a user runs it (its own process, the
 * demo workspace), a manager's dashboard open in headless Chromium, and a strategist moving a
 * card between strategy and plan with a stock y-websocket client. Each move is timed from just
 * before the mover's local transaction to the moment the dashboard's DOM shows the new figure
 * (a MutationObserver in the page), one move at a time, on the pipeline (cards per stage, from
 * the card projection) and on the bottleneck review (WIP per stage, from the stage history).
 * Prints p50/p95/max per view and hop (the update reaching the page's socket, the dashboard's
 * request starting, its answer in, the figure on screen) and whether the target (every move
 * within TARGET_MS) was met. INSTANCES=2 (with DATABASE_URL and REDIS_URL) moves on one
 * instance and watches on another.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { columns, getCard, moveCard } from '@pauta/board'
import { openDatabase } from '@pauta/db'
import { sql } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './chromium.ts'
import { stockProvider } from './pauta-client.ts'
import { deadline, startPauta } from './server-process.ts'

const MOVES = Number(process.env.MOVES ?? 20)
const TARGET_MS = Number(process.env.TARGET_MS ?? 300)
/** Quiet time after each move shows, so that each one is timed from a resting dashboard. */
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 600)
const VIEWS = (process.env.VIEWS ?? 'pipeline,flow').split(',') as View[]
const INSTANCES = Number(process.env.INSTANCES ?? 1)

type View = 'pipeline' | 'flow'
/** The figure each view shows per stage: cards there (projection) or its WIP (history). */
const FIGURE: Record<View, string> = { pipeline: 'dashboard-count', flow: 'dashboard-wip' }

deadline(Number(process.env.MAX_S ?? 600), 'dashboards-live')

// The server serves WEB_DIST when it is set, apps/web/dist otherwise: it must be built.
const root = path.resolve(import.meta.dirname, '../..')
const webIndex = path.join(
  path.resolve(root, process.env.WEB_DIST ?? 'apps/web/dist'),
  'index.html',
)
if (!existsSync(webIndex)) {
  console.error(
    `dashboards-live: ${webIndex} is missing; build the web app first (pnpm --filter @pauta/web build)`,
  )
  process.exit(1)
}

/** Wall-clock milliseconds with sub-millisecond resolution; the page reads the same clock. */
const nowMs = () => performance.timeOrigin + performance.now()

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function mover(wsUrl: string, boardId: string, token: string) {
  const { doc, provider } = stockProvider(wsUrl, boardId, token)
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { doc, provider, synced }
}

/**
 * The page's clock less this process's: both read the wall clock at their origin, which may
 * differ by a little; the round trip with the least delay of a few bounds the error.
 */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Number.POSITIVE_INFINITY }
  for (let i = 0; i < 20; i++) {
    const before = nowMs()
    const there = await page.evaluate(() => performance.timeOrigin + performance.now())
    const after = nowMs()
    const error = (after - before) / 2
    if (error < best.error) best = { offset: there - (before + after) / 2, error }
  }
  return best
}

/**
 * In the page: resolves with the page's clock once `stage`'s figure reads `expected`. Plain
 * JavaScript in a string: tsx would wrap a named function of ours in a helper the page lacks.
 */
const WATCHER = `(([testId, stage, expected]) => new Promise((resolve, reject) => {
  const read = () => {
    const text = document.querySelector('[data-testid="' + testId + '"][data-stage="' + stage + '"]')?.textContent
    return Number.parseInt((text ?? '').trim(), 10)
  }
  const observer = new MutationObserver(() => {
    if (read() !== expected) return
    const at = performance.timeOrigin + performance.now()
    observer.disconnect()
    clearTimeout(timer)
    resolve(at)
  })
  const timer = setTimeout(() => {
    observer.disconnect()
    reject(new Error(stage + ' did not read ' + expected + ' in 15 s (reads ' + read() + ')'))
  }, 15000)
  observer.observe(document.body, { subtree: true, childList: true, characterData: true })
}))`

function armWatcher(page: Page, testId: string, stage: string, expected: number) {
  return page.evaluate(
    `${WATCHER}(${JSON.stringify([testId, stage, expected])})`,
  ) as Promise<number>
}

async function readFigure(page: Page, testId: string, stage: string): Promise<number> {
  const text = await page
    .locator(`[data-testid="${testId}"][data-stage="${stage}"]`)
    .first()
    .textContent()
  // "14" or "14 / 8" (WIP against its limit): the first number is the figure
  return Number.parseInt((text ?? '').trim(), 10)
}

/** The dashboards' requests that started after `sincePage` (page clock): start and end. */
function dashboardRequests(page: Page, sincePage: number) {
  return page.evaluate((since) => {
    const entries = performance.getEntriesByType('resource') as unknown as Array<{
      name: string
      startTime: number
      responseEnd: number
    }>
    performance.clearResourceTimings()
    return entries
      .filter((e) => e.name.includes('/trpc/') && e.name.includes('dashboards.'))
      .map((e) => ({
        start: performance.timeOrigin + e.startTime,
        end: performance.timeOrigin + e.responseEnd,
      }))
      .filter((e) => e.start >= since)
  }, sincePage)
}

interface Sample {
  total: number
  /** The move's update reaching the browser's sync socket. */
  frame: number | null
  /** The first dashboards request after the move: when it started, when its answer was in. */
  requestStart: number | null
  requestEnd: number | null
  requests: number
}

async function measureView(
  page: Page,
  view: View,
  move: (toPlan: boolean) => void,
  planInDoc: () => number,
  lastFrame: () => number,
  clock: { offset: number },
): Promise<Sample[]> {
  const boardPath = new URL(page.url()).pathname.split('/').slice(0, 3).join('/')
  await page.goto(`${boardPath}/${view}`)
  const testId = FIGURE[view]
  await page.locator(`[data-testid="${testId}"][data-stage="plan"]`).first().waitFor()
  await page.evaluate(() => {
    performance.setResourceTimingBufferSize(10_000)
    performance.clearResourceTimings()
  })
  const samples: Sample[] = []
  for (let i = 0; i < MOVES; i++) {
    const toPlan = i % 2 === 0
    const before = await readFigure(page, testId, 'plan')
    const expected = before + (toPlan ? 1 : -1)
    const shown = armWatcher(page, testId, 'plan', expected)
    // The watcher is in place once a round trip behind it has come back.
    await page.evaluate(() => 0)
    const planBefore = planInDoc()
    const t0 = nowMs()
    move(toPlan)
    if (planInDoc() === planBefore) throw new Error('the move changed nothing in the document')
    const shownAt = (await shown) - clock.offset
    const frameAt = lastFrame()
    // Read after the pause: a request that came after the figure showed counts too.
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
    const requests = await dashboardRequests(page, t0 + clock.offset)
    const first = requests[0]
    samples.push({
      total: shownAt - t0,
      frame: frameAt >= t0 ? frameAt - t0 : null,
      requestStart: first ? first.start - clock.offset - t0 : null,
      requestEnd: first ? first.end - clock.offset - t0 : null,
      requests: requests.length,
    })
  }
  return samples
}

/** What else the machine was doing: the 1-minute load average (2 on two busy cores). */
const loadAverage = () => os.loadavg()[0]!.toFixed(1)

const LABEL = 46
const columnsOf = (cells: string[]) => cells.map((cell) => cell.padStart(6)).join('  ')

/** One line of figures: p50, p95 and max under their headings. */
function row(label: string, values: number[]): string {
  if (values.length === 0) return `${label.padEnd(LABEL)}${columnsOf(['n/a'])}`
  const sorted = [...values].sort((a, b) => a - b)
  const figures = [percentile(sorted, 50), percentile(sorted, 95), sorted.at(-1)!]
  return `${label.padEnd(LABEL)}${columnsOf(figures.map((v) => v.toFixed(0)))}`
}

/**
 * One instance on SQLite, or with INSTANCES=2 two on a fresh PostgreSQL database next to
 * DATABASE_URL's and REDIS_URL: the card moves on A, the dashboard is open on B.
 */
async function startServers() {
  if (INSTANCES === 1) {
    const one = await startPauta()
    return { mover: one, viewer: one, stop: () => one.stop() }
  }
  const databaseUrl = process.env.DATABASE_URL
  const redisUrl = process.env.REDIS_URL
  if (!databaseUrl || !redisUrl) throw new Error('INSTANCES=2 needs DATABASE_URL and REDIS_URL')
  const name = `pauta_bench_live_${Math.floor(Math.random() * 2 ** 32).toString(16)}`
  const admin = await openDatabase({ databaseUrl })
  await sql.raw(`create database ${name}`).execute(admin.db)
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  const env = { DATABASE_URL: url.toString(), REDIS_URL: redisUrl }
  const stops: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const one of stops.splice(0).reverse()) await one()
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db)
    await admin.close()
  }
  try {
    // A seeds the demo into the empty database; B finds it there.
    const a = await startPauta({ env })
    stops.push(() => a.stop())
    const b = await startPauta({ env })
    stops.push(() => b.stop())
    return { mover: a, viewer: b, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

const servers = await startServers()
let browser: Browser | undefined
try {
  const { mover: moverServer, viewer } = servers
  const [board] = JSON.parse(await moverServer.cli('board', 'list', '--json')) as Array<{
    id: string
  }>
  if (!board) throw new Error('no demo board')
  // Estela (strategist) may move strategy ⇄ plan; Marco (manager) watches the dashboards.
  const estela = mover(
    moverServer.wsUrl,
    board.id,
    await moverServer.cli('token', 'create', 'estela@pauta.app'),
  )
  await estela.synced
  const cardId = columns(estela.doc).strategy[0]?.id
  if (!cardId) throw new Error('no card in strategy')
  const move = (toPlan: boolean) =>
    moveCard(estela.doc, cardId, { stage: toPlan ? 'plan' : 'strategy', index: 0 })
  const planInDoc = () => columns(estela.doc).plan.length

  browser = await launchChromium()
  const context = await browser.newContext({
    baseURL: viewer.url,
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  })
  const page = await context.newPage()
  await page.goto('/sign-in')
  await page.locator('input[name="email"]').fill('marco@pauta.app')
  await page.locator('input[name="password"]').fill('pauta-demo')
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
  // The board's sync socket: the last update frame (sync, update) it received, on our clock.
  let lastFrame = 0
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 2) lastFrame = nowMs()
    })
  })
  await page.goto(`/b/${board.id}`)
  await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor()
  const clock = await clockOffset(page)
  console.log(
    `dashboards-live: ${INSTANCES === 1 ? 'one instance (SQLite)' : 'moves on instance A, dashboard on B (PostgreSQL + Redis)'}; ` +
      `${MOVES} moves per view, one at a time, ${PAUSE_MS} ms apart`,
  )
  console.log(
    `page clock offset ${clock.offset.toFixed(2)} ± ${clock.error.toFixed(2)} ms; ` +
      `load average ${loadAverage()} (${os.cpus().length} cores)`,
  )
  if (getCard(estela.doc, cardId)?.stage !== 'strategy') throw new Error('the card moved away')

  const all: Sample[] = []
  for (const view of VIEWS) {
    const samples = await measureView(page, view, move, planInDoc, () => lastFrame, clock)
    const pick = (key: 'frame' | 'requestStart' | 'requestEnd' | 'total') =>
      samples.map((s) => s[key]).filter((v): v is number => v !== null)
    all.push(...samples)
    const perMove = samples.reduce((sum, s) => sum + s.requests, 0) / samples.length
    console.log(
      `\n${`${view}: ms from the move to…`.padEnd(LABEL)}${columnsOf(['p50', 'p95', 'max'])}`,
    )
    console.log(row('  the update on the page’s sync socket', pick('frame')))
    console.log(row('  the dashboard’s request starting', pick('requestStart')))
    console.log(row('  its answer in', pick('requestEnd')))
    console.log(row(`  the new figure on screen (${FIGURE[view]})`, pick('total')))
    console.log(`  dashboard requests per move: ${perMove.toFixed(1)}`)
  }
  console.log(`\nload average at the end ${loadAverage()}`)
  const sorted = all.map((s) => s.total).sort((a, b) => a - b)
  const p95 = percentile(sorted, 95)
  const max = sorted.at(-1)!
  const slowest = all.find((s) => s.total === max)!
  const at = (v: number | null) => (v === null ? 'n/a' : v.toFixed(0))
  console.log(
    `slowest move: on the socket at ${at(slowest.frame)} ms, request at ${at(slowest.requestStart)}, ` +
      `answer at ${at(slowest.requestEnd)}, on screen at ${at(slowest.total)}`,
  )
  console.log(
    `target: every move on screen within ${TARGET_MS} ms — ${max <= TARGET_MS ? 'met' : 'NOT met'} ` +
      `(p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms)`,
  )
  console.log(
    `dashboards-live: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, ` +
      `max ${max.toFixed(0)} ms over ${sorted.length} moves`,
  )
  estela.provider.destroy()
  estela.doc.destroy()
} finally {
  await browser?.close()
  await servers.stop()
}
