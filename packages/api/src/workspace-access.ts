import { getMemberRoles } from '@pauta/db'
import { isLead, type Role } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import type { ApiContext, SessionUser } from './context.ts'

export function notFound(what: string): TRPCError {
  // The same answer for "does not exist" and "not yours": ids reveal nothing.
  return new TRPCError({ code: 'NOT_FOUND', message: `no such ${what}` })
}

export function forbidden(message: string): TRPCError {
  return new TRPCError({ code: 'FORBIDDEN', message })
}

/** The caller's roles in a workspace; NOT_FOUND when they are not a member. */
export async function requireMember(
  ctx: ApiContext & { user: SessionUser },
  workspaceId: string,
): Promise<Role[]> {
  const roles = await getMemberRoles(ctx.db, workspaceId, ctx.user.id)
  if (roles.length === 0) throw notFound('workspace')
  return roles
}

/** [TEAM1] Strategists and managers run the team: invitations, members and their roles. */
export async function requireLead(
  ctx: ApiContext & { user: SessionUser },
  workspaceId: string,
): Promise<Role[]> {
  const roles = await requireMember(ctx, workspaceId)
  if (!isLead(roles)) {
    throw forbidden('only a strategist or a manager manages the team')
  }
  return roles
}
