import {
  type ApprovalState,
  approvalStateSchema,
  type Reviewer,
  reviewerSchema,
} from '@pauta/domain'
import type { Kysely } from 'kysely'
import { type Board, toBoard } from './boards.ts'
import { newId } from './ids.ts'
import type { DB } from './schema.ts'

/** [RND1] How many posts one round may hold: a month of posts on several networks. */
export const ROUND_MAX_CARDS = 200

/** [RND3] Wrong PINs in a row that lock a link, and for how long. */
export const PIN_TRIES = 5
export const PIN_LOCK_MS = 15 * 60_000

export interface ReviewRound {
  id: string
  boardId: string
  name: string
  message: string
  createdBy: string
  /** ISO-8601 UTC. */
  createdAt: string
  remindedAt: string | null
  /** the round's posts, in the order they were sent */
  cardIds: string[]
}

/** A round as its board's list shows it: how its posts stand now. */
export interface RoundSummary extends Omit<ReviewRound, 'cardIds'> {
  posts: number
  approved: number
  changesRequested: number
  /** posts still in review, by whom they wait for */
  waiting: { team: number; client: number }
  /** when the last post was approved, once every post is; else null */
  doneAt: string | null
}

export interface ReviewLink {
  id: string
  roundId: string
  boardId: string
  label: string
  email: string | null
  /** whether a PIN protects it (the PIN itself is never read back) */
  hasPin: boolean
  createdBy: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  lastUsedAt: string | null
  /** while ahead: wrong PINs locked it until then ([RND3]) */
  lockedUntil: string | null
}

/** A link with what opening it checks: its PIN's hash and the count of wrong PINs. Server-side only. */
export interface ReviewLinkSecret extends ReviewLink {
  pinHash: string | null
  pinFailures: number
}

export const REVIEW_STEPS = ['send', 'approve', 'changes'] as const
export type ReviewStepName = (typeof REVIEW_STEPS)[number]

export interface NewReviewDecision {
  boardId: string
  cardId: string
  /** the member who decided, or null with `linkId` */
  userId: string | null
  linkId: string | null
  roundId: string | null
  step: ReviewStepName
  toState: ApprovalState
  copyVersionId: number | null
  at: Date
}

export interface ReviewDecision {
  id: number
  cardId: string
  userId: string | null
  linkId: string | null
  roundId: string | null
  step: ReviewStepName
  toState: ApprovalState
  copyVersionId: number | null
  at: string
}

/** [RND1] Stores a round and its posts (each once, at most ROUND_MAX_CARDS). */
export async function createRound(
  db: Kysely<DB>,
  round: {
    boardId: string
    name: string
    message: string
    createdBy: string
    cardIds: readonly string[]
    at: Date
  },
): Promise<ReviewRound> {
  const cardIds = [...new Set(round.cardIds)]
  if (cardIds.length === 0) throw new TypeError('a round holds at least one post')
  if (cardIds.length > ROUND_MAX_CARDS)
    throw new TypeError(`a round holds at most ${ROUND_MAX_CARDS} posts`)
  const row = {
    id: newId(),
    boardId: round.boardId,
    name: round.name,
    message: round.message,
    createdBy: round.createdBy,
    createdAt: round.at.toISOString(),
    remindedAt: null,
  }
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('reviewRound').values(row).execute()
    await tx
      .insertInto('reviewRoundCard')
      .values(cardIds.map((cardId) => ({ roundId: row.id, boardId: round.boardId, cardId })))
      .execute()
  })
  return { ...row, cardIds }
}

/** A round of this board, with its posts; null for a round of another board, or none. */
export async function getRound(
  db: Kysely<DB>,
  boardId: string,
  roundId: string,
): Promise<ReviewRound | null> {
  const row = await db
    .selectFrom('reviewRound')
    .selectAll()
    .where('id', '=', roundId)
    .where('boardId', '=', boardId)
    .executeTakeFirst()
  if (!row) return null
  const cards = await db
    .selectFrom('reviewRoundCard')
    .select('cardId')
    .where('roundId', '=', roundId)
    .execute()
  return { ...row, cardIds: cards.map((c) => c.cardId) }
}

