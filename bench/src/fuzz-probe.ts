/**
 * Worker thread of `pnpm bench fuzz`: the stall probes, on an event loop of their own so that
 * the fuzzing thread's work cannot delay them. Every 50 ms each of: a stock client's awareness
 * change seen by a second stock client (through the server's awareness path), a sync step 1
 * answered by step 2 on a raw connection (through the room's serial queue), GET /healthz.
 * Reports every round trip, with its start time, when told to stop.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket, { type RawData } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export type ProbeConfig = {
  url: string
  wsUrl: string
  boardId: string
  editor: string
  reader: string
  intervalMs: number
}
export type Probe = { at: number; ms: number | null }
export type ProbeReport = {
  awareness: Probe[]
  step1: Probe[]
  health: Probe[]
  healthFailures: number
  monitorCloses: number
  loopMaxMs: number
  loopP99Ms: number
}

const config = workerData as ProbeConfig
const port = parentPort!
process.setMaxListeners(0)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const report: ProbeReport = {
  awareness: [],
  step1: [],
  health: [],
  healthFailures: 0,
  monitorCloses: 0,
  loopMaxMs: 0,
  loopP99Ms: 0,
}
let running = true
let tearingDown = false
const loop = monitorEventLoopDelay({ resolution: 10 })

function stock(token: string) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(config.wsUrl, config.boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  provider.on('connection-close', () => {
    if (!tearingDown) report.monitorCloses++
  })
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { doc, provider, synced }
}

/** Runs `once` every interval until stopped; a probe that takes 5 s counts as lost (null). */
async function every(list: Probe[], once: () => Promise<boolean>): Promise<void> {
  while (running) {
    const at = performance.now()
    const ok = await Promise.race([once(), sleep(5_000).then(() => false)])
    list.push({ at: performance.timeOrigin + at, ms: ok ? performance.now() - at : null })
    await sleep(Math.max(0, config.intervalMs - (performance.now() - at)))
  }
}

const sender = stock(config.editor)
const observer = stock(config.reader)
await Promise.all([sender.synced, observer.synced])

const pingDoc = new Y.Doc()
const pinger = new WebSocket(
  `${config.wsUrl}/${config.boardId}?token=${encodeURIComponent(config.editor)}`,
)
let onStep2: (() => void) | null = null
pinger.on('message', (data: RawData) => {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data as Buffer)
  const d = decoding.createDecoder(bytes)
  if (decoding.readVarUint(d) !== 0) return
  const sub = syncProtocol.readSyncMessage(d, encoding.createEncoder(), pingDoc, null)
  if (sub === syncProtocol.messageYjsSyncStep2) onStep2?.()
})
pinger.on('close', () => {
  if (!tearingDown) report.monitorCloses++
})
pinger.on('error', () => {})
await new Promise((resolve) => pinger.once('open', resolve))

let seq = 0
loop.enable()
const loops = [
  every(report.awareness, async () => {
    const id = ++seq
    const back = new Promise<boolean>((resolve) => {
      const onChange = () => {
        if (observer.provider.awareness.getStates().get(sender.doc.clientID)?.ping === id) {
          observer.provider.awareness.off('change', onChange)
          resolve(true)
        }
      }
      observer.provider.awareness.on('change', onChange)
      setTimeout(() => {
        observer.provider.awareness.off('change', onChange)
        resolve(false)
      }, 5_000)
    })
    sender.provider.awareness.setLocalState({ ping: id })
    return back
  }),
  every(report.step1, async () => {
    if (pinger.readyState !== WebSocket.OPEN) return false
    const back = new Promise<boolean>((resolve) => {
      onStep2 = () => resolve(true)
    })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeSyncStep1(encoder, pingDoc)
    pinger.send(encoding.toUint8Array(encoder))
    return back
  }),
  every(report.health, async () => {
    const ok = await fetch(`${config.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status === 200,
      () => false,
    )
    if (!ok) report.healthFailures++
    return ok
  }),
]
port.postMessage({ type: 'ready' })

port.on('message', async (message: { type: 'stop' }) => {
  if (message.type !== 'stop') return
  running = false
  await Promise.all(loops)
  loop.disable()
  report.loopMaxMs = loop.max / 1e6
  report.loopP99Ms = loop.percentile(99) / 1e6
  tearingDown = true
  pinger.close()
  for (const c of [sender, observer]) {
    c.provider.destroy()
    c.doc.destroy()
  }
  port.postMessage({ type: 'report', report })
})
