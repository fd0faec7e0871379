import type { Fanout, FanoutMessage } from '@pauta/sync'
import { Redis, type RedisOptions } from 'ioredis'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WritesMessage } from './board-writes.ts'

/**
 * What instances tell each other beyond one board's document and presence: the API changed
 * a person's access (token, session, membership, roles) or a board's settings on one
 * instance, and connections on every instance must follow; or an instance's publisher was
 * away and others should catch up; or an instance is writing (then wrote) what it derives
 * from a board's change, which the dashboards of every instance wait for.
 */
export type ControlMessage =
  | { type: 'access'; userId: string }
  | { type: 'settings'; boardId: string }
  | { type: 'catch-up' }
  | WritesMessage

export interface FanoutLog {
  info(details: Record<string, unknown>, message: string): void
  warn(details: Record<string, unknown>, message: string): void
}

export interface RedisFanout extends Fanout {
  /** Both connections are up (the subscriber subscribed). */
  readonly ready: boolean
  /** Connects both connections; rejects, closing them, when Redis is not ready in time. */
  connect(timeoutMs: number): Promise<void>
  publishControl(message: ControlMessage): void
  /** Control messages of other instances (this instance's own are not delivered back). */
  onControl(handler: (message: ControlMessage) => void): void
  /**
   * Messages may have been lost: the subscriber reconnected (and has subscribed again), or
   * another instance's publisher did. Catch up from storage.
   */
  onGap(handler: () => void): void
  close(): Promise<void>
}

export interface RedisFanoutOptions {
  url: string
  /** The sync server's instance id: messages carry it, and this instance skips its own. */
  instanceId: string
  /** Channel prefix (default `pauta`): channels are `<prefix>:board:<boardId>` and `<prefix>:control`. */
  prefix?: string
  /** Extra ioredis options for both connections (e.g. a `retryStrategy`). */
  redisOptions?: RedisOptions
  log: FanoutLog
}

/** Wire format of a board message: a version byte, then lib0 varints and length-prefixed bytes. */
const FORMAT = 1
const Kind = { update: 0, awareness: 1, 'query-awareness': 2 } as const

export function encodeFanoutMessage(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, FORMAT)
  encoding.writeVarUint(encoder, Kind[message.type])
  encoding.writeVarString(encoder, message.origin)
  if (message.type === 'update') {
    encoding.writeVarUint(encoder, message.seq)
    encoding.writeVarUint8Array(encoder, message.update)
  } else if (message.type === 'awareness') {
    encoding.writeVarUint8Array(encoder, message.update)
  }
  return encoding.toUint8Array(encoder)
}

/** Null for anything that is not exactly one message of this format. */
export function decodeFanoutMessage(bytes: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readUint8(decoder) !== FORMAT) return null
    const kind = decoding.readVarUint(decoder)
    const origin = decoding.readVarString(decoder)
    let message: FanoutMessage
    if (kind === Kind.update) {
      const seq = decoding.readVarUint(decoder)
      message = { type: 'update', seq, update: decoding.readVarUint8Array(decoder), origin }
    } else if (kind === Kind.awareness) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder), origin }
    } else if (kind === Kind['query-awareness']) {
      message = { type: 'query-awareness', origin }
    } else {
      return null
    }
    return decoding.hasContent(decoder) ? null : message
  } catch {
    return null
  }
}

function parseControl(text: string): (ControlMessage & { origin: string }) | null {
  try {
    const value = JSON.parse(text) as Record<string, unknown>
    if (typeof value.origin !== 'string') return null
    const origin = value.origin
    // 'membership' is what instances of the previous release send, during a rolling upgrade.
    if (
      (value.type === 'access' || value.type === 'membership') &&
      typeof value.userId === 'string'
    )
      return { type: 'access', userId: value.userId, origin }
    if (value.type === 'settings' && typeof value.boardId === 'string') {
      return { type: 'settings', boardId: value.boardId, origin }
    }
    if (value.type === 'catch-up') return { type: 'catch-up', origin }
    if (
      (value.type === 'writing' || value.type === 'written') &&
      typeof value.boardId === 'string' &&
      typeof value.id === 'string'
    )
      return { type: value.type, boardId: value.boardId, id: value.id, origin }
    return null
  } catch {
    return null
  }
}

/**
 * The sync server's fan-out over Redis pub/sub: one connection publishes, one subscribes
 * (a subscribed connection can do nothing else). Pub/sub is fire-and-forget — a message
 * published while an instance's subscriber is away is gone — so rooms catch up from
 * storage: on the seq hole the next message reveals, periodically, and right after a
 * reconnect (`onGap`). Publishing while the publisher is away drops the message at once
 * (no offline queue: storage is the truth, and a stale queue would only grow).
 */
