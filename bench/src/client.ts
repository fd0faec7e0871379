/**
 * `pnpm bench client`: the web app as a person gets it, in Chromium (playwright-core, Debian's
 * /usr/bin/chromium, the e2e flags) against Pauta started as the other benchmarks start it
 * (its own process, the demo workspace, a fresh data directory, the built web app).
 *
 * Two boards: one of `CARDS` cards spread over the stages as a year of work leaves them
 * (written through a y-websocket client, as the app writes them), and the demo board. For each,
 * `RUNS` visits (after `WARMUP` untimed ones), each in a fresh browser context signed in as
 * demo@pauta.app:
 *
 * - cold: navigate to the board; time to the first card painted and to "online";
 * - second visit: reload in the same context (the offline copy in IndexedDB, the HTTP cache);
 *   the same two times, what the connection status said when the first card was painted,
 *   and where the time went (resource timings, the offline copy's read, the socket);
 * - the JS heap after that load (CDP, after a garbage collection);
 * - `DRAGS` mouse drags of a card across four columns (cancelled with Escape): frame times;
 * - the search, typed one character at a time (`QUERY`), and a few filter changes: time from
 *   the input event to the paint of the board that shows its result.
 *
 * Every time is read in the page (performance.now(), whose origin is the navigation's start).
 * "Painted" is the end of the first frame that holds the change: a task posted from the
 * requestAnimationFrame callback of the frame after the DOM changed runs once that frame's
 * style, layout and paint are done.
 *
 * Env: RUNS=5  WARMUP=1  CARDS=5000  DRAGS=3  QUERY=reel  BOARDS=big,demo  MAX_S (watchdog)
 *      CHROMIUM_PATH=/usr/bin/chromium  SEED=1
 * Targets (printed, never enforced): first card < 1.5 s cold and < 0.5 s from the local copy,
 * drag frame p95 < 16 ms (read on rAF deltas as no frame missed at 60 Hz, see ONE_FRAME_MS),
 * search keystroke to paint < 50 ms.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cardsMap, keyBetween, newCardId } from '@pauta/board'
import { type Card, cardDefaults, type MonitoringNote, NETWORKS, type Stage } from '@pauta/domain'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import * as Y from 'yjs'
import { CHROMIUM_PATH, launchChromium } from './chromium.ts'
import { stockProvider, trpc } from './pauta-client.ts'
import { deadline, killChildren, startPauta } from './server-process.ts'

const root = path.resolve(import.meta.dirname, '../..')
// the server serves WEB_DIST when it is set (a build to compare with), apps/web/dist otherwise
const WEB_INDEX = path.join(
  path.resolve(root, process.env.WEB_DIST ?? 'apps/web/dist'),
  'index.html',
)

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`)
  return value
}
const RUNS = Math.max(1, Math.trunc(env('RUNS', 5)))
const WARMUP = Math.trunc(env('WARMUP', 1))
const CARDS = Math.max(1, Math.trunc(env('CARDS', 5000)))
const DRAGS = Math.trunc(env('DRAGS', 3))
const QUERY = process.env.QUERY ?? 'reel'
const SEED = Math.trunc(env('SEED', 1))
const BOARDS = (process.env.BOARDS ?? 'big,demo').split(',').map((b) => b.trim())
if (!BOARDS.every((b) => b === 'big' || b === 'demo'))
  throw new Error('BOARDS lists big and/or demo')
const MAX_S = env('MAX_S', 300 + (RUNS + WARMUP) * BOARDS.length * 90)
const PROFILE = process.env.PROFILE ? path.resolve(process.env.PROFILE) : null
const VIEWPORT = { width: 1440, height: 900 }
const EMAIL = 'demo@pauta.app'
const PASSWORD = 'pauta-demo'

const TARGETS = { coldMs: 1500, localMs: 500, dragP95Ms: 16, keyMs: 50 }
/**
 * Headless Chromium draws at 60 Hz: a frame's rAF delta is 16.7 ms when none is missed and
 * never less, so the drag target (p95 under 16 ms) is read on the deltas as "no frame missed
 * at p95": up to this.
 */
