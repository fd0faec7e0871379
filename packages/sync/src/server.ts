import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import { CloseCode, type CloseInfo } from './close-codes.ts'
import { ClientConnection, closeSocket } from './connection.ts'
import { decodeClientMessage } from './protocol.ts'
import { Room } from './room.ts'
import type { Connection, SyncLog, SyncServer, SyncServerOptions } from './types.ts'

const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/

const defaults = {
  path: '/sync',
  maxPayload: 2 * 1024 * 1024,
  authTimeoutMs: 10_000,
  maxPendingBeforeAuth: 32,
  maxAuthenticatingPerAddress: 32,
  compactEvery: 500,
  idleUnloadMs: 30_000,
  awarenessBatchFrom: 32,
  pingIntervalMs: 30_000,
  catchUpIntervalMs: 3_000,
}

const quietLog: SyncLog = {
  info: () => {},
  warn: () => {},
  error: (message, details) => console.error(`[sync] ${message}`, details ?? ''),
}

/** One upgraded socket, from before authentication until it closes. */
type Session<U> = {
  readonly socket: WebSocket
  phase: 'authenticating' | 'joined' | 'closed'
  /** [AUTH2] Frames received before authentication finished, in order. */
  pending: Uint8Array[]
  pendingBytes: number
  authTimer: NodeJS.Timeout | undefined
  /** [AUTH6] The address this socket counts against while it authenticates. */
  address: string | undefined
  /** [PING1] Cleared by every ping, set by the pong (or any frame). */
  alive: boolean
  joined: { connection: ClientConnection<U>; room: Room<U> } | undefined
}

