import {
  type ApiContext,
  type AppRouter,
  type BoardWritesFeed,
  createAppRouter,
  type LiveControl,
  type Reviews,
  SignInLimiter,
  SignUpLimiter,
  SlidingWindowCounter,
} from '@pauta/api'
import type { Database } from '@pauta/db'
import type { TRPCError } from '@trpc/server'
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  authenticateWithCredential,
  authSecret,
  type BetterAuth,
  createAuthService,
} from './auth.ts'
import type { CommentLive } from './comments-live.ts'
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_WORKSPACE } from './demo.ts'
import type { Env } from './env.ts'
import type { FeedSigner } from './feeds.ts'
import { createInvitationTokens } from './invitation-tokens.ts'
import type { Mailer } from './mailer.ts'
import type { NotificationLive } from './notifications-live.ts'

/** tRPC calls in one batch at most; more is refused (batch amplification). */
const MAX_BATCH = 16

/**
 * The API's procedures with this server's sign-in and sign-up limits (`signUpLimit`: the
 * `ServerOptions` field, else SIGN_UP_LIMIT), sign-up mode and invitation email limit
 * (`invitationEmailLimit`, else INVITATION_EMAIL_LIMIT).
 */
export function createApiRouter(
  env: Env,
  signUpLimit: { max: number; windowMs: number } | undefined,
  invitationEmailLimit?: { max: number; windowMs: number },
): AppRouter {
  return createAppRouter({
    ...(invitationEmailLimit
      ? {
          invitations: {
            emailLimiter: new SlidingWindowCounter(invitationEmailLimit.windowMs),
            emailLimit: invitationEmailLimit.max,
          },
        }
      : {}),
    signInLimiter: new SignInLimiter(),
    signUpLimiter: signUpLimit
      ? new SignUpLimiter(signUpLimit.max, signUpLimit.windowMs)
      : new SignUpLimiter(env.signUpLimit),
    signUpMode: env.signUpMode,
    demoAccount: { email: DEMO_EMAIL, password: DEMO_PASSWORD, workspaceName: DEMO_WORKSPACE },
  })
}

/** What each call's context is made from. */
export interface TrpcParts {
  env: Env
  database: Database
  auth: BetterAuth
  router: AppRouter
  feeds: FeedSigner
  live: LiveControl
  notificationLive: NotificationLive
  commentLive: CommentLive
  boardWrites: BoardWritesFeed
  /** Review steps and review links' secrets. */
  reviews: Reviews
  /** Email for the routers (invitations, review links): `send` and `enabled` only. */
  mail: Mailer
  /** The server's clock (tests move it). */
  now: () => Date
}

/** The API at `/trpc`: mutations from our own pages only, batches of at most MAX_BATCH. */
export async function registerTrpcRoute(app: FastifyInstance, parts: TrpcParts): Promise<void> {
  const { env, database, auth, feeds, live, notificationLive, commentLive, boardWrites } = parts
  const { reviews } = parts
  const mail = { enabled: parts.mail.enabled, send: parts.mail.send }
  const authService = createAuthService(auth, database)
  const invitationToken = createInvitationTokens(authSecret(env))
  checkMutationOrigin(app, env.allowedOrigins)
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: parts.router,
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
          comments: caller ? commentLive.withCredential(caller.credential) : commentLive,
          feedUrl: feeds.url,
          invitationToken,
          boardWrites,
          reviews,
          mail,
          now: parts.now,
        }
      },
      onError({ error, path: procedure }: { error: TRPCError; path?: string | undefined }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error, procedure }, 'tRPC error')
      },
    },
  })
}

/**
 * Cookie-authenticated mutations must come from our own pages: JSON only (a cross-site
 * form cannot send it without a preflight) and, when the browser says where it comes
 * from, one of our origins.
 */
function checkMutationOrigin(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/trpc') || req.method === 'GET' || req.method === 'HEAD') return
    const type = req.headers['content-type'] ?? ''
    if (!type.toLowerCase().startsWith('application/json')) {
      return reply.code(415).send({ error: 'send JSON (content-type: application/json)' })
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins.includes(origin)) {
      return reply.code(403).send({ error: 'origin not allowed' })
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return reply.code(403).send({ error: 'cross-site request refused' })
    }
  })
}

function headersOf(req: FastifyRequest): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}
