// Shared by the integration tests: a real http server on port 0 with in-memory hooks, stock
// y-websocket clients and hand-driven raw sockets. Not exported from the package.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode, type CloseInfo } from './close-codes.ts'
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncUpdate,
  MessageType,
  SyncType,
} from './protocol.ts'
import { createSyncServer } from './server.ts'
import type { SyncHooks, SyncLogDetails, SyncServer, SyncServerOptions } from './types.ts'

export type TestUser = { id: string; name: string }

const users: Record<string, { user: TestUser; readOnly: boolean }> = {
  alice: { user: { id: 'alice', name: 'Alice' }, readOnly: false },
  bob: { user: { id: 'bob', name: 'Bob' }, readOnly: false },
  carol: { user: { id: 'carol', name: 'Carol' }, readOnly: false },
  viewer: { user: { id: 'viewer', name: 'Vera (client)' }, readOnly: true },
}

export const presenceOf = (user: TestUser) => ({ id: user.id, name: user.name, color: '#0a7' })

export type Memory = {
  /** boardId → the persisted log, as a database would hold it. */
  stored: Map<string, Uint8Array[]>
  loads: string[]
  compactions: { boardId: string; state: Uint8Array }[]
  logs: { level: 'info' | 'warn' | 'error'; message: string; details?: SyncLogDetails }[]
}

export type TestServer = {
  url: string
  port: number
  sync: SyncServer<TestUser>
  memory: Memory
  /** What `upgrade` got back from handleUpgrade, per request URL. */
  upgrades: { url: string; handled: boolean }[]
}

type HookOverrides = (base: SyncHooks<TestUser>, memory: Memory) => Partial<SyncHooks<TestUser>>

const cleanups: (() => Promise<void> | void)[] = []

/** Closes every client and server the current test started; call from afterEach. */
export async function cleanup(): Promise<void> {
  const pending = cleanups.splice(0).reverse()
  for (const fn of pending) await fn()
}