export function createSyncServer<U>(options: SyncServerOptions<U>): SyncServer<U> {
  const { hooks } = options
  const log = options.log ?? quietLog
  const prefix = (options.path ?? defaults.path).replace(/\/+$/, '')
  const maxPayload = positive('maxPayload', options.maxPayload ?? defaults.maxPayload)
  const authTimeoutMs = positive('authTimeoutMs', options.authTimeoutMs ?? defaults.authTimeoutMs)
  const maxPendingBeforeAuth = positive(
    'maxPendingBeforeAuth',
    options.maxPendingBeforeAuth ?? defaults.maxPendingBeforeAuth,
  )
  const maxAuthenticatingPerAddress = positive(
    'maxAuthenticatingPerAddress',
    options.maxAuthenticatingPerAddress ?? defaults.maxAuthenticatingPerAddress,
  )
  const addressOf = options.addressOf ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? '')
  const compactEvery = positive('compactEvery', options.compactEvery ?? defaults.compactEvery)
  const idleUnloadMs = nonNegative('idleUnloadMs', options.idleUnloadMs ?? defaults.idleUnloadMs)
  const awarenessBatchFrom = positive(
    'awarenessBatchFrom',
    options.awarenessBatchFrom ?? defaults.awarenessBatchFrom,
  )
  const pingIntervalMs = positive(
    'pingIntervalMs',
    options.pingIntervalMs ?? defaults.pingIntervalMs,
  )
  const allowedOrigins = options.allowedOrigins ? new Set(options.allowedOrigins) : null
  const fanout = options.fanout
  if (fanout && !hooks.loadSince) {
    throw new TypeError('a fanout needs hooks.loadSince: rooms catch up from storage after a gap')
  }
  const instanceId = options.instanceId ?? randomUUID()
  const catchUpIntervalMs = positive(
    'catchUpIntervalMs',
    options.catchUpIntervalMs ?? defaults.catchUpIntervalMs,
  )

  // [BAD2] ws closes a bigger frame itself, with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload })
  const sessions = new Set<Session<U>>()
  const rooms = new Map<string, Room<U>>()
  /** [AUTH6] Address → sockets of it still authenticating. */
  const authenticating = new Map<string, number>()
  let closing: Promise<void> | null = null

  const pinger = setInterval(ping, pingIntervalMs)
  pinger.unref()

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseTarget(req.url ?? '', prefix)
    if (target === null) return false
    if (closing) {
      socket.destroy()
      return true
    }
    // [PATH2] Accept first even for a bad path: a refused upgrade is only 1006 to a browser.
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, target.boardId))
    return true
  }

  function accept(socket: WebSocket, req: IncomingMessage, boardId: string | null): void {
    const session: Session<U> = {
      socket,
      phase: 'authenticating',
      pending: [],
      pendingBytes: 0,
      authTimer: undefined,
      address: undefined,
      alive: true,
      joined: undefined,
    }
    sessions.add(session)
    socket.on('error', (error) => log.warn('socket error', { error }))
    socket.on('pong', () => {
      session.alive = true
    })
    socket.on('message', (data, isBinary) => onFrame(session, data, isBinary))
    socket.on('close', () => {
      sessions.delete(session)
      clearTimeout(session.authTimer)
      doneAuthenticating(session)
      session.phase = 'closed'
      session.pending = []
      session.joined?.connection.ended()
    })

    if (boardId === null) {
      end(session, CloseCode.NotFound)
      return
    }
    // [ORIGIN1]
    const origin = req.headers.origin
    if (allowedOrigins && origin !== undefined && !allowedOrigins.has(origin)) {
      end(session, CloseCode.OriginNotAllowed)
      return
    }
    // [AUTH6] Before any work for it: a herd (or a flood) from one address waits its turn.
    const address = addressOf(req)
    const count = authenticating.get(address) ?? 0
    if (count >= maxAuthenticatingPerAddress) {
      log.warn('too many sockets authenticating from one address', { address })
      end(session, CloseCode.TryAgainLater)
      return
    }
    authenticating.set(address, count + 1)
    session.address = address
    // [AUTH3]
    session.authTimer = setTimeout(() => end(session, CloseCode.AuthTimeout), authTimeoutMs)
    session.authTimer.unref()
    void authenticate(session, req, boardId)
  }

  /** [AUTH1] */
  async function authenticate(session: Session<U>, req: IncomingMessage, boardId: string) {
    let result: Awaited<ReturnType<typeof hooks.authenticate>>
    let presence: Record<string, unknown>
    try {
      result = await hooks.authenticate(req, boardId)
      presence = 'reject' in result ? {} : hooks.presence(result.user)
    } catch (error) {
      // [AUTH4]
      log.error('authenticate hook threw', { boardId, error })
      if (session.phase === 'authenticating') end(session, CloseCode.Unavailable)
      return
    }
    // Timed out, over the pre-auth limit, or the client left meanwhile.
    if (session.phase !== 'authenticating') return
    clearTimeout(session.authTimer)
    doneAuthenticating(session)
    if ('reject' in result) return end(session, result.reject)
    if (closing) return end(session, CloseCode.ShuttingDown)

    const room = roomFor(boardId)
    const connection = new ClientConnection(
      randomUUID(),
      result.user,
      boardId,
      result.readOnly,
      presence,
      session.socket,
      (c) => room.detach(c),
    )
    session.phase = 'joined'
    session.joined = { connection, room }
    room.attach(connection)
    // [AUTH5] In the order they arrived, behind the room's load and this connection's greeting.
    const pending = session.pending
    session.pending = []
    session.pendingBytes = 0
    for (const frame of pending) dispatch(connection, room, frame)
  }

  function onFrame(session: Session<U>, data: RawData, isBinary: boolean): void {
    session.alive = true
    if (session.phase === 'closed') return
    // [BAD1] The protocol is binary only.
    if (!isBinary) {
      end(session, CloseCode.BadRequest)
      return
    }
    const frame = toBytes(data)
    if (session.joined) {
      dispatch(session.joined.connection, session.joined.room, frame)
      return
    }
    // [AUTH2]
    session.pending.push(frame)
    session.pendingBytes += frame.byteLength
    if (session.pending.length > maxPendingBeforeAuth) end(session, CloseCode.TooManyMessages)
    else if (session.pendingBytes > maxPayload) end(session, CloseCode.TooLarge)
  }

  function dispatch(connection: ClientConnection<U>, room: Room<U>, frame: Uint8Array): void {
    if (connection.state === 'closed') return
    const decoded = decodeClientMessage(frame)
    if (!decoded.ok) {
      // [BAD1] [BAD3]
      log.warn('malformed message', {
        boardId: connection.boardId,
        connection: connection.id,
        error: decoded.error,
      })
      connection.close(decoded.tooDeep ? CloseCode.TooDeep : CloseCode.BadRequest)
      return
    }
    try {
      room.receive(connection, decoded.message)
    } catch (error) {
      // [BAD1] Whatever a frame makes go wrong ends its sender, never the process.
      log.error('a message could not be handled', {
        boardId: connection.boardId,
        connection: connection.id,
        error,
      })
      connection.close(CloseCode.BadRequest)
    }
  }

  /** Server-side close of a session; its queued messages are discarded. */
  function end(session: Session<U>, info: CloseInfo): void {
    if (session.joined) {
      session.joined.connection.end(info, true)
      return
    }
    if (session.phase === 'closed') return
    session.phase = 'closed'
    session.pending = []
    clearTimeout(session.authTimer)
    doneAuthenticating(session)
    closeSocket(session.socket, info)
  }

  /** [AUTH6] The session no longer counts against its address (idempotent). */
  function doneAuthenticating(session: Session<U>): void {
    const address = session.address
    if (address === undefined) return
    session.address = undefined
    const count = (authenticating.get(address) ?? 1) - 1
    if (count > 0) authenticating.set(address, count)
    else authenticating.delete(address)
  }

  /** [LOAD1] Connections that arrive while a room loads share that room and its one load. */
  function roomFor(boardId: string): Room<U> {
    const existing = rooms.get(boardId)
    if (existing && !existing.disposed) return existing
    const room = new Room<U>({
      boardId,
      hooks,
      log,
      compactEvery,
      idleUnloadMs,
      awarenessBatchFrom,
      fanout,
      instanceId,
      catchUpIntervalMs,
      onDispose: (disposed) => {
        if (rooms.get(boardId) === disposed) rooms.delete(boardId)
        log.info('room unloaded', { boardId })
      },
    })
    rooms.set(boardId, room)
    return room
  }

  /** [PING1] */
  function ping(): void {
    for (const session of sessions) {
      if (!session.alive) {
        session.socket.terminate()
        continue
      }
      session.alive = false
      try {
        session.socket.ping()
      } catch {
        session.socket.terminate()
      }
    }
  }

  function openConnections(): ClientConnection<U>[] {
    const result: ClientConnection<U>[] = []
    for (const session of sessions) {
      const connection = session.joined?.connection
      if (connection && connection.state !== 'closed') result.push(connection)
    }
    return result
  }

  /** [CLOSE1] */
  async function shutdown(): Promise<void> {
    clearInterval(pinger)
    for (const session of [...sessions]) {
      // Not voided: what they already sent is still stored.
      if (session.joined) session.joined.connection.end(CloseCode.ShuttingDown, false)
      else end(session, CloseCode.ShuttingDown)
    }
    await Promise.all([...rooms.values()].map((room) => room.shutdown()))
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  }

  return {
    handleUpgrade,
    change(boardId, actor, write) {
      return roomFor(boardId).serverChange(actor, write)
    },
    closeWhere(predicate: (c: Connection<U>) => boolean, info: CloseInfo): number {
      let count = 0
      for (const connection of openConnections()) {
        if (predicate(connection)) {
          connection.close(info)
          count++
        }
      }
      return count
    },
    connections(boardId?: string): Connection<U>[] {
      return openConnections().filter((c) => boardId === undefined || c.boardId === boardId)
    },
    rooms(): string[] {
      return [...rooms.keys()]
    },
    instanceId,
    catchUp(boardId?: string): void {
      for (const room of rooms.values()) {
        if (boardId === undefined || room.boardId === boardId) room.catchUp()
      }
    },
    close(): Promise<void> {
      closing ??= shutdown()
      return closing
    },
  }
}

/**
 * [PATH1] null when the URL is not under the prefix (not ours); a null boardId when it is
 * under the prefix but not a board id. Matched on the raw path, never percent-decoded.
 */
export function parseTarget(url: string, prefix: string): { boardId: string | null } | null {
  const path = url.split('?', 1)[0] ?? ''
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return null
  const boardId = path.slice(prefix.length + 1)
  return { boardId: BOARD_ID.test(boardId) ? boardId : null }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be positive`)
  return value
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must not be negative`)
  return value
}
