import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  addMember,
  createApiToken,
  createBoard,
  createWorkspace,
  type Database,
  loadDocument,
} from '@pauta/db'
import type { Role } from '@pauta/domain'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach } from 'vitest'
import WebSocket, { type RawData } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createServer, type PautaServer, type ServerOptions } from './app.ts'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

/** A real Pauta server on a free loopback port, over a real SQLite file in a temp dir. */
export interface TestServer {
  url: string
  wsUrl: string
  dataDir: string
  database: Database
  server: PautaServer
  /** Closes the server and database, keeping the data directory. */
  stop(): Promise<void>
  /** Closes everything and removes the data directory. */
  dispose(): Promise<void>
}

export async function startTestServer(
  opts: {
    dataDir?: string
    port?: number
    webDist?: string
    maxBoardBytes?: number
    /** More environment variables (e.g. DATABASE_URL, REDIS_URL for several instances). */
    env?: Record<string, string>
    serverOptions?: ServerOptions
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pauta-server-'))
  const env = loadEnv({
    DATA_DIR: dataDir,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${opts.port ?? 3999}`,
    PAUTA_DEMO: 'off',
    LOG_LEVEL: 'silent',
    AUTH_SECRET: 'test-secret-that-is-long-enough-to-sign-cookies',
    ...(opts.webDist ? { WEB_DIST: opts.webDist } : {}),
    ...(opts.maxBoardBytes ? { MAX_BOARD_BYTES: String(opts.maxBoardBytes) } : {}),
    ...opts.env,
  })
  const database = await openStorage(env)
  let server: PautaServer
  try {
    server = await createServer(env, database, opts.serverOptions)
  } catch (error) {
    await database.close()
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const url = await server.listen()
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await server.close()
    await database.close()
  }
  return {
    url,
    wsUrl: `${url.replace('http', 'ws')}/sync`,
    dataDir,
    database,
    server,
    stop,
    async dispose() {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * For a test file whose tests each start their own server: call it once at the file's top;
 * the function it returns starts a server that is disposed when the test that started it ends.
 */
export function serverPerTest(): () => Promise<TestServer> {
  const started: TestServer[] = []
  afterEach(async () => {
    for (const t of started.splice(0).reverse()) await t.dispose()
  })
  return async () => {
    const t = await startTestServer()
    started.push(t)
    return t
  }
}

export interface TestUser {
  id: string
  name: string
  email: string
  password: string
  token: string
}

let counter = 0

/** An account with an API token, member of the workspace with these roles. */
export async function addTestUser(
  t: TestServer,
  workspaceId: string | null,
  roles: Role[],
): Promise<TestUser> {
  counter++
  const email = `user${counter}-${Date.now()}@test.pauta`
  const password = 'correct horse battery'
  const auth = t.server.auth
  const name = `User ${counter}`
  const { user } = await auth.api.signUpEmail({ body: { email, password, name } })
  if (workspaceId) await addMember(t.database.db, workspaceId, user.id, roles)
  const { token } = await createApiToken(t.database.db, user.id, 'test')
  return { id: user.id, name, email, password, token }
}

export async function addTestBoard(t: TestServer, name = 'Test board') {
  const workspace = await createWorkspace(t.database.db, { name: `Workspace ${++counter}` })
  const board = await createBoard(t.database.db, { workspaceId: workspace.id, name })
  return { workspace, board }
}

/** The stock y-websocket client, with nothing shared between providers in this process. */
export function connect(t: TestServer, boardId: string, token: string | null, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(t.wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  })
  return { doc, provider }
}

/** Polls until `check` passes or the deadline runs out (then rethrows its last failure). */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

export function waitForSync(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve) => provider.once('sync', () => resolve()))
}

/** Resolves after `ms`; for settles where nothing is expected to happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Rejects when `promise` has not settled within `ms`: a missing close fails, it does not hang. */
export function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** The board document as the server stored it: the log replayed into a fresh Y.Doc. */
export async function storedBoard(t: TestServer, boardId: string) {
  const stored = await loadDocument(t.database.db, boardId)
  const doc = new Y.Doc()
  for (const update of [stored.snapshot, ...stored.updates]) if (update) Y.applyUpdate(doc, update)
  return { doc, lastSeq: stored.lastSeq, updates: stored.updates.length }
}

export interface CloseInfo {
  code: number
  reason: string
}

/** The next server close a stock provider sees (any code: final 44xx or one it reconnects after). */
export function nextClose(provider: WebsocketProvider): Promise<CloseInfo> {
  return new Promise((resolve) =>
    provider.once('connection-close', (event) =>
      resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' }),
    ),
  )
}

export interface TrpcResult {
  status: number
  data: unknown
  error: { message: string; data: { code: string } } | undefined
  res: Response
}

/** One tRPC call over plain HTTP, as a script would make it (Bearer token or session cookie). */
export async function callTrpc(
  t: TestServer,
  procedure: string,
  input: unknown,
  opts: { token?: string; cookie?: string; query?: boolean; headers?: Record<string, string> } = {},
): Promise<TrpcResult> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.cookie) headers.cookie = opts.cookie
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  const url = `${t.url}/trpc/${procedure}`
  const res = opts.query
    ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(input),
      })
  const body = (await res.json().catch(() => null)) as {
    result?: { data: unknown }
    error?: { message: string; data: { code: string } }
  } | null
  return { status: res.status, data: body?.result?.data, error: body?.error, res }
}

/** The session cookie a sign-up or sign-in answer sets, ready for a `cookie` header. */
export function sessionCookie(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

function frameBytes(data: RawData | ArrayBuffer): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

/**
 * Resolves on the next sync step 2 that arrives on `ws` after it is called, having sent a
 * sync step 1 first. A room answers a connection's messages in order, so everything the
 * connection sent before has been judged, stored or dropped by then.
 */
export function syncBarrier(ws: WebSocket, stateVector: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (data: RawData) => {
      const decoder = decoding.createDecoder(frameBytes(data))
      if (decoding.readVarUint(decoder) !== 0) return
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return
      ws.off('message', onMessage)
      resolve()
    }
    ws.on('message', onMessage)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
    encoding.writeVarUint8Array(encoder, stateVector)
    ws.send(encoding.toUint8Array(encoder))
  })
}

/** The `ws` socket under a stock provider (it was created with the `ws` polyfill). */
export function providerSocket(provider: WebsocketProvider): WebSocket {
  if (!provider.ws) throw new Error('the provider is not connected')
  return provider.ws as unknown as WebSocket
}

/**
 * A modified client: a raw WebSocket speaking the y-websocket protocol by hand, with a local
 * replica of the board. `change` makes an edit on the replica and returns exactly the Yjs
 * update it produced, which the test then sends however it likes.
 */
export class RawSyncClient {
  readonly doc = new Y.Doc()
  readonly ws: WebSocket
  /** Set once the server closed the socket. */
  closeInfo: CloseInfo | null = null
  readonly closed: Promise<CloseInfo>
  /** Document updates the server relayed (sync `update` messages). */
  relayed = 0
  /** Awareness messages the server sent. */
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  readonly #opened: Promise<void>

  constructor(t: TestServer, boardId: string, token: string) {
    this.ws = new WebSocket(`${t.wsUrl}/${boardId}?token=${encodeURIComponent(token)}`)
    this.awareness.setLocalState(null)
    this.#opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() }
        resolve(this.closeInfo)
      }),
    )
    this.ws.on('message', (data) => this.#receive(frameBytes(data)))
  }

  #receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        'server',
      )
      return
    }
    if (type !== 0) return
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    // The server's own step 1 asks for what we have: a replica that only reads sends nothing.
    if (syncType === syncProtocol.messageYjsSyncStep1) return
    if (syncType === syncProtocol.messageYjsUpdate) this.relayed++
    Y.applyUpdate(this.doc, payload, 'server')
  }

  /** Open, and holding everything the server has. */
  async ready(): Promise<this> {
    const refused = this.closed.then((info) => {
      throw new Error(`the server closed the socket: ${info.code} ${info.reason}`)
    })
    refused.catch(() => {})
    await Promise.race([
      this.#opened.then(() => syncBarrier(this.ws, new Uint8Array([0]))),
      refused,
    ])
    return this
  }

  /** Everything this socket sent before has been handled by the room. */
  barrier(): Promise<void> {
    return syncBarrier(this.ws, Y.encodeStateVector(this.doc))
  }

  /** Edits the replica; returns the Yjs update the edit made (not sent). */
  change(edit: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc)
    edit(this.doc)
    return Y.encodeStateAsUpdate(this.doc, before)
  }

  /** A sync `update` message (messageSync, then `writeUpdate`). */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, update)
    this.ws.send(encoding.toUint8Array(encoder))
  }

  /** The same bytes as a sync step 2, the answer to the server's step 1. */
  sendStep2(update: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(encoder, update)
    this.ws.send(encoding.toUint8Array(encoder))
  }

  /** An awareness message publishing `state` for `clientId`. */
  sendAwareness(clientId: number, state: Record<string, unknown>, clock = 1): void {
    const update = new encoding.Encoder()
    encoding.writeVarUint(update, 1)
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update))
    this.ws.send(encoding.toUint8Array(encoder))
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close()
  }
}

/** A raw socket on the board, synced. */
export function openRaw(t: TestServer, boardId: string, token: string): Promise<RawSyncClient> {
  return new RawSyncClient(t, boardId, token).ready()
}

/** A tRPC subscription read over server-sent events with plain fetch, as a script would. */
export interface SseStream {
  status: number
  /** Every event, as its name (`message` for data) and raw data. */
  events: Array<{ event: string; data: string }>
  /** The data events, parsed. */
  data: unknown[]
  /** The server ended the response. */
  ended: boolean
  close(): void
}

/** Opens `procedure` (a subscription) with `input` as `headers` authenticate it. */
export async function openSse(
  t: Pick<TestServer, 'url'>,
  procedure: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  const controller = new AbortController()
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
  const res = await fetch(`${t.url}/trpc/${procedure}${query}`, {
    headers,
    signal: controller.signal,
  })
  const stream: SseStream = {
    status: res.status,
    events: [],
    data: [],
    ended: false,
    close: () => controller.abort(),
  }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n')
        buffer = buffer.slice(end + 2)
        let event = 'message'
        const data: string[] = []
        for (const line of lines) {
          if (line.startsWith('event:')) event = line.slice(6).trim()
          if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
        }
        if (data.length === 0) continue
        stream.events.push({ event, data: data.join('\n') })
        if (event === 'message') stream.data.push(JSON.parse(data.join('\n')))
      }
    }
    stream.ended = true
  })().catch(() => {
    stream.ended = true
  })
  return stream
}
