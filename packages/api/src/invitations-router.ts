import {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  listInvitationsForEmail,
  listPendingInvitations,
  listWorkspacesForUser,
  revokeInvitation,
} from '@pauta/db'
import { isStrategist, type Role, rolesSchema } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import type { ApiContext, SessionUser } from './context.ts'
import { invitationEmail } from './invitation-email.ts'
import { SlidingWindowCounter } from './rate-limits.ts'
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

/**
 * Invitation emails one person may have sent in an hour. An account anyone can open (open
 * sign-up) starts its own workspace and may invite any address, with a workspace name of its
 * choosing in the email: this keeps the server from being much of a spam relay. Past it the
 * invitation is still made, without the email.
 */
export const INVITATION_EMAIL_LIMIT = { max: 20, windowMs: 60 * 60_000 }

export interface InvitationsRouterOptions {
  /** Invitation emails per inviter (default INVITATION_EMAIL_LIMIT). */
  emailLimiter?: SlidingWindowCounter
  emailLimit?: number
}

/**
 * Emails the invitation's link to its address when this server sends email and the inviter
 * is within the limit; whether it went. A failure is the server's to log, not the caller's.
 */
async function emailInvitation(
  ctx: ApiContext & { user: SessionUser },
  limiter: { counter: SlidingWindowCounter; max: number },
  invitation: { workspaceId: string; email: string; roles: Role[]; url: string; expiresAt: string },
): Promise<boolean> {
  if (!ctx.mail?.enabled) return false
  if (limiter.counter.count(ctx.user.id) >= limiter.max) return false
  limiter.counter.add(ctx.user.id)
  const workspace = (await listWorkspacesForUser(ctx.db, ctx.user.id)).find(
    (w) => w.id === invitation.workspaceId,
  )
  if (!workspace) return false
  return ctx.mail.send({
    to: invitation.email,
    ...invitationEmail({
      inviterName: ctx.user.name,
      workspaceName: workspace.name,
      roles: invitation.roles,
      url: invitation.url,
      expiresAt: invitation.expiresAt,
      timeZone: workspace.timeZone,
    }),
  })
}

/** Invitations to a workspace; each router made here counts invitation emails on its own. */
export function createInvitationsRouter(opts: InvitationsRouterOptions = {}) {
  const emailLimiter = {
    counter: opts.emailLimiter ?? new SlidingWindowCounter(INVITATION_EMAIL_LIMIT.windowMs),
    max: opts.emailLimit ?? INVITATION_EMAIL_LIMIT.max,
  }
  return router({
    /**
     * An invitation by link (anyone holding it) or for one email address. With an address and
     * a server that sends email, the link is emailed to it (`emailed`); the link is also shown
     * to copy either way.
     */
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
        const url = inviteUrl(ctx, created.token)
        const emailed = input.email
          ? await emailInvitation(ctx, emailLimiter, {
              workspaceId: input.workspaceId,
              email: input.email,
              roles: input.roles,
              url,
              expiresAt: created.expiresAt,
            })
          : false
        return { ...created, url, emailed }
      }),

    /** Pending invitations, each with its link to copy again (null for one whose link cannot be rebuilt). */
    list: authedProcedure
      .input(z.object({ workspaceId: idInput }))
      .query(async ({ ctx, input }) => {
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
    preview: publicProcedure
      .input(z.object({ token: tokenInput }))
      .query(async ({ ctx, input }) => {
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
}
