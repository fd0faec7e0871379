import {
  createBoard,
  getWorkspaceLists,
  listBoardsForUser,
  listMembers,
  listWorkspacesForUser,
  updateBoardSettings,
} from '@pauta/db'
import { boardNameSchema, boardSettingsSchema, canEdit } from '@pauta/domain'
import { z } from 'zod'
import { boardMember, boardStrategist, workspaceMemberWho } from './access.ts'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'
import { notFound } from './workspace-access.ts'

/** The caller's boards: the list, one board with what its page needs, a new one, its rules. */
export const boardsRouter = router({
  list: authedProcedure.query(({ ctx }) => listBoardsForUser(ctx.db, ctx.user.id)),

  get: boardMember.query(async ({ ctx }) => {
    const { board, roles } = ctx
    const [members, workspaces, lists] = await Promise.all([
      listMembers(ctx.db, board.workspaceId),
      listWorkspacesForUser(ctx.db, ctx.user.id),
      getWorkspaceLists(ctx.db, board.workspaceId),
    ])
    const home = workspaces.find((w) => w.id === board.workspaceId)
    return {
      ...board,
      workspaceName: home?.name ?? '',
      timeZone: home?.timeZone ?? 'UTC',
      /** What the board's cards choose their campaign and objective from. */
      campaigns: lists.campaigns,
      objectives: lists.objectives,
      roles,
      members: members.map((m) => ({
        id: m.userId,
        name: m.name,
        email: m.email,
        roles: m.roles,
      })),
    }
  }),

  /** A new board with the default rules, by any member who works the boards ([TEAM4]). */
  create: authedProcedure
    .input(z.object({ workspaceId: idInput, name: boardNameSchema }))
    .concat(workspaceMemberWho(canEdit, 'a client does not create boards'))
    .mutation(({ ctx, input }) =>
      createBoard(ctx.db, { workspaceId: input.workspaceId, name: input.name }),
    ),

  /** The board's rules and WIP limits: its workspace's strategists have the final word. */
  updateSettings: authedProcedure
    .input(z.object({ boardId: idInput, settings: boardSettingsSchema }))
    .concat(boardStrategist('only a strategist changes the board rules'))
    .mutation(async ({ ctx, input }) => {
      const board = await updateBoardSettings(ctx.db, input.boardId, input.settings)
      if (!board) throw notFound('board')
      ctx.live.settingsChanged(board.id, board.settings)
      return board.settings
    }),
})
