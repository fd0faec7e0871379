import {
  createReviewLink,
  createRound,
  getRound,
  listBoardCards,
  listMembers,
  listReviewLinks,
  listRounds,
  type ReviewLink,
  ROUND_MAX_CARDS,
  revokeReviewLink,
} from '@pauta/db'
import {
  type isLead,
  LIMITS,
  NETWORKS,
  type Network,
  needsApproval,
  type Stage,
} from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { boardLead, boardMember } from './access.ts'
import type { ApiContext } from './context.ts'
import {
  approveAllInRound,
  commentInRound,
  decideInRound,
  type RoundViewer,
  reviewComment,
  roundView,
  tellRoundSent,
} from './review-rounds.ts'
import { emailSchema, idInput } from './schemas.ts'
import { router } from './trpc.ts'
import { notFound } from './workspace-access.ts'

const DAY = 24 * 3_600_000

/** [RND1] The stages a post may be sent for review from: before it goes out. */
const REVIEWABLE_STAGES: readonly Stage[] = ['strategy', 'plan', 'calendar']

/** [RND3] How long a new link works unless its maker says: 14 days; at most 60. */
export const LINK_DAYS = { default: 14, max: 60 } as const

const roundName = z.string().trim().min(1, 'name the round').max(120)
const roundMessage = z.string().max(LIMITS.comment).default('')
const isoTime = z.iso.datetime({ offset: true })
/** An optional PIN: 4 to 12 digits. */
const pinSchema = z
  .string()
  .regex(/^[0-9]{4,12}$/, 'a PIN of 4 to 12 digits')
  .nullable()
  .default(null)

type MemberCtx = ApiContext & {
  user: { id: string; name: string }
  board: { id: string; workspaceId: string }
  roles: Parameters<typeof isLead>[0]
}

function memberViewer(ctx: MemberCtx): RoundViewer {
  return { kind: 'member', userId: ctx.user.id, name: ctx.user.name, roles: ctx.roles }
}

async function roundOf(ctx: MemberCtx, roundId: string) {
  const round = await getRound(ctx.db, ctx.board.id, roundId)
  if (!round) throw notFound('round')
  return round
}

function withUrl(ctx: ApiContext, link: ReviewLink) {
  const { boardId: _b, roundId: _r, createdBy: _c, ...shown } = link
  return { ...shown, url: ctx.reviews.linkUrl(link.id) }
}

/**
 * [RND1] Review rounds of a board: its leads send a batch of posts for review with a message;
 * every member reads a round's page, and whoever a post waits for decides there (a client
 * member for the client). Leads make the links that let someone without an account review one
 * round ([RND3]).
 */