const ONE_FRAME_MS = 17

if (!existsSync(WEB_INDEX)) {
  console.error(
    `bench client: the web app is not built (${WEB_INDEX} is missing).\n` +
      'Build it first: pnpm --filter @pauta/web build',
  )
  process.exit(1)
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(
    `bench client: no Chromium at ${CHROMIUM_PATH} (scripts/ensure-chromium.sh installs it)`,
  )
  process.exit(1)
}
deadline(MAX_S, 'bench client')

// --- helpers ---------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
const median = (values: readonly number[]) => percentile(values, 50)
const worst = (values: readonly number[]) => (values.length ? Math.max(...values) : Number.NaN)
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a')

/** A small seeded generator (mulberry32): the same board for the same SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function client(wsUrl: string, boardId: string, token: string) {
  const { doc, provider } = stockProvider(wsUrl, boardId, token)
  let closed: string | null = null
  // a refusal (4xxx) is final; anything else the provider reconnects from and syncs again
  provider.on('connection-close', (event) => {
    if (event && event.code >= 4000) closed = `${event.code} ${event.reason}`
  })
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sync within 60 s')), 60_000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return {
    doc,
    synced,
    closed: () => closed,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

// --- the big board ---------------------------------------------------------------------------

/** How a board a team has worked for a year spreads its cards (most are done and watched). */
const SPREAD: ReadonlyArray<readonly [Stage, number]> = [
  ['strategy', 0.1],
  ['plan', 0.16],
  ['calendar', 0.22],
  ['published', 0.12],
  ['monitored', 0.36],
  ['escalated', 0.04],
]
const FORMATS = ['Reel', 'Carrusel', 'Hilo', 'Video', 'Post', 'Historia', 'Encuesta', 'Artículo']
const TOPICS = [
  'el cold brew embotellado',
  'café de olla en casa',
  'la nueva sede Centro',
  'arte latte con clientes',
  'nuestros caficultores',
  'el tueste de cada lote',
  'maridaje con chocolate',
  'opciones sin lactosa',
  'el horario de temporada',
  'la taza edición limitada',
  'baristas de fin de semana',
  'la molienda correcta',
]
const TAGS = ['video', 'receta', 'origen', 'promo', 'educativo', 'producto', 'marca', 'ugc']
const REASONS = [
  'Cliente molesto, pide reembolso; respuesta de la marca necesaria.',
  'Muchas consultas iguales: falta una respuesta oficial.',
  'Comentario viral sobre precios; revisar el tono.',
]

interface Member {
  id: string
  roles: readonly string[]
}

/**
 * Writes `count` cards in one pass, 250 per transaction (an update message each), as a lead
 * creates them: every stage's required fields filled, the server's stamps left empty. Calendar,
 * published and later stages are spread over the community managers; monitored posts carry a
 * note or two.
 */
