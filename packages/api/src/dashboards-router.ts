import {
  type BottlenecksReport,
  bottlenecksReport,
  type DashboardQuery,
  getBoardForUser,
  type PipelineReport,
  pipelineReport,
} from '@pauta/db'
import { DAY_MS, isLead, LIMITS, networkSchema, userIdSchema } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'
import { forbidden, notFound } from './workspace-access.ts'

/** Without a period: the last 28 days, up to now. */
export const DEFAULT_PERIOD_DAYS = 28
/** The longest period a dashboard reads: a year (a leap one included). */
export const MAX_PERIOD_DAYS = 366

const instant = z.iso.datetime({ offset: true })

/** What both dashboards take: a board, a period and filters (each optional). */
export const dashboardInputSchema = z.object({
  boardId: idInput,
  /** ISO-8601; the period is [from, to). */
  from: instant.optional(),
  to: instant.optional(),
  network: z.optional(networkSchema),
  campaign: z.string().trim().min(1).max(LIMITS.title).optional(),
  objective: z.string().trim().min(1).max(LIMITS.listItem).optional(),
  assigneeId: z.optional(userIdSchema),
})
export type DashboardInput = z.infer<typeof dashboardInputSchema>

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message })
}

/**
 * The period and filters of a dashboard request: `to` defaults to now, `from` to 28 days
 * before `to`; a period must start before it ends and last at most a year.
 */
export function dashboardQuery(input: DashboardInput, now: Date): DashboardQuery {
  const to = input.to === undefined ? now : new Date(input.to)
  const from =
    input.from === undefined
      ? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS)
      : new Date(input.from)
  if (from.getTime() >= to.getTime()) throw badRequest('the period must start before it ends')
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw badRequest('a period is at most one year long')
  }
  const { network, campaign, objective, assigneeId } = input
  return {
    from,
    to,
    now,
    filters: {
      ...(network === undefined ? {} : { network }),
      ...(campaign === undefined ? {} : { campaign }),
      ...(objective === undefined ? {} : { objective }),
      ...(assigneeId === undefined ? {} : { assigneeId }),
    },
  }
}

/**
 * The flow dashboards of a board, for members of its workspace (NOT_FOUND for anyone else,
 * as `boards.get`). Figures are computed on request from the stage history and the card
 * projection (`@pauta/db` dashboards, definitions in `@pauta/domain` metrics), once the writes
 * of the board's latest changes have landed: a dashboard that asks as soon as it hears of a
 * move reads it.
 */
export const dashboardsRouter = router({
  /** The manager's bottleneck review: strategists and managers only. */
  bottlenecks: authedProcedure
    .input(dashboardInputSchema)
    .query(async ({ ctx, input }): Promise<BottlenecksReport> => {
      const found = await getBoardForUser(ctx.db, ctx.user.id, input.boardId)
      if (!found) throw notFound('board')
      if (!isLead(found.roles)) {
        throw forbidden('only a strategist or a manager reviews the bottlenecks')
      }
      await ctx.boardWrites.settled(input.boardId)
      return bottlenecksReport(ctx.db, found.board, dashboardQuery(input, new Date()))
    }),

  /** The pipeline dashboard: every member, clients included (it changes nothing). */
  pipeline: authedProcedure
    .input(dashboardInputSchema)
    .query(async ({ ctx, input }): Promise<PipelineReport> => {
      const found = await getBoardForUser(ctx.db, ctx.user.id, input.boardId)
      if (!found) throw notFound('board')
      await ctx.boardWrites.settled(input.boardId)
      return pipelineReport(ctx.db, found.board, dashboardQuery(input, new Date()))
    }),
})
