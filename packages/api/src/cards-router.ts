import {
  type CardActivity,
  createRound,
  keepCopyVersion,
  latestRoundOf,
  listAssignmentEvents,
  listCardActivity,
  listComments,
  listCopyVersions,
  listStageEvents,
} from '@pauta/db'
import { canEdit, encodeRefusal, LIMITS, type Stage } from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { boardMember, boardMemberWho } from './access.ts'
import { linkLabels, tellDecision, tellRoundSent } from './review-rounds.ts'
import { idInput } from './schemas.ts'
import { router } from './trpc.ts'

/** How much of a comment its history entry quotes, in characters. */
const HISTORY_EXCERPT = 100

/** One entry of a card's history, as the card dialog lists it. */
export type CardHistoryEntry = {
  at: string
  userId: string | null
  /** the label of the review link whose holder did it (`userId` is then `link:<id>`) */
  linkLabel: string | null
} & (
  | { kind: 'stage'; from: Stage | null; to: Stage; detail: Record<string, string> | null }
  | { kind: 'assignee'; from: string | null; to: string | null }
  | Pick<CardActivity, 'kind' | 'field' | 'from' | 'to'>
  /** someone commented (or replied): the start of what they wrote, on one line */
  | { kind: 'comment'; excerpt: string }
)

/** The start of a comment on one line, cut at HISTORY_EXCERPT characters with an ellipsis. */
function commentExcerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length > HISTORY_EXCERPT ? `${chars.slice(0, HISTORY_EXCERPT - 1).join('')}…` : line
}

/** What happened to the cards of a board, for its members. */
export const cardsRouter = router({
  /**
   * One card's history, oldest first: its stage changes, assignments, the rest of its
   * activity and its comments (who, when, the start of what they wrote; deleted ones are not
   * listed), merged by time. Members of the board's workspace only; a card of another board
   * reads as no history at all.
   */
  history: boardMember.input(z.object({ cardId: idInput })).query(async ({ ctx, input }) => {
    const { id: boardId } = ctx.board
    const options = { cardId: input.cardId }
    const [stages, assignments, activity, comments] = await Promise.all([
      listStageEvents(ctx.db, boardId, options),
      listAssignmentEvents(ctx.db, boardId, options),
      listCardActivity(ctx.db, boardId, input.cardId),
      listComments(ctx.db, boardId, input.cardId),
    ])
    const entries: Array<Omit<CardHistoryEntry, 'linkLabel'> & { order: number }> = [
      ...stages.map((e) => ({
        at: e.at,
        userId: e.userId,
        kind: 'stage' as const,
        from: e.fromStage,
        to: e.toStage,
        detail: e.detail,
        order: 0,
      })),
      ...assignments.map((e) => ({
        at: e.at,
        userId: e.userId,
        kind: 'assignee' as const,
        from: e.fromUserId,
        to: e.toUserId,
        order: 1,
      })),
      ...activity.map((e) => ({
        at: e.at,
        userId: e.userId,
        kind: e.kind,
        field: e.field,
        from: e.from,
        to: e.to,
        // a card's creation comes before the stage it was created in
        order: e.kind === 'created' ? -1 : 2,
      })),
      ...comments
        .filter((c) => c.deletedAt === null)
        .map((c) => ({
          at: c.createdAt,
          userId: c.authorId,
          kind: 'comment' as const,
          excerpt: commentExcerpt(c.body),
          order: 3,
        })),
    ]
    entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order))
    // a review link's holder is named by the link's label
    const labels = await linkLabels(
      ctx.db,
      boardId,
      entries.map((e) => e.userId),
    )
    return entries.map(
      ({ order: _order, ...entry }) =>
        ({ ...entry, linkLabel: labels.get(entry.userId ?? '') ?? null }) as CardHistoryEntry,
    )
  }),

  /** The versions of a card's copy, newest first: kept on each stage change and on demand. */
  versions: boardMember
    .input(z.object({ cardId: idInput }))
    .query(({ ctx, input }) => listCopyVersions(ctx.db, ctx.board.id, input.cardId)),

  /**
   * [APPR3] A review step on a post, made by the server on the caller's behalf and judged
   * like any change: a lead sends it for review (a round of that one post, named by it, so
   * its reviewers hear of it and a link can be made for it); whoever it waits for approves it
   * or asks for changes (a client member too: this is their part), within the newest round
   * that holds it. A refusal is FORBIDDEN with the refusal's code as its message
   * (`not-allowed-field:approval`).
   */
  review: boardMember
    .input(z.object({ cardId: idInput, step: z.enum(['send', 'approve', 'changes']) }))
    .mutation(async ({ ctx, input }) => {
      const { board, user } = ctx
      if (input.step === 'send') {
        const [post] = await ctx.reviews.posts(board.id, [input.cardId])
        if (!post) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such card' })
        const done = await ctx.reviews.step({
          boardId: board.id,
          by: { userId: user.id },
          cardId: input.cardId,
          step: 'send',
          roundId: null,
        })
        if (!done.ok)
          throw new TRPCError({ code: 'FORBIDDEN', message: encodeRefusal(done.refusal) })
        const round = await createRound(ctx.db, {
          boardId: board.id,
          name: post.title,
          message: '',
          createdBy: user.id,
          cardIds: [post.cardId],
          at: ctx.now(),
        })
        await tellRoundSent(ctx, board, {
          id: round.id,
          name: round.name,
          posts: 1,
          senderId: user.id,
          senderName: user.name,
        })
        return { ok: true as const, roundId: round.id }
      }
      const roundId = await latestRoundOf(ctx.db, board.id, input.cardId)
      const done = await ctx.reviews.step({
        boardId: board.id,
        by: { userId: user.id },
        cardId: input.cardId,
        step: input.step,
        roundId,
      })
      if (!done.ok) throw new TRPCError({ code: 'FORBIDDEN', message: encodeRefusal(done.refusal) })
      await tellDecision(ctx, board, {
        actorId: user.id,
        actorName: user.name,
        cardId: input.cardId,
        title: done.title,
        assigneeId: done.assigneeId,
        step: input.step,
        toState: done.toState,
        comment: '',
      })
      return { ok: true as const, roundId }
    }),

  /**
   * Keeps the copy as the caller sees it now as a version of the card's, by anyone who works
   * the board (a client does not). Restoring a version is an edit of the card, judged there.
   */
  keepVersion: boardMemberWho(canEdit, 'a client does not keep versions')
    .input(z.object({ cardId: idInput, copy: z.string().max(LIMITS.copy) }))
    .mutation(({ ctx, input }) =>
      keepCopyVersion(ctx.db, {
        boardId: ctx.board.id,
        cardId: input.cardId,
        userId: ctx.user.id,
        at: new Date(),
        reason: 'kept',
        copy: input.copy,
      }),
    ),
})
