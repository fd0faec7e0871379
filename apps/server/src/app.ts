import { type BlobStore, type Database, openBlobStore } from '@pauta/db'
import type { SyncServer } from '@pauta/sync'
import type { FastifyInstance } from 'fastify'
import type { RedisOptions } from 'ioredis'
import type { AccessWatch } from './access-watch.ts'
import { authSecret, type BetterAuth, createBetterAuth } from './auth.ts'
import type { BoardChanges } from './board-changes.ts'
import { type BoardSync, createBoardSync } from './board-sync.ts'
import { type CommentLive, createCommentLive } from './comments-live.ts'
import type { ConnectionGuard, ConnectionLimits } from './connection-guard.ts'
import type { Env } from './env.ts'
import { createFeedSigner } from './feeds.ts'
import { registerFeedRoute } from './feeds-route.ts'
import { createHttpApp, registerHealthRoute, registerWebApp } from './http-app.ts'
import { followAccess, followOtherInstances } from './live-control.ts'
import { createMailer, type Mailer } from './mailer.ts'
import { registerMediaRoutes } from './media-route.ts'
import { createMediaSweeper, type MediaSweeper } from './media-sweeper.ts'
import { createNotificationLive, type NotificationLive } from './notifications-live.ts'
import { createMailDispatcher, type MailDispatcher } from './notifications-mail.ts'
import {
  createNotificationScheduler,
  type NotificationScheduler,
} from './notifications-scheduler.ts'
import type { RedisFanout } from './redis-fanout.ts'
import { createReviews } from './reviews.ts'
import type { BoardUser } from './sync-hooks.ts'
import { createApiRouter, registerTrpcRoute } from './trpc-route.ts'

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
  /**
   * The bell's live channel, the timer that sends due-soon and SLA warnings, and the one that
   * emails mentions and review steps.
   */
  notifications: { live: NotificationLive; scheduler: NotificationScheduler; mail: MailDispatcher }
  /** Email through SMTP_URL (not `enabled` without it); its transport closes with the server. */
  mail: Mailer
  /** Boards' live comment streams. */
  comments: { live: CommentLive }
  /** Timeouts and the per-address cap of connections that have not sent their headers. */
  connections: ConnectionGuard
  /** Where card media are kept, and what frees the ones no card lists. */
  media: { blobs: BlobStore; sweeper: MediaSweeper }
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
  /** How often open comment streams read SQL for comments written on other instances (3 s). */
  comments?: { livePollMs?: number }
  /** HTTP connection limits (CONNECTION_DEFAULTS: headers within 10 s, 64 waiting per address). */
  connections?: Partial<ConnectionLimits>
  /** The sync core's auth timeout (10 s) and sockets of one address authenticating at once (32). */
  sync?: { authTimeoutMs?: number; maxAuthenticatingPerAddress?: number }
  /** Sign-up attempts per address in a window (SIGN_UP_LIMIT: 10 an hour). */
  signUpLimit?: { max: number; windowMs: number }
  /** Invitation emails one person may send in a window (INVITATION_EMAIL_LIMIT: 20 an hour). */
  invitationEmailLimit?: { max: number; windowMs: number }
  /**
   * The clock board changes are stamped and judged by (escalatedAt, movedAt, a take-back's
   * two minutes); tests move it. Never set from anything a client sends.
   */
  now?: () => Date
  /** Where the log lines go (default stdout); tests read them. */
  logStream?: { write(line: string): void }
  /** Card media: how long an unlisted file is kept (24 h) and how often that is checked (1 h). */
  media?: { graceMs?: number; sweepIntervalMs?: number }
  /**
   * Email: how long one email may take (10 s); how often notifications are looked at for
   * email (5 s), by which clock, and how many are claimed at a time (50).
   */
  mail?: { timeoutMs?: number; intervalMs?: number; now?: () => Date; batch?: number }
}

/**
 * The Pauta server: the HTTP app, accounts, the bell, the live boards and what makes their
 * open connections follow access changes, then the routes: calendar feeds, `/healthz`,
 * `/trpc`, the web app and the sync upgrade. With REDIS_URL it connects to Redis before
 * resolving (and refuses to start without it).
 */