/** [RND1] The board's rounds, newest first, with how their posts stand now (the projection). */
export async function listRounds(
  db: Kysely<DB>,
  boardId: string,
  options: { limit?: number } = {},
): Promise<RoundSummary[]> {
  const rounds = await db
    .selectFrom('reviewRound')
    .selectAll()
    .where('boardId', '=', boardId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute()
  if (rounds.length === 0) return []
  const ids = rounds.map((r) => r.id)
  const [posts, approvals] = await Promise.all([
    db
      .selectFrom('reviewRoundCard')
      .leftJoin('boardCard', (join) =>
        join
          .onRef('boardCard.boardId', '=', 'reviewRoundCard.boardId')
          .onRef('boardCard.cardId', '=', 'reviewRoundCard.cardId'),
      )
      .select([
        'reviewRoundCard.roundId',
        'reviewRoundCard.cardId',
        'boardCard.approval',
        'boardCard.reviewer',
      ])
      .where('reviewRoundCard.roundId', 'in', ids)
      .execute(),
    // a post's yes may come within another round that holds it too
    db
      .selectFrom('reviewDecision')
      .innerJoin('reviewRoundCard', (join) =>
        join
          .onRef('reviewRoundCard.boardId', '=', 'reviewDecision.boardId')
          .onRef('reviewRoundCard.cardId', '=', 'reviewDecision.cardId'),
      )
      .select(['reviewRoundCard.roundId', 'reviewDecision.at'])
      .where('reviewRoundCard.roundId', 'in', ids)
      .where('reviewDecision.toState', '=', 'approved')
      .execute(),
  ])
  return rounds.map((round) => {
    const mine = posts.filter((p) => p.roundId === round.id)
    const states = mine.map((p) => ({
      approval: readApproval(p.approval),
      reviewer: readReviewer(p.reviewer),
    }))
    const approved = states.filter((s) => s.approval === 'approved').length
    const lastYes = approvals
      .filter((a) => a.roundId === round.id)
      .reduce<string | null>((last, a) => (last === null || a.at > last ? a.at : last), null)
    return {
      ...round,
      posts: mine.length,
      approved,
      changesRequested: states.filter((s) => s.approval === 'changes-requested').length,
      waiting: {
        team: states.filter((s) => s.approval === 'in-review' && s.reviewer === 'team').length,
        client: states.filter((s) => s.approval === 'in-review' && s.reviewer === 'client').length,
      },
      doneAt: mine.length > 0 && approved === mine.length ? lastYes : null,
    }
  })
}

/** The newest round of the board that holds the card, or null. */
export async function latestRoundOf(
  db: Kysely<DB>,
  boardId: string,
  cardId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('reviewRoundCard')
    .innerJoin('reviewRound', 'reviewRound.id', 'reviewRoundCard.roundId')
    .select('reviewRound.id')
    .where('reviewRoundCard.boardId', '=', boardId)
    .where('reviewRoundCard.cardId', '=', cardId)
    .orderBy('reviewRound.createdAt', 'desc')
    .orderBy('reviewRound.id', 'desc')
    .executeTakeFirst()
  return row?.id ?? null
}

function readApproval(value: string | null): ApprovalState {
  return approvalStateSchema.safeParse(value).data ?? 'draft'
}

function readReviewer(value: string | null): Reviewer | null {
  return reviewerSchema.safeParse(value).data ?? null
}

/** [RND3] Stores a link to a round. */
export async function createReviewLink(
  db: Kysely<DB>,
  link: {
    roundId: string
    boardId: string
    label: string
    email: string | null
    pinHash: string | null
    createdBy: string
    at: Date
    expiresAt: Date
  },
): Promise<ReviewLink> {
  const row = {
    id: newId(),
    roundId: link.roundId,
    boardId: link.boardId,
    label: link.label,
    email: link.email,
    pinHash: link.pinHash,
    pinFailures: 0,
    lockedUntil: null,
    createdBy: link.createdBy,
    createdAt: link.at.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  }
  await db.insertInto('reviewLink').values(row).execute()
  return publicLink(row)
}

type LinkRow = Omit<ReviewLinkSecret, 'hasPin'>

function publicLink(row: LinkRow): ReviewLink {
  return {
    id: row.id,
    roundId: row.roundId,
    boardId: row.boardId,
    label: row.label,
    email: row.email,
    hasPin: row.pinHash !== null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    lockedUntil: row.lockedUntil,
  }
}

/** A link with its PIN hash and lock, for the server to check an opening against. */
export async function getReviewLink(
  db: Kysely<DB>,
  linkId: string,
): Promise<ReviewLinkSecret | null> {
  const row = await db
    .selectFrom('reviewLink')
    .selectAll()
    .where('id', '=', linkId)
    .executeTakeFirst()
  return row
    ? {
        ...publicLink(row),
        pinHash: row.pinHash,
        pinFailures: Number(row.pinFailures),
        lockedUntil: row.lockedUntil,
      }
    : null
}

/** The links of a round of this board, newest first. */
export async function listReviewLinks(
  db: Kysely<DB>,
  boardId: string,
  roundId: string,
): Promise<ReviewLink[]> {
  const rows = await db
    .selectFrom('reviewLink')
    .selectAll()
    .where('boardId', '=', boardId)
    .where('roundId', '=', roundId)
    .orderBy('createdAt', 'desc')
    .execute()
  return rows.map(publicLink)
}

/** The names links' holders act under: each link's label, by link id (of this board only). */
export async function reviewLinkLabels(
  db: Kysely<DB>,
  boardId: string,
  linkIds: readonly string[],
): Promise<Map<string, string>> {
  if (linkIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('reviewLink')
    .select(['id', 'label'])
    .where('boardId', '=', boardId)
    .where('id', 'in', [...new Set(linkIds)])
    .execute()
  return new Map(rows.map((r) => [r.id, r.label]))
}

/** [RND3] Revokes a link of this board; false when there is no such link (or it was revoked). */
export async function revokeReviewLink(
  db: Kysely<DB>,
  boardId: string,
  linkId: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reviewLink')
    .set({ revokedAt: at.toISOString() })
    .where('id', '=', linkId)
    .where('boardId', '=', boardId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/**
 * [RND3] Counts a wrong PIN; the PIN_TRIES-th in a row locks the link for PIN_LOCK_MS.
 * Counted in SQL, so every server instance shares the count.
 */
export async function recordPinFailure(db: Kysely<DB>, linkId: string, at: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('reviewLink')
      .select('pinFailures')
      .where('id', '=', linkId)
      .executeTakeFirst()
    if (!row) return
    const failures = Number(row.pinFailures) + 1
    const locks = failures >= PIN_TRIES
    await tx
      .updateTable('reviewLink')
      .set({
        pinFailures: locks ? 0 : failures,
        ...(locks ? { lockedUntil: new Date(at.getTime() + PIN_LOCK_MS).toISOString() } : {}),
      })
      .where('id', '=', linkId)
      .execute()
  })
}

/** A link was opened or used: wrong PINs start counting again, and when is kept. */
export async function linkUsed(db: Kysely<DB>, linkId: string, at: Date): Promise<void> {
  await db
    .updateTable('reviewLink')
    .set({ lastUsedAt: at.toISOString(), pinFailures: 0 })
    .where('id', '=', linkId)
    .execute()
}

/** [RND4] Records one review step. */
export async function recordReviewDecision(
  db: Kysely<DB>,
  decision: NewReviewDecision,
): Promise<void> {
  await db
    .insertInto('reviewDecision')
    .values({
      boardId: decision.boardId,
      cardId: decision.cardId,
      userId: decision.userId,
      linkId: decision.linkId,
      roundId: decision.roundId,
      step: decision.step,
      toState: decision.toState,
      copyVersionId: decision.copyVersionId,
      at: decision.at.toISOString(),
    })
    .execute()
}

/** [RND4] The review steps on a board's posts, oldest first: of some cards, or of a round. */
export async function listReviewDecisions(
  db: Kysely<DB>,
  boardId: string,
  where: { cardIds?: readonly string[]; roundId?: string },
): Promise<ReviewDecision[]> {
  let query = db.selectFrom('reviewDecision').selectAll().where('boardId', '=', boardId)
  if (where.cardIds) {
    if (where.cardIds.length === 0) return []
    query = query.where('cardId', 'in', [...where.cardIds])
  }
  if (where.roundId) query = query.where('roundId', '=', where.roundId)
  const rows = await query.orderBy('at').orderBy('id').execute()
  return rows.map((row) => ({
    id: Number(row.id),
    cardId: row.cardId,
    userId: row.userId,
    linkId: row.linkId,
    roundId: row.roundId,
    step: (REVIEW_STEPS as readonly string[]).includes(row.step)
      ? (row.step as ReviewStepName)
      : 'send',
    toState: readApproval(row.toState),
    copyVersionId: row.copyVersionId === null ? null : Number(row.copyVersionId),
    at: row.at,
  }))
}

/**
 * [RND5] Rounds created before `before` that were never reminded and still have posts in
 * review, across boards; each is claimed (marked reminded) by exactly one caller, so several
 * server instances remind once. `due` picks, per round, whether its board's review time has
 * passed (the caller reads the board's settings).
 */
export async function claimRoundsToRemind(
  db: Kysely<DB>,
  options: {
    before: Date
    now: Date
    due(round: { boardId: string; createdAt: string }): Promise<boolean>
  },
): Promise<Array<ReviewRound & { waiting: Array<{ cardId: string; reviewer: Reviewer | null }> }>> {
  // only rounds that still wait for an answer: a finished round is never looked at again
  const rows = await db
    .selectFrom('reviewRound')
    .innerJoin('reviewRoundCard', 'reviewRoundCard.roundId', 'reviewRound.id')
    .innerJoin('boardCard', (join) =>
      join
        .onRef('boardCard.boardId', '=', 'reviewRoundCard.boardId')
        .onRef('boardCard.cardId', '=', 'reviewRoundCard.cardId'),
    )
    .selectAll('reviewRound')
    .select(['reviewRoundCard.cardId', 'boardCard.reviewer'])
    .where('reviewRound.remindedAt', 'is', null)
    .where('reviewRound.createdAt', '<', options.before.toISOString())
    .where('boardCard.approval', '=', 'in-review')
    .where('boardCard.archived', '=', 0)
    .orderBy('reviewRound.createdAt')
    .orderBy('reviewRound.id')
    .limit(5000)
    .execute()
  const rounds = new Map<
    string,
    { round: (typeof rows)[number]; waiting: Array<{ cardId: string; reviewer: Reviewer | null }> }
  >()
  for (const row of rows) {
    const entry = rounds.get(row.id) ?? { round: row, waiting: [] }
    entry.waiting.push({ cardId: row.cardId, reviewer: readReviewer(row.reviewer) })
    rounds.set(row.id, entry)
  }
  const claimed: Array<
    ReviewRound & { waiting: Array<{ cardId: string; reviewer: Reviewer | null }> }
  > = []
  for (const { round, waiting } of rounds.values()) {
    if (!(await options.due(round))) continue
    const result = await db
      .updateTable('reviewRound')
      .set({ remindedAt: options.now.toISOString() })
      .where('id', '=', round.id)
      .where('remindedAt', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) continue
    const { cardId: _card, reviewer: _reviewer, ...fields } = round
    claimed.push({ ...fields, remindedAt: options.now.toISOString(), cardIds: [], waiting })
  }
  return claimed
}

/**
 * A board with its workspace's name and zone, read without a member: for a review link's
 * holder, whose link names the board. Null when there is no such board.
 */
export async function reviewBoard(
  db: Kysely<DB>,
  boardId: string,
): Promise<{ board: Board; workspaceName: string; timeZone: string } | null> {
  const row = await db
    .selectFrom('board')
    .innerJoin('workspace', 'workspace.id', 'board.workspaceId')
    .select([
      'board.id',
      'board.workspaceId',
      'board.name',
      'board.settings',
      'board.createdAt',
      'workspace.name as workspaceName',
      'workspace.timeZone',
    ])
    .where('board.id', '=', boardId)
    .executeTakeFirst()
  if (!row) return null
  const { workspaceName, timeZone, ...board } = row
  return { board: toBoard(board), workspaceName, timeZone }
}

/** [RND3] Whether a post of the round lists this media: all a link's holder may download. */
export async function roundHoldsMedia(
  db: Kysely<DB>,
  round: { id: string; boardId: string },
  mediaId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('reviewRoundCard')
    .innerJoin('mediaRef', (join) =>
      join
        .onRef('mediaRef.boardId', '=', 'reviewRoundCard.boardId')
        .onRef('mediaRef.cardId', '=', 'reviewRoundCard.cardId'),
    )
    .select('mediaRef.mediaId')
    .where('reviewRoundCard.roundId', '=', round.id)
    .where('reviewRoundCard.boardId', '=', round.boardId)
    .where('mediaRef.mediaId', '=', mediaId)
    .executeTakeFirst()
  return row !== undefined
}