async function createCards(
  doc: Y.Doc,
  userId: string,
  members: readonly Member[],
  campaigns: readonly string[],
  count: number,
): Promise<Record<Stage, number>> {
  const rand = random(SEED)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!
  const cms = members.filter((m) => m.roles.includes('cm')).map((m) => m.id)
  const assignees = cms.length > 0 ? cms : [userId]
  const last = new Map<Stage, string | null>()
  const counts = Object.fromEntries(SPREAD.map(([stage]) => [stage, 0])) as Record<Stage, number>
  const now = Date.now()
  const iso = (offsetDays: number) => new Date(now + offsetDays * 86_400_000).toISOString()
  const stageOf = () => {
    let x = rand()
    for (const [stage, share] of SPREAD) {
      x -= share
      if (x < 0) return stage
    }
    return SPREAD.at(-1)![0]
  }
  for (let from = 0; from < count; from += 250) {
    doc.transact(() => {
      for (let i = from; i < Math.min(count, from + 250); i++) {
        const stage = stageOf()
        counts[stage]++
        const order = keyBetween(last.get(stage) ?? null, null)!
        last.set(stage, order)
        const later = stage !== 'strategy' && stage !== 'plan'
        const out = stage === 'published' || stage === 'monitored' || stage === 'escalated'
        const monitoring: MonitoringNote[] =
          stage === 'monitored'
            ? Array.from({ length: 1 + Math.floor(rand() * 2) }, (_, n) => ({
                at: iso(-20 + n),
                by: userId,
                reach: Math.floor(rand() * 20_000),
                engagement: Math.floor(rand() * 2_000),
                comments: Math.floor(rand() * 80),
                sentiment: pick(['positive', 'neutral', 'negative', 'mixed'] as const),
                text: 'Buena respuesta en comentarios; repetir el formato.',
              }))
            : []
        const card: Card = {
          ...cardDefaults(),
          id: newCardId(),
          title: `${pick(FORMATS)}: ${pick(TOPICS)} (${i + 1})`,
          description: `Texto de la publicación ${i + 1}, con enlace a la tienda y una llamada a la acción.`,
          stage,
          order,
          network: pick(NETWORKS),
          assigneeId: later || rand() < 0.5 ? pick(assignees) : null,
          scheduledAt: later ? iso(out ? -30 + rand() * 29 : 1 + rand() * 60) : null,
          publishedAt: out ? iso(-30 + rand() * 29) : null,
          publishedUrl: out ? `https://www.instagram.com/p/bench${i + 1}/` : null,
          tags: [...new Set([pick(TAGS), pick(TAGS)])],
          campaign: campaigns.length > 0 && rand() < 0.4 ? pick(campaigns) : null,
          escalationReason: stage === 'escalated' ? pick(REASONS) : null,
          severity:
            stage === 'escalated' ? pick(['low', 'medium', 'high', 'crisis'] as const) : null,
          escalatedAt: stage === 'escalated' ? iso(-rand() / 4) : null,
          monitoring,
          createdAt: iso(-60),
          createdBy: userId,
        }
        const entry = new Y.Map<unknown>()
        for (const [key, value] of Object.entries(card)) entry.set(key, value)
        cardsMap(doc).set(card.id, entry as never)
      }
    })
    await sleep(10)
  }
  return counts
}

// --- in the page -----------------------------------------------------------------------------
// Scripts run in the page as plain strings: functions compiled by tsx may carry helpers the
// page does not have.

/** `afterPaint(cb)`: cb(time) once the next frame (its style, layout and paint) is done. */
const AFTER_PAINT = `(cb) => requestAnimationFrame(() => {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => cb(performance.now())
  channel.port2.postMessage(null)
})`

/**
 * Installed before the app's scripts on every navigation: the first card (in the DOM, then
 * painted), the connection status, the offline copy's read (y-indexeddb reads a board's
 * updates with one getAll on its "updates" store) and the sync socket.
 */
const INSTRUMENT = `(() => {
  const afterPaint = ${AFTER_PAINT}
  const b = (window.__bench = {
    afterPaint, firstCardDom: null, firstCard: null, statusAtFirstCard: null,
    live: null, syncingShown: null, idb: [], sockets: [],
  })
  const observer = new MutationObserver(() => {
    const status = document.querySelector('[data-testid="connection-status"]')
    if (status && b.syncingShown === null && status.getAttribute('data-status') === 'syncing')
      b.syncingShown = performance.now()
    if (b.firstCardDom === null && document.querySelector('[data-testid="card"]')) {
      b.firstCardDom = performance.now()
      b.statusAtFirstCard = status ? status.getAttribute('data-status') : 'none'
      afterPaint((t) => { b.firstCard = t })
    }
    if (b.live === null && status && status.getAttribute('data-status') === 'online')
      b.live = performance.now()
    if (b.firstCardDom !== null && b.live !== null) observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] })
  const getAll = IDBObjectStore.prototype.getAll
  IDBObjectStore.prototype.getAll = function (...args) {
    const started = performance.now()
    const request = getAll.apply(this, args)
    if (this.name === 'updates')
      request.addEventListener('success', () =>
        b.idb.push({ started, ended: performance.now(), updates: request.result.length }))
    return request
  }
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      const socket = { url: String(args[0]), created: performance.now(), opened: null }
      b.sockets.push(socket)
      this.addEventListener('open', () => { socket.opened = performance.now() })
    }
  }
})()`