export const roundsRouter = router({
  /** The board's rounds, newest first, with how their posts stand. */
  list: boardMember.query(async ({ ctx }) => {
    const [rounds, members] = await Promise.all([
      listRounds(ctx.db, ctx.board.id),
      listMembers(ctx.db, ctx.board.workspaceId),
    ])
    const names = new Map(members.map((m) => [m.userId, m.name]))
    const now = ctx.now().getTime()
    return rounds.map((round) => ({
      ...round,
      createdByName: names.get(round.createdBy) ?? '',
      timeInReviewMs: (round.doneAt ? Date.parse(round.doneAt) : now) - Date.parse(round.createdAt),
    }))
  }),

  /**
   * The posts a new round could hold: those the board's policy covers, planned or scheduled,
   * not archived, going out in [from, to) — on one network if given — that are drafts or
   * whose changes were asked for (not approved, not waiting in a round already), by time.
   */
  candidates: boardLead('only a manager or strategist sends posts for review')
    .input(
      z.object({ from: isoTime, to: isoTime, network: z.enum(NETWORKS).nullable().default(null) }),
    )
    .query(async ({ ctx, input }) => {
      const from = Date.parse(input.from)
      const to = Date.parse(input.to)
      const approval = ctx.board.settings.rules.approval
      const cards = await listBoardCards(ctx.db, ctx.board.id)
      return cards
        .filter(
          (card) =>
            !card.archived &&
            (card.stage === 'plan' || card.stage === 'calendar') &&
            card.scheduledAt !== null &&
            Date.parse(card.scheduledAt) >= from &&
            Date.parse(card.scheduledAt) < to &&
            (input.network === null || card.network === input.network) &&
            // already approved, or already waiting in a round: nothing to ask
            (card.approval === 'draft' || card.approval === 'changes-requested') &&
            needsApproval(
              { network: card.network as Network | null, campaign: card.campaign },
              approval,
            ),
        )
        .sort((a, b) => Date.parse(a.scheduledAt!) - Date.parse(b.scheduledAt!))
        .slice(0, ROUND_MAX_CARDS)
        .map((card) => ({
          cardId: card.cardId,
          title: card.title,
          network: card.network,
          scheduledAt: card.scheduledAt,
          stage: card.stage,
          approval: card.approval,
          reviewer: card.reviewer,
        }))
    }),

  /**
   * [RND1] Sends posts for review as one round, with a message: each draft (or post whose
   * changes were asked for) is sent; one already in review or approved joins as it stands.
   * The reviewers hear of it. Posts the policy does not cover, archived or unknown are left
   * out (`refused`); a round with none left is refused.
   */
  create: boardLead('only a manager or strategist sends posts for review')
    .input(
      z.object({
        name: roundName,
        message: roundMessage,
        cardIds: z.array(idInput).min(1).max(ROUND_MAX_CARDS),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const approval = ctx.board.settings.rules.approval
      if (approval.policy === 'none')
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'this board asks for no approval' })
      const posts = await ctx.reviews.posts(ctx.board.id, input.cardIds)
      // a post already out (published, monitored, escalated) is past asking
      const covered = posts.filter(
        (post) => REVIEWABLE_STAGES.includes(post.stage) && needsApproval(post, approval),
      )
      const refused: Array<{ cardId: string; code: string }> = input.cardIds
        .filter((id) => !covered.some((post) => post.cardId === id))
        .map((cardId) => ({ cardId, code: 'not-covered' }))
      if (covered.length === 0)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'none of these posts needs review' })
      const round = await createRound(ctx.db, {
        boardId: ctx.board.id,
        name: input.name,
        message: input.message,
        createdBy: ctx.user.id,
        cardIds: covered.map((post) => post.cardId),
        at: ctx.now(),
      })
      let sent = 0
      for (const post of covered) {
        if (post.approval !== 'draft' && post.approval !== 'changes-requested') continue
        const done = await ctx.reviews.step({
          boardId: ctx.board.id,
          by: { userId: ctx.user.id },
          cardId: post.cardId,
          step: 'send',
          roundId: round.id,
        })
        if (done.ok) sent++
        else refused.push({ cardId: post.cardId, code: done.refusal.code })
      }
      await tellRoundSent(ctx, ctx.board, {
        id: round.id,
        name: round.name,
        posts: round.cardIds.length,
        senderId: ctx.user.id,
        senderName: ctx.user.name,
      })
      return { roundId: round.id, sent, refused }
    }),

  /** A round's page: its posts in calendar order, with their previews, comments and steps. */
  get: boardMember.input(z.object({ roundId: idInput })).query(async ({ ctx, input }) => {
    const round = await roundOf(ctx, input.roundId)
    const workspace = await ctx.db
      .selectFrom('workspace')
      .select(['name', 'timeZone'])
      .where('id', '=', ctx.board.workspaceId)
      .executeTakeFirstOrThrow()
    return roundView(
      ctx,
      { board: ctx.board, workspaceName: workspace.name, timeZone: workspace.timeZone },
      round,
      memberViewer(ctx),
    )
  }),

  /** [APPR3] A decision on one of the round's posts, by the reviewer it waits for. */
  decide: boardMember
    .input(
      z.object({
        roundId: idInput,
        cardId: idInput,
        step: z.enum(['approve', 'changes']),
        comment: reviewComment.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const round = await roundOf(ctx, input.roundId)
      return decideInRound(ctx, ctx.board, round, memberViewer(ctx), input)
    }),

  /** Approves every post of the round that waits for the caller's answer. */
  approveAll: boardMember.input(z.object({ roundId: idInput })).mutation(async ({ ctx, input }) => {
    const round = await roundOf(ctx, input.roundId)
    return approveAllInRound(ctx, { board: ctx.board }, round, memberViewer(ctx))
  }),

  /** A comment on one of the round's posts (it lands in the card's thread). */
  comment: boardMember
    .input(z.object({ roundId: idInput, cardId: idInput, body: reviewComment }))
    .mutation(async ({ ctx, input }) => {
      const round = await roundOf(ctx, input.roundId)
      await commentInRound(ctx, ctx.board, round, memberViewer(ctx), input)
      return { ok: true as const }
    }),

  /** [RND3] The round's links, newest first, each with its address. */
  links: boardLead('only a manager or strategist manages review links')
    .input(z.object({ roundId: idInput }))
    .query(async ({ ctx, input }) => {
      await roundOf(ctx, input.roundId)
      const links = await listReviewLinks(ctx.db, ctx.board.id, input.roundId)
      return links.map((link) => withUrl(ctx, link))
    }),

  /**
   * [RND3] A link for someone without an account to review the round: for `label` (whom),
   * emailed to `email` where the server sends mail, optionally behind a PIN, working for
   * `days` days.
   */
  createLink: boardLead('only a manager or strategist makes review links')
    .input(
      z.object({
        roundId: idInput,
        label: z.string().trim().min(1, 'say whom the link is for').max(80),
        email: emailSchema.nullable().default(null),
        pin: pinSchema,
        days: z.number().int().min(1).max(LINK_DAYS.max).default(LINK_DAYS.default),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const round = await roundOf(ctx, input.roundId)
      const at = ctx.now()
      const link = await createReviewLink(ctx.db, {
        roundId: round.id,
        boardId: ctx.board.id,
        label: input.label,
        email: input.email,
        pinHash: input.pin === null ? null : await ctx.reviews.hashPin(input.pin),
        createdBy: ctx.user.id,
        at,
        expiresAt: new Date(at.getTime() + input.days * DAY),
      })
      const shown = withUrl(ctx, link)
      const emailed =
        input.email !== null && ctx.mail.enabled
          ? await ctx.mail.send({
              to: input.email,
              subject: `${round.name} — review / revisión`,
              text: linkMailText({
                sender: ctx.user.name,
                round: round.name,
                message: round.message,
                url: shown.url,
                expiresAt: link.expiresAt,
                pin: input.pin !== null,
              }),
            })
          : false
      return { link: shown, emailed, mail: ctx.mail.enabled }
    }),

  /** [RND3] Revokes a link: it opens nothing from now on. */
  revokeLink: boardLead('only a manager or strategist manages review links')
    .input(z.object({ linkId: idInput }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeReviewLink(ctx.db, ctx.board.id, input.linkId, ctx.now())))
        throw notFound('link')
      return { ok: true as const }
    }),
})

/** The email that carries a review link, in English then Spanish. */
function linkMailText(m: {
  sender: string
  round: string
  message: string
  url: string
  expiresAt: string
  pin: boolean
}): string {
  const day = m.expiresAt.slice(0, 10)
  return [
    `${m.sender} asks for your review of "${m.round}".`,
    m.message ? `\n${m.message}\n` : '',
    `Open: ${m.url}`,
    `The link works until ${day}.${m.pin ? ' It asks for the PIN you were given separately.' : ''}`,
    '',
    '—',
    '',
    `${m.sender} te pide que revises «${m.round}».`,
    `Abre: ${m.url}`,
    `El enlace funciona hasta el ${day}.${m.pin ? ' Pide el PIN que te dieron aparte.' : ''}`,
  ].join('\n')
}
