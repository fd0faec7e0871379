import { LIMITS } from '@pauta/domain'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { newId } from './ids.ts'
import type { CardCommentTable, DB } from './schema.ts'

/** A comment as its readers get it. */
export interface CardComment {
  id: string
  cardId: string
  authorId: string
  /** the thread's first comment; null for a first comment */
  parentId: string | null
  /** '' once deleted */
  body: string
  mentions: string[]
  /** ISO-8601 UTC */
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  resolvedAt: string | null
  resolvedBy: string | null
}

/** Why a comment could not be written: no such comment here, not its author, or a bad reply. */
export class CommentError extends Error {
  constructor(readonly reason: 'not-found' | 'not-author' | 'not-a-thread' | 'invalid') {
    super(`comment: ${reason}`)
  }
}

function parseMentions(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

function toComment(row: Selectable<CardCommentTable>): CardComment {
  return {
    id: row.id,
    cardId: row.cardId,
    authorId: row.authorId,
    parentId: row.parentId,
    body: row.body,
    mentions: parseMentions(row.mentions),
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  }
}

/** [COM1] The text of a comment as stored: 1 to LIMITS.comment characters; the mentions, once each. */
function checked(body: string, mentions: readonly string[]): { body: string; mentions: string } {
  if (body.trim() === '' || body.length > LIMITS.comment) throw new CommentError('invalid')
  const unique = [...new Set(mentions)]
  if (unique.length > LIMITS.mentions) throw new CommentError('invalid')
  return { body, mentions: JSON.stringify(unique) }
}

/** A change to a card's comments ([COM4]): which card, its version now, and when. */
export interface CardCommentChange {
  boardId: string
  cardId: string
  /** goes up by one with each change to the card's comments */
  version: number
  /** ISO-8601 UTC, the writer's clock */
  changedAt: string
}

/** [COM4] The card's comments changed: one more version, in the transaction of the change. */
async function bump(trx: Transaction<DB>, boardId: string, cardId: string, at: string) {
  await trx
    .insertInto('cardCommentChange')
    .values({ boardId, cardId, version: 1, changedAt: at })
    .onConflict((oc) =>
      oc.columns(['boardId', 'cardId']).doUpdateSet((eb) => ({
        version: eb('cardCommentChange.version', '+', 1),
        changedAt: at,
      })),
    )
    .execute()
}

async function find(db: Kysely<DB>, boardId: string, id: string) {
  const row = await db
    .selectFrom('cardComment')
    .selectAll()
    .where('boardId', '=', boardId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || row.deletedAt !== null) throw new CommentError('not-found')
  return row
}

/**
 * [COM1] A new comment on a card of the board, or a reply to a thread's first comment on the
 * same card (never a reply to a reply). The caller has checked that the author may see the
 * board and that the card is on it.
 */
export async function addComment(
  db: Kysely<DB>,
  input: {
    boardId: string
    cardId: string
    authorId: string
    parentId?: string | null
    body: string
    mentions?: readonly string[]
    at?: Date
  },
): Promise<CardComment> {
  const text = checked(input.body, input.mentions ?? [])
  const parentId = input.parentId ?? null
  if (parentId !== null) {
    const parent = await find(db, input.boardId, parentId).catch(() => null)
    if (!parent || parent.cardId !== input.cardId || parent.parentId !== null)
      throw new CommentError('not-a-thread')
  }
  const row = {
    id: newId(),
    boardId: input.boardId,
    cardId: input.cardId,
    authorId: input.authorId,
    parentId,
    ...text,
    createdAt: (input.at ?? new Date()).toISOString(),
    editedAt: null,
    deletedAt: null,
    resolvedAt: null,
    resolvedBy: null,
  }
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('cardComment').values(row).execute()
    await bump(trx, row.boardId, row.cardId, row.createdAt)
  })
  return toComment(row)
}

/** One comment of the board, as listed; null when there is none or it was deleted. */
export async function getComment(
  db: Kysely<DB>,
  boardId: string,
  id: string,
): Promise<CardComment | null> {
  try {
    return toComment(await find(db, boardId, id))
  } catch (error) {
    if (error instanceof CommentError) return null
    throw error
  }
}

/** [COM2] Its author edits a comment (not a deleted one). */
export async function editComment(
  db: Kysely<DB>,
  input: {
    boardId: string
    id: string
    authorId: string
    body: string
    mentions?: readonly string[]
    at?: Date
  },
): Promise<CardComment> {
  const row = await find(db, input.boardId, input.id)
  if (row.authorId !== input.authorId) throw new CommentError('not-author')
  const text = checked(input.body, input.mentions ?? [])
  const editedAt = (input.at ?? new Date()).toISOString()
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cardComment')
      .set({ ...text, editedAt })
      .where('id', '=', row.id)
      .execute()
    await bump(trx, row.boardId, row.cardId, editedAt)
  })
  return toComment({ ...row, ...text, editedAt })
}

