import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import {
  type ApiContext,
  createAppRouter,
  type LiveControl,
  SignInLimiter,
  SignUpLimiter,
} from '@pauta/api'
import type { Database } from '@pauta/db'
import { createSyncServer, type SyncLogDetails, type SyncServer } from '@pauta/sync'
import type { TRPCError } from '@trpc/server'
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import type { RedisOptions } from 'ioredis'
import { sql } from 'kysely'
import { createAccessWatch } from './access-watch.ts'
import {
  authenticateWithCredential,
  authSecret,
  type BetterAuth,
  createAuthService,
  createBetterAuth,
} from './auth.ts'
import { type BoardChanges, createBoardChanges } from './board-changes.ts'
import { clientAddress, createProxyTrust } from './client-address.ts'
import {
  CONNECTION_DEFAULTS,
  type ConnectionGuard,
  type ConnectionLimits,
  guardConnections,
  httpTimeouts,
} from './connection-guard.ts'
import type { Env } from './env.ts'
import { createFeedSigner } from './feeds.ts'
import { registerFeedRoute } from './feeds-route.ts'
import { createNotifier } from './notifications.ts'
import { createNotificationLive, type NotificationLive } from './notifications-live.ts'
import {
  createNotificationScheduler,
  type NotificationScheduler,
} from './notifications-scheduler.ts'
import { createCardProjection } from './projection.ts'
import { createRedisFanout, type RedisFanout } from './redis-fanout.ts'
import { type BoardUser, combineObservers, createSyncHooks, Reconnect } from './sync-hooks.ts'

export interface PautaServer {
  app: FastifyInstance
  sync: SyncServer<BoardUser>
  /** Judged changes the server makes to boards itself ([SERVER1]). */
  boardChanges: BoardChanges
  auth: BetterAuth
  /** Listens on env.host:env.port (0 picks a free port); returns the base URL. */
  listen(): Promise<string>
  close(): Promise<void>
  /** With REDIS_URL: the fan-out to the other instances. */
  fanout: RedisFanout | undefined
  /** The bell's live channel and the timer that sends due-soon and SLA warnings. */
  notifications: { live: NotificationLive; scheduler: NotificationScheduler }
  /** Timeouts and the per-address cap of connections that have not sent their headers. */
  connections: ConnectionGuard
}

/** Knobs for tests; the defaults are what production uses. */
export interface ServerOptions {
  /** Redis channel prefix (default `pauta`); tests use one per run. */
  redisPrefix?: string
  /** Extra ioredis options for the fan-out connections (tests: a slower reconnect). */
  redisOptions?: RedisOptions
  /** With REDIS_URL, a room with connections reads storage for missed changes this often (3 s). */
  catchUpIntervalMs?: number
  /** How long the server waits for Redis at start before refusing to start (10 s). */
  redisConnectTimeoutMs?: number
  /** How often the access log is read, to follow changes made by the CLI or other instances (1 s). */
  accessPollMs?: number
  /**
   * Notifications: the scheduler's round interval (60 s) and clock, and how often open
   * live subscriptions read SQL for notifications made on other instances (5 s).
   */
  notifications?: { intervalMs?: number; now?: () => Date; livePollMs?: number }
  /** HTTP connection limits (CONNECTION_DEFAULTS: headers within 10 s, 64 waiting per address). */
  connections?: Partial<ConnectionLimits>
  /** The sync core's auth timeout (10 s) and sockets of one address authenticating at once (32). */
  sync?: { authTimeoutMs?: number; maxAuthenticatingPerAddress?: number }
  /** Sign-up attempts per address in a window (SIGN_UP_LIMIT: 10 an hour). */
  signUpLimit?: { max: number; windowMs: number }
  /** Where the log lines go (default stdout); tests read them. */
  logStream?: { write(line: string): void }
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

/** tRPC calls in one batch at most; more is refused (batch amplification). */
const MAX_BATCH = 16

function headersOf(req: FastifyRequest): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}

