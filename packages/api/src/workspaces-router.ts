import {
  addMember,
  createWorkspace,
  createWorkspaceWithBoard,
  getWorkspaceLists,
  listWorkspacesForUser,
  setWorkspaceLists,
  setWorkspaceTimeZone,
} from '@pauta/db'
import {
  boardNameSchema,
  type Role,
  timeZoneSchema,
  workspaceListSchema,
  workspaceNameSchema,
} from '@pauta/domain'
import { z } from 'zod'
import { workspaceLead, workspaceMember } from './access.ts'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'

/** Roles of someone who creates a workspace: they run it alone until they invite others. */
const FOUNDER_ROLES: Role[] = ['strategist', 'manager', 'cm']

/** The caller's workspaces, a new one, and the settings every board of a workspace shares. */
export const workspacesRouter = router({
  list: authedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.db, ctx.user.id)),

  create: authedProcedure
    .input(z.object({ name: workspaceNameSchema, timeZone: z.optional(timeZoneSchema) }))
    .mutation(async ({ ctx, input }) => {
      const workspace = await createWorkspace(ctx.db, {
        name: input.name,
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      })
      await addMember(ctx.db, workspace.id, ctx.user.id, FOUNDER_ROLES)
      return { ...workspace, roles: FOUNDER_ROLES }
    }),

  /** A first run in one step: a new workspace (you its founder) and its first board, atomically. */
  start: authedProcedure
    .input(
      z.object({
        name: workspaceNameSchema,
        timeZone: timeZoneSchema,
        boardName: boardNameSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { workspace, board } = await createWorkspaceWithBoard(ctx.db, {
        name: input.name,
        timeZone: input.timeZone,
        boardName: input.boardName,
        founderId: ctx.user.id,
        roles: FOUNDER_ROLES,
      })
      return { workspaceId: workspace.id, boardId: board.id, roles: FOUNDER_ROLES }
    }),

  /** The workspace's campaigns and objectives, for a settings page. Any member reads them. */
  lists: workspaceMember.query(({ ctx, input }) => getWorkspaceLists(ctx.db, input.workspaceId)),

  /** Replaces the lists given; strategists and managers keep them. */
  setLists: authedProcedure
    .input(
      z.object({
        workspaceId: idInput,
        campaigns: z.optional(workspaceListSchema),
        objectives: z.optional(workspaceListSchema),
      }),
    )
    .concat(workspaceLead('only a strategist or manager keeps the lists'))
    .mutation(async ({ ctx, input }) => {
      await setWorkspaceLists(ctx.db, input.workspaceId, {
        ...(input.campaigns ? { campaigns: input.campaigns } : {}),
        ...(input.objectives ? { objectives: input.objectives } : {}),
      })
      return getWorkspaceLists(ctx.db, input.workspaceId)
    }),

  /** The zone the team schedules in: a strategist's or manager's call. */
  setTimeZone: authedProcedure
    .input(z.object({ workspaceId: idInput, timeZone: timeZoneSchema }))
    .concat(workspaceLead('only a strategist or manager sets the time zone'))
    .mutation(async ({ ctx, input }) => {
      await setWorkspaceTimeZone(ctx.db, input.workspaceId, input.timeZone)
      return { ok: true }
    }),
})
