import {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  listInvitationsForEmail,
  listPendingInvitations,
  revokeInvitation,
} from '@pauta/db'
import { isStrategist, rolesSchema } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import type { ApiContext, SessionUser } from './context.ts'
import { emailSchema, idInput, invitationTokenSchema } from './schemas.ts'
import { authedProcedure, publicProcedure, router } from './trpc.ts'
import { forbidden, notFound, requireLead } from './workspace-access.ts'

const tokenInput = invitationTokenSchema

const STATUS_MESSAGES = {
  accepted: 'this invitation has already been used',
  revoked: 'this invitation was withdrawn',
  expired: 'this invitation has expired',
} as const

async function accept(
  ctx: ApiContext & { user: SessionUser },
  invitationId: string,
  workspaceId: string,
) {
  const accepted = await acceptInvitation(ctx.db, invitationId, ctx.user.id)
  if (!accepted)
    throw new TRPCError({ code: 'CONFLICT', message: 'this invitation can no longer be used' })
  // Someone who was already a member may have gained roles: their connections reconnect.
  await accessChanged(ctx, ctx.user.id)
  return { workspaceId }
}

function inviteUrl(ctx: ApiContext, token: string): string {
  return `${ctx.publicUrl}/invite/${token}`
}

/**
 * The link of a pending invitation, rebuilt from its id; null when the stored token is not
 * the derived one (made before links were derived, or under another secret).
 */
async function linkAgain(ctx: ApiContext, invitationId: string): Promise<string | null> {
  const token = ctx.invitationToken(invitationId)
  const found = await findInvitationByToken(ctx.db, token)
  return found?.id === invitationId ? inviteUrl(ctx, token) : null
}

export const invitationsRouter = router({
  /** An invitation by link (anyone holding it) or for one email address. No email is sent: the link is shown to copy. */
  create: authedProcedure
    .input(z.object({ workspaceId: idInput, roles: rolesSchema, email: emailSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const mine = await requireLead(ctx, input.workspaceId)
      // [TEAM2]
      if (isStrategist(input.roles) && !isStrategist(mine)) {
        throw forbidden('only a strategist invites a strategist')
      }
      const created = await createInvitation(ctx.db, {
        workspaceId: input.workspaceId,
        roles: input.roles,
        email: input.email ?? null,
        createdBy: ctx.user.id,
        tokenFor: ctx.invitationToken,
      })
      return { ...created, url: inviteUrl(ctx, created.token) }
    }),

  /** Pending invitations, each with its link to copy again (null for one whose link cannot be rebuilt). */
  list: authedProcedure.input(z.object({ workspaceId: idInput })).query(async ({ ctx, input }) => {
    await requireLead(ctx, input.workspaceId)
    const pending = await listPendingInvitations(ctx.db, input.workspaceId)
    return Promise.all(pending.map(async (i) => ({ ...i, url: await linkAgain(ctx, i.id) })))
  }),

  revoke: authedProcedure
    .input(z.object({ workspaceId: idInput, id: idInput }))
    .mutation(async ({ ctx, input }) => {
      await requireLead(ctx, input.workspaceId)
      if (!(await revokeInvitation(ctx.db, input.workspaceId, input.id)))
        throw notFound('invitation')
      return { ok: true }
    }),

  /** What an invitation link offers, before signing in. */
  preview: publicProcedure.input(z.object({ token: tokenInput })).query(async ({ ctx, input }) => {
    const found = await findInvitationByToken(ctx.db, input.token)
    if (!found) throw notFound('invitation')
    return {
      workspaceName: found.workspaceName,
      roles: found.roles,
      email: found.email,
      createdByName: found.createdByName,
      status: found.status,
    }
  }),

  /** Pending invitations addressed to the caller's email. */
  mine: authedProcedure.query(({ ctx }) => listInvitationsForEmail(ctx.db, ctx.user.email)),

  /** Accept by the link's token, or by id for an invitation addressed to the caller's email. */
  accept: authedProcedure
    .input(z.union([z.object({ token: tokenInput }), z.object({ id: idInput })]))
    .mutation(async ({ ctx, input }) => {
      if ('id' in input) {
        const addressed = (await listInvitationsForEmail(ctx.db, ctx.user.email)).find(
          (i) => i.id === input.id,
        )
        if (!addressed) throw notFound('invitation')
        return accept(ctx, addressed.id, addressed.workspaceId)
      }
      const found = await findInvitationByToken(ctx.db, input.token)
      if (!found) throw notFound('invitation')
      if (found.status !== 'pending') {
        throw new TRPCError({ code: 'CONFLICT', message: STATUS_MESSAGES[found.status] })
      }
      if (found.email && found.email.toLowerCase() !== ctx.user.email.toLowerCase()) {
        throw forbidden(`this invitation is for ${found.email}`)
      }
      return accept(ctx, found.id, found.workspaceId)
    }),
})