interface VisitFigures {
  firstCard: number
  firstCardDom: number
  live: number
  statusAtFirstCard: string | null
  syncingShown: number | null
  /** milestones of the load, ms from navigation start */
  timeline: Record<string, number>
}

const READ_VISIT = `(() => {
  const b = window.__bench
  const entries = performance.getEntriesByType('resource')
  const end = (test) => {
    const entry = entries.find((e) => test(e.name))
    return entry ? entry.responseEnd : null
  }
  const nav = performance.getEntriesByType('navigation')[0]
  const sync = b.sockets.find((s) => s.url.includes('/sync'))
  const timeline = {
    'index.html': nav ? nav.responseEnd : null,
    'app script': end((n) => /\\/assets\\/index-[^/]*\\.js$/.test(n)),
    'auth.me': end((n) => n.includes('/trpc/') && n.includes('auth.me')),
    'board chunk': end((n) => /\\/assets\\/BoardPage-[^/]*\\.js$/.test(n)),
    'boards.get': end((n) => n.includes('/trpc/') && n.includes('boards.get')),
    'copy read from': b.idb[0] ? b.idb[0].started : null,
    'copy read to': b.idb[0] ? b.idb[0].ended : null,
    'socket created': sync ? sync.created : null,
    'socket open': sync && sync.opened !== null ? sync.opened : null,
  }
  for (const key of Object.keys(timeline)) if (timeline[key] === null) delete timeline[key]
  return {
    firstCard: b.firstCard, firstCardDom: b.firstCardDom, live: b.live,
    statusAtFirstCard: b.statusAtFirstCard, syncingShown: b.syncingShown, timeline,
  }
})()`

async function waitForVisit(page: Page): Promise<VisitFigures> {
  await page.waitForFunction(
    '(() => { const b = window.__bench; return b && b.firstCard !== null && b.live !== null })()',
    undefined,
    { timeout: 120_000, polling: 50 },
  )
  return (await page.evaluate(READ_VISIT)) as VisitFigures
}

/** Until the offline copy holds the board: y-indexeddb stored updates, and no new ones for 300 ms. */
async function waitForOfflineCopy(page: Page, boardId: string): Promise<void> {
  const count = `new Promise((resolve) => {
    const open = indexedDB.open(${JSON.stringify(`pauta-board-${boardId}`)})
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('updates')) { db.close(); resolve(0); return }
      const request = db.transaction('updates').objectStore('updates').count()
      request.onsuccess = () => { db.close(); resolve(request.result) }
      request.onerror = () => { db.close(); resolve(0) }
    }
    open.onerror = () => resolve(0)
  })`
  let previous = -1
  const until = Date.now() + 60_000
  for (;;) {
    const n = (await page.evaluate(count)) as number
    if (n > 0 && n === previous) return
    if (Date.now() > until) throw new Error('the offline copy was not written within 60 s')
    previous = n
    await sleep(300)
  }
}

/** JS heap in use after a garbage collection, MiB. */
async function heapMiB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const { metrics } = await cdp.send('Performance.getMetrics')
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN
    return used / 1024 / 1024
  } finally {
    await cdp.detach()
  }
}

// --- a drag ----------------------------------------------------------------------------------

/**
 * Frames while the drag runs: every rAF's delta to the previous one (the frame interval, which
 * a 60 Hz display keeps at 16.7 ms when no frame is missed) and its work (from the frame's
 * start, the rAF timestamp, to the end of its rendering: a task posted from the callback).
 */
const START_FRAMES = `(() => {
  const frames = (window.__frames = { deltas: [], work: [], running: true })
  let last = null
  const loop = (ts) => {
    if (!frames.running) return
    if (last !== null) frames.deltas.push(ts - last)
    last = ts
    const channel = new MessageChannel()
    channel.port1.onmessage = () => { if (frames.running) frames.work.push(performance.now() - ts) }
    channel.port2.postMessage(null)
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
})()`
const STOP_FRAMES = `(() => { window.__frames.running = false; return window.__frames })()`

