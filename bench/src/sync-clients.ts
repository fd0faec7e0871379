/**
 * One worker thread of `pnpm bench sync`: the movers and the decoding listeners (stock
 * y-websocket clients), or a share of the light sockets (raw `ws` connections that sync once
 * and then only receive, as most of a big room's browsers are idle tabs). Started by sync.ts;
 * talks to it by messages (see `Command` and `Reply`).
 *
 * Clock: every timestamp is `process.hrtime.bigint()`, i.e. libuv's uv_hrtime =
 * clock_gettime(CLOCK_MONOTONIC), the same clock performance.now() reads, but with one
 * origin for the whole machine, so a mover's stamp in one thread and a listener's in another
 * are directly comparable. A mover writes, per move, its start clock (Yjs clock of its
 * client id before the transaction) and the time just before the local transaction into
 * shared memory; a listener's deep observer on the card map stamps the time first, then
 * uses the transaction's before/after state vectors to say exactly which moves it carried.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { cardsMap, columns, moveCard } from '@pauta/board'
import type { Stage } from '@pauta/domain'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export type WorkerConfig = {
  index: number
  wsUrl: string
  boardId: string
  /** Mover slots in the shared arrays; only worker 0 has movers. */
  movers: Array<{ slot: number; token: string }>
  listenerTokens: string[]
  /** Light sockets: one token each (reused round robin by the caller). */
  lightTokens: string[]
  /** For the relay: the first listener of worker 0 starts with this state and pushes it. */
  seed: Uint8Array | null
  presence: 'stock' | 'off'
  batch: number
  movesPerSecondPerMover: number
  capacity: number
  shared: {
    /** BigInt64Array [movers × capacity]: hrtime of each move's local transaction. */
    t0: SharedArrayBuffer
    /** Float64Array [movers × capacity]: the mover's Yjs clock before each move. */
    clock: SharedArrayBuffer
    /** Int32Array [movers]: moves published so far per mover. */
    count: SharedArrayBuffer
    /** Float64Array [movers]: each mover's Yjs client id. */
    clientIds: SharedArrayBuffer
    /** Int32Array [movers]: the first move of each mover that counts (after the warm-up). */
    measuredFrom: SharedArrayBuffer
  }
  moverCount: number
  /** Cards every client should hold once synced (a light-only worker cannot count them). */
  expectCards: number
}

export type Command =
  | { type: 'connect' }
  | { type: 'start'; warmupMs: number; durationMs: number }
  | { type: 'progress' }
  | { type: 'report' }
  | { type: 'close' }

export type Reply =
  | {
      type: 'connected'
      clients: number
      failed: number
      retries: number
      ms: number
      minCards: number
    }
  | { type: 'moved'; made: number; noop: number; errors: number; maxLagMs: number }
  | { type: 'progress'; received: number; lightFrames: number }
  | {
      type: 'report'
      samples: Float64Array
      received: number
      listeners: number
      light: number
      lightFrames: number
      closes: Record<string, number>
      loopP99Ms: number
      loopMaxMs: number
    }
  | { type: 'closed' }
  | { type: 'error'; message: string }

type Client = { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<boolean> }
type Light = { socket: WebSocket; synced: Promise<boolean> }

const config = workerData as WorkerConfig
// Every stock provider adds a process 'exit' listener in Node.
process.setMaxListeners(0)
const port = parentPort!
const t0 = new BigInt64Array(config.shared.t0)
const clocks = new Float64Array(config.shared.clock)
const counts = new Int32Array(config.shared.count)
const clientIds = new Float64Array(config.shared.clientIds)
const measuredFrom = new Int32Array(config.shared.measuredFrom)
const M = config.moverCount
const CAP = config.capacity

