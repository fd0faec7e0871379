import { randomUUID } from 'node:crypto'
import type { Database } from '@pauta/db'
import { createSyncServer, type SyncLogDetails, type SyncServer } from '@pauta/sync'
import type { FastifyBaseLogger } from 'fastify'
import type { RedisOptions } from 'ioredis'
import type { BetterAuth } from './auth.ts'
import { type BoardChanges, createBoardChanges } from './board-changes.ts'
import { type BoardWrites, createBoardWrites } from './board-writes.ts'
import { clientAddress, type ProxyTrust } from './client-address.ts'
import type { Env } from './env.ts'
import { createNotifier } from './notifications.ts'
import type { NotificationLive } from './notifications-live.ts'
import { createCardProjection } from './projection.ts'
import { createRedisFanout, type RedisFanout } from './redis-fanout.ts'
import { type BoardGate, type BoardUser, combineObservers, createSyncHooks } from './sync-hooks.ts'
import { createTextUpgrade } from './text-upgrade.ts'

/** The live boards of one instance. */
export interface BoardSync {
  sync: SyncServer<BoardUser>
  /** The sync core's hooks, which also hold the rules each board is judged by. */
  gate: BoardGate
  /** Resolves once the card projection has written the changes seen so far. */
  projectionIdle(): Promise<void>
  /** With REDIS_URL: the fan-out to the other instances (not connected yet). */
  fanout: RedisFanout | undefined
  /** Judged changes the server makes to boards itself ([SERVER1]). */
  boardChanges: BoardChanges
  /** The projection and history writes under way, for the dashboards to wait for. */
  writes: BoardWrites
}

/** What the live boards are made from; the option fields are `ServerOptions`' own. */
export interface BoardSyncParts {
  env: Env
  database: Database
  auth: BetterAuth
  log: FastifyBaseLogger
  onError: (error: unknown) => void
  /** Told of every notification the notifier makes, for the bell. */
  notificationLive: NotificationLive
  /** Per-address limits count the address a trusted proxy forwarded. */
  trustedProxy: ProxyTrust
  options: {
    redisPrefix?: string
    redisOptions?: RedisOptions
    catchUpIntervalMs?: number
    sync?: { authTimeoutMs?: number; maxAuthenticatingPerAddress?: number }
    now?: () => Date
  }
}

/**
 * The sync core on Pauta's hooks, with the card projection and the notifier observing every
 * accepted change, and their writes followed for the dashboards; with REDIS_URL, documents,
 * presence and membership changes travel between instances through Redis.
 */
export function createBoardSync(parts: BoardSyncParts): BoardSync {
  const { env, database, auth, log, onError, options } = parts
  const instanceId = randomUUID()
  const fanout = env.redisUrl
    ? createRedisFanout({
        url: env.redisUrl,
        instanceId,
        ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
        ...(options.redisOptions ? { redisOptions: options.redisOptions } : {}),
        log: {
          info: (details, message) => log.info(details, message),
          warn: (details, message) => log.warn(details, message),
        },
      })
    : undefined
  const writes = createBoardWrites(
    fanout ? { publish: (message) => fanout.publishControl(message) } : {},
  )
  const projection = createCardProjection(database, onError, writes)
  let syncServer: SyncServer<BoardUser> | null = null
  const observers = combineObservers(
    [
      projection,
      writes,
      createNotifier(database, onError, parts.notificationLive),
      createTextUpgrade(database, () => syncServer, onError),
    ],
    onError,
  )
  const gate = createSyncHooks(database, auth, onError, env.maxBoardBytes, observers, options.now)
  const sync = createSyncServer<BoardUser>({
    hooks: gate,
    instanceId,
    ...(fanout ? { fanout } : {}),
    ...(options.catchUpIntervalMs ? { catchUpIntervalMs: options.catchUpIntervalMs } : {}),
    allowedOrigins: env.allowedOrigins,
    ...options.sync,
    addressOf: (req) => clientAddress(req, parts.trustedProxy),
    log: {
      info: (message, details) => log.debug(syncLogDetails(details), message),
      warn: (message, details) => log.info(syncLogDetails(details), message),
      error: (message, details) => log.error(syncLogDetails(details), message),
    },
  })
  syncServer = sync
  const boardChanges = createBoardChanges(database, sync, gate)
  return { sync, gate, projectionIdle: () => projection.idle(), fanout, boardChanges, writes }
}

/**
 * The sync core names a failure `error`; pino serialises an Error only under `err` (anything
 * else prints as `{}`), so the log would say which board and seq failed but not why.
 */
function syncLogDetails(details: SyncLogDetails | undefined): Record<string, unknown> {
  if (!details || !('error' in details)) return details ?? {}
  const { error, ...rest } = details
  return { ...rest, err: error }
}