interface Frames {
  deltas: number[]
  work: number[]
}

const DRAG_PATH: Stage[] = ['plan', 'calendar', 'published', 'monitored']

/** Picks up the first card of strategy and carries it over four columns, then Escape. */
async function drag(page: Page): Promise<Frames> {
  const card = page.locator('[data-testid="column-strategy"] [data-testid="card"]').first()
  await card.scrollIntoViewIfNeeded()
  const box = await card.boundingBox()
  if (!box) throw new Error('no card in strategy to drag')
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  const targets: Array<{ x: number; y: number }> = []
  for (const stage of DRAG_PATH) {
    const column = await page.getByTestId(`column-${stage}`).boundingBox()
    if (!column) throw new Error(`column ${stage} is not on screen`)
    targets.push({ x: column.x + column.width / 2, y: column.y + Math.min(column.height / 2, 200) })
  }
  await page.mouse.move(from.x, from.y)
  await sleep(100)
  await page.evaluate(START_FRAMES)
  await page.mouse.down()
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 2 })
  await page.mouse.move(from.x + 12, from.y + 12, { steps: 2 })
  for (const to of targets) await page.mouse.move(to.x, to.y, { steps: 15 })
  const dragging = await page.locator('[data-drop]').count()
  await page.keyboard.press('Escape')
  await page.mouse.up()
  await sleep(100)
  const frames = (await page.evaluate(STOP_FRAMES)) as Frames
  if (dragging === 0)
    throw new Error('the drag did not start (no column was marked as a drop target)')
  await page.locator('[data-drop]').first().waitFor({ state: 'detached' })
  return frames
}

// --- a keystroke or a filter change ---------------------------------------------------------

/**
 * Watches the page from the next keydown or input event: every DOM change is recorded with a
 * signature of what the board shows (each column's count and first card, the filter's status)
 * and the time its frame was painted.
 */
const START_CHANGE = `(() => {
  const afterPaint = window.__bench.afterPaint
  const change = (window.__change = { start: null, batches: [] })
  const first = (e) => { if (change.start === null) change.start = e.timeStamp }
  addEventListener('keydown', first, { capture: true, once: true })
  addEventListener('input', first, { capture: true, once: true })
  const signature = () => {
    const parts = []
    for (const column of document.querySelectorAll('main.board > section.column')) {
      const count = column.querySelector('.column-count')
      const card = column.querySelector('[data-testid="card"]')
      parts.push((count ? count.textContent : '') + ':' + (card ? card.getAttribute('data-card-id') : ''))
    }
    const status = document.querySelector('.board-filters-status [role="status"]')
    parts.push(status ? status.textContent : '')
    return parts.join('|')
  }
  change.signature = signature
  change.observer = new MutationObserver(() => {
    const batch = { signature: signature(), dom: performance.now(), paint: null }
    change.batches.push(batch)
    afterPaint((t) => { batch.paint = t })
  })
  change.observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
})()`

/**
 * Once the page has been quiet for 400 ms: the time from the event to the paint of the first
 * frame that showed the board as it ended up.
 */
const SETTLED_CHANGE = `(() => {
  const change = window.__change
  const last = change.batches.at(-1)
  if (change.start === null || !last || last.paint === null) return null
  if (performance.now() - last.dom < 400) return null
  change.observer.disconnect()
  const final = change.signature()
  const shown = change.batches.find((b) => b.signature === final && b.dom >= change.start)
  return shown && shown.paint !== null ? shown.paint - change.start : -1
})()`

async function timeChange(page: Page, act: () => Promise<void>): Promise<number> {
  await page.evaluate(START_CHANGE)
  await act()
  const until = Date.now() + 15_000
  for (;;) {
    await sleep(100)
    const ms = (await page.evaluate(SETTLED_CHANGE)) as number | null
    if (ms !== null) {
      if (ms < 0) throw new Error('the board never showed its final state after the change')
      return ms
    }
    if (Date.now() > until) throw new Error('the board did not settle within 15 s of the change')
  }
}

