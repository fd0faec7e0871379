/**
 * `pnpm bench fuzz`: random and mutated frames against Pauta's /sync/<boardId>, before and
 * after authentication, while watching that the server stays up and responsive.
 *
 * Seeds are real frames captured from a stock y-websocket client and the server (sync step
 * 1/2, an update of a real move, awareness, the full board as step 2) plus query-awareness
 * and auth. Each fuzz frame is one of: the seed as is, bytes flipped, truncated, extended,
 * random bytes (log-uniform length up to 64 KiB), a huge varint written over the header, a
 * length prefix that lies, two seeds spliced, a message repeated, a text frame, an empty
 * frame, and rarely 3 MiB (over maxPayload). Connections come in four kinds:
 *   after-auth  editor token; frames sent after the server's greeting (sync step 1)
 *   pre-auth    editor token; frames sent the moment the socket opens (queued by the server)
 *   read-only   client-role token, after the greeting
 *   no-auth     no token or a forged one
 * A closed connection is replaced by a new one. Meanwhile, every 50 ms: a stock client's
 * awareness round trip to a second stock client, a sync step 1 → step 2 round trip on its
 * own connection (through the room's queue), and GET /healthz. Memory from /proc.
 *
 * Env: FRAMES=10000  CONCURRENCY=8  MAX_S=300 (fuzzing time limit)  SEED (random seed)
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { columns, moveCard } from '@pauta/board'
import * as encoding from 'lib0/encoding'
import WebSocket, { type RawData } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Probe, ProbeConfig, ProbeReport } from './fuzz-probe.ts'
import { deadline, killChildren, memory, startPauta } from './server-process.ts'

if (process.env.MODE === 'hostile') {
  // Valid credentials, crafted card values: a mode of its own (fuzz-hostile.ts).
  await import('./fuzz-hostile.ts')
  process.exit(process.exitCode ?? 0)
}

const FRAMES = Number(process.env.FRAMES ?? 10_000)
const CONCURRENCY = Math.max(1, Number(process.env.CONCURRENCY ?? 8))
const MAX_S = Number(process.env.MAX_S ?? 300)
const PING_MS = 50
const STALL_MS = 100
deadline(MAX_S + 180, 'bench fuzz')

// --- a seeded random source (mulberry32), so a failing run can be replayed with SEED=… ----------
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
let rngState = SEED >>> 0
function random(): number {
  rngState = (rngState + 0x6d2b79f5) >>> 0
  let t = rngState
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (n: number) => Math.floor(random() * n)
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = int(256)
  return out
}
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data)

// --- mutations --------------------------------------------------------------------------------

type Frame = { data: Uint8Array | string; kind: string }

function hugeVarint(): Uint8Array {
  // 2^70-ish: more than lib0 can hold in a number; or just past 2^53; or a 2^32 length.
  return pick([
    new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]),
    new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]),
  ])
}

function mutate(seeds: readonly Uint8Array[]): Frame {
  const seed = pick(seeds)
  const r = random()
  if (r < 0.06) return { data: seed, kind: 'valid' }
  if (r < 0.26) {
    const out = seed.slice()
    for (let i = 1 + int(8); i > 0 && out.length > 0; i--) out[int(out.length)]! ^= 1 << int(8)
    return { data: out, kind: 'flip' }
  }
  if (r < 0.38) return { data: seed.slice(0, int(seed.length)), kind: 'truncate' }
  if (r < 0.48) return { data: concat(seed, randomBytes(1 + int(1024))), kind: 'extend' }
  if (r < 0.62) {
    // log-uniform length from 1 byte to 64 KiB, sometimes behind a plausible header
    const body = randomBytes(Math.floor(2 ** (random() * 16)))
    const header = pick([[], [0], [0, 0], [0, 1], [0, 2], [1], [3]].map((h) => new Uint8Array(h)))
    return { data: concat(header, body), kind: 'random' }
  }
  if (r < 0.72) {
    const at = int(Math.min(3, seed.length + 1))
    return { data: concat(seed.slice(0, at), hugeVarint(), seed.slice(at)), kind: 'varint' }
  }
  if (r < 0.8) {
    // Header kept, the length prefix replaced by a lie (huge, or a little too long)
    const isSync = seed[0] === 0
    const header = seed.slice(0, isSync ? 2 : 1)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, pick([2 ** 31, 2 ** 40, seed.length + 1 + int(100)]))
    return {
      data: concat(header, encoding.toUint8Array(encoder), seed.slice(header.length + 1)),
      kind: 'length',
    }
  }
  if (r < 0.86) {
    const other = pick(seeds)
    return {
      data: concat(seed.slice(0, int(seed.length + 1)), other.slice(int(other.length + 1))),
      kind: 'splice',
    }
  }
  if (r < 0.9) return { data: concat(seed, seed), kind: 'repeat' }
  if (r < 0.94) return { data: Buffer.from(seed).toString('latin1'), kind: 'text' }
  if (r < 0.99) return { data: new Uint8Array(0), kind: 'empty' }
  if (r < 0.995) return { data: new Uint8Array(3 * 1024 * 1024).fill(int(256)), kind: 'oversize' }
  return { data: concat(new Uint8Array([0, 2]), hugeVarint()), kind: 'varint' }
}

// --- the classifier thread ---------------------------------------------------------------------

/** A worker thread running one of our .ts files through tsx. */
function startThread(file: string, data?: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api')
  const target = new URL(file, import.meta.url).href
  return new Worker(
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`,
    { eval: true, workerData: data },
  )
}

class Classifier {
  #worker = this.#start()
  #next = 0
  #start(): Worker {
    return startThread('./fuzz-classify.ts')
  }
  /** true/false per frame; null when the decoder did not finish within 5 s (a hang). */
  classify(frames: Frame[]): Promise<boolean[] | null> {
    const id = this.#next++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#worker.off('message', onMessage)
        void this.#worker.terminate()
        this.#worker = this.#start()
        resolve(null)
      }, 5_000)
      const onMessage = (m: { id: number; wellFormed: boolean[] }) => {
        if (m.id !== id) return
        clearTimeout(timer)
        this.#worker.off('message', onMessage)
        resolve(m.wellFormed)
      }
      this.#worker.on('message', onMessage)
      this.#worker.postMessage({ id, frames: frames.map((f) => f.data) })
    })
  }
  stop() {
    return this.#worker.terminate()
  }
}

// --- setup ------------------------------------------------------------------------------------

const pauta = await startPauta()
let crashed: string | null = null
pauta.child.once('exit', (code, signal) => {
  crashed = `exited with ${code ?? signal}`
})

function stockClient(token: string, boardId: string, polyfill: typeof WebSocket = WebSocket) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(pauta.wsUrl, boardId, doc, {
    WebSocketPolyfill: polyfill as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no sync in 30 s')), 30_000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return { doc, provider, synced }
}

try {
  const [board] = JSON.parse(await pauta.cli('board', 'list', '--json')) as Array<{ id: string }>
  if (!board) throw new Error('no demo board')
  const [editor, reader] = await Promise.all([
    pauta.cli('token', 'create', 'demo@pauta.app'),
    pauta.cli('token', 'create', 'lucia@pauta.app'),
  ])
  const wsBase = `${pauta.wsUrl}/${board.id}`

  // Capture real frames in both directions through a recording WebSocket.
  const captured: Uint8Array[] = []
  class Recording extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols)
      this.on('message', (data: RawData) => captured.push(toBytes(data)))
    }
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array || data instanceof ArrayBuffer)
        captured.push(new Uint8Array(data instanceof ArrayBuffer ? data : data.slice()))
      ;(super.send as (...args: unknown[]) => void)(data, ...rest)
    }
  }
  const recorder = stockClient(editor, board.id, Recording as unknown as typeof WebSocket)
  await recorder.synced
  recorder.provider.awareness.setLocalState({ cursor: { x: 10, y: 20 }, card: null })
  const plan = columns(recorder.doc).plan
  moveCard(recorder.doc, plan[0]!.id, { stage: 'plan', index: plan.length })
  await sleep(500)
  recorder.provider.destroy()
  recorder.doc.destroy()
  const seeds = [
    ...captured,
    new Uint8Array([3]), // query awareness
    new Uint8Array([2, 0]), // auth
    new Uint8Array([0, 0, 0]), // step 1, empty state vector
  ].filter((s) => s.length > 0)
  console.log(
    `seeds: ${seeds.length} captured/real frames (${seeds.map((s) => `${s[0]}${s[0] === 0 ? `.${s[1]}` : ''}:${s.length}B`).join(' ')})`,
  )

  // --- monitors: in a thread of their own (fuzz-probe.ts) ---------------------------------------
  const rss = { start: memory(pauta.pid).rss, peak: 0, end: 0, hwm: 0 }
  rss.peak = rss.start
  const sendLog: Array<{ at: number; mode: string; frame: Frame }> = []
  const probe = startThread('./fuzz-probe.ts', {
    url: pauta.url,
    wsUrl: pauta.wsUrl,
    boardId: board.id,
    editor,
    reader,
    intervalMs: PING_MS,
  } satisfies ProbeConfig)
  await new Promise((resolve, reject) => {
    probe.once('message', resolve)
    probe.once('error', reject)
  })
  const memoryTimer = setInterval(() => {
    if (!crashed) rss.peak = Math.max(rss.peak, memory(pauta.pid).rss)
  }, 100)

  // --- fuzzing ----------------------------------------------------------------------------------
  type Mode = 'after-auth' | 'pre-auth' | 'read-only' | 'no-auth'
  const closes = new Map<Mode, Map<string, number>>()
  const kinds = new Map<string, number>()
  let budget = FRAMES
  let sent = 0
  let connections = 0
  let openedFailed = 0
  let leftOpenWellFormed = 0
  const offendingOpen: Array<{ mode: Mode; kinds: string[] }> = []
  let classifierHangs = 0
  const classifier = new Classifier()
  const stopAt = Date.now() + MAX_S * 1000

  const count = (mode: Mode, code: string) => {
    const m = closes.get(mode) ?? new Map<string, number>()
    m.set(code, (m.get(code) ?? 0) + 1)
    closes.set(mode, m)
  }

  async function oneConnection(): Promise<void> {
    const mode = pick<Mode>([
      'after-auth',
      'after-auth',
      'pre-auth',
      'pre-auth',
      'read-only',
      'no-auth',
    ])
    const query =
      mode === 'no-auth'
        ? pick(['', `?token=pta_${Buffer.from(randomBytes(24)).toString('hex')}`, '?token='])
        : `?token=${encodeURIComponent(mode === 'read-only' ? reader : editor)}`
    const ws = new WebSocket(`${wsBase}${query}`)
    ws.on('error', () => {})
    connections++
    let greeted = false
    ws.on('message', () => {
      greeted = true
    })
    const closed = new Promise<string>((resolve) =>
      ws.once('close', (code) => resolve(String(code))),
    )
    const opened = await Promise.race([
      new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))),
      closed.then(() => false),
      sleep(10_000).then(() => false),
    ])
    if (!opened) {
      openedFailed++
      ws.terminate()
      count(mode, `not opened (${await Promise.race([closed, sleep(1000).then(() => 'none')])})`)
      return
    }
    if (mode === 'after-auth' || mode === 'read-only') {
      const until = Date.now() + 5_000
      while (!greeted && ws.readyState === WebSocket.OPEN && Date.now() < until) await sleep(5)
    }
    const frames: Frame[] = []
    const n = 1 + int(mode === 'pre-auth' ? 40 : 20)
    for (let i = 0; i < n && budget > 0 && ws.readyState === WebSocket.OPEN; i++) {
      const frame = mutate(seeds)
      budget--
      sent++
      frames.push(frame)
      sendLog.push({ at: performance.timeOrigin + performance.now(), mode, frame })
      kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1)
      await new Promise<void>((resolve) => ws.send(frame.data, () => resolve()))
    }
    const code = await Promise.race([closed, sleep(1_500).then(() => null)])
    if (code !== null) {
      count(mode, code)
      return
    }
    // Still open: fine only if every frame it sent was well-formed.
    const verdict = await classifier.classify(frames)
    if (verdict === null) classifierHangs++
    if (verdict?.every(Boolean)) {
      leftOpenWellFormed++
      count(mode, 'open (well-formed only)')
    } else {
      offendingOpen.push({
        mode,
        kinds: frames.filter((_, i) => !verdict?.[i]).map((f) => f.kind),
      })
      count(mode, 'OPEN after a malformed frame')
    }
    ws.close(1000)
    await Promise.race([closed, sleep(2_000)])
    ws.terminate()
  }

  // Our own event loop: a slow round trip means a slow server only if this stayed small.
  const ownLoop = monitorEventLoopDelay({ resolution: 10 })
  ownLoop.enable()
  const fuzzStart = performance.now()
  const fuzzStartAbs = performance.timeOrigin + fuzzStart
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (budget > 0 && Date.now() < stopAt && !crashed) await oneConnection()
    }),
  )
  const fuzzS = (performance.now() - fuzzStart) / 1000
  await sleep(2_000)
  ownLoop.disable()
  const probed = await new Promise<ProbeReport>((resolve, reject) => {
    probe.on('message', (m: { type: string; report?: ProbeReport }) => {
      if (m.type === 'report' && m.report) resolve(m.report)
    })
    probe.once('error', reject)
    probe.postMessage({ type: 'stop' })
  })
  await probe.terminate()
  clearInterval(memoryTimer)
  if (!crashed) {
    const m = memory(pauta.pid)
    rss.end = m.rss
    rss.hwm = m.hwm
  }
  await classifier.stop()
  const health = await fetch(`${pauta.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  )

  // --- report -----------------------------------------------------------------------------------
  const stat = (probes: Probe[]) => {
    const ms = probes.flatMap((p) => (p.ms === null ? [] : [p.ms])).sort((x, y) => x - y)
    const q = (f: number) => ms[Math.min(ms.length - 1, Math.ceil(f * ms.length) - 1)] ?? Number.NaN
    const lost = probes.length - ms.length
    return `n ${ms.length}, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${(ms.at(-1) ?? Number.NaN).toFixed(1)} ms, over ${STALL_MS} ms: ${ms.filter((x) => x > STALL_MS).length}, lost (5 s): ${lost}`
  }
  console.log('')
  console.log(
    `fuzz: ${sent} frames over ${connections} connections in ${fuzzS.toFixed(1)} s (SEED=${SEED}, ${CONCURRENCY} at a time)`,
  )
  console.log(`frames by kind: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}`)
  console.log('close codes by kind of connection:')
  for (const [mode, codes] of closes)
    console.log(`  ${mode.padEnd(10)} ${[...codes].map(([c, v]) => `${c}: ${v}`).join(', ')}`)
  console.log(
    `server: ${crashed ? `CRASHED (${crashed})` : 'alive'}; /healthz now ${health}; /healthz failures during the run ${probed.healthFailures}`,
  )
  console.log(
    `stall probes every ${PING_MS} ms (own thread; its event loop max ${probed.loopMaxMs.toFixed(1)} ms, p99 ${probed.loopP99Ms.toFixed(1)} ms) —`,
  )
  console.log(`  awareness, stock client → server → stock client: ${stat(probed.awareness)}`)
  console.log(`  sync step 1 → step 2, through the room's queue:  ${stat(probed.step1)}`)
  console.log(`  GET /healthz:                                     ${stat(probed.health)}`)
  console.log(`  probe connections closed by the server: ${probed.monitorCloses}`)
  console.log(
    `fuzzing thread's event loop: p99 ${(ownLoop.percentile(99) / 1e6).toFixed(1)} ms, max ${(ownLoop.max / 1e6).toFixed(1)} ms`,
  )
  console.log(
    `server RSS: start ${rss.start.toFixed(0)} MiB, peak ${rss.peak.toFixed(0)} MiB, end ${rss.end.toFixed(0)} MiB (VmHWM ${rss.hwm.toFixed(0)} MiB)`,
  )
  console.log(
    `connections left open by the server: ${leftOpenWellFormed} that sent only well-formed frames (allowed), ${offendingOpen.length} after a malformed frame${offendingOpen.length ? ` (${JSON.stringify(offendingOpen.slice(0, 5))})` : ''}; not opened ${openedFailed}; classifier hangs ${classifierHangs}`,
  )
  // Stalls: the frames sent in the 500 ms before each slow probe, kept for replaying.
  const slow = [...probed.awareness, ...probed.step1]
    .filter((p) => p.ms === null || p.ms > STALL_MS)
    .sort((x, y) => x.at - y.at)
  if (slow.length > 0) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `pauta-fuzz-${SEED}-`))
    let saved = 0
    for (const p of slow.slice(0, 5)) {
      const from = p.at - 500
      const to = p.at + (p.ms ?? 5000)
      const suspects = sendLog.filter((e) => e.at >= from && e.at <= to)
      const byKind = new Map<string, number>()
      for (const e of suspects)
        byKind.set(`${e.mode}/${e.frame.kind}`, (byKind.get(`${e.mode}/${e.frame.kind}`) ?? 0) + 1)
      console.log(
        `  slow probe: ${p.ms === null ? 'lost' : `${p.ms.toFixed(0)} ms`} at ${((p.at - fuzzStartAbs) / 1000).toFixed(2)} s; ${suspects.length} frames sent around it: ${[...byKind].map(([k, v]) => `${k} ${v}`).join(', ')}`,
      )
      for (const e of suspects.slice(0, 200)) {
        const bytes = typeof e.frame.data === 'string' ? Buffer.from(e.frame.data) : e.frame.data
        writeFileSync(
          path.join(dir, `${String(saved++).padStart(4, '0')}-${e.mode}-${e.frame.kind}.bin`),
          bytes,
        )
      }
    }
    console.log(`  frames sent around the slow probes saved in ${dir}`)
  }
  const times = [...probed.awareness, ...probed.step1]
  const lost = times.filter((p) => p.ms === null).length
  const maxStall = Math.max(0, ...times.map((p) => p.ms ?? 5000))
  const ok =
    !crashed &&
    health === 200 &&
    probed.healthFailures === 0 &&
    offendingOpen.length === 0 &&
    maxStall <= STALL_MS &&
    lost === 0 &&
    probed.monitorCloses === 0
  console.log(
    `fuzz: ${ok ? 'PASS' : 'FAIL'} — ${sent} frames, server ${crashed ? 'crashed' : 'up'}, max round trip ${maxStall.toFixed(1)} ms, RSS peak ${rss.peak.toFixed(0)} MiB, offending connections left open ${offendingOpen.length}`,
  )
  if (!ok) process.exitCode = 1
} finally {
  await pauta.stop().catch(() => {})
  killChildren()
}
process.exit(process.exitCode ?? 0)
