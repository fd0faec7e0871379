import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
  type NotificationContent,
  type StoredNotification,
} from '@pauta/db'
import { severitySchema, stageSchema } from '@pauta/domain'
import { z } from 'zod'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'

const text = z.string().max(10_000)
const isoTime = z.iso.datetime({ offset: true })

/**
 * What each kind of notification carries, checked on every read: the table holds JSON text
 * that an older or newer server version may have written differently. A row that does not
 * fit is left out of the list rather than handed to the interface half-understood.
 */
const contentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('assigned'),
    data: z.object({
      title: text,
      actorName: text,
      stage: stageSchema,
      scheduledAt: isoTime.nullable(),
    }),
  }),
  z.object({
    kind: z.literal('escalated'),
    data: z.object({
      title: text,
      severity: z.nullable(severitySchema),
      reason: text,
      actorName: text,
    }),
  }),
  z.object({
    kind: z.literal('resolved'),
    data: z.object({ title: text, resolution: text, to: stageSchema, actorName: text }),
  }),
  z.object({
    kind: z.literal('due-soon'),
    data: z.object({ title: text, scheduledAt: isoTime, network: z.string().max(64).nullable() }),
  }),
  z.object({
    kind: z.literal('sla-soon'),
    data: z.object({ title: text, severity: severitySchema, deadline: isoTime }),
  }),
  z.object({
    kind: z.literal('review-requested'),
    data: z.object({ roundId: z.string(), roundName: text, posts: z.number(), actorName: text }),
  }),
  z.object({
    kind: z.literal('review-decided'),
    data: z.object({
      title: text,
      actorName: text,
      step: z.enum(['approve', 'changes']),
      toState: z.enum(['in-review', 'approved', 'changes-requested']),
      comment: text,
    }),
  }),
  z.object({
    kind: z.literal('review-waiting'),
    data: z.object({ roundId: z.string(), roundName: text, waiting: z.number(), since: isoTime }),
  }),
  z.object({
    kind: z.literal('mentioned'),
    data: z.object({ title: text, actorName: text, excerpt: text }),
  }),
]) satisfies z.ZodType<NotificationContent>

export type NotificationItem = Omit<StoredNotification, 'kind' | 'data'> & NotificationContent

function toItem(row: StoredNotification): NotificationItem | null {
  const content = contentSchema.safeParse({ kind: row.kind, data: row.data })
  if (!content.success) return null
  return {
    id: row.id,
    boardId: row.boardId,
    boardName: row.boardName,
    timeZone: row.timeZone,
    cardId: row.cardId,
    createdAt: row.createdAt,
    readAt: row.readAt,
    ...content.data,
  }
}

/**
 * The caller's own notifications: every procedure reads or changes only rows whose owner is
 * the signed-in user, whatever ids the input names.
 */
export const notificationsRouter = router({
  /** Newest first; `before` is the id of the last one already shown (the next page). */
  list: authedProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(100).default(30),
          before: idInput.optional(),
        })
        .default({ limit: 30 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listNotifications(ctx.db, ctx.user.id, {
        limit: input.limit,
        before: input.before,
      })
      return rows.flatMap((row) => toItem(row) ?? [])
    }),

  unreadCount: authedProcedure.query(({ ctx }) => countUnreadNotifications(ctx.db, ctx.user.id)),

  /** Ids that are not the caller's, or already read, are ignored. */
  markRead: authedProcedure
    .input(z.object({ ids: z.array(idInput).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const updated = await markNotificationsRead(ctx.db, ctx.user.id, input.ids)
      if (updated > 0) ctx.notifications.changed([ctx.user.id])
      return { updated }
    }),

  markAllRead: authedProcedure.mutation(async ({ ctx }) => {
    const updated = await markAllNotificationsRead(ctx.db, ctx.user.id)
    if (updated > 0) ctx.notifications.changed([ctx.user.id])
    return { updated }
  }),

  /**
   * Server-sent events: the caller's unread count at once, then whenever it changes (a new
   * notification, one marked read in another tab or on another server instance).
   */
  live: authedProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.notifications.watch(ctx.user.id, signal)
  }),
})
