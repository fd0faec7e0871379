import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { RawData, WebSocket } from 'ws'
import { CloseCode, type CloseInfo } from './close-codes.ts'
import { ClientConnection, closeSocket, pingSocket } from './connection.ts'
import type { SyncSettings } from './options.ts'
import { decodeClientMessage } from './protocol.ts'
import type { Room } from './room.ts'
import type { AuthResult, Connection, SyncLog } from './types.ts'

/** [PING1] The pinger ticks this many times per interval, each tick pinging one slice of the sockets. */
export const PING_SLICES = 10

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
  /** [PING1] Which of the interval's slices pings this socket. */
  readonly pingSlice: number
  joined: { connection: ClientConnection<U>; room: Room<U> } | undefined
}

/** What the sessions need from the rest of the server. */
export type SessionsWiring<U> = {
  /** [LOAD1] The room an authenticated connection joins. */
  roomFor: (boardId: string) => Room<U>
  /** True once `close()` was called: an authentication that settles later is turned away. */
  closing: () => boolean
}

/**
 * Every upgraded socket: its authentication phase ([AUTH1]–[AUTH6]) with the frames it
 * queues meanwhile, then its connection in a room, and the pings that find dead ones.
 */
export class Sessions<U> {
  readonly #sessions = new Set<Session<U>>()
  #nextPingSlice = 0
  #pingTick = 0
  /** [AUTH6] Address → sockets of it still authenticating. */
  readonly #authenticating = new Map<string, number>()
  readonly #settings: SyncSettings<U>
  readonly #wiring: SessionsWiring<U>

  constructor(settings: SyncSettings<U>, wiring: SessionsWiring<U>) {
    this.#settings = settings
    this.#wiring = wiring
  }

  /** Takes an upgraded socket for `boardId` (null: not a board id) through authentication. */
  accept(socket: WebSocket, req: IncomingMessage, boardId: string | null): void {
    const { allowedOrigins, addressOf, maxAuthenticatingPerAddress, log } = this.#settings
    const session = this.#track(socket)
    if (boardId === null) {
      this.#end(session, CloseCode.NotFound)
      return
    }
    // [ORIGIN1]
    const origin = req.headers.origin
    if (allowedOrigins && origin !== undefined && !allowedOrigins.has(origin)) {
      this.#end(session, CloseCode.OriginNotAllowed)
      return
    }
    // [AUTH6] Before any work for it: a herd (or a flood) from one address waits its turn.
    const address = addressOf(req)
    const count = this.#authenticating.get(address) ?? 0
    if (count >= maxAuthenticatingPerAddress) {
      log.warn('too many sockets authenticating from one address', { address })
      this.#end(session, CloseCode.TryAgainLater)
      return
    }
    this.#authenticating.set(address, count + 1)
    session.address = address
    // [AUTH3]
    session.authTimer = setTimeout(
      () => this.#end(session, CloseCode.AuthTimeout),
      this.#settings.authTimeoutMs,
    )
    session.authTimer.unref()
    void this.#authenticate(session, req, boardId)
  }

  /**
   * [PING1] One tick of the pinger, which ticks PING_SLICES times per interval: the sockets
   * of this tick's slice are pinged (each socket once per interval), so a big room's pings
   * go out a few at a time rather than all in one burst that holds up the room's changes.
   */
  ping(): void {
    const slice = this.#pingTick
    this.#pingTick = (this.#pingTick + 1) % PING_SLICES
    for (const session of this.#sessions) {
      if (session.pingSlice !== slice) continue
      if (!session.alive) {
        session.socket.terminate()
        continue
      }
      session.alive = false
      try {
        pingSocket(session.socket)
      } catch {
        session.socket.terminate()
      }
    }
  }

  /** Authenticated connections that are not closed. */
  openConnections(): ClientConnection<U>[] {
    const result: ClientConnection<U>[] = []
    for (const session of this.#sessions) {
      const connection = session.joined?.connection
      if (connection && connection.state !== 'closed') result.push(connection)
    }
    return result
  }

  /** Closes every open connection the predicate selects; returns how many. */
  closeWhere(predicate: (c: Connection<U>) => boolean, info: CloseInfo): number {
    let count = 0
    for (const connection of this.openConnections()) {
      if (predicate(connection)) {
        connection.close(info)
        count++
      }
    }
    return count
  }