export async function createServer(
  env: Env,
  database: Database,
  options: ServerOptions = {},
): Promise<PautaServer> {
  refuseRedisOnSqlite(env, database)
  const { app, connections, trustedProxy } = createHttpApp(env, options)
  const auth = createBetterAuth(env, database)
  const feeds = createFeedSigner(authSecret(env), env.publicUrl)
  const router = createApiRouter(env, options.signUpLimit, options.invitationEmailLimit)
  const onError = (error: unknown) => app.log.error(error)
  const mail = createMailer(env, {
    onError: (error) => app.log.warn({ err: error }, 'email not sent'),
    ...(options.mail?.timeoutMs ? { timeoutMs: options.mail.timeoutMs } : {}),
  })
  const notifications = createNotifications(database, options, onError, { env, mail })
  const notificationLive = notifications.live
  const commentLive = createCommentLive(database, {
    onError,
    ...(options.comments?.livePollMs ? { pollMs: options.comments.livePollMs } : {}),
  })
  const boards = createBoardSync({
    env,
    database,
    auth,
    log: app.log,
    onError,
    notificationLive,
    trustedProxy,
    options,
  })
  const { sync, fanout } = boards
  const { access, live } = followAccess(boards, {
    database,
    log: app.log,
    streams: [notificationLive, commentLive],
    pollMs: options.accessPollMs,
  })
  if (fanout) followOtherInstances(fanout, boards, access, app.log)
  const blobs = openBlobStore(database, { dataDir: env.dataDir })
  const sweeper = createMediaSweeper(database, blobs, {
    onError,
    ...(options.media?.graceMs !== undefined ? { graceMs: options.media.graceMs } : {}),
    ...(options.media?.sweepIntervalMs ? { intervalMs: options.media.sweepIntervalMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  const running: Running = {
    env,
    app,
    notifications,
    commentLive,
    access,
    boards,
    sweeper,
    mail,
    serving: false,
  }

  const reviews = createReviews(database, boards.boardChanges, {
    secret: authSecret(env),
    publicUrl: env.publicUrl,
    now: options.now ?? (() => new Date()),
  })

  // Calendar apps subscribe with the secret URL alone: no cookie, no Origin to check.
  registerFeedRoute(app, { database, signer: feeds, publicUrl: env.publicUrl })
  registerHealthRoute(app, database, fanout, () => running.serving)
  await registerTrpcRoute(app, {
    env,
    database,
    auth,
    router,
    feeds,
    live,
    notificationLive,
    commentLive,
    boardWrites: boards.writes,
    reviews,
    mail,
    now: options.now ?? (() => new Date()),
  })
  await registerMediaRoutes(app, { env, database, auth, blobs, reviews })
  await registerWebApp(app, env.webDist)
  app.server.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy()
  })
  if (fanout) await connectFanout(fanout, options.redisConnectTimeoutMs ?? 10_000, { sync, app })

  return {
    app,
    sync,
    boardChanges: boards.boardChanges,
    auth,
    fanout,
    notifications,
    comments: { live: commentLive },
    connections,
    media: { blobs, sweeper },
    mail,
    listen: () => startServing(running),
    close: () => stopServing(running),
  }
}

function refuseRedisOnSqlite(env: Env, database: Database): void {
  if (env.redisUrl && database.dialect !== 'postgres') {
    throw new Error(
      'REDIS_URL needs DATABASE_URL pointing at PostgreSQL: several server processes cannot share an embedded SQLite file',
    )
  }
}

/**
 * The bell's live channel, the timer that sends due-soon and SLA warnings into it, and the
 * one that emails some notifications.
 */
function createNotifications(
  database: Database,
  serverOptions: ServerOptions,
  onError: (error: unknown) => void,
  email: { env: Env; mail: Mailer },
): PautaServer['notifications'] {
  const options = serverOptions.notifications ?? {}
  const mailOptions = serverOptions.mail ?? {}
  const live = createNotificationLive(database, {
    onError,
    ...(options.livePollMs ? { pollMs: options.livePollMs } : {}),
  })
  const scheduler = createNotificationScheduler(database, {
    onError,
    sink: live,
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  const mail = createMailDispatcher(database, email.mail, {
    publicUrl: email.env.publicUrl,
    onError,
    ...(mailOptions.intervalMs ? { intervalMs: mailOptions.intervalMs } : {}),
    ...(mailOptions.now ? { now: mailOptions.now } : {}),
    ...(mailOptions.batch ? { batch: mailOptions.batch } : {}),
  })
  return { live, scheduler, mail }
}

/** Waits for Redis; if it does not come, nothing of the server is left running. */
async function connectFanout(
  fanout: RedisFanout,
  timeoutMs: number,
  started: { sync: SyncServer<BoardUser>; app: FastifyInstance },
): Promise<void> {
  try {
    await fanout.connect(timeoutMs)
  } catch (error) {
    await started.sync.close()
    await started.app.close()
    throw error
  }
}

/** What `listen` starts and `close` stops. */
interface Running {
  env: Env
  app: FastifyInstance
  notifications: PautaServer['notifications']
  commentLive: CommentLive
  access: AccessWatch
  boards: BoardSync
  sweeper: MediaSweeper
  mail: Mailer
  /** `/healthz` answers 503 while false. */
  serving: boolean
}

const LISTEN_BACKLOG = 4096

/** Listens, then starts the timers; resolves to the base URL. */
async function startServing(running: Running): Promise<string> {
  const { env, app } = running
  // A crowd reconnecting at once (after a deploy, a network blip) arrives faster than the
  // sockets are accepted: a longer queue of pending connections (the OS caps it at its
  // somaxconn) keeps them from being reset.
  await app.listen({ port: env.port, host: env.host, backlog: LISTEN_BACKLOG })
  running.serving = true
  running.notifications.scheduler.start()
  running.notifications.mail.start()
  running.sweeper.start()
  await running.access.start()
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : env.port
  const host = env.host.includes(':') ? `[${env.host}]` : env.host
  return `http://${host}:${port}`
}

/** Stops serving, the timers, the sockets and Redis, in that order. */
async function stopServing(running: Running): Promise<void> {
  const { notifications, boards } = running
  running.serving = false
  // Open live subscriptions end first: a streaming response would hold the close up.
  notifications.live.close()
  running.commentLive.close()
  await notifications.scheduler.stop()
  await notifications.mail.stop()
  await running.sweeper.stop()
  await running.access.stop()
  await boards.sync.close()
  // The last changes' projection writes, before the caller closes the database.
  await boards.projectionIdle()
  await boards.fanout?.close()
  await running.app.close()
  // After the requests: an invitation being emailed finishes (or times out) first.
  await running.mail.close()
}