/** Types QUERY one character at a time (each timed), then clears the search. */
async function search(page: Page): Promise<number[]> {
  if (QUERY === '') return []
  const box = page.getByTestId('board-search')
  await box.click()
  await sleep(200)
  const times: number[] = []
  for (const char of QUERY) {
    times.push(await timeChange(page, () => page.keyboard.type(char)))
  }
  await timeChange(page, () => box.press('Escape'))
  return times
}

/** Network filter: instagram, tiktok, facebook, then back to every network; each timed. */
async function filters(page: Page): Promise<number[]> {
  const select = page.getByTestId('board-filter-network')
  const times: number[] = []
  for (const value of ['instagram', 'tiktok', 'facebook', '']) {
    times.push(await timeChange(page, () => select.selectOption(value).then(() => {})))
  }
  return times
}

// --- a run -----------------------------------------------------------------------------------

interface Run {
  cold: VisitFigures
  local: VisitFigures
  heapMiB: number
  dragP95: number[]
  dragMax: number[]
  workP95: number[]
  workMax: number[]
  missed: number
  frames: number
  keys: number[]
  filters: number[]
}

/** Runs `act` under the DevTools CPU profiler and saves the profile to `file`. */
async function withProfile<T>(
  context: BrowserContext,
  page: Page,
  file: string,
  act: () => Promise<T>,
): Promise<T> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  try {
    return await act()
  } finally {
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
    await cdp.detach()
    console.log(`  CPU profile: ${file}`)
  }
}

async function signIn(browser: Browser, url: string) {
  const context = await browser.newContext({ baseURL: url, viewport: VIEWPORT, locale: 'en-US' })
  const page = await context.newPage()
  await page.goto('/sign-in')
  await page.locator('input[name="email"]').fill(EMAIL)
  await page.locator('input[name="password"]').fill(PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'))
  const state = await context.storageState()
  await context.close()
  return state
}

async function run(
  browser: Browser,
  url: string,
  storageState: Awaited<ReturnType<typeof signIn>>,
  boardId: string,
  interact: boolean,
  /** where to save CPU profiles of the second visit, a drag and the search (`<prefix>-….cpuprofile`), or null */
  profile: string | null,
): Promise<Run> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: VIEWPORT,
    locale: 'en-US',
    storageState,
  })
  context.setDefaultTimeout(60_000)
  try {
    await context.addInitScript(INSTRUMENT)
    const page = await context.newPage()
    await page.goto(`/b/${boardId}`)
    const cold = await waitForVisit(page)
    await waitForOfflineCopy(page, boardId)
    const profiled = <T>(what: string, act: () => Promise<T>) =>
      profile ? withProfile(context, page, `${profile}-${what}.cpuprofile`, act) : act()
    const local = await profiled('second-visit', async () => {
      await page.reload()
      return waitForVisit(page)
    })
    await sleep(300)
    const heap = await heapMiB(context, page)
    const result: Run = {
      cold,
      local,
      heapMiB: heap,
      dragP95: [],
      dragMax: [],
      workP95: [],
      workMax: [],
      missed: 0,
      frames: 0,
      keys: [],
      filters: [],
    }
    if (!interact) return result
    for (let i = 0; i < DRAGS; i++) {
      const frames = i === 0 ? await profiled('drag', () => drag(page)) : await drag(page)
      result.dragP95.push(percentile(frames.deltas, 95))
      result.dragMax.push(worst(frames.deltas))
      result.workP95.push(percentile(frames.work, 95))
      result.workMax.push(worst(frames.work))
      result.frames += frames.deltas.length
      result.missed += frames.deltas.filter((d) => d > 20).length
      await sleep(300)
    }
    result.keys = await profiled('search', () => search(page))
    result.filters = await filters(page)
    return result
  } finally {
    await context.close()
  }
}

// --- main ------------------------------------------------------------------------------------