  /** [CLOSE1] Closes every socket with 1001. */
  closeAll(): void {
    for (const session of [...this.#sessions]) {
      // Not voided: what they already sent is still stored.
      if (session.joined) session.joined.connection.end(CloseCode.ShuttingDown, false)
      else this.#end(session, CloseCode.ShuttingDown)
    }
  }

  /** A new session for the socket, followed until the socket closes. */
  #track(socket: WebSocket): Session<U> {
    const session: Session<U> = {
      socket,
      phase: 'authenticating',
      pending: [],
      pendingBytes: 0,
      authTimer: undefined,
      address: undefined,
      alive: true,
      pingSlice: this.#nextPingSlice,
      joined: undefined,
    }
    this.#nextPingSlice = (this.#nextPingSlice + 1) % PING_SLICES
    this.#sessions.add(session)
    socket.on('error', (error) => this.#settings.log.warn('socket error', { error }))
    socket.on('pong', () => {
      session.alive = true
    })
    socket.on('message', (data, isBinary) => this.#onFrame(session, data, isBinary))
    socket.on('close', () => {
      this.#sessions.delete(session)
      clearTimeout(session.authTimer)
      this.#doneAuthenticating(session)
      session.phase = 'closed'
      session.pending = []
      session.joined?.connection.ended()
    })
    return session
  }

  /** [AUTH1] */
  async #authenticate(session: Session<U>, req: IncomingMessage, boardId: string) {
    const { hooks, log } = this.#settings
    let result: AuthResult<U>
    let presence: Record<string, unknown>
    try {
      result = await hooks.authenticate(req, boardId)
      presence = 'reject' in result ? {} : hooks.presence(result.user)
    } catch (error) {
      // [AUTH4]
      log.error('authenticate hook threw', { boardId, error })
      if (session.phase === 'authenticating') this.#end(session, CloseCode.Unavailable)
      return
    }
    // Timed out, over the pre-auth limit, or the client left meanwhile.
    if (session.phase !== 'authenticating') return
    clearTimeout(session.authTimer)
    this.#doneAuthenticating(session)
    if ('reject' in result) return this.#end(session, result.reject)
    if (this.#wiring.closing()) return this.#end(session, CloseCode.ShuttingDown)

    const room = this.#wiring.roomFor(boardId)
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
    for (const frame of pending) dispatch(connection, room, frame, log)
  }

  #onFrame(session: Session<U>, data: RawData, isBinary: boolean): void {
    session.alive = true
    if (session.phase === 'closed') return
    // [BAD1] The protocol is binary only.
    if (!isBinary) {
      this.#end(session, CloseCode.BadRequest)
      return
    }
    const frame = toBytes(data)
    if (session.joined) {
      dispatch(session.joined.connection, session.joined.room, frame, this.#settings.log)
      return
    }
    // [AUTH2]
    session.pending.push(frame)
    session.pendingBytes += frame.byteLength
    if (session.pending.length > this.#settings.maxPendingBeforeAuth) {
      this.#end(session, CloseCode.TooManyMessages)
    } else if (session.pendingBytes > this.#settings.maxPayload) {
      this.#end(session, CloseCode.TooLarge)
    }
  }

  /** Server-side close of a session; its queued messages are discarded. */
  #end(session: Session<U>, info: CloseInfo): void {
    if (session.joined) {
      session.joined.connection.end(info, true)
      return
    }
    if (session.phase === 'closed') return
    session.phase = 'closed'
    session.pending = []
    clearTimeout(session.authTimer)
    this.#doneAuthenticating(session)
    closeSocket(session.socket, info)
  }

  /** [AUTH6] The session no longer counts against its address (idempotent). */
  #doneAuthenticating(session: Session<U>): void {
    const address = session.address
    if (address === undefined) return
    session.address = undefined
    const count = (this.#authenticating.get(address) ?? 1) - 1
    if (count > 0) this.#authenticating.set(address, count)
    else this.#authenticating.delete(address)
  }
}

/** One frame of a joined connection, decoded and handed to its room. */
function dispatch<U>(
  connection: ClientConnection<U>,
  room: Room<U>,
  frame: Uint8Array,
  log: SyncLog,
): void {
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

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}
