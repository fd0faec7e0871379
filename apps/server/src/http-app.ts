import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { Database } from '@pauta/db'
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify'
import { sql } from 'kysely'
import { createProxyTrust, type ProxyTrust } from './client-address.ts'
import {
  CONNECTION_DEFAULTS,
  type ConnectionGuard,
  type ConnectionLimits,
  guardConnections,
  httpTimeouts,
} from './connection-guard.ts'
import type { Env } from './env.ts'
import type { RedisFanout } from './redis-fanout.ts'

/** Paths that are the API (tRPC, sync, calendar feeds): every request to them is logged. */
const API_PREFIXES = ['/trpc', '/sync', '/feeds', '/api']

/**
 * Requests the info log leaves out: the balancer's `/healthz` polls and the web app's files
 * and pages, one line each, many a minute, saying nothing. The API is always logged; errors
 * are logged whatever the request.
 */
export function isQuietRequest(method: string | undefined, url: string | undefined): boolean {
  const pathname = (url ?? '/').split('?')[0] ?? '/'
  if (pathname === '/healthz') return true
  if (method !== 'GET' && method !== 'HEAD') return false
  return !API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))
}

/**
 * A request's URL as the log keeps it, its secrets left out: a review link's token (its page,
 * its files) and the pass its PIN gave, a calendar feed's token, and every tRPC query's input
 * (`?input=…` may carry a token); the path still says what was asked.
 */
export function loggedUrl(url: string): string {
  const [pathname = '/'] = url.split('?')
  if (pathname.startsWith('/trpc/')) return pathname
  const secret = /^\/(review|api\/review|feeds|invite)\/[^/]+/.exec(pathname)
  if (secret) return `/${secret[1]}/…${pathname.slice(secret[0].length)}`
  return url
}

/** The Fastify app with its connection guard, before any route. */
export interface HttpApp {
  app: FastifyInstance
  connections: ConnectionGuard
  /** TRUST_PROXY: behind these proxies, per-address limits count the forwarded client address. */
  trustedProxy: ProxyTrust
}

/**
 * Fastify with the log level, body limit, header and body timeouts and trusted proxies of
 * `env`; the option fields are `ServerOptions`' own.
 */
export function createHttpApp(
  env: Env,
  options: {
    connections?: Partial<ConnectionLimits>
    logStream?: { write(line: string): void }
  },
): HttpApp {
  const connectionLimits: ConnectionLimits = { ...CONNECTION_DEFAULTS, ...options.connections }
  const trustedProxy = createProxyTrust(env.trustProxy)
  const app = Fastify({
    logger:
      env.logLevel === 'silent'
        ? false
        : {
            level: env.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: {
              req: (req: FastifyRequest) => ({
                method: req.method,
                url: loggedUrl(req.url),
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              }),
            },
          },
    logController: new LogController({
      disableRequestLogging: (req: { method?: string; url?: string }) =>
        isQuietRequest(req.method, req.url),
    }),
    bodyLimit: 1024 * 1024,
    // A tRPC batch names its procedures in the path; the default limit (100) cuts batches short.
    routerOptions: { maxParamLength: 2000 },
    ...httpTimeouts(connectionLimits),
    ...(env.trustProxy.length > 0
      ? { trustProxy: (address: string) => trustedProxy(address) }
      : {}),
  })
  const connections = guardConnections(app.server, connectionLimits, trustedProxy)
  return { app, connections, trustedProxy }
}

/**
 * `/healthz`: 503 until the server listens and while the database does not answer.
 *
 * Redis being away does not make an instance unhealthy: it keeps serving, and its rooms
 * catch up from storage every few seconds; taking instances out of the balancer for it
 * would take all of them out at once. The answer says so, for monitoring.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  database: Database,
  fanout: RedisFanout | undefined,
  serving: () => boolean,
): void {
  app.get('/healthz', async (_req, reply) => {
    if (!serving()) return reply.code(503).send({ ok: false, reason: 'starting' })
    try {
      await sql`select 1`.execute(database.db)
    } catch {
      return reply.code(503).send({ ok: false, reason: 'database unavailable' })
    }
    if (fanout && !fanout.ready) return { ok: true, redis: 'reconnecting' }
    return { ok: true }
  })
}

/**
 * The built web app from `webDist` when there is one, and its index.html for any other page
 * URL; 503 with a hint for a page while it is not built, 404 for anything else.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const index = path.join(webDist, 'index.html')
  if (existsSync(index)) {
    await app.register(fastifyStatic, {
      root: webDist,
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
}