export async function createServer(
  env: Env,
  database: Database,
  options: ServerOptions = {},
): Promise<PautaServer> {
  if (env.redisUrl && database.dialect !== 'postgres') {
    throw new Error(
      'REDIS_URL needs DATABASE_URL pointing at PostgreSQL: several server processes cannot share an embedded SQLite file',
    )
  }
  const connectionLimits: ConnectionLimits = { ...CONNECTION_DEFAULTS, ...options.connections }
  // TRUST_PROXY: behind these proxies, per-address limits count the forwarded client address.
  const trustedProxy = createProxyTrust(env.trustProxy)
  const app = Fastify({
    logger:
      env.logLevel === 'silent'
        ? false
        : { level: env.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: 1024 * 1024,
    // A tRPC batch names its procedures in the path; the default limit (100) cuts batches short.
    routerOptions: { maxParamLength: 2000 },
    ...httpTimeouts(connectionLimits),
    ...(env.trustProxy.length > 0
      ? { trustProxy: (address: string) => trustedProxy(address) }
      : {}),
  })
  const connections = guardConnections(app.server, connectionLimits, trustedProxy)
  const auth = createBetterAuth(env, database)
  const feeds = createFeedSigner(authSecret(env), env.publicUrl)
  const authService = createAuthService(auth, database)
  const router = createAppRouter({
    signInLimiter: new SignInLimiter(),
    signUpLimiter: options.signUpLimit
      ? new SignUpLimiter(options.signUpLimit.max, options.signUpLimit.windowMs)
      : new SignUpLimiter(env.signUpLimit),
    signUpMode: env.signUpMode,
  })
  const onError = (error: unknown) => app.log.error(error)
  const notificationOptions = options.notifications ?? {}
  const notificationLive = createNotificationLive(database, {
    onError,
    ...(notificationOptions.livePollMs ? { pollMs: notificationOptions.livePollMs } : {}),
  })
  const notificationScheduler = createNotificationScheduler(database, {
    onError,
    sink: notificationLive,
    ...(notificationOptions.intervalMs ? { intervalMs: notificationOptions.intervalMs } : {}),
    ...(notificationOptions.now ? { now: notificationOptions.now } : {}),
  })
  const projection = createCardProjection(database, onError)
  const observers = combineObservers(
    [projection, createNotifier(database, onError, notificationLive)],
    onError,
  )
  const gate = createSyncHooks(database, auth, onError, env.maxBoardBytes, observers)
  const instanceId = randomUUID()
  // Several instances: documents, presence and membership changes travel through Redis.
  const fanout = env.redisUrl
    ? createRedisFanout({
        url: env.redisUrl,
        instanceId,
        ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
        ...(options.redisOptions ? { redisOptions: options.redisOptions } : {}),
        log: {
          info: (details, message) => app.log.info(details, message),
          warn: (details, message) => app.log.warn(details, message),
        },
      })
    : undefined
  const sync = createSyncServer<BoardUser>({
    hooks: gate,
    instanceId,
    ...(fanout ? { fanout } : {}),
    ...(options.catchUpIntervalMs ? { catchUpIntervalMs: options.catchUpIntervalMs } : {}),
    allowedOrigins: env.allowedOrigins,
    ...options.sync,
    addressOf: (req) => clientAddress(req, trustedProxy),
    log: {
      info: (message, details) => app.log.debug(syncLogDetails(details), message),
      warn: (message, details) => app.log.info(syncLogDetails(details), message),
      error: (message, details) => app.log.error(syncLogDetails(details), message),
    },
  })
  const boardChanges = createBoardChanges(database, sync, gate)
  let serving = false

  // Open connections follow access and rules: a revoked token, an ended session or a
  // removed member is closed for good, a member whose roles changed reconnects (and
  // authenticates with the new roles), and a board's members reconnect to pick up new
  // rules. A change made through the API is applied here at once and published for the
  // other instances; every instance also reads the access log every second, which covers
  // the admin CLI and a lost Redis message.
  const logAccessError = (error: unknown) =>
    app.log.error({ err: error }, 'following an access change failed')
  const access = createAccessWatch({
    database,
    sync,
    streams: notificationLive,
    onError: logAccessError,
    ...(options.accessPollMs ? { pollMs: options.accessPollMs } : {}),
  })

  const live: LiveControl = {
    async accessChanged(userId) {
      fanout?.publishControl({ type: 'access', userId })
      await access.check(userId).catch(logAccessError)
    },
    settingsChanged(boardId, settings) {
      gate.setRules(boardId, settings.rules)
      sync.closeWhere((c) => c.boardId === boardId, Reconnect.SettingsChanged)
      fanout?.publishControl({ type: 'settings', boardId })
    },
  }

  const logError = (error: unknown) =>
    app.log.error({ err: error }, 'following another instance failed')

  /**
   * After the fan-out may have lost messages: rooms catch up from storage, and every open
   * connection is checked against its credential, membership and rules again (a control
   * message may have been lost with the rest).
   */
  async function reconcile(): Promise<void> {
    sync.catchUp()
    const boards = new Set(sync.connections().map((c) => c.boardId))
    await access.checkEveryone()
    for (const boardId of boards) {
      if (await gate.reloadRules(boardId))
        sync.closeWhere((c) => c.boardId === boardId, Reconnect.SettingsChanged)
    }
  }

  fanout?.onGap(() => {
    reconcile().catch(logError)
  })
  fanout?.onControl((message) => {
    switch (message.type) {
      case 'access':
        access.check(message.userId).catch(logError)
        return
      case 'settings':
        gate
          .reloadRules(message.boardId)
          .then(() =>
            sync.closeWhere((c) => c.boardId === message.boardId, Reconnect.SettingsChanged),
          )
          .catch(logError)
        return
      case 'catch-up':
        reconcile().catch(logError)
        return
    }
  })

  // Redis being away does not make an instance unhealthy: it keeps serving, and its rooms
  // catch up from storage every few seconds; taking instances out of the balancer for it
  // would take all of them out at once. The answer says so, for monitoring.
  // Calendar apps subscribe with the secret URL alone: no cookie, no Origin to check.
  registerFeedRoute(app, { database, signer: feeds, publicUrl: env.publicUrl })

  app.get('/healthz', async (_req, reply) => {
    if (!serving) return reply.code(503).send({ ok: false, reason: 'starting' })
    try {
      await sql`select 1`.execute(database.db)
    } catch {
      return reply.code(503).send({ ok: false, reason: 'database unavailable' })
    }
    if (fanout && !fanout.ready) return { ok: true, redis: 'reconnecting' }
    return { ok: true }
  })

  // Cookie-authenticated mutations must come from our own pages: JSON only (a cross-site
  // form cannot send it without a preflight) and, when the browser says where it comes
  // from, one of our origins.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/trpc') || req.method === 'GET' || req.method === 'HEAD') return
    const type = req.headers['content-type'] ?? ''
    if (!type.toLowerCase().startsWith('application/json')) {
      return reply.code(415).send({ error: 'send JSON (content-type: application/json)' })
    }
    const origin = req.headers.origin
    if (origin !== undefined && !env.allowedOrigins.includes(origin)) {
      return reply.code(403).send({ error: 'origin not allowed' })
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return reply.code(403).send({ error: 'cross-site request refused' })
    }
  })

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router,
      maxBatchSize: MAX_BATCH,
      async createContext({ req, res }: CreateFastifyContextOptions): Promise<ApiContext> {
        const headers = headersOf(req)
        const caller = await authenticateWithCredential(auth, database, headers, null)
        return {
          db: database.db,
          auth: authService,
          user: caller?.user ?? null,
          requestHeaders: headers,
          clientIp: req.ip,
          setResponseHeaders(out) {
            for (const cookie of out.getSetCookie()) res.header('set-cookie', cookie)
            for (const [name, value] of out) if (name !== 'set-cookie') res.header(name, value)
          },
          live,
          publicUrl: env.publicUrl,
          // A stream remembers what it was opened with: revoked or signed out, it ends.
          notifications: caller
            ? notificationLive.withCredential(caller.credential)
            : notificationLive,
          feedUrl: feeds.url,
        }
      },
      onError({ error, path: procedure }: { error: TRPCError; path?: string | undefined }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error, procedure }, 'tRPC error')
      },
    },
  })

  const index = path.join(env.webDist, 'index.html')
  if (existsSync(index)) {
    await app.register(fastifyStatic, {
      root: env.webDist,
      // Look files up per request, so a rebuilt web app is served without a restart.
      wildcard: true,
      setHeaders(res, file) {
        const immutable = file.includes(`${path.sep}assets${path.sep}`)
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  // The web app routes on the client: any other page URL gets its index.html.
  app.setNotFoundHandler((req, reply) => {
    const pathname = req.url.split('?')[0] ?? '/'
    const isFile = /\.[a-z0-9]+$/i.test(pathname)
    const wantsPage =
      req.method === 'GET' &&
      !isFile &&
      !pathname.startsWith('/trpc') &&
      !pathname.startsWith('/sync')
    if (wantsPage && existsSync(index))
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    if (wantsPage) {
      return reply
        .code(503)
        .type('text/plain')
        .send('The web app is not built yet: run `pnpm start` (it builds apps/web first).')
    }
    return reply.code(404).send({ error: 'not found' })
  })

  app.server.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy()
  })

  if (fanout) {
    try {
      await fanout.connect(options.redisConnectTimeoutMs ?? 10_000)
    } catch (error) {
      await sync.close()
      await app.close()
      throw error
    }
  }

  return {
    app,
    sync,
    boardChanges,
    auth,
    fanout,
    notifications: { live: notificationLive, scheduler: notificationScheduler },
    connections,
    async listen() {
      await app.listen({ port: env.port, host: env.host })
      serving = true
      notificationScheduler.start()
      await access.start()
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : env.port
      const host = env.host.includes(':') ? `[${env.host}]` : env.host
      return `http://${host}:${port}`
    },
    async close() {
      serving = false
      // Open bell subscriptions end first: a streaming response would hold the close up.
      notificationLive.close()
      await notificationScheduler.stop()
      await access.stop()
      await sync.close()
      // The last changes' projection writes, before the caller closes the database.
      await projection.idle()
      await fanout?.close()
      await app.close()
    },
  }
}
