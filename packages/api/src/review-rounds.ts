import {
  addComment,
  type Board,
  insertNotifications,
  listCardActivity,
  listComments,
  listMembers,
  listReviewDecisions,
  type ReviewRound,
  reviewLinkLabels,
} from '@pauta/db'
import {
  type ApprovalState,
  approvalStateSchema,
  encodeRefusal,
  isLead,
  LIMITS,
  type MediaItem,
  needsApproval,
  type Role,
} from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import type { ApiContext, ReviewBy, ReviewPost } from './context.ts'
import { notFound } from './workspace-access.ts'

/** A comment's author id for a review link's holder: never a user id (those have no colon). */
export const LINK_AUTHOR = 'link:'

/**
 * The labels of the review links among these author ids (`link:<id>`), keyed by author id:
 * what the card dialog names a link's holder by.
 */
export async function linkLabels(
  db: ApiContext['db'],
  boardId: string,
  authorIds: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = authorIds.flatMap((id) =>
    id?.startsWith(LINK_AUTHOR) ? [id.slice(LINK_AUTHOR.length)] : [],
  )
  const labels = await reviewLinkLabels(db, boardId, ids)
  return new Map([...labels].map(([id, label]) => [`${LINK_AUTHOR}${id}`, label]))
}

/** What a reviewer writes: asking for changes says what; a comment says something. */
export const reviewComment = z
  .string()
  .max(LIMITS.comment, `at most ${LIMITS.comment} characters`)
  .refine((text) => text.trim() !== '', 'write something')

/** Who is looking at a round's page: a member of its board's workspace, or a link's holder. */
export type RoundViewer =
  | { kind: 'member'; userId: string; name: string; roles: readonly Role[] }
  | { kind: 'link'; linkId: string; label: string; token: string; pass: string }

/** One post on a round's review page. */
export interface RoundPost extends Omit<ReviewPost, 'media' | 'assigneeId' | 'campaign'> {
  media: Array<MediaItem & { url: string; thumbUrl: string | null }>
  /** whether this viewer answers for the reviewer the post waits for now */
  canDecide: boolean
  /** time spent waiting for an answer across its review spells (an open spell up to now) */
  timeInReviewMs: number | null
  comments: Array<{
    id: string
    authorName: string
    body: string
    createdAt: string
    parentId: string | null
  }>
  /** its review steps, and its returns to review after an edit (`edited`), oldest first */
  decisions: Array<{ step: string; toState: ApprovalState; at: string; byName: string }>
}

/** A round's review page: the round, who is looking, and its posts in calendar order. */
export interface RoundView {
  round: {
    id: string
    name: string
    message: string
    createdAt: string
    createdByName: string
    boardName: string
    workspaceName: string
    timeZone: string
    doneAt: string | null
    timeInReviewMs: number
  }
  viewer: { kind: 'member' | 'link'; name: string; lead: boolean }
  posts: RoundPost[]
}

/** Calendar order: by when each goes out (unscheduled last), then by title. */
function calendarOrder(a: ReviewPost, b: ReviewPost): number {
  if (a.scheduledAt !== b.scheduledAt) {
    if (a.scheduledAt === null) return 1
    if (b.scheduledAt === null) return -1
    return Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt)
  }
  return a.title.localeCompare(b.title)
}

/** Whether `viewer` answers for whom the post waits for (a link answers as the client). */
export function decidesFor(viewer: RoundViewer, post: ReviewPost, board: Board): boolean {
  if (post.approval !== 'in-review' || post.reviewer === null) return false
  if (!needsApproval(post, board.settings.rules.approval)) return false
  if (viewer.kind === 'link') return post.reviewer === 'client'
  return post.reviewer === 'team' ? isLead(viewer.roles) : viewer.roles.includes('client')
}

/** The names people and links act under on this board, by author id. */
async function namesOf(
  ctx: Pick<ApiContext, 'db'>,
  board: Board,
  ids: readonly (string | null)[],
): Promise<(id: string | null) => string> {
  const members = new Map(
    (await listMembers(ctx.db, board.workspaceId)).map((m) => [m.userId, m.name]),
  )
  const linkIds = ids.flatMap((id) => (id?.startsWith(LINK_AUTHOR) ? [id.slice(5)] : []))
  const labels = await reviewLinkLabels(ctx.db, board.id, linkIds)
  return (id) => {
    if (id === null) return ''
    if (id.startsWith(LINK_AUTHOR)) return labels.get(id.slice(LINK_AUTHOR.length)) ?? ''
    return members.get(id) ?? ''
  }
}

