import { getBoardForUser } from '@pauta/db'
import { isLead, isStrategist, type Role } from '@pauta/domain'
import { z } from 'zod'
import { idInput } from './schemas.ts'
import { authedProcedure } from './trpc.ts'
import { forbidden, notFound, requireMember } from './workspace-access.ts'

/*
 * Who may call a procedure, as procedure builders to `.concat()` after the procedure's own
 * input:
 *
 * ```ts
 * authedProcedure.input(z.object({ workspaceId: idInput, name })).concat(workspaceLead('…'))
 * ```
 *
 * Concatenated last, they run after the whole input is checked, so a malformed request is
 * a BAD_REQUEST before the database is asked who the caller is, whoever sends it.
 */

/** A test on the caller's roles (the predicates of `@pauta/domain`: `isLead`, `canEdit`…). */
export type RolePredicate = (roles: readonly Role[]) => boolean

function refuseUnless(roles: readonly Role[], allowed: RolePredicate, message: string): void {
  if (!allowed(roles)) throw forbidden(message)
}

/**
 * Members of the workspace the input names (`workspaceId`); `ctx.roles` holds their roles.
 * Anyone else gets NOT_FOUND "no such workspace", as for one that does not exist.
 */
export const workspaceMember = authedProcedure
  .input(z.object({ workspaceId: idInput }))
  .use(async ({ ctx, input, next }) => {
    const roles = await requireMember(ctx, input.workspaceId)
    return next({ ctx: { roles } })
  })

/** Members of the workspace whose roles pass `allowed`; FORBIDDEN with `message` for the rest. */
export function workspaceMemberWho(allowed: RolePredicate, message: string) {
  return workspaceMember.use(({ ctx, next }) => {
    refuseUnless(ctx.roles, allowed, message)
    return next()
  })
}

/** The workspace's leads: strategists and managers (`isLead`). */
export function workspaceLead(message: string) {
  return workspaceMemberWho(isLead, message)
}

/**
 * Members of the workspace of the board the input names (`boardId`); `ctx.board` is the
 * board, `ctx.roles` the caller's roles. Anyone else gets NOT_FOUND "no such board".
 */
export const boardMember = authedProcedure
  .input(z.object({ boardId: idInput }))
  .use(async ({ ctx, input, next }) => {
    const found = await getBoardForUser(ctx.db, ctx.user.id, input.boardId)
    if (!found) throw notFound('board')
    return next({ ctx: { board: found.board, roles: found.roles } })
  })

/** Members of the board's workspace whose roles pass `allowed`; FORBIDDEN with `message`. */
export function boardMemberWho(allowed: RolePredicate, message: string) {
  return boardMember.use(({ ctx, next }) => {
    refuseUnless(ctx.roles, allowed, message)
    return next()
  })
}

/** The board's leads: strategists and managers of its workspace (`isLead`). */
export function boardLead(message: string) {
  return boardMemberWho(isLead, message)
}

/** The board's strategists (`isStrategist`): they have the final word on its rules. */
export function boardStrategist(message: string) {
  return boardMemberWho(isStrategist, message)
}