export function createRedisFanout(options: RedisFanoutOptions): RedisFanout {
  const { instanceId, log } = options
  const prefix = options.prefix ?? 'pauta'
  const controlChannel = `${prefix}:control`
  const boardPrefix = `${prefix}:board:`
  const base: RedisOptions = {
    lazyConnect: true,
    // Reconnect quickly, never give up; a catch-up follows every reconnect.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    ...options.redisOptions,
  }
  const pub = new Redis(options.url, {
    ...base,
    connectionName: `pauta:pub:${instanceId}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  })
  // We resubscribe ourselves after a reconnect, to know when the subscriptions are active.
  const sub = new Redis(options.url, {
    ...base,
    connectionName: `pauta:sub:${instanceId}`,
    autoResubscribe: false,
  })
  const boards = new Map<string, (message: FanoutMessage) => void>()
  const controlHandlers: ((message: ControlMessage) => void)[] = []
  const gapHandlers: (() => void)[] = []
  let subscribed = false
  let subReadyBefore = false
  let pubReadyBefore = false
  let closing = false

  const gap = () => {
    for (const handler of gapHandlers) handler()
  }

  // ioredis reports every failed attempt as an 'error'; state changes are what we log.
  pub.on('error', () => {})
  sub.on('error', () => {})
  let pubUp = false
  pub.on('close', () => {
    if (pubUp && !closing)
      log.warn({ connection: 'publisher' }, 'Redis connection lost; reconnecting')
    pubUp = false
  })
  sub.on('close', () => {
    if (subscribed && !closing)
      log.warn({ connection: 'subscriber' }, 'Redis connection lost; reconnecting')
    subscribed = false
  })

  pub.on('ready', () => {
    pubUp = true
    if (pubReadyBefore) {
      log.info({ connection: 'publisher' }, 'Redis reconnected')
      // What we published meanwhile was dropped: others should read storage.
      publishControl({ type: 'catch-up' })
    }
    pubReadyBefore = true
  })

  sub.on('ready', () => {
    const channels = [controlChannel, ...[...boards.keys()].map((id) => boardPrefix + id)]
    sub.subscribe(...channels).then(
      () => {
        subscribed = true
        if (subReadyBefore) {
          log.info({ connection: 'subscriber' }, 'Redis reconnected; catching up from storage')
          gap()
        }
        subReadyBefore = true
      },
      (error: unknown) => log.warn({ error }, 'subscribing to Redis channels failed'),
    )
  })

  sub.on('messageBuffer', (channelBytes: Buffer, payload: Buffer) => {
    const channel = channelBytes.toString()
    if (channel === controlChannel) {
      const message = parseControl(payload.toString())
      if (!message || message.origin === instanceId) return
      const { origin: _origin, ...control } = message
      for (const handler of controlHandlers) handler(control)
      return
    }
    if (!channel.startsWith(boardPrefix)) return
    const deliver = boards.get(channel.slice(boardPrefix.length))
    if (!deliver) return
    const message = decodeFanoutMessage(payload)
    if (!message) {
      log.warn({ channel }, 'malformed fan-out message dropped')
      return
    }
    deliver(message)
  })

  function publishRaw(channel: string, payload: Buffer | string): void {
    // Dropped while away; the catch-up after the reconnect covers it.
    if (pub.status !== 'ready') return
    pub.publish(channel, payload).catch(() => {})
  }

  function publishControl(message: ControlMessage): void {
    publishRaw(controlChannel, JSON.stringify({ ...message, origin: instanceId }))
  }

  return {
    get ready() {
      return pub.status === 'ready' && subscribed
    },

    async connect(timeoutMs) {
      const ready = Promise.all([
        untilReady(pub, timeoutMs),
        untilReady(sub, timeoutMs).then(() => untilSubscribed(timeoutMs)),
      ])
      pub.connect().catch(() => {})
      sub.connect().catch(() => {})
      try {
        await ready
      } catch (error) {
        closing = true
        pub.disconnect()
        sub.disconnect()
        throw new Error(
          `Redis at REDIS_URL is not reachable (${error instanceof Error ? error.message : String(error)}); check REDIS_URL`,
        )
      }
    },

    publish(boardId, message) {
      publishRaw(boardPrefix + boardId, Buffer.from(encodeFanoutMessage(message)))
    },

    async subscribe(boardId, onMessage) {
      boards.set(boardId, onMessage)
      // Not connected: the next 'ready' subscribes every board and triggers a catch-up.
      if (!subscribed) return
      // Do not hold the room's load hostage to Redis: catch-up covers a slow subscription.
      await Promise.race([
        sub.subscribe(boardPrefix + boardId).catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ])
    },

    unsubscribe(boardId) {
      boards.delete(boardId)
      if (subscribed) sub.unsubscribe(boardPrefix + boardId).catch(() => {})
    },

    publishControl,

    onControl(handler) {
      controlHandlers.push(handler)
    },

    onGap(handler) {
      gapHandlers.push(handler)
    },

    async close() {
      closing = true
      // Let what was published last (e.g. presence removals on shutdown) go out, briefly.
      await Promise.race([
        Promise.allSettled([pub.quit(), sub.quit()]),
        new Promise((resolve) => setTimeout(resolve, 1000).unref()),
      ])
      pub.disconnect()
      sub.disconnect()
    },
  }

  function untilSubscribed(timeoutMs: number): Promise<void> {
    return waitUntil(() => subscribed, timeoutMs, 'subscribing')
  }
}

function untilReady(client: Redis, timeoutMs: number): Promise<void> {
  return waitUntil(() => client.status === 'ready', timeoutMs, 'connecting')
}

function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs
    const poll = () => {
      if (check()) return resolve()
      if (Date.now() > deadline) return reject(new Error(`${what} timed out after ${timeoutMs} ms`))
      setTimeout(poll, 10)
    }
    poll()
  })
}