export async function startServer(
  config: {
    hooks?: HookOverrides
    options?: Omit<SyncServerOptions<TestUser>, 'hooks' | 'log'>
  } = {},
): Promise<TestServer> {
  const memory: Memory = { stored: new Map(), loads: [], compactions: [], logs: [] }
  const base: SyncHooks<TestUser> = {
    async authenticate(req: IncomingMessage, boardId: string) {
      if (boardId === 'missing') return { reject: CloseCode.NotFound }
      const token = new URL(req.url ?? '', 'http://x').searchParams.get('token')
      const entry = token === null ? undefined : users[token]
      if (!entry) return { reject: CloseCode.Unauthorized }
      return entry
    },
    async load(boardId) {
      memory.loads.push(boardId)
      return [...(memory.stored.get(boardId) ?? [])]
    },
    async store(boardId, update) {
      const log = memory.stored.get(boardId) ?? []
      log.push(update)
      memory.stored.set(boardId, log)
    },
    async compact(boardId, state) {
      memory.compactions.push({ boardId, state })
      memory.stored.set(boardId, [state])
    },
    presence: presenceOf,
  }
  const hooks = { ...base, ...config.hooks?.(base, memory) }
  const record =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, details?: SyncLogDetails): void => {
      memory.logs.push({ level, message, ...(details ? { details } : {}) })
    }
  const sync = createSyncServer<TestUser>({
    ...config.options,
    hooks,
    log: { info: record('info'), warn: record('warn'), error: record('error') },
  })
  const upgrades: TestServer['upgrades'] = []
  const http = createServer((_req, res) => {
    res.statusCode = 404
    res.end()
  })
  http.on('upgrade', (req, socket, head) => {
    const handled = sync.handleUpgrade(req, socket, head)
    upgrades.push({ url: req.url ?? '', handled })
    if (!handled) socket.destroy()
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  cleanups.push(async () => {
    await sync.close()
    http.closeAllConnections()
    await new Promise<void>((resolve) => http.close(() => resolve()))
  })
  return { url: `ws://127.0.0.1:${port}/sync`, port, sync, memory, upgrades }
}

/** Polls until `check` returns true (or stops throwing); fails with its last error at the deadline. */
export async function waitFor(
  check: () => unknown,
  { timeout = 3000, what = 'condition' }: { timeout?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeout
  let lastError: unknown
  for (;;) {
    try {
      if (check() !== false) return
      lastError = undefined
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      throw lastError instanceof Error ? lastError : new Error(`timed out waiting for ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Node 20 has no WebSocket at runtime, so the stock client gets `ws`'s, as y-websocket's
 * README says. It implements the browser interface, but @types/node declares the browser
 * (undici) type, whose event typings differ: the one cast in this package, on purpose.
 */
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket

export type Client = {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Final closes reported by the provider (4400–4499, no reconnect follows). */
  finalCloses: CloseInfo[]
  /** Every close code the provider saw, final or not. */
  closeCodes: number[]
}

/** A stock y-websocket client, the way the app's browsers connect (without BroadcastChannel). */
export function connect(
  server: TestServer,
  boardId: string,
  token: string | null,
  doc = new Y.Doc(),
): Client {
  const provider = new WebsocketProvider(server.url, boardId, doc, {
    WebSocketPolyfill: NodeWebSocket,
    disableBc: true,
    params: token === null ? {} : { token },
    maxBackoffTime: 200,
  })
  // Like the app: a client announces itself. (y-protocols ignores a client's clock-0 state,
  // so a client that never sets a field is invisible to everyone, with or without us.)
  provider.awareness.setLocalStateField('user', { name: token })
  const client: Client = { doc, provider, finalCloses: [], closeCodes: [] }
  provider.on('closed', (info) => {
    client.finalCloses.push(info)
  })
  provider.on('connection-close', (event) => {
    if (event) client.closeCodes.push(event.code)
  })
  cleanups.push(() => {
    provider.destroy()
    doc.destroy()
  })
  return client
}

export async function connectSynced(
  server: TestServer,
  boardId: string,
  token: string,
  doc?: Y.Doc,
): Promise<Client> {
  const client = connect(server, boardId, token, doc)
  await waitFor(() => client.provider.synced, { what: `${token} synced` })
  return client
}

/** A socket we drive by hand, speaking the protocol through lib0 like the stock client does. */
export type RawClient = {
  socket: WebSocket
  /** The document as the server described it to us (step 2 replies and relayed updates). */
  doc: Y.Doc
  /** Every awareness entry the server sent us, in order. */
  awareness: AwarenessEntry[]
  /** Awareness messages received (each may carry several entries). */
  awarenessMessages: number
  /** How many sync step 2 replies arrived. */
  step2Count: number
  close: CloseInfo | null
  opened: Promise<void>
  send(frame: Uint8Array | string): void
}

export function connectRaw(
  server: TestServer,
  path: string,
  { origin }: { origin?: string } = {},
): RawClient {
  const socket = new WebSocket(
    `ws://127.0.0.1:${server.port}${path}`,
    origin === undefined ? {} : { origin },
  )
  socket.binaryType = 'nodebuffer'
  const client: RawClient = {
    socket,
    doc: new Y.Doc(),
    awareness: [],
    awarenessMessages: 0,
    step2Count: 0,
    close: null,
    opened: new Promise((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    }),
    send(frame) {
      socket.send(frame)
    },
  }
  socket.on('error', () => {})
  socket.on('close', (code, reason) => {
    client.close = { code, reason: reason.toString() }
  })
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.Sync) {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (syncType === SyncType.Step2) client.step2Count++
      if (syncType !== SyncType.Step1) Y.applyUpdate(client.doc, payload)
    } else if (type === MessageType.Awareness) {
      client.awarenessMessages++
      client.awareness.push(...decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)))
    }
  })
  cleanups.push(() => {
    socket.terminate()
    client.doc.destroy()
  })
  return client
}

// --- hand-made frames ------------------------------------------------------------------------

export const frames = {
  step1: (doc: Y.Doc = new Y.Doc()) => encodeSyncStep1(Y.encodeStateVector(doc)),
  update: (update: Uint8Array) => encodeSyncUpdate(update),
  awareness: (entries: AwarenessEntry[]) => encodeAwarenessMessage(encodeAwarenessUpdate(entries)),
  queryAwareness: () => Uint8Array.of(MessageType.QueryAwareness),
  /** A sync frame with an arbitrary inner type and payload. */
  sync: (syncType: number, payload: Uint8Array) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.Sync)
    encoding.writeVarUint(encoder, syncType)
    encoding.writeVarUint8Array(encoder, payload)
    return encoding.toUint8Array(encoder)
  },
}

/** An update that sets `key` to `value` in the map `board`, made on a throwaway document. */
export function mapUpdate(key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('board').set(key, value)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

export function docFrom(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

export const boardOf = (doc: Y.Doc) => doc.getMap<string>('board')
