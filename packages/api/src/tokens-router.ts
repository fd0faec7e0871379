import { createApiToken, listApiTokens, revokeApiToken } from '@pauta/db'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'
import { notFound } from './workspace-access.ts'

/**
 * The caller's own API tokens (`Authorization: Bearer pta_…`): each procedure reads or
 * changes only tokens the signed-in user owns.
 */
export const tokensRouter = router({
  /** Names and dates, never the secret. */
  list: authedProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),

  /** The secret is in this answer only: it is stored hashed. */
  create: authedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80) }))
    .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input.name)),

  /** Connections opened with the token close within about a second. */
  revoke: authedProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    if (!(await revokeApiToken(ctx.db, ctx.user.id, input.id))) throw notFound('token')
    await accessChanged(ctx, ctx.user.id)
    return { ok: true }
  }),
})