/** [COM2] Its author deletes a comment: its text goes, its place in the thread stays. */
export async function deleteComment(
  db: Kysely<DB>,
  input: { boardId: string; id: string; authorId: string; at?: Date },
): Promise<void> {
  const row = await find(db, input.boardId, input.id)
  if (row.authorId !== input.authorId) throw new CommentError('not-author')
  const deletedAt = (input.at ?? new Date()).toISOString()
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cardComment')
      .set({ body: '', mentions: '[]', deletedAt })
      .where('id', '=', row.id)
      .execute()
    await bump(trx, row.boardId, row.cardId, deletedAt)
  })
}

/** [COM2] Resolves a thread (its first comment), or opens it again. */
export async function setThreadResolved(
  db: Kysely<DB>,
  input: { boardId: string; id: string; userId: string; resolved: boolean; at?: Date },
): Promise<CardComment> {
  const row = await find(db, input.boardId, input.id)
  if (row.parentId !== null) throw new CommentError('not-a-thread')
  const at = (input.at ?? new Date()).toISOString()
  const change = input.resolved
    ? { resolvedAt: at, resolvedBy: input.userId }
    : { resolvedAt: null, resolvedBy: null }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('cardComment').set(change).where('id', '=', row.id).execute()
    await bump(trx, row.boardId, row.cardId, at)
  })
  return toComment({ ...row, ...change })
}

/**
 * [COM1] A card's comments (or those of several cards of the board, in one read), oldest
 * first, deleted ones included (without their text).
 */
export async function listComments(
  db: Kysely<DB>,
  boardId: string,
  cardId: string | readonly string[],
): Promise<CardComment[]> {
  if (typeof cardId !== 'string' && cardId.length === 0) return []
  const rows = await db
    .selectFrom('cardComment')
    .selectAll()
    .where('boardId', '=', boardId)
    .where('cardId', typeof cardId === 'string' ? '=' : 'in', cardId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
  return rows.map(toComment)
}

/** [COM3] `userId` has read the card's comments up to `at`. */
export async function markCommentsRead(
  db: Kysely<DB>,
  input: { userId: string; boardId: string; cardId: string; at?: Date },
): Promise<void> {
  const readAt = (input.at ?? new Date()).toISOString()
  await db
    .insertInto('cardCommentRead')
    .values({ userId: input.userId, boardId: input.boardId, cardId: input.cardId, readAt })
    .onConflict((oc) => oc.columns(['userId', 'boardId', 'cardId']).doUpdateSet({ readAt }))
    .execute()
}

/**
 * [COM3] For each card of the board with comments `userId` has not read: how many. Their own
 * comments and deleted ones do not count; a card never opened counts all the others'.
 */
export async function unreadCommentCounts(
  db: Kysely<DB>,
  userId: string,
  boardId: string,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('cardComment as c')
    .leftJoin('cardCommentRead as r', (join) =>
      join
        .onRef('r.boardId', '=', 'c.boardId')
        .onRef('r.cardId', '=', 'c.cardId')
        .on('r.userId', '=', userId),
    )
    .select(['c.cardId', (eb) => eb.fn.countAll<number | string>().as('unread')])
    .where('c.boardId', '=', boardId)
    .where('c.authorId', '!=', userId)
    .where('c.deletedAt', 'is', null)
    .where((eb) => eb.or([eb('r.readAt', 'is', null), eb('c.createdAt', '>', eb.ref('r.readAt'))]))
    .groupBy('c.cardId')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.cardId, Number(row.unread)]))
}

/** Boards per statement: under the bound-parameter limits of both dialects. */
const BOARDS_PER_READ = 200

/**
 * [COM4] The cards of these boards whose comments changed after `since` (by the writers'
 * clocks), each with its version now. A reader that remembers the versions it has seen reads
 * a window back from now, wider than the clocks of the server instances differ, and tells
 * only what is newer.
 */
export async function commentChangesSince(
  db: Kysely<DB>,
  boardIds: readonly string[],
  since: Date,
): Promise<CardCommentChange[]> {
  const unique = [...new Set(boardIds)]
  const found: CardCommentChange[] = []
  for (let i = 0; i < unique.length; i += BOARDS_PER_READ) {
    const rows = await db
      .selectFrom('cardCommentChange')
      .select(['boardId', 'cardId', 'version', 'changedAt'])
      .where('boardId', 'in', unique.slice(i, i + BOARDS_PER_READ))
      .where('changedAt', '>', since.toISOString())
      .execute()
    for (const row of rows) found.push({ ...row, version: Number(row.version) })
  }
  return found
}