const listeners: Client[] = []
const lights: Light[] = []
let lightFrames = 0
/** Connections a light socket tried again after one failed (closed before it synced). */
let retries = 0
let closing = false
/** Sync step 1 with an empty state vector: "send me the whole document". */
const EMPTY_STEP1 = new Uint8Array([0, 0, 1, 0])
const timers: NodeJS.Timeout[] = []
const movers: Array<Client & { slot: number }> = []
const closes: Record<string, number> = {}
let samples = new Float64Array(1 << 16)
let sampleCount = 0
let received = 0
const loop = monitorEventLoopDelay({ resolution: 10 })

function record(ms: number): void {
  if (sampleCount === samples.length) {
    const bigger = new Float64Array(samples.length * 2)
    bigger.set(samples)
    samples = bigger
  }
  samples[sampleCount++] = ms
}

/**
 * People come from many addresses; from one, a crowd would meet the servers' per-address
 * limits (Pauta's: at most 64 connections of one address waiting for their headers, 32
 * authenticating) rather than their speed. Each client binds a loopback address of its own
 * among 127.0.0.2–127.0.0.251 (all of 127/8 is loopback on Linux).
 */
let nextAddress = config.index * 97
function localAddress(): string {
  nextAddress = (nextAddress + 1) % 250
  return `127.0.0.${2 + nextAddress}`
}

/** The stock client's WebSocket, bound to a loopback address of its own. */
function boundWebSocket(address: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress: address })
    }
  } as unknown as typeof globalThis.WebSocket
}