/** A review step and the change of approval it made are written within this of each other. */
const SAME_STEP_MS = 5_000

/** Sums the spells a post waited for an answer, from its changes of approval (oldest first). */
function timeInReview(
  steps: ReadonlyArray<{ toState: ApprovalState; at: string }>,
  now: Date,
): number | null {
  let total = 0
  let since: number | null = null
  let seen = false
  for (const step of steps) {
    const at = Date.parse(step.at)
    if (step.toState === 'in-review') {
      since ??= at
      seen = true
    } else if (since !== null) {
      total += at - since
      since = null
    }
  }
  if (since !== null) total += now.getTime() - since
  return seen ? total : null
}

/** [RND1] A round's page as `viewer` sees it: only the round's posts, their comments and steps. */
export async function roundView(
  ctx: Pick<ApiContext, 'db' | 'reviews' | 'now'>,
  place: { board: Board; workspaceName: string; timeZone: string },
  round: ReviewRound,
  viewer: RoundViewer,
): Promise<RoundView> {
  const { board } = place
  const now = ctx.now()
  const posts = (await ctx.reviews.posts(board.id, round.cardIds)).sort(calendarOrder)
  const cardIds = posts.map((p) => p.cardId)
  const [comments, decisions, activity] = await Promise.all([
    listComments(ctx.db, board.id, cardIds),
    listReviewDecisions(ctx.db, board.id, { cardIds }),
    listCardActivity(ctx.db, board.id, cardIds, { field: 'approval' }),
  ])
  const shownComments = comments.filter((c) => c.deletedAt === null)
  // [APPR4] every change of approval, the server's own returns to review after an edit included
  const approvals = activity
    .filter((a) => a.kind === 'field')
    .map((a) => ({
      cardId: a.cardId,
      userId: a.userId,
      at: a.at,
      from: a.from,
      toState: approvalStateSchema.safeParse(a.to).data ?? 'draft',
    }))
  const edits = approvals.filter(
    (a) =>
      a.toState === 'in-review' &&
      (a.from === 'approved' || a.from === 'changes-requested') &&
      // a lead's send writes the same change: that one is a step, not an edit
      !decisions.some(
        (d) =>
          d.cardId === a.cardId &&
          d.step === 'send' &&
          d.userId === a.userId &&
          Math.abs(Date.parse(d.at) - Date.parse(a.at)) < SAME_STEP_MS,
      ),
  )
  const nameOf = await namesOf(ctx, board, [
    round.createdBy,
    ...shownComments.map((c) => c.authorId),
    ...decisions.map((d) => d.userId ?? (d.linkId ? `${LINK_AUTHOR}${d.linkId}` : null)),
    ...edits.map((e) => e.userId),
  ])
  const media = (item: MediaItem) => {
    const id = encodeURIComponent(item.id)
    if (viewer.kind === 'member')
      return {
        url: `/api/media/${id}`,
        thumbUrl: item.kind === 'image' ? `/api/media/${id}/thumb` : null,
      }
    const base = `/api/review/${encodeURIComponent(viewer.token)}/media/${id}`
    const pass = `?pass=${encodeURIComponent(viewer.pass)}`
    return {
      url: `${base}${pass}`,
      thumbUrl: item.kind === 'image' ? `${base}/thumb${pass}` : null,
    }
  }
  // done when every post is approved: at the last of their yeses
  const allApproved = posts.length > 0 && posts.every((p) => p.approval === 'approved')
  const doneAt = allApproved
    ? approvals
        .filter((a) => a.toState === 'approved')
        .reduce<string | null>((last, a) => (last === null || a.at > last ? a.at : last), null)
    : null
  return {
    round: {
      id: round.id,
      name: round.name,
      message: round.message,
      createdAt: round.createdAt,
      createdByName: nameOf(round.createdBy),
      boardName: board.name,
      workspaceName: place.workspaceName,
      timeZone: place.timeZone,
      doneAt,
      timeInReviewMs: Date.parse(doneAt ?? now.toISOString()) - Date.parse(round.createdAt),
    },
    viewer:
      viewer.kind === 'member'
        ? { kind: 'member', name: viewer.name, lead: isLead(viewer.roles) }
        : { kind: 'link', name: viewer.label, lead: false },
    posts: posts.map(({ assigneeId: _a, campaign: _c, ...post }) => {
      const steps = decisions.filter((d) => d.cardId === post.cardId)
      const returns = edits
        .filter((e) => e.cardId === post.cardId)
        .map((e) => ({ step: 'edited', toState: e.toState, at: e.at, byName: nameOf(e.userId) }))
      return {
        ...post,
        media: post.media.map((item) => ({ ...item, ...media(item) })),
        canDecide: decidesFor(viewer, posts.find((p) => p.cardId === post.cardId)!, board),
        timeInReviewMs: timeInReview(
          approvals.filter((a) => a.cardId === post.cardId),
          now,
        ),
        comments: shownComments
          .filter((c) => c.cardId === post.cardId)
          .map((c) => ({
            id: c.id,
            authorName: nameOf(c.authorId),
            body: c.body,
            createdAt: c.createdAt,
            parentId: c.parentId,
          })),
        decisions: [
          ...steps.map((d) => ({
            step: d.step as string,
            toState: d.toState,
            at: d.at,
            byName: nameOf(d.userId ?? (d.linkId ? `${LINK_AUTHOR}${d.linkId}` : null)),
          })),
          ...returns,
        ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
      }
    }),
  }
}

/** The actor of a step on `boardId` as the rest of the API names it. */
function actorOf(
  viewer: RoundViewer,
  boardId: string,
): {
  by: ReviewBy
  authorId: string
  name: string
  userId: string | null
} {
  return viewer.kind === 'member'
    ? {
        by: { userId: viewer.userId },
        authorId: viewer.userId,
        name: viewer.name,
        userId: viewer.userId,
      }
    : {
        by: { link: { id: viewer.linkId, boardId, label: viewer.label } },
        authorId: `${LINK_AUTHOR}${viewer.linkId}`,
        name: viewer.label,
        userId: null,
      }
}

/**
 * [APPR3] [RND4] A decision on one post of a round, by whoever is looking at it: the step is
 * the server's, judged like any change (FORBIDDEN with the refusal's code when refused); what
 * the reviewer wrote lands in the card's thread; the assignee and the managers hear of it.
 */
export async function decideInRound(
  ctx: Pick<ApiContext, 'db' | 'reviews' | 'comments' | 'notifications' | 'now'>,
  board: Board,
  round: ReviewRound,
  viewer: RoundViewer,
  input: { cardId: string; step: 'approve' | 'changes'; comment?: string | undefined },
): Promise<{ toState: ApprovalState }> {
  if (!round.cardIds.includes(input.cardId)) throw notFound('post')
  const comment = input.comment?.trim() ?? ''
  if (input.step === 'changes' && comment === '')
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'say what should change' })
  const actor = actorOf(viewer, board.id)
  const done = await ctx.reviews.step({
    boardId: board.id,
    by: actor.by,
    cardId: input.cardId,
    step: input.step,
    roundId: round.id,
  })
  if (!done.ok) throw new TRPCError({ code: 'FORBIDDEN', message: encodeRefusal(done.refusal) })
  if (comment !== '') {
    await addComment(ctx.db, {
      boardId: board.id,
      cardId: input.cardId,
      authorId: actor.authorId,
      body: comment,
    })
    ctx.comments.changed(board.id)
  }
  await tellDecision(ctx, board, {
    actorId: actor.userId,
    actorName: actor.name,
    cardId: input.cardId,
    title: done.title,
    assigneeId: done.assigneeId,
    step: input.step,
    toState: done.toState,
    comment,
  })
  return { toState: done.toState }
}

