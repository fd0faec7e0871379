import {
  findInvitationByToken,
  findUserByEmail,
  listInvitationsForEmail,
  listWorkspacesForUser,
} from '@pauta/db'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import type { ApiContext } from './context.ts'
import { SignInLimiter, SignUpLimiter } from './rate-limits.ts'
import {
  emailSchema,
  invitationTokenSchema,
  passwordSchema,
  personNameSchema,
  type SignUpMode,
} from './schemas.ts'
import { publicProcedure, router } from './trpc.ts'

export interface AuthRouterOptions {
  signInLimiter?: SignInLimiter
  /** Sign-up attempts per address (default SIGN_UP_LIMIT, 10 an hour). */
  signUpLimiter?: SignUpLimiter
  /** Who may create an account (PAUTA_SIGNUP; default open). */
  signUpMode?: SignUpMode
  /** The demo's shared account, named on the sign-in page while its workspace exists here. */
  demoAccount?: DemoAccount
}

export interface DemoAccount {
  email: string
  password: string
  workspaceName: string
}

/** The demo account when it exists on this server and still belongs to the demo workspace. */
async function demoAccountHere(
  ctx: ApiContext,
  demo: DemoAccount | undefined,
): Promise<{ email: string; password: string } | null> {
  if (!demo) return null
  const user = await findUserByEmail(ctx.db, demo.email)
  if (!user) return null
  const workspaces = await listWorkspacesForUser(ctx.db, user.id)
  if (!workspaces.some((w) => w.name === demo.workspaceName)) return null
  return { email: demo.email, password: demo.password }
}

/**
 * Invite-only sign-up: the request carries a pending invitation link that is for anyone or
 * for this email, or this email has a pending invitation addressed to it.
 */
async function invited(
  ctx: ApiContext,
  input: { email: string; invitation?: string | undefined },
): Promise<boolean> {
  if (input.invitation !== undefined) {
    const found = await findInvitationByToken(ctx.db, input.invitation)
    if (found?.status === 'pending' && (found.email === null || found.email === input.email))
      return true
  }
  return (await listInvitationsForEmail(ctx.db, input.email)).length > 0
}

function tooManySignUps(ctx: ApiContext, limiter: SignUpLimiter): TRPCError {
  const waitMs = limiter.retryAfterMs(ctx.clientIp)
  ctx.setResponseHeaders(new Headers({ 'retry-after': String(Math.ceil(waitMs / 1000)) }))
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000))
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `too many sign-ups from this address; try again in ${minutes} minutes`,
  })
}

/**
 * Accounts and sessions, open to anyone: who am I, sign up, sign in, sign out. Each router
 * made here has its own rate limiters unless `opts` passes shared ones.
 */
export function createAuthRouter(opts: AuthRouterOptions = {}) {
  const limiter = opts.signInLimiter ?? new SignInLimiter()
  const signUpLimiter = opts.signUpLimiter ?? new SignUpLimiter()
  const signUpMode = opts.signUpMode ?? 'open'

  return router({
    me: publicProcedure.query(({ ctx }) => ctx.user),

    /** Whether this server lets anyone sign up, so the sign-up form can say so first. */
    signUpMode: publicProcedure.query(() => signUpMode),

    /** The demo sign-in to show on the sign-in page, or null on a server without the demo. */
    demoAccount: publicProcedure.query(({ ctx }) => demoAccountHere(ctx, opts.demoAccount)),

    signUp: publicProcedure
      .input(
        z.object({
          name: personNameSchema,
          email: emailSchema,
          password: passwordSchema,
          /** The invitation link's token, when signing up from one (needed when invite-only). */
          invitation: invitationTokenSchema.optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        // Every attempt counts, refused ones too: see SignUpLimiter.
        if (!signUpLimiter.attempt(ctx.clientIp)) throw tooManySignUps(ctx, signUpLimiter)
        if (signUpMode === 'invite-only' && !(await invited(ctx, input))) {
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: 'sign-up is by invitation only on this server',
          })
        }
        const signedIn = await ctx.auth.signUp({
          name: input.name,
          email: input.email,
          password: input.password,
        })
        // A sign-up signs the person in, so an answer that looked like success but carried
        // no session would still tell that the address has an account: the refusal stays,
        // worded neutrally, and the per-address limit above bounds how fast anyone can ask.
        if (!signedIn) {
          throw new TRPCError({
            code: 'CONFLICT',
            message:
              'could not create an account with this email; if you already have one, sign in',
          })
        }
        ctx.setResponseHeaders(signedIn.headers)
        return signedIn.user
      }),

    signIn: publicProcedure
      .input(z.object({ email: emailSchema, password: z.string().min(1).max(128) }))
      .mutation(async ({ ctx, input }) => {
        if (limiter.blocked(input.email, ctx.clientIp)) {
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: 'too many failed sign-ins; try again in 15 minutes',
          })
        }
        const signedIn = await ctx.auth.signIn(input)
        if (!signedIn) {
          limiter.fail(input.email, ctx.clientIp)
          throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong email or password' })
        }
        limiter.succeed(input.email, ctx.clientIp)
        ctx.setResponseHeaders(signedIn.headers)
        return signedIn.user
      }),

    signOut: publicProcedure.mutation(async ({ ctx }) => {
      ctx.setResponseHeaders(await ctx.auth.signOut(ctx.requestHeaders))
      // Who signed out was read from the cookie before the session went; the log gets them
      // after it went, so an instance that checks finds the session gone.
      if (ctx.user) await accessChanged(ctx, ctx.user.id)
      return { ok: true }
    }),
  })
}
