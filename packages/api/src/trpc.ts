import { initTRPC, TRPCError } from '@trpc/server'
import { z } from 'zod'
import type { ApiContext } from './context.ts'

const t = initTRPC.context<ApiContext>().create({
  // Never a stack trace in an answer (tRPC adds one unless NODE_ENV is production): it
  // shows paths and library versions to anyone. The server's log keeps them.
  isDev: false,
  // Live streams (notifications) cross proxies that cut idle connections: a comment every
  // 15 s keeps them open, and a client that hears nothing for 20 s reconnects.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field errors for forms: { fieldErrors: { email: ['…'] } }; the domain's schemas
        // (zod/mini) throw zod's core error, which zod's ZodError extends
        zod: cause instanceof z.core.$ZodError ? z.flattenError(cause) : null,
      },
    }
  },
})

export const router = t.router
export const publicProcedure = t.procedure

/** Signed in, by session cookie or API token. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in required' })
  return next({ ctx: { ...ctx, user: ctx.user } })
})