/** A comment on one of the round's posts by whoever is looking at it. */
export async function commentInRound(
  ctx: Pick<ApiContext, 'db' | 'comments'>,
  board: Board,
  round: ReviewRound,
  viewer: RoundViewer,
  input: { cardId: string; body: string },
): Promise<void> {
  if (!round.cardIds.includes(input.cardId)) throw notFound('post')
  await addComment(ctx.db, {
    boardId: board.id,
    cardId: input.cardId,
    authorId: actorOf(viewer, board.id).authorId,
    body: input.body,
  })
  ctx.comments.changed(board.id)
}

/** [RND1] Approves every post of the round that waits for this viewer's answer. */
export async function approveAllInRound(
  ctx: Pick<ApiContext, 'db' | 'reviews' | 'comments' | 'notifications' | 'now'>,
  place: { board: Board },
  round: ReviewRound,
  viewer: RoundViewer,
): Promise<{ approved: number; refused: number }> {
  const posts = await ctx.reviews.posts(place.board.id, round.cardIds)
  let approved = 0
  let refused = 0
  for (const post of posts.sort(calendarOrder)) {
    if (!decidesFor(viewer, post, place.board)) continue
    try {
      await decideInRound(ctx, place.board, round, viewer, { cardId: post.cardId, step: 'approve' })
      approved++
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== 'FORBIDDEN') throw error
      refused++
    }
  }
  return { approved, refused }
}