console.log(
  `bench client: ${RUNS} runs (+${WARMUP} warm-up) per board; boards ${BOARDS.join(', ')}; ${DRAGS} drags, search "${QUERY}" per run; Chromium ${CHROMIUM_PATH} ${VIEWPORT.width}×${VIEWPORT.height}`,
)
const started = performance.now()
const t = () => `[${((performance.now() - started) / 1000).toFixed(0)} s]`
const pauta = await startPauta()
let browser: Browser | undefined
try {
  const boards = JSON.parse(await pauta.cli('board', 'list', '--json')) as Array<{
    id: string
    name: string
    workspaceId?: string
  }>
  const demo = boards[0]
  if (!demo) throw new Error('no demo board')
  const token = await pauta.cli('token', 'create', EMAIL)
  const me = await trpc<{ id: string }>(pauta.url, token, 'auth.me')

  const targets: Array<{ name: string; id: string; cards: string }> = []
  if (BOARDS.includes('big')) {
    const info = await trpc<{ workspaceId: string; members: Member[]; campaigns: string[] }>(
      pauta.url,
      token,
      'boards.get',
      { boardId: demo.id },
      { query: true },
    )
    const big = await trpc<{ id: string }>(pauta.url, token, 'boards.create', {
      workspaceId: info.workspaceId,
      name: `Bench ${CARDS}`,
    })
    const creator = client(pauta.wsUrl, big.id, token)
    const watcher = client(pauta.wsUrl, big.id, token)
    await Promise.all([creator.synced, watcher.synced])
    const createStart = performance.now()
    const counts = await createCards(creator.doc, me.id, info.members, info.campaigns, CARDS)
    const until = Date.now() + 300_000
    while (cardsMap(watcher.doc).size < CARDS) {
      const closed = creator.closed() ?? watcher.closed()
      if (closed) throw new Error(`the server closed a seeding connection: ${closed}`)
      if (Date.now() > until) throw new Error(`${CARDS} cards did not reach the server in 300 s`)
      await sleep(50)
    }
    const bytes = Y.encodeStateAsUpdate(watcher.doc).byteLength
    creator.destroy()
    watcher.destroy()
    const spread = Object.entries(counts)
      .map(([stage, n]) => `${stage} ${n}`)
      .join(', ')
    console.log(
      `${t()} board "Bench ${CARDS}" written through Pauta in ${((performance.now() - createStart) / 1000).toFixed(1)} s: ${spread}; ${(bytes / 1024 / 1024).toFixed(2)} MiB as an update`,
    )
    targets.push({ name: `${CARDS} cards`, id: big.id, cards: spread })
  }
  if (BOARDS.includes('demo')) {
    const probe = client(pauta.wsUrl, demo.id, token)
    await probe.synced
    const n = cardsMap(probe.doc).size
    probe.destroy()
    targets.push({ name: 'demo board', id: demo.id, cards: `${n} cards` })
  }

  browser = await launchChromium()
  const storageState = await signIn(browser, pauta.url)

  const report: string[] = []
  const verdicts: string[] = []
  for (const target of targets) {
    const runs: Run[] = []
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const warm = i < WARMUP
      // profiles of the first timed run
      const profile = PROFILE && i === WARMUP ? path.join(PROFILE, target.id) : null
      if (PROFILE) mkdirSync(PROFILE, { recursive: true })
      const r = await run(browser, pauta.url, storageState, target.id, !warm, profile)
      console.log(
        `${t()} ${target.name}, ${warm ? 'warm-up' : `run ${i - WARMUP + 1}`}: first card cold ${f(r.cold.firstCard)} ms, local ${f(r.local.firstCard)} ms (status ${r.local.statusAtFirstCard}); live ${f(r.cold.live)} / ${f(r.local.live)} ms`,
      )
      if (!warm) runs.push(r)
    }
    const row = (label: string, values: number[], unit = 'ms', d = 0) =>
      `  ${label.padEnd(42)} ${f(median(values), d).padStart(7)} ${f(worst(values), d).padStart(7)}  ${unit}`
    const all = (pick: (r: Run) => number[]) => runs.flatMap(pick)
    const coldFirst = runs.map((r) => r.cold.firstCard)
    const localFirst = runs.map((r) => r.local.firstCard)
    const dragP95 = all((r) => r.dragP95)
    const workP95 = all((r) => r.workP95)
    const keys = all((r) => r.keys)
    const syncingAtLocal = runs.filter((r) => r.local.statusAtFirstCard === 'syncing').length
    report.push('')
    report.push(`${target.name} (${target.cards}), ${runs.length} runs:`)
    report.push(`  ${''.padEnd(42)} ${'median'.padStart(7)} ${'worst'.padStart(7)}`)
    report.push(row('first card painted, cold', coldFirst))
    report.push(
      row(
        'live (online), cold',
        runs.map((r) => r.cold.live),
      ),
    )
    report.push(row('first card painted, second visit (local)', localFirst))
    report.push(
      row(
        'live (online), second visit',
        runs.map((r) => r.local.live),
      ),
    )
    report.push(row('drag: frame interval p95 (rAF delta)', dragP95))
    report.push(
      row(
        'drag: frame interval max',
        all((r) => r.dragMax),
      ),
    )
    report.push(row('drag: frame work p95 (start → painted)', workP95))
    report.push(
      row(
        'drag: frame work max',
        all((r) => r.workMax),
      ),
    )
    report.push(row(`search keystroke → paint ("${QUERY}")`, keys))
    report.push(
      row(
        'filter change → paint (network)',
        all((r) => r.filters),
      ),
    )
    report.push(
      row(
        'JS heap after load (after GC)',
        runs.map((r) => r.heapMiB),
        'MiB',
        1,
      ),
    )
    const frames = runs.reduce((n, r) => n + r.frames, 0)
    const missed = runs.reduce((n, r) => n + r.missed, 0)
    report.push(`  drag frames: ${frames}, of which ${missed} over 20 ms (a missed frame at 60 Hz)`)
    report.push(
      `  second visit: first card shown while the status said "syncing" in ${syncingAtLocal}/${runs.length} runs (${runs.map((r) => r.local.statusAtFirstCard).join(', ')})`,
    )
    // where the median visit's time went
    const timeline = (visit: (r: Run) => VisitFigures) => {
      const keys = Object.keys(visit(runs[0]!).timeline)
      return [
        ...keys.map(
          (k) => [k, median(runs.map((r) => visit(r).timeline[k] ?? Number.NaN))] as const,
        ),
        ['first card in DOM', median(runs.map((r) => visit(r).firstCardDom))] as const,
        ['first card painted', median(runs.map((r) => visit(r).firstCard))] as const,
        ['online', median(runs.map((r) => visit(r).live))] as const,
      ]
        .sort((a, b) => a[1] - b[1])
        .map(([k, v]) => `${k} ${f(v)}`)
        .join(' → ')
    }
    report.push(`  cold, medians from navigation start: ${timeline((r) => r.cold)} ms`)
    report.push(`  second visit, medians from navigation start: ${timeline((r) => r.local)} ms`)
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met')
    verdicts.push(
      `${target.name}: first card cold < ${TARGETS.coldMs} ms: ${met(median(coldFirst) < TARGETS.coldMs)} (median ${f(median(coldFirst))}, worst ${f(worst(coldFirst))}); from the local copy < ${TARGETS.localMs} ms: ${met(median(localFirst) < TARGETS.localMs)} (median ${f(median(localFirst))}, worst ${f(worst(localFirst))})`,
      `${target.name}: drag frame p95 < ${TARGETS.dragP95Ms} ms (rAF delta; no frame missed at 60 Hz, ≤ ${ONE_FRAME_MS} ms): ${met(median(dragP95) <= ONE_FRAME_MS)} (median ${f(median(dragP95), 1)}, worst ${f(worst(dragP95), 1)}; frame work p95 ${f(median(workP95), 1)}); search keystroke → paint < ${TARGETS.keyMs} ms: ${met(median(keys) < TARGETS.keyMs)} (median ${f(median(keys))}, worst ${f(worst(keys))})`,
    )
  }
  for (const line of report) console.log(line)
  console.log('')
  for (const line of verdicts) console.log(`target: ${line}`)
  console.log(`${t()} done`)
} finally {
  await browser?.close().catch(() => {})
  await pauta.stop().catch(() => {})
  killChildren()
}
