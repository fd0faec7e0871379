/**
 * `pnpm bench sync`: document propagation through Pauta and through a bare y-websocket relay
 * (bare-relay.ts), in the same run, with real clients on loopback.
 *
 * For each load (clients × changes per second): one writer (a stock y-websocket client)
 * reorders cards inside their stage at a fixed rate, open loop; a few decoding listeners
 * (stock clients, applying every change to their document) stamp each change as it arrives;
 * every other client is a light socket (raw `ws`: syncs once, then only receives). Latency =
 * time from the writer's local transaction to a decoding listener's deep observer on the card
 * map seeing it (see sync-clients.ts for the clock). Per server: connect time of all clients,
 * p50/p99/max over every (change, decoding listener) pair, changes/s made and delivered,
 * server CPU (from /proc/<pid>/stat) and peak RSS (VmRSS sampled every 100 ms). Then the time
 * a fresh client needs to sync a 5,000-card board, from constructing the provider to its
 * 'sync' event.
 *
 * Env: LOADS=200x50,2000x5 (clients x changes/s)  MOVERS=1  DECODERS=8  DURATION_S=20
 *      PRESENCE=auto|stock|off (stock: each stock client publishes `{}` and renews it every
 *      15 s, spread over those 15 s as people joining at different times would; auto: stock
 *      below 1,000 clients, off from 1,000, see presenceFor; light sockets publish none)
 *      CARDS=5000  FIRST_SYNC_RUNS=5  WARMUP_S=2  SETTLE_S (0.5 + clients/500)  DRAIN_S=5
 *      BATCH=2000 (clients connecting at once per thread: all, as after a deploy)  PROFILE=<dir> (Pauta runs with
 *      --cpu-prof into <dir>; the top frames are printed at the end)  MAX_S (watchdog)
 */
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { cardsMap, keyBetween, newCardId, stageSlots } from '@pauta/board'
import { type Card, cardDefaults, type Stage } from '@pauta/domain'
import * as Y from 'yjs'
import { printTopFrames, type Window } from './cpu-profile.ts'
import { stockProvider, trpc } from './pauta-client.ts'
import {
  cpuSeconds,
  deadline,
  killChildren,
  memory,
  startPauta,
  startRelay,
} from './server-process.ts'
import type { Command, Reply, WorkerConfig } from './sync-clients.ts'

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`)
  return value
}
/** The loads to run: clients and the writers' changes per second (all writers together). */
const LOADS = (process.env.LOADS ?? '200x50,2000x5').split(',').map((text) => {
  const match = /^\s*(\d+)\s*x\s*(\d+(?:\.\d+)?)\s*$/.exec(text)
  if (!match) throw new Error(`LOADS: "${text}" is not <clients>x<changes per second>`)
  return { clients: Number(match[1]), rate: Number(match[2]) }
})
const SIZES = LOADS.map((load) => load.clients)
const DURATION_S = env('DURATION_S', 20)
const MOVERS = Math.max(1, env('MOVERS', 1))
/** Stock clients that apply every change and time it; the rest of a load are light sockets. */
const DECODERS = Math.max(1, env('DECODERS', 8))
const PRESENCE_ENV = process.env.PRESENCE ?? 'auto'
if (!['auto', 'stock', 'off'].includes(PRESENCE_ENV))
  throw new Error('PRESENCE is auto, stock or off')
/**
 * Stock presence costs every client a message per renewal of every other client: at 2,000
 * clients that is ~270,000 presence states a second for this bench's two client threads to
 * decode — the threads, not the server, would be measured (each browser would decode only its
 * own 133). `auto` keeps stock presence below 1,000 clients and turns it off from there.
 */
const presenceFor = (n: number): 'stock' | 'off' =>
  PRESENCE_ENV === 'auto' ? (n < 1000 ? 'stock' : 'off') : (PRESENCE_ENV as 'stock' | 'off')
const CARDS = env('CARDS', 5000)
const FIRST_SYNC_RUNS = Math.max(1, env('FIRST_SYNC_RUNS', 5))
const DRAIN_S = env('DRAIN_S', 5)
const WARMUP_S = env('WARMUP_S', 2)
const BATCH = Math.max(1, env('BATCH', 2000))
const MAX_S = env(
  'MAX_S',
  120 +
    SIZES.reduce((sum, n) => sum + 2 * (WARMUP_S + DURATION_S + DRAIN_S + 120 + n / 10), 0) +
    300,
)
const settleFor = (n: number) => env('SETTLE_S', 0.5 + n / 500)

if (LOADS.some((load) => load.clients < MOVERS + 1 || !(load.rate > 0)))
  throw new Error(`every load needs more than ${MOVERS} clients and a positive rate`)
deadline(MAX_S, 'bench sync')

// --- limits ----------------------------------------------------------------------------------

function checkLimits(): void {
  const biggest = Math.max(...SIZES)
  const limits = readFileSync('/proc/self/limits', 'utf8')
  const files = Number(/^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1] ?? 'NaN')
  // This process holds one socket per client; each server one per connection (it inherits
  // our limit). A few hundred more for Node, the database and the CLI.
  if (Number.isFinite(files) && files < biggest + 500) {
    throw new Error(
      `open-file limit ${files} is too low for ${biggest} clients: raise it (ulimit -n ${biggest * 2 + 1000}) and run again`,
    )
  }
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number)
  const ports = (high ?? 0) - (low ?? 0) + 1
  // Each size connects to both servers; closed client ports sit in TIME_WAIT for a minute.
  const needed = 2 * SIZES.reduce((a, b) => a + b, 0) + 100
  if (ports < needed)
    console.warn(`warning: ${ports} ephemeral ports, about ${needed} needed in a minute`)
  console.log(
    `limits: open files ${files}, ephemeral ports ${ports} (${low}–${high}); biggest run ${biggest} clients`,
  )
}

// --- helpers ---------------------------------------------------------------------------------

function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function client(wsUrl: string, boardId: string, token: string, doc = new Y.Doc()) {
  const { provider } = stockProvider(wsUrl, boardId, token, doc)
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sync within 120 s')), 120_000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  const destroy = () => {
    provider.destroy()
    doc.destroy()
  }
  return { doc, provider, synced, destroy }
}

async function waitFor(what: string, ms: number, test: () => boolean): Promise<void> {
  const until = Date.now() + ms
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** A client worker thread running sync-clients.ts through tsx. */
class ClientWorker {
  readonly worker: Worker
  #waiters: Array<{
    type: Reply['type']
    resolve: (r: Reply) => void
    reject: (e: Error) => void
  }> = []

  constructor(config: WorkerConfig) {
    const api = import.meta.resolve('tsx/esm/api')
    const target = new URL('./sync-clients.ts', import.meta.url).href
    this.worker = new Worker(
      `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`,
      { eval: true, workerData: config },
    )
    this.worker.on('message', (reply: Reply) => {
      if (reply.type === 'error') {
        for (const w of this.#waiters.splice(0)) w.reject(new Error(reply.message))
        return
      }
      const index = this.#waiters.findIndex((w) => w.type === reply.type)
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(reply)
    })
    const fail = (error: Error) => {
      for (const w of this.#waiters.splice(0)) w.reject(error)
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => fail(new Error(`client worker exited (${code})`)))
  }

  ask<T extends Reply['type']>(
    command: Command,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command.type}: no answer`)), timeoutMs)
      this.#waiters.push({
        type,
        resolve: (r) => {
          clearTimeout(timer)
          resolve(r as Extract<Reply, { type: T }>)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.worker.postMessage(command)
    })
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed', 30_000).catch(() => {})
    await this.worker.terminate()
  }
}