/**
 * [RND4] Who hears of a decision: the post's assignee and the workspace's managers; when the
 * team's yes hands the post to the client, the client members too. Never the one who decided.
 */
export async function tellDecision(
  ctx: Pick<ApiContext, 'db' | 'notifications' | 'now'>,
  board: Board,
  decision: {
    actorId: string | null
    actorName: string
    cardId: string
    title: string
    assigneeId: string | null
    step: 'approve' | 'changes'
    toState: ApprovalState
    comment: string
  },
): Promise<void> {
  const members = await listMembers(ctx.db, board.workspaceId)
  const told = new Set<string>()
  if (decision.assigneeId) told.add(decision.assigneeId)
  for (const m of members) {
    if (m.roles.includes('manager')) told.add(m.userId)
    if (decision.toState === 'in-review' && m.roles.includes('client')) told.add(m.userId)
  }
  if (decision.actorId) told.delete(decision.actorId)
  const memberIds = new Set(members.map((m) => m.userId))
  const userIds = [...told].filter((id) => memberIds.has(id))
  if (userIds.length === 0) return
  const toState = decision.toState === 'draft' ? ('changes-requested' as const) : decision.toState
  const stored = await insertNotifications(
    ctx.db,
    userIds.map((userId) => ({
      userId,
      boardId: board.id,
      cardId: decision.cardId,
      kind: 'review-decided' as const,
      data: {
        title: decision.title,
        actorName: decision.actorName,
        step: decision.step,
        toState,
        comment: decision.comment.slice(0, 280),
      },
      dedupeKey: null,
      createdAt: ctx.now(),
    })),
  )
  ctx.notifications.changed(stored.map((n) => n.userId))
}

/**
 * [RND1] The round's reviewers hear it was sent: the client members when the client answers
 * first, else the workspace's leads. Never its sender.
 */
export async function tellRoundSent(
  ctx: Pick<ApiContext, 'db' | 'notifications' | 'now'>,
  board: Board,
  round: { id: string; name: string; posts: number; senderId: string; senderName: string },
): Promise<void> {
  const policy = board.settings.rules.approval.policy
  const members = await listMembers(ctx.db, board.workspaceId)
  const reviewers = members
    .filter((m) => (policy === 'client' ? m.roles.includes('client') : isLead(m.roles)))
    .map((m) => m.userId)
    .filter((id) => id !== round.senderId)
  if (reviewers.length === 0) return
  const stored = await insertNotifications(
    ctx.db,
    reviewers.map((userId) => ({
      userId,
      boardId: board.id,
      cardId: null,
      kind: 'review-requested' as const,
      data: {
        roundId: round.id,
        roundName: round.name,
        posts: round.posts,
        actorName: round.senderName,
      },
      dedupeKey: `round:${round.id}`,
      createdAt: ctx.now(),
    })),
  )
  ctx.notifications.changed(stored.map((n) => n.userId))
}
