import {
  addMember,
  countMembersWithRole,
  getMemberRoles,
  listMembers,
  removeMember,
} from '@pauta/db'
import { isStrategist, type Role, rolesSchema } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'
import { forbidden, notFound, requireLead, requireMember } from './workspace-access.ts'

const memberInput = z.object({ workspaceId: idInput, userId: idInput })

function keepsAStrategist(): TRPCError {
  return new TRPCError({
    code: 'BAD_REQUEST',
    message: 'a workspace keeps at least one strategist',
  })
}

export const membersRouter = router({
  list: authedProcedure.input(z.object({ workspaceId: idInput })).query(async ({ ctx, input }) => {
    await requireMember(ctx, input.workspaceId)
    return listMembers(ctx.db, input.workspaceId)
  }),

  setRoles: authedProcedure
    .input(memberInput.extend({ roles: rolesSchema }))
    .mutation(async ({ ctx, input }) => {
      const mine = await requireLead(ctx, input.workspaceId)
      const current = await getMemberRoles(ctx.db, input.workspaceId, input.userId)
      if (current.length === 0) throw notFound('member')
      const had = isStrategist(current)
      const gets = isStrategist(input.roles)
      // [TEAM2] The strategist has the final word: only a strategist makes or unmakes one.
      if (had !== gets && !isStrategist(mine)) {
        throw forbidden('only a strategist grants or removes the strategist role')
      }
      if (
        had &&
        !gets &&
        (await countMembersWithRole(ctx.db, input.workspaceId, 'strategist')) <= 1
      ) {
        throw keepsAStrategist()
      }
      await addMember(ctx.db, input.workspaceId, input.userId, input.roles)
      await accessChanged(ctx, input.userId)
      return { userId: input.userId, roles: input.roles as Role[] }
    }),

  remove: authedProcedure.input(memberInput).mutation(async ({ ctx, input }) => {
    const leaving = input.userId === ctx.user.id
    const mine = leaving
      ? await requireMember(ctx, input.workspaceId)
      : await requireLead(ctx, input.workspaceId)
    const current = leaving ? mine : await getMemberRoles(ctx.db, input.workspaceId, input.userId)
    if (current.length === 0) throw notFound('member')
    // [TEAM2] Only a strategist removes another; the last one stays.
    if (isStrategist(current)) {
      if (!leaving && !isStrategist(mine)) throw forbidden('only a strategist removes a strategist')
      if ((await countMembersWithRole(ctx.db, input.workspaceId, 'strategist')) <= 1)
        throw keepsAStrategist()
    }
    await removeMember(ctx.db, input.workspaceId, input.userId)
    await accessChanged(ctx, input.userId)
    return { ok: true }
  }),
})