// --- one measured run ------------------------------------------------------------------------

type Target = { name: 'pauta' | 'relay'; wsUrl: string; pid: number }

type Row = {
  server: string
  clients: number
  rate: number
  movers: number
  decoders: number
  light: number
  connectS: number
  /** Server CPU seconds (user + system) spent while the clients connected. */
  connectCpuS: number
  failed: number
  /** Light sockets that had to connect again (closed or reset before they synced). */
  retries: number
  made: number
  movesPerS: number
  delivered: number
  deliveredPerS: number
  /** Frames the light sockets received in the window, per light socket per change made. */
  lightPerMove: number
  p50: number
  p90: number
  p99: number
  max: number
  serverCpu: number
  serverRssPeak: number
  benchCpu: number
  loopP99: number
  loopMax: number
  moverLag: number
  closes: Record<string, number>
  /** The measured window, in µs of CLOCK_MONOTONIC (for the CPU profile). */
  window: Window
}

async function measure(
  target: Target,
  load: { clients: number; rate: number },
  boardId: string,
  tokens: { mover: string; listeners: string[] },
  seed: Uint8Array | null,
  expectCards: number,
): Promise<Row> {
  const n = load.clients
  const rate = load.rate
  const moverCount = Math.min(MOVERS, n - 1)
  const decoderCount = Math.min(DECODERS, n - moverCount)
  const lightCount = n - moverCount - decoderCount
  const capacity = Math.ceil((rate / moverCount) * (WARMUP_S + DURATION_S + 1)) + 16
  const shared = {
    t0: new SharedArrayBuffer(8 * moverCount * capacity),
    clock: new SharedArrayBuffer(8 * moverCount * capacity),
    count: new SharedArrayBuffer(4 * moverCount),
    clientIds: new SharedArrayBuffer(8 * moverCount),
    measuredFrom: new SharedArrayBuffer(4 * moverCount),
  }
  new Int32Array(shared.measuredFrom).fill(capacity) // nothing counts before the warm-up ends
  const pick = (i: number) => tokens.listeners[i % tokens.listeners.length]!
  const common = {
    wsUrl: target.wsUrl,
    boardId,
    presence: presenceFor(n),
    batch: BATCH,
    movesPerSecondPerMover: rate / moverCount,
    capacity,
    shared,
    moverCount,
    expectCards,
  }
  // Thread 0: the writers and the decoding listeners, so a stamp is never late because a
  // thread was busy with sockets that are not measured. Thread 1: the light sockets.
  const workers: ClientWorker[] = [
    new ClientWorker({
      ...common,
      index: 0,
      movers: Array.from({ length: moverCount }, (_, slot) => ({ slot, token: tokens.mover })),
      listenerTokens: Array.from({ length: decoderCount }, (_, i) => pick(i)),
      lightTokens: [],
      seed,
    }),
  ]
  if (lightCount > 0)
    workers.push(
      new ClientWorker({
        ...common,
        index: 1,
        movers: [],
        listenerTokens: [],
        lightTokens: Array.from({ length: lightCount }, (_, i) => pick(i)),
        seed: null,
      }),
    )
  try {
    // Thread 0 first: for the relay it holds the client that brings the board.
    const connectStart = performance.now()
    const connectCpu0 = cpuSeconds(target.pid)
    const connectMs = 15 * 60_000
    const first = await workers[0]!.ask({ type: 'connect' }, 'connected', connectMs)
    const rest = await Promise.all(
      workers.slice(1).map((w) => w.ask({ type: 'connect' }, 'connected', connectMs)),
    )
    const connected = [first, ...rest]
    const connectS = (performance.now() - connectStart) / 1000
    const connectCpuS = cpuSeconds(target.pid) - connectCpu0
    const failed = connected.reduce((s, c) => s + c.failed, 0)
    const retries = connected.reduce((s, c) => s + c.retries, 0)
    const minCards = Math.min(...connected.map((c) => c.minCards))
    if (minCards < expectCards)
      console.warn(`  warning: a client synced only ${minCards} of ${expectCards} cards`)
    await sleep(settleFor(n) * 1000)

    let cpu0 = 0
    let self0 = 0
    let began = 0
    let light0 = 0
    let rssPeak = 0
    const sampler = setInterval(() => {
      if (began > 0) rssPeak = Math.max(rssPeak, memory(target.pid).rss)
    }, 100)
    const lightFrames = async () =>
      (await Promise.all(workers.map((w) => w.ask({ type: 'progress' }, 'progress', 30_000))))
        .map((p) => p.lightFrames)
        .reduce((a, b) => a + b, 0)
    // CPU, memory and the move rate are measured from the end of the warm-up.
    let began0Us = 0
    const measuring = setTimeout(() => {
      began0Us = Number(process.hrtime.bigint() / 1000n)
      cpu0 = cpuSeconds(target.pid)
      self0 = cpuSeconds('self')
      began = performance.now()
      rssPeak = memory(target.pid).rss
      void lightFrames().then((count) => {
        light0 = count
      })
    }, WARMUP_S * 1000)
    try {
      const moved = await Promise.all(
        workers.map((w) =>
          w.ask(
            { type: 'start', warmupMs: WARMUP_S * 1000, durationMs: DURATION_S * 1000 },
            'moved',
            (WARMUP_S + DURATION_S) * 1000 + 60_000,
          ),
        ),
      )
      const made = moved.reduce((s, m) => s + m.made, 0)
      const moverLag = Math.max(...moved.map((m) => m.maxLagMs))
      const movedAt = performance.now()
      const expected = made * decoderCount
      const drainUntil = Date.now() + DRAIN_S * 1000
      for (;;) {
        const progress = await Promise.all(
          workers.map((w) => w.ask({ type: 'progress' }, 'progress', 30_000)),
        )
        if (progress.reduce((s, p) => s + p.received, 0) >= expected) break
        if (Date.now() > drainUntil) break
        await sleep(100)
      }
      const elapsed = (performance.now() - began) / 1000
      const serverCpu = ((cpuSeconds(target.pid) - cpu0) / elapsed) * 100
      const benchCpu = ((cpuSeconds('self') - self0) / elapsed) * 100
      clearInterval(sampler)
      rssPeak = Math.max(rssPeak, memory(target.pid).rss)

      const reports = await Promise.all(
        workers.map((w) => w.ask({ type: 'report' }, 'report', 60_000)),
      )
      const total = reports.reduce((s, r) => s + r.samples.length, 0)
      const all = new Float64Array(total)
      let offset = 0
      for (const r of reports) {
        all.set(r.samples, offset)
        offset += r.samples.length
      }
      all.sort()
      const closes: Record<string, number> = {}
      for (const r of reports)
        for (const [code, count] of Object.entries(r.closes))
          closes[code] = (closes[code] ?? 0) + count
      const received = reports.reduce((s, r) => s + r.received, 0)
      const lightReceived = reports.reduce((s, r) => s + r.lightFrames, 0) - light0
      const moveWindow = (movedAt - began) / 1000
      return {
        server: target.name,
        clients: n,
        rate,
        movers: moverCount,
        decoders: decoderCount,
        light: lightCount,
        connectS,
        connectCpuS,
        failed,
        retries,
        made,
        movesPerS: made / moveWindow,
        delivered: expected === 0 ? 1 : received / expected,
        // Moves every listener got, per second of moving: the sustained rate.
        deliveredPerS: (expected === 0 ? 0 : (received / expected) * made) / moveWindow,
        lightPerMove:
          lightCount === 0 || made === 0 ? Number.NaN : lightReceived / lightCount / made,
        p50: percentile(all, 50),
        p90: percentile(all, 90),
        p99: percentile(all, 99),
        max: all.length ? all[all.length - 1]! : Number.NaN,
        serverCpu,
        serverRssPeak: rssPeak,
        benchCpu,
        loopP99: Math.max(...reports.map((r) => r.loopP99Ms)),
        loopMax: Math.max(...reports.map((r) => r.loopMaxMs)),
        moverLag,
        closes,
        window: { from: began0Us, to: Number(process.hrtime.bigint() / 1000n) },
      }
    } finally {
      clearInterval(sampler)
      clearTimeout(measuring)
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
    await sleep(500) // let the server see the sockets go
  }
}

/**
 * The clients, not the server, limited this run: their event loop lagged (a listener stamps
 * late) or the movers fell behind the rate.
 */
function clientBound(r: Row): boolean {
  return r.loopP99 > 20 || r.made < 0.95 * r.rate * DURATION_S
}

// --- first sync of a big board ---------------------------------------------------------------

/**
 * Writes `count` cards as createCard does (same fields, an order key after the stage's last),
 * 250 per transaction, i.e. 250 per update message. Not through createCard itself: it sorts
 * the whole stage for every new card, which makes 5,000 cards take ~9 s in the client alone.
 * The server judges every card against the card schema, so a wrong shape would be refused.
 */
async function createCards(doc: Y.Doc, userId: string, count: number): Promise<void> {
  const stages: Stage[] = ['strategy', 'plan', 'calendar']
  const last = new Map<Stage, string | null>()
  for (const stage of stages)
    last.set(stage, stageSlots(doc, stage, { includeArchived: true }).at(-1)?.order ?? null)
  const now = new Date().toISOString()
  for (let from = 0; from < count; from += 250) {
    doc.transact(() => {
      for (let i = from; i < Math.min(count, from + 250); i++) {
        const stage = stages[i % stages.length]!
        const order = keyBetween(last.get(stage) ?? null, null)!
        last.set(stage, order)
        const card: Card = {
          ...cardDefaults(),
          id: newCardId(),
          title: `Publicación ${i}: campaña de temporada`,
          description: `Borrador del texto de la publicación ${i}, con enlace y llamada a la acción.`,
          stage,
          order,
          network: 'instagram',
          assigneeId: userId,
          scheduledAt: '2026-12-01T10:00:00.000Z',
          tags: ['bench', `lote-${Math.floor(i / 250)}`],
          campaign: 'Bench',
          createdAt: now,
          createdBy: userId,
        }
        const entry = new Y.Map<unknown>()
        for (const [key, value] of Object.entries(card)) entry.set(key, value)
        cardsMap(doc).set(card.id, entry as never)
      }
    })
    // Let the socket drain between updates rather than queueing the whole board at once.
    await sleep(10)
  }
}

async function timeFirstSyncs(wsUrl: string, boardId: string, token: string) {
  const times: number[] = []
  for (let i = 0; i < FIRST_SYNC_RUNS; i++) {
    const start = performance.now()
    const c = client(wsUrl, boardId, token)
    await c.synced
    times.push(performance.now() - start)
    const size = cardsMap(c.doc).size
    c.destroy()
    if (size < CARDS) throw new Error(`a fresh client synced ${size} of ${CARDS} cards`)
    await sleep(200)
  }
  times.sort((a, b) => a - b)
  return { median: percentile(times, 50), min: times[0]!, max: times.at(-1)! }
}

/** Creates a CARDS-card board through Pauta, then times fresh clients' first sync on both servers. */
async function firstSyncOfBigBoard(
  board: { id: string; workspaceId?: string },
  tokens: { mover: string; listeners: string[] },
  userId: string,
  pauta: { url: string; wsUrl: string },
  relay: { wsUrl: string },
  t: () => string,
) {
  console.log(`${t()} first sync of a ${CARDS}-card board`)
  const workspaceId =
    board.workspaceId ??
    (await trpc<Array<{ id: string }>>(pauta.url, tokens.mover, 'workspaces.list'))[0]!.id
  const big = await trpc<{ id: string }>(pauta.url, tokens.mover, 'boards.create', {
    workspaceId,
    name: `Bench ${CARDS}`,
  })
  const watcher = client(pauta.wsUrl, big.id, tokens.listeners[2]!)
  const creator = client(pauta.wsUrl, big.id, tokens.mover)
  await Promise.all([watcher.synced, creator.synced])
  const createStart = performance.now()
  await createCards(creator.doc, userId, CARDS)
  await waitFor(`${CARDS} cards through Pauta`, 300_000, () => cardsMap(watcher.doc).size >= CARDS)
  const createS = (performance.now() - createStart) / 1000
  const state = Y.encodeStateAsUpdate(watcher.doc)
  creator.destroy()
  const pautaFirst = await timeFirstSyncs(pauta.wsUrl, big.id, tokens.listeners[3]!)
  watcher.destroy()
  const seeder = client(relay.wsUrl, big.id, 'none', new Y.Doc())
  Y.applyUpdate(seeder.doc, state)
  await seeder.synced
  await sleep(500)
  const relayFirst = await timeFirstSyncs(relay.wsUrl, big.id, 'none')
  seeder.destroy()

  return { bytes: state.byteLength, createS, pautaFirst, relayFirst }
}

// --- main ------------------------------------------------------------------------------------

checkLimits()
console.log(
  `bench sync: ${LOADS.map((l) => `${l.clients} clients × ${l.rate} changes/s`).join(', ')}; ${DURATION_S} s each; ${MOVERS} writer(s), ${DECODERS} decoding listeners, the rest light sockets; presence ${PRESENCE_ENV === 'auto' ? 'stock below 1,000 clients, off from 1,000' : PRESENCE_ENV}`,
)
const started = performance.now()
const t = () => `[${((performance.now() - started) / 1000).toFixed(0)} s]`
const PROFILE = process.env.PROFILE
const rows: Row[] = []
const [pauta, relay] = await Promise.all([
  startPauta(PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {}),
  startRelay(),
])
try {
  const boards = JSON.parse(await pauta.cli('board', 'list', '--json')) as Array<{
    id: string
    workspaceId?: string
  }>
  const board = boards[0]
  if (!board) throw new Error('no demo board')
  const emails = ['demo', 'estela', 'marco', 'carla', 'diego'].map((u) => `${u}@pauta.app`)
  // ~1.5 s per CLI call: one token per person, reused by many connections.
  const issued = await Promise.all(emails.map((e) => pauta.cli('token', 'create', e)))
  const tokens = { mover: issued[0]!, listeners: issued }
  const me = await trpc<{ id: string }>(pauta.url, tokens.mover, 'auth.me')

  // The demo board as Pauta serves it: the relay gets exactly this state, pushed by its first client.
  const probe = client(pauta.wsUrl, board.id, tokens.mover)
  await probe.synced
  const demoCards = cardsMap(probe.doc).size
  probe.destroy()
  console.log(
    `${t()} demo board ${board.id}: ${demoCards} cards; servers: pauta pid ${pauta.pid}, relay pid ${relay.pid}`,
  )

  for (const load of LOADS) {
    const n = load.clients
    for (const target of [
      { name: 'pauta', wsUrl: pauta.wsUrl, pid: pauta.pid },
      { name: 'relay', wsUrl: relay.wsUrl, pid: relay.pid },
    ] as const) {
      let seed: Uint8Array | null = null
      if (target.name === 'relay') {
        // The board as it is now on Pauta (the moves of earlier runs included).
        const s = client(pauta.wsUrl, board.id, tokens.mover)
        await s.synced
        seed = Y.encodeStateAsUpdate(s.doc)
        s.destroy()
      }
      console.log(`${t()} ${target.name}, ${n} clients × ${load.rate} changes/s`)
      const row = await measure(target, load, board.id, tokens, seed, demoCards)
      rows.push(row)
      console.log(
        `  connected in ${row.connectS.toFixed(2)} s (${row.failed} failed, ${row.retries} retried); ${row.made} changes; p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms; delivered ${(row.delivered * 100).toFixed(2)} %; light sockets got ${row.lightPerMove.toFixed(2)} frames per change; closes ${JSON.stringify(row.closes)}`,
      )
    }
  }

  // First sync of a 5,000-card board, created through a client (CARDS=0 skips it).
  const firstSync =
    CARDS > 0 ? await firstSyncOfBigBoard(board, tokens, me.id, pauta, relay, t) : null

  // --- report ---------------------------------------------------------------------------------
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a')
  console.log('')
  console.log(
    `server  clients  changes/s  decoders  light  connect s (srv CPU s)  delivered  p50 ms   p90 ms   p99 ms   max ms    srv CPU %  srv RSS MiB  bench CPU %  client loop p99/max ms`,
  )
  for (const r of rows) {
    console.log(
      [
        r.server.padEnd(6),
        String(r.clients).padStart(7),
        f(r.deliveredPerS, 1).padStart(9),
        String(r.decoders).padStart(8),
        String(r.light).padStart(5),
        `${f(r.connectS)} (${f(r.connectCpuS)})`.padStart(19),
        `${f(r.delivered * 100, 2)} %`.padStart(10),
        f(r.p50).padStart(7),
        f(r.p90).padStart(8),
        f(r.p99).padStart(8),
        f(r.max).padStart(8),
        f(r.serverCpu, 0).padStart(10),
        f(r.serverRssPeak, 0).padStart(12),
        f(r.benchCpu, 0).padStart(12),
        `${f(r.loopP99, 1)}/${f(r.loopMax, 1)}`.padStart(14),
        clientBound(r) ? '  ! client-bound: do not trust' : '',
      ].join('  '),
    )
  }
  if (firstSync) {
    const { bytes, createS, pautaFirst, relayFirst } = firstSync
    console.log(
      `first sync of ${CARDS} cards (${(bytes / 1024 / 1024).toFixed(2)} MiB as an update; created through Pauta in ${createS.toFixed(1)} s), provider constructed → 'sync', ${FIRST_SYNC_RUNS} fresh clients each:`,
    )
    console.log(
      `  pauta median ${f(pautaFirst.median, 0)} ms (min ${f(pautaFirst.min, 0)}, max ${f(pautaFirst.max, 0)}); relay median ${f(relayFirst.median, 0)} ms (min ${f(relayFirst.min, 0)}, max ${f(relayFirst.max, 0)}); ratio ${f(pautaFirst.median / relayFirst.median)}×`,
    )
  }

  // Targets (reported, not enforced): p50 and p99 within 1.2× the relay at every load,
  // connecting the biggest load within 1.5×.
  console.log('')
  const verdicts: boolean[] = []
  for (const load of LOADS) {
    const a = rows.find(
      (r) => r.server === 'pauta' && r.clients === load.clients && r.rate === load.rate,
    )!
    const b = rows.find(
      (r) => r.server === 'relay' && r.clients === load.clients && r.rate === load.rate,
    )!
    const p50 = a.p50 / b.p50
    const p99 = a.p99 / b.p99
    const connect = a.connectS / b.connectS
    const held = a.failed === 0 && a.delivered > 0.999
    // Server CPU per change: less sensitive than latency to whatever else the machine runs.
    const cpuPerChange = (r: Row) => (r.serverCpu * 10) / r.movesPerS
    const met = p50 <= 1.2 && p99 <= 1.2 && held
    verdicts.push(met)
    console.log(
      `target ${load.clients} × ${load.rate}/s: p50 ${f(a.p50)} vs ${f(b.p50)} ms (${f(p50)}×), p99 ${f(a.p99)} vs ${f(b.p99)} ms (${f(p99)}×), all held: ${met ? 'met' : 'NOT met'}; connect ${f(a.connectS)} vs ${f(b.connectS)} s (${f(connect)}×); server CPU per change ${f(cpuPerChange(a))} vs ${f(cpuPerChange(b))} ms${clientBound(a) || clientBound(b) ? ' — client-bound, rerun on a quiet machine' : ''}`,
    )
  }
  const biggest = LOADS.reduce((x, y) => (y.clients > x.clients ? y : x))
  const bigA = rows.find((r) => r.server === 'pauta' && r.clients === biggest.clients)!
  const bigB = rows.find((r) => r.server === 'relay' && r.clients === biggest.clients)!
  const connectRatio = bigA.connectS / bigB.connectS
  console.log(
    `target connect ${biggest.clients} clients within 1.5× the relay: ${connectRatio <= 1.5 ? 'met' : 'NOT met'} (${f(bigA.connectS)} s vs ${f(bigB.connectS)} s, ${f(connectRatio)}×)`,
  )
  console.log(
    `sync: ${verdicts.every(Boolean) && connectRatio <= 1.5 ? 'all targets met' : 'targets NOT met'} — ${LOADS.map(
      (l) => {
        const a = rows.find((r) => r.server === 'pauta' && r.clients === l.clients)!
        const b = rows.find((r) => r.server === 'relay' && r.clients === l.clients)!
        return `${l.clients}×${l.rate}: p50 ${f(a.p50 / b.p50)}×, p99 ${f(a.p99 / b.p99)}×`
      },
    ).join('; ')}; connect ${f(connectRatio)}×`,
  )
} finally {
  await relay.stop().catch(() => {})
  await pauta.stop().catch(() => {})
  killChildren()
}
// Written by the server as it exits.
if (PROFILE) {
  for (const load of LOADS) {
    const row = rows.find((r) => r.server === 'pauta' && r.clients === load.clients)
    if (!row) continue
    console.log(`\nPauta's CPU profile, ${load.clients} clients × ${load.rate} changes/s:`)
    printTopFrames(PROFILE, 30, [row.window])
  }
}
// Nothing of ours should be left running; do not wait for stray timers in the stock client.
process.exit(0)
