import {
  addComment,
  boardCardTitle,
  type CardComment,
  CommentError,
  deleteComment,
  editComment,
  getComment,
  insertNotifications,
  listComments,
  listMembers,
  markCardNotificationsRead,
  markCommentsRead,
  setThreadResolved,
  unreadCommentCounts,
} from '@pauta/db'
import { canEdit, LIMITS } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { boardMember } from './access.ts'
import type { ApiContext, SessionUser } from './context.ts'
import { linkLabels } from './review-rounds.ts'
import { idInput } from './schemas.ts'
import { router } from './trpc.ts'
import { forbidden, notFound } from './workspace-access.ts'

/** How much of a comment a mention's notification quotes. */
const EXCERPT = 140

const body = z
  .string()
  .max(LIMITS.comment, `at most ${LIMITS.comment} characters`)
  .refine((text) => text.trim() !== '', 'write something')
const mentions = z.array(idInput).max(LIMITS.mentions).default([])

/** A mention names a member of the board's workspace: on a new comment and on an edit alike. */
async function membersOnly(
  db: Parameters<typeof listMembers>[0],
  workspaceId: string,
  mentioned: readonly string[],
): Promise<void> {
  if (mentioned.length === 0) return
  const members = new Set((await listMembers(db, workspaceId)).map((m) => m.userId))
  if (mentioned.some((id) => !members.has(id)))
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'a mention of someone who is not a member',
    })
}

/** Tells each member `mentioned` (but its author) under the bell, quoting the comment. */
async function tellMentioned(
  ctx: Pick<ApiContext, 'db' | 'notifications'> & { board: { id: string }; user: SessionUser },
  { comment, title, mentioned }: { comment: CardComment; title: string; mentioned: string[] },
): Promise<void> {
  const told = mentioned.filter((id) => id !== ctx.user.id)
  if (told.length === 0) return
  const excerpt =
    comment.body.length > EXCERPT ? `${comment.body.slice(0, EXCERPT - 1)}…` : comment.body
  const stored = await insertNotifications(
    ctx.db,
    told.map((userId) => ({
      userId,
      boardId: ctx.board.id,
      cardId: comment.cardId,
      kind: 'mentioned' as const,
      data: { title, actorName: ctx.user.name, excerpt },
      dedupeKey: null,
      createdAt: new Date(comment.editedAt ?? comment.createdAt),
    })),
  )
  ctx.notifications.changed(stored.map((n) => n.userId))
}

/** A refused write of the comments module as the API says it. */
function refused(error: unknown): never {
  if (!(error instanceof CommentError)) throw error
  if (error.reason === 'not-found') throw notFound('comment')
  if (error.reason === 'not-author') throw forbidden('only its author changes a comment')
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'a reply answers the first comment of a thread on the same card',
  })
}

/**
 * The comments on a board's cards ([COM1]–[COM3] in @pauta/db). Every member of the board's
 * workspace reads and writes them, clients too: commenting is how a client takes part. A
 * mention names a member of the workspace, who is told under the bell.
 */
export const commentsRouter = router({
  /** A card's comments; one written through a review link carries the link's label. */
  list: boardMember.input(z.object({ cardId: idInput })).query(async ({ ctx, input }) => {
    const comments = await listComments(ctx.db, ctx.board.id, input.cardId)
    const labels = await linkLabels(
      ctx.db,
      ctx.board.id,
      comments.map((c) => c.authorId),
    )
    return comments.map((c) => ({ ...c, linkLabel: labels.get(c.authorId) ?? null }))
  }),

  add: boardMember
    .input(
      z.object({ cardId: idInput, body, mentions, parentId: idInput.nullable().default(null) }),
    )
    .mutation(async ({ ctx, input }) => {
      const { board, user } = ctx
      const title = await boardCardTitle(ctx.db, board.id, input.cardId)
      if (title === null) throw notFound('card')
      await membersOnly(ctx.db, board.workspaceId, input.mentions)
      const comment = await addComment(ctx.db, {
        boardId: board.id,
        cardId: input.cardId,
        authorId: user.id,
        parentId: input.parentId,
        body: input.body,
        mentions: input.mentions,
      }).catch(refused)
      ctx.comments.changed(board.id)
      await tellMentioned(ctx, { comment, title, mentioned: comment.mentions })
      return comment
    }),

  edit: boardMember
    .input(z.object({ id: idInput, body, mentions }))
    .mutation(async ({ ctx, input }) => {
      await membersOnly(ctx.db, ctx.board.workspaceId, input.mentions)
      const before = await getComment(ctx.db, ctx.board.id, input.id)
      const comment = await editComment(ctx.db, {
        boardId: ctx.board.id,
        id: input.id,
        authorId: ctx.user.id,
        body: input.body,
        mentions: input.mentions,
      }).catch(refused)
      ctx.comments.changed(ctx.board.id)
      // only whoever the edit mentions anew is told: the others heard of it already
      const anew = comment.mentions.filter((id) => !before?.mentions.includes(id))
      const title = await boardCardTitle(ctx.db, ctx.board.id, comment.cardId)
      await tellMentioned(ctx, { comment, title: title ?? '', mentioned: anew })
      return comment
    }),

  delete: boardMember.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    await deleteComment(ctx.db, {
      boardId: ctx.board.id,
      id: input.id,
      authorId: ctx.user.id,
    }).catch(refused)
    ctx.comments.changed(ctx.board.id)
  }),

  /** Resolves a thread or opens it again: those who work the board, not clients. */
  resolve: boardMember
    .input(z.object({ id: idInput, resolved: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (!canEdit(ctx.roles)) throw forbidden('a client does not resolve threads')
      const thread = await setThreadResolved(ctx.db, {
        boardId: ctx.board.id,
        id: input.id,
        userId: ctx.user.id,
        resolved: input.resolved,
      }).catch(refused)
      ctx.comments.changed(ctx.board.id)
      return thread
    }),

  /** Marks the card's comments read, and the bell's mentions of the caller on it. */
  markRead: boardMember.input(z.object({ cardId: idInput })).mutation(async ({ ctx, input }) => {
    const where = { userId: ctx.user.id, boardId: ctx.board.id, cardId: input.cardId }
    await markCommentsRead(ctx.db, where)
    const mentions = await markCardNotificationsRead(ctx.db, { ...where, kind: 'mentioned' })
    if (mentions > 0) ctx.notifications.changed([ctx.user.id])
  }),

  /** For each card with comments the caller has not read, how many. */
  unread: boardMember.query(({ ctx }) => unreadCommentCounts(ctx.db, ctx.user.id, ctx.board.id)),

  /**
   * Server-sent events: `listening` once the stream is set, then which card's comments
   * changed (a comment written, edited, deleted, a thread resolved or reopened), by anyone,
   * on any server instance, within moments. The same members as every other procedure here;
   * the stream ends when the caller's sign-in or membership goes.
   */
  live: boardMember.subscription(async function* ({ ctx, signal }) {
    yield* ctx.comments.watch(ctx.board, ctx.user.id, signal)
  }),
})