function connect(token: string, seed: Uint8Array | null): Client {
  const doc = new Y.Doc()
  if (seed) Y.applyUpdate(doc, seed)
  const provider = new WebsocketProvider(config.wsUrl, config.boardId, doc, {
    WebSocketPolyfill: boundWebSocket(localAddress()),
    disableBc: true,
    params: { token },
  })
  // A stock client publishes `{}` as its presence; "off" makes it publish none.
  if (config.presence === 'off') provider.awareness.setLocalState(null)
  provider.on('connection-close', (event) => {
    const key = String(event?.code ?? 'none')
    closes[key] = (closes[key] ?? 0) + 1
  })
  const synced = new Promise<boolean>((resolve) => {
    if (provider.synced) return resolve(true)
    const timer = setTimeout(() => resolve(false), 60_000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
  if (config.presence === 'stock') {
    // A stock client renews its presence 15 s after it last set it. People join a board at
    // different moments, so their renewals are spread out; the bench connects everyone within
    // seconds, which would make every renewal land in the same second (N² messages at once, in
    // one client thread). One re-publish at a random moment in the first 15 s spreads them as
    // real arrivals would.
    const respread = setTimeout(() => {
      const state = provider.awareness.getLocalState()
      if (state !== null) provider.awareness.setLocalState(state)
    }, Math.random() * 15_000)
    respread.unref()
    timers.push(respread)
  }
  return { doc, provider, synced }
}

/**
 * A light socket: the protocol's least — asks for the document once (sync step 1 with an
 * empty state vector), counts itself synced at the first sync step 2, and from then on only
 * counts the frames it receives, decoding nothing. No presence. Like the stock client it
 * tries again after a failed connection, waiting 100 ms × 2^attempt (at most 2.5 s).
 */
function connectLight(token: string): Light {
  const address = localAddress()
  const url = `${config.wsUrl}/${config.boardId}?token=${encodeURIComponent(token)}`
  const light: Light = { socket: null as unknown as WebSocket, synced: Promise.resolve(false) }
  light.synced = new Promise<boolean>((resolve) => {
    let done = false
    let attempt = 0
    const timer = setTimeout(() => finish(false), 60_000)
    function finish(ok: boolean) {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(ok)
    }
    function open() {
      const socket = new WebSocket(url, { perMessageDeflate: false, localAddress: address })
      light.socket = socket
      socket.binaryType = 'nodebuffer'
      socket.on('open', () => socket.send(EMPTY_STEP1))
      socket.on('message', (data: Buffer) => {
        if (done) lightFrames++
        else if (data[0] === 0 && data[1] === 1) finish(true)
      })
      socket.on('error', () => {})
      socket.on('close', (code) => {
        closes[String(code)] = (closes[String(code)] ?? 0) + 1
        if (done || closing) return
        retries++
        setTimeout(open, Math.min(2500, 100 * 2 ** attempt++))
      })
    }
    open()
  })
  return light
}

/** A listener: stamps every transaction on the card map that carries one of the movers' moves. */
function listen(client: Client): void {
  const cursor = new Int32Array(M)
  cardsMap(client.doc).observeDeep((events) => {
    const now = process.hrtime.bigint()
    const tr = events[0]?.transaction
    if (!tr) return
    for (let m = 0; m < M; m++) {
      const id = clientIds[m]!
      if (id === 0) continue
      const after = tr.afterState.get(id) ?? 0
      const before = tr.beforeState.get(id) ?? 0
      if (after <= before) continue
      const published = Atomics.load(counts, m)
      let seq = cursor[m]!
      while (seq < published) {
        const slot = m * CAP + seq
        const start = clocks[slot]!
        if (start >= after) break
        if (start >= before && seq >= Atomics.load(measuredFrom, m)) {
          record(Number(now - Atomics.load(t0, slot)) / 1e6)
          received++
        }
        seq++
      }
      cursor[m] = seq
    }
  })
}

async function connectAll(): Promise<void> {
  const began = performance.now()
  let failed = 0
  const all: Array<{ token: string; mover: number | null; light?: true }> = [
    ...config.movers.map((m) => ({ token: m.token, mover: m.slot })),
    ...config.listenerTokens.map((token) => ({ token, mover: null })),
    ...config.lightTokens.map((token) => ({ token, mover: null, light: true as const })),
  ]
  let seed = config.seed
  const deadline = Date.now() + 10 * 60_000
  for (let i = 0; i < all.length && Date.now() < deadline; ) {
    // The seeding client goes alone, so that the room holds the board before anyone else syncs.
    const size = seed ? 1 : config.batch
    const batch = all.slice(i, i + size)
    i += batch.length
    const clients = batch.map((entry): { synced: Promise<boolean> } => {
      if (entry.light) {
        const light = connectLight(entry.token)
        lights.push(light)
        return light
      }
      const isSeed = entry.mover === null && seed !== null
      const client = connect(entry.token, isSeed ? seed : null)
      if (isSeed) seed = null
      if (entry.mover === null) {
        listeners.push(client)
        listen(client)
      } else {
        movers.push({ ...client, slot: entry.mover })
        clientIds[entry.mover] = client.doc.clientID
      }
      return client
    })
    const results = await Promise.all(clients.map((c) => c.synced))
    failed += results.filter((ok) => !ok).length
  }
  let minCards = Number.POSITIVE_INFINITY
  for (const c of [...movers, ...listeners]) minCards = Math.min(minCards, cardsMap(c.doc).size)
  if (listeners.length + movers.length === 0) minCards = config.expectCards
  reply({
    type: 'connected',
    clients: movers.length + listeners.length + lights.length,
    failed: failed + (all.length - movers.length - listeners.length - lights.length),
    retries,
    ms: performance.now() - began,
    minCards: Number.isFinite(minCards) ? minCards : 0,
  })
}

/**
 * Each mover reorders its own share of the cards inside their stage (allowed for the lead in
 * every stage) at a fixed rate, open loop: it never waits for an echo. Bounded by time and by
 * the shared arrays' capacity.
 */
async function runMovers(warmupMs: number, durationMs: number): Promise<void> {
  const periodMs = 1000 / config.movesPerSecondPerMover
  let made = 0
  let noop = 0
  let errors = 0
  let maxLagMs = 0
  const begin = performance.now()
  const measureAt = begin + warmupMs
  const end = measureAt + durationMs
  // Warm-up moves are made and delivered like the rest, but not counted: they warm the JIT
  // of this fresh thread (and of the server) so the window measures the steady state.
  const warm = setTimeout(() => {
    for (const mover of movers)
      Atomics.store(measuredFrom, mover.slot, Atomics.load(counts, mover.slot))
    made = 0
    noop = 0
    errors = 0
    maxLagMs = 0
    loop.reset()
    loop.enable()
  }, warmupMs)
  await Promise.all(
    movers.map(async (mover, k) => {
      const m = mover.slot
      // Stagger the movers across one period so the total rate is smooth.
      let next = begin + (periodMs * k) / Math.max(1, movers.length)
      let seq = 0
      let turn = 0
      while (seq < CAP && performance.now() < end) {
        const wait = next - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        if (performance.now() >= end) break
        maxLagMs = Math.max(maxLagMs, performance.now() - next)
        next += periodMs
        turn++
        const pick = pickMove(mover.doc, m, turn)
        if (!pick) {
          noop++
          continue
        }
        const slot = m * CAP + seq
        const clockBefore = Y.getState(mover.doc.store, mover.doc.clientID)
        clocks[slot] = clockBefore
        Atomics.store(t0, slot, process.hrtime.bigint())
        Atomics.store(counts, m, seq + 1)
        try {
          moveCard(mover.doc, pick.id, { stage: pick.stage, index: pick.index })
        } catch {
          errors++
        }
        if (Y.getState(mover.doc.store, mover.doc.clientID) === clockBefore) {
          Atomics.store(counts, m, seq) // nothing was sent: take the slot back
          noop++
          continue
        }
        seq++
        made++
      }
    }),
  )
  // Workers without movers (and movers that hit capacity) still watch their loop to the end.
  const left = end - performance.now()
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left))
  clearTimeout(warm)
  loop.disable()
  reply({ type: 'moved', made, noop, errors, maxLagMs })
}

/** Mover m's cards are every M-th card by id; it moves one to another place in its column. */
function pickMove(
  doc: Y.Doc,
  m: number,
  turn: number,
): { id: string; stage: Stage; index: number } | null {
  const cols = columns(doc)
  const mine: Array<{ id: string; stage: Stage; position: number; size: number }> = []
  for (const [stage, cards] of Object.entries(cols) as Array<[Stage, Array<{ id: string }>]>) {
    if (cards.length < 2) continue
    cards.forEach((card, position) => {
      if (hash(card.id) % M === m) mine.push({ id: card.id, stage, position, size: cards.length })
    })
  }
  if (mine.length === 0) return null
  const card = mine[(turn * 7919) % mine.length]!
  // A different slot of the same column (listed without the card: size − 1 cards, size slots).
  const offset = 1 + ((turn * 31) % (card.size - 1))
  return { id: card.id, stage: card.stage, index: (card.position + offset) % card.size }
}

function hash(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0
  return h
}

function closeAll(): void {
  for (const timer of timers.splice(0)) clearTimeout(timer)
  for (const c of [...movers, ...listeners]) {
    c.provider.destroy()
    c.doc.destroy() // also stops the awareness timer
  }
  closing = true
  for (const light of lights) light.socket.terminate()
  movers.length = 0
  listeners.length = 0
  lights.length = 0
}

function reply(message: Reply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer)
}

port.on('message', (command: Command) => {
  const run = async () => {
    switch (command.type) {
      case 'connect':
        return connectAll()
      case 'start':
        return runMovers(command.warmupMs, command.durationMs)
      case 'progress':
        return reply({ type: 'progress', received, lightFrames })
      case 'report': {
        const out = samples.slice(0, sampleCount)
        return reply(
          {
            type: 'report',
            samples: out,
            received,
            listeners: listeners.length,
            light: lights.length,
            lightFrames,
            closes,
            loopP99Ms: loop.percentile(99) / 1e6,
            loopMaxMs: loop.max / 1e6,
          },
          [out.buffer],
        )
      }
      case 'close':
        closeAll()
        return reply({ type: 'closed' })
    }
  }
  run().catch((error: unknown) => reply({ type: 'error', message: String(error) }))
})
