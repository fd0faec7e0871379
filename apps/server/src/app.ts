import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import { type ApiContext, createAppRouter, type LiveControl, SignInLimiter } from '@pauta/api'
import { type Database, getMemberRoles } from '@pauta/db'
import { CloseCode, createSyncServer, type SyncServer } from '@pauta/sync'
import type { TRPCError } from '@trpc/server'
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { authenticate, type BetterAuth, createAuthService, createBetterAuth } from './auth.ts'
import type { Env } from './env.ts'
import { type BoardUser, createSyncHooks, Reconnect } from './sync-hooks.ts'

export interface PautaServer {
  app: FastifyInstance
  sync: SyncServer<BoardUser>
  auth: BetterAuth
  /** Listens on env.host:env.port (0 picks a free port); returns the base URL. */
  listen(): Promise<string>
  close(): Promise<void>
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

export async function createServer(env: Env, database: Database): Promise<PautaServer> {
  const app = Fastify({
    logger: env.logLevel === 'silent' ? false : { level: env.logLevel },
    bodyLimit: 1024 * 1024,
    // A tRPC batch names its procedures in the path; the default limit (100) cuts batches short.
    routerOptions: { maxParamLength: 2000 },
  })
  const auth = createBetterAuth(env, database)
  const authService = createAuthService(auth, database)
  const router = createAppRouter({ signInLimiter: new SignInLimiter() })
  const gate = createSyncHooks(database, auth, (error) => app.log.error(error))
  const sync = createSyncServer<BoardUser>({
    hooks: gate,
    allowedOrigins: env.allowedOrigins,
    log: {
      info: (message, details) => app.log.debug(details ?? {}, message),
      warn: (message, details) => app.log.info(details ?? {}, message),
      error: (message, details) => app.log.error(details ?? {}, message),
    },
  })
  let serving = false

  // Open connections follow membership and rules at once: a removed member is closed for
  // good, a member whose roles changed reconnects (and authenticates with the new roles),
  // and a board's members reconnect to pick up new rules.
  const live: LiveControl = {
    async membershipChanged(workspaceId, userId) {
      const roles = await getMemberRoles(database.db, workspaceId, userId)
      const mine = (c: { user: BoardUser }) =>
        c.user.id === userId && c.user.workspaceId === workspaceId
      if (roles.length === 0) {
        sync.closeWhere(mine, {
          code: CloseCode.Forbidden.code,
          reason: 'removed from this workspace',
        })
        return
      }
      const changed = (c: { user: BoardUser }) =>
        [...c.user.roles].sort().join() !== [...roles].sort().join()
      sync.closeWhere((c) => mine(c) && changed(c), Reconnect.RolesChanged)
    },
    settingsChanged(boardId, settings) {
      gate.setRules(boardId, settings.rules)
      sync.closeWhere((c) => c.boardId === boardId, Reconnect.SettingsChanged)
    },
  }

  app.get('/healthz', async (_req, reply) => {
    if (!serving) return reply.code(503).send({ ok: false, reason: 'starting' })
    try {
      await sql`select 1`.execute(database.db)
      return { ok: true }
    } catch {
      return reply.code(503).send({ ok: false, reason: 'database unavailable' })
    }
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
        return {
          db: database.db,
          auth: authService,
          user: await authenticate(auth, database, headers, null),
          requestHeaders: headers,
          clientIp: req.ip,
          setResponseHeaders(out) {
            for (const cookie of out.getSetCookie()) res.header('set-cookie', cookie)
          },
          live,
          publicUrl: env.publicUrl,
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

  return {
    app,
    sync,
    auth,
    async listen() {
      await app.listen({ port: env.port, host: env.host })
      serving = true
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : env.port
      const host = env.host.includes(':') ? `[${env.host}]` : env.host
      return `http://${host}:${port}`
    },
    async close() {
      serving = false
      await sync.close()
      await app.close()
    },
  }
}
