import { WebSocket } from 'ws'
import type { CloseInfo } from './close-codes.ts'
import type { Connection } from './types.ts'

/** A client whose queued messages reach this many stops being read until the room catches up. */
const PAUSE_AT = 64
const RESUME_AT = 8

/** The close frame's reason may hold at most 123 bytes. */
const MAX_REASON_BYTES = 123

/**
 * Closes a socket with a code and reason chosen by us or by a hook. A code `ws` refuses
 * (outside 1000–4999, reserved ones) would throw; the socket is then terminated instead,
 * so a bad hook result can never leave a socket open.
 */
export function closeSocket(socket: WebSocket, info: CloseInfo): void {
  if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) return
  try {
    socket.close(info.code, truncateReason(info.reason))
  } catch {
    socket.terminate()
  }
}

function truncateReason(reason: string): string {
  let result = reason
  while (Buffer.byteLength(result) > MAX_REASON_BYTES) result = result.slice(0, -1)
  return result
}

export type ConnectionState = 'joining' | 'open' | 'closed'

/**
 * A message framed once for every socket it goes to: a room relays each change to all its
 * members, and framing it per socket (a header, then a corked two-part write) is most of
 * what a relay to thousands costs besides the writes themselves.
 */
export class PreparedMessage {
  /** The whole WebSocket frame: FIN + binary opcode, unmasked (server to client), payload. */
  readonly frame: Buffer
  constructor(readonly data: Uint8Array) {
    this.frame = binaryFrame(data)
  }
}

/** RFC 6455 §5.2: a final, unmasked binary frame holding `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(headerLength + length)
  frame[0] = 0x82
  if (length < 126) {
    frame[1] = length
  } else if (length < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  frame.set(payload, headerLength)
  return frame
}

/**
 * What `ws` keeps of a socket's outgoing side. Not public API: `sendPrepared` uses it only
 * when it is there and idle (nothing queued, as when compressing), else it sends the usual
 * way; ws is pinned, and the prepared path is tested byte for byte against it.
 */
type WsSender = { _state?: number; sendFrame?: (list: Buffer[], cb: () => void) => void }
const SENDER_IDLE = 0
const ignore = () => {}

/** RFC 6455 §5.5.2: a ping with no payload, the same two bytes for every socket. */
const PING_FRAME = Buffer.from([0x89, 0x00])

/**
 * [PING1] Pings a socket with the ready-made frame (thousands are pinged every interval).
 * Throws, like `ws`'s `ping`, only for a socket that is still connecting.
 */
export function pingSocket(socket: WebSocket): void {
  const sender = (socket as unknown as { _sender?: WsSender })._sender
  const ready = socket.readyState === WebSocket.OPEN && sender?.sendFrame
  if (ready && sender._state === SENDER_IDLE) sender.sendFrame!([PING_FRAME], ignore)
  else socket.ping()
}

/** The server's side of one authenticated socket. Hooks see it through `Connection<U>`. */
export class ClientConnection<U> implements Connection<U> {
  /** joining: waiting for the room to load and greet it; open: in the room's fan-out. */
  state: ConnectionState = 'joining'
  /** Set when the server closed it on purpose: its still-queued messages are dropped. */
  voided = false
  /** Awareness client ids this connection has claimed (one, in practice). */
  readonly clientIds = new Set<number>()
  #queued = 0

  constructor(
    readonly id: string,
    readonly user: U,
    readonly boardId: string,
    readonly readOnly: boolean,
    /** `hooks.presence(user)`, computed once: the user of a connection does not change. */
    readonly presence: Record<string, unknown>,
    private readonly socket: WebSocket,
    private readonly onEnd: (connection: ClientConnection<U>) => void,
  ) {}

  close(info: CloseInfo): void {
    this.end(info, true)
  }

  /** Leaves the room at once (no more fan-out to it) and sends the close frame. */
  end(info: CloseInfo, voidQueued: boolean): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.voided = voidQueued
    this.onEnd(this)
    closeSocket(this.socket, info)
  }

  /** The socket closed from the other side (or after our close frame). */
  ended(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.onEnd(this)
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
    // A failed send means the socket is going away; its 'close' event cleans up.
    this.socket.send(message, ignore)
  }

  /** `send` of a message framed once for many sockets: one write of the ready frame. */
  sendPrepared(message: PreparedMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
    const sender = (this.socket as unknown as { _sender?: WsSender })._sender
    if (sender?.sendFrame && sender._state === SENDER_IDLE)
      sender.sendFrame([message.frame], ignore)
    else this.socket.send(message.data, ignore)
  }

  /** Backpressure: stop reading a client that sends faster than its room processes. */
  taskQueued(): void {
    this.#queued++
    if (this.#queued >= PAUSE_AT && !this.socket.isPaused) this.socket.pause()
  }

  taskDone(): void {
    this.#queued--
    if (this.#queued <= RESUME_AT && this.socket.isPaused) this.socket.resume()
  }
}
