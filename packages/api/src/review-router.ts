import {
  getReviewLink,
  getRound,
  linkUsed,
  type ReviewLinkSecret,
  recordPinFailure,
  reviewBoard,
} from '@pauta/db'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import type { ApiContext } from './context.ts'
import { SlidingWindowCounter } from './rate-limits.ts'
import {
  approveAllInRound,
  commentInRound,
  decideInRound,
  type RoundViewer,
  reviewComment,
  roundView,
} from './review-rounds.ts'
import { idInput } from './schemas.ts'
import { publicProcedure, router } from './trpc.ts'

/** [RND3] Calls to review links per address within a minute; more are refused for a while. */
export const REVIEW_CALLS = { max: 120, windowMs: 60_000 } as const

const token = z.string().min(10).max(200)
const pass = z.string().min(10).max(200)

/** Every failure to open a link reads the same: nothing says whether the link ever existed. */
const gone = () => new TRPCError({ code: 'NOT_FOUND', message: 'no such review link' })

/**
 * [RND2] [RND3] The link a token opens, if its signature holds, it is neither expired nor
 * revoked, and its round and board still exist; else NOT_FOUND, whatever the reason.
 */
async function openLink(ctx: ApiContext, raw: string) {
  const linkId = ctx.reviews.linkIdOf(raw)
  if (linkId === null) throw gone()
  const link = await getReviewLink(ctx.db, linkId)
  const now = ctx.now()
  if (!link || link.revokedAt !== null || Date.parse(link.expiresAt) <= now.getTime()) throw gone()
  const [round, place] = await Promise.all([
    getRound(ctx.db, link.boardId, link.roundId),
    reviewBoard(ctx.db, link.boardId),
  ])
  if (!round || !place) throw gone()
  return { link, round, place }
}

/** The viewer a link makes; a link behind a PIN needs the pass its right PIN gave. */
function linkViewer(
  ctx: ApiContext,
  link: ReviewLinkSecret,
  raw: string,
  given: string | undefined,
): RoundViewer {
  const shown = given ?? ctx.reviews.passFor(link.id, ctx.now())
  if (link.pinHash !== null && !(given && ctx.reviews.passValid(link.id, given, ctx.now())))
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'pin-required' })
  return { kind: 'link', linkId: link.id, label: link.label, token: raw, pass: shown }
}

/**
 * [RND3] What the holder of a review link may do, without an account: open the round (giving
 * its PIN, if it has one), read its posts, decide on those that wait for the client, approve
 * them all, comment on them — nothing else: no board, no other card, no member list. Calls are
 * limited per address; wrong PINs lock the link ([RND3]).
 */
export function createReviewRouter(limit = REVIEW_CALLS) {
  const calls = new SlidingWindowCounter(limit.windowMs)
  const limited = publicProcedure.use(({ ctx, next }) => {
    const key = ctx.clientIp
    if (calls.count(key) >= limit.max)
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'slow down' })
    calls.add(key)
    return next()
  })
  const withLink = limited
    .input(z.object({ token, pass: pass.optional() }))
    .use(async ({ ctx, input, next }) => {
      const opened = await openLink(ctx, input.token)
      const viewer = linkViewer(ctx, opened.link, input.token, input.pass)
      return next({ ctx: { ...opened, viewer } })
    })

  return router({
    /**
     * Opens the link: with its PIN when it has one (`pin-required`, `pin-wrong`; locked after
     * too many wrong ones: TOO_MANY_REQUESTS `pin-locked`). Gives the round's page and the
     * pass the other calls carry.
     */
    open: limited
      .input(z.object({ token, pin: z.string().max(12).optional() }))
      .mutation(async ({ ctx, input }) => {
        const { link, round, place } = await openLink(ctx, input.token)
        const now = ctx.now()
        if (link.pinHash !== null) {
          if (link.lockedUntil !== null && Date.parse(link.lockedUntil) > now.getTime())
            throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'pin-locked' })
          if (!input.pin) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'pin-required' })
          if (!(await ctx.reviews.pinMatches(input.pin, link.pinHash))) {
            await recordPinFailure(ctx.db, link.id, now)
            throw new TRPCError({ code: 'UNAUTHORIZED', message: 'pin-wrong' })
          }
        }
        await linkUsed(ctx.db, link.id, now)
        const passed = ctx.reviews.passFor(link.id, now)
        const viewer: RoundViewer = {
          kind: 'link',
          linkId: link.id,
          label: link.label,
          token: input.token,
          pass: passed,
        }
        return { pass: passed, round: await roundView(ctx, place, round, viewer) }
      }),

    /** The round's page again (the review page reads it every few seconds). */
    round: withLink.query(({ ctx }) => roundView(ctx, ctx.place, ctx.round, ctx.viewer)),

    /** [APPR3] Approves a post waiting for the client, or asks for changes saying what. */
    decide: withLink
      .input(
        z.object({
          cardId: idInput,
          step: z.enum(['approve', 'changes']),
          comment: reviewComment.optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        await linkUsed(ctx.db, ctx.link.id, ctx.now())
        return decideInRound(ctx, ctx.place.board, ctx.round, ctx.viewer, input)
      }),

    /** Approves every post of the round waiting for the client. */
    approveAll: withLink.mutation(({ ctx }) =>
      approveAllInRound(ctx, ctx.place, ctx.round, ctx.viewer),
    ),

    /** A comment on one of the round's posts, in the card's thread. */
    comment: withLink
      .input(z.object({ cardId: idInput, body: reviewComment }))
      .mutation(async ({ ctx, input }) => {
        await commentInRound(ctx, ctx.place.board, ctx.round, ctx.viewer, input)
        return { ok: true as const }
      }),
  })
}
