import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type { BlobStore } from './blob-store.ts'
import { newId } from './ids.ts'
import { commitLazily } from './lazy-commit.ts'
import type { DB, MediaTable } from './schema.ts'

/**
 * Card media: images and videos uploaded to a board, each naming the blob of its original
 * and, when the server made one, of its thumbnail (blob-store.ts holds the bytes). The board
 * document is the truth about which card shows which media; `mediaRef` is its projection, kept
 * by the server, and what `sweepMedia` frees by.
 *
 * These functions take ids alone: callers have checked who may see the board.
 */

export type MediaKind = 'image' | 'video'

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video']

export interface MediaRow {
  id: string
  workspaceId: string
  boardId: string
  /** the original's blob */
  hash: string
  /** the server-made thumbnail's blob, if any */
  thumbHash: string | null
  kind: MediaKind
  mime: string
  /** the original's size in bytes */
  size: number
  width: number | null
  height: number | null
  /** the original file name, for download */
  name: string
  uploadedBy: string
  /** ISO-8601 UTC */
  createdAt: string
  /** since when no card references it, as the last sweep saw; null while referenced */
  unreferencedSince: string | null
}

const CHUNK = 500

function toMedia(row: Selectable<MediaTable>): MediaRow {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    boardId: row.boardId,
    hash: row.hash,
    thumbHash: row.thumbHash,
    kind: row.kind as MediaKind,
    mime: row.mime,
    size: Number(row.size),
    width: row.width === null ? null : Number(row.width),
    height: row.height === null ? null : Number(row.height),
    name: row.name,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt,
    unreferencedSince: row.unreferencedSince,
  }
}

function isCount(value: number | null): boolean {
  return value === null || (Number.isSafeInteger(value) && value >= 0)
}

/**
 * [MED5] Stores a media row (a new random id unless given; created now unless given), not yet
 * referenced by any card: the sweep frees it unless a card references it within the grace.
 * The blobs it names should be stored first. A kind other than image or video, or a size or
 * dimension that is not a whole number of at least 0, is refused (RangeError).
 */
export async function insertMedia(
  db: Kysely<DB>,
  row: Omit<MediaRow, 'id' | 'createdAt' | 'unreferencedSince'> & {
    id?: string
    createdAt?: string
  },
): Promise<MediaRow> {
  if (!MEDIA_KINDS.includes(row.kind)) throw new RangeError(`media: unknown kind ${row.kind}`)
  if (![row.size, row.width, row.height].every(isCount)) {
    throw new RangeError('media: size, width and height are whole numbers of at least 0')
  }
  const media: MediaRow = {
    id: row.id ?? newId(),
    workspaceId: row.workspaceId,
    boardId: row.boardId,
    hash: row.hash,
    thumbHash: row.thumbHash,
    kind: row.kind,
    mime: row.mime,
    size: row.size,
    width: row.width,
    height: row.height,
    name: row.name,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt ?? new Date().toISOString(),
    unreferencedSince: null,
  }
  await db.insertInto('media').values(media).execute()
  return media
}

/** [MED5] A media row by id, whichever board it is on (the caller checks that board's access). */
export async function getMedia(db: Kysely<DB>, id: string): Promise<MediaRow | undefined> {
  const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toMedia(row)
}

async function insertRefs(
  trx: Kysely<DB>,
  boardId: string,
  cards: readonly { cardId: string; mediaIds: readonly string[] }[],
): Promise<void> {
  const rows = cards.flatMap(({ cardId, mediaIds }) =>
    [...new Set(mediaIds)].map((mediaId) => ({ boardId, cardId, mediaId })),
  )
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('mediaRef')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

/**
 * [MED6] Replaces one card's references (on every accepted change of its media): afterwards the
 * card references exactly `mediaIds` (each once). Derived from the document, so committed
 * lazily ([OPEN4]) like the card projection.
 */
export async function replaceCardMediaRefs(
  db: Kysely<DB>,
  boardId: string,
  cardId: string,
  mediaIds: readonly string[],
): Promise<void> {
  await commitLazily(db, async (trx) => {
    await trx
      .deleteFrom('mediaRef')
      .where('boardId', '=', boardId)
      .where('cardId', '=', cardId)
      .execute()
    await insertRefs(trx, boardId, [{ cardId, mediaIds }])
  })
}

/**
 * [MED6] Replaces every reference of a board (when the server loads its document): afterwards
 * the board's cards reference exactly what `cards` lists, in one transaction; other boards are
 * untouched.
 */
export async function replaceBoardMediaRefs(
  db: Kysely<DB>,
  boardId: string,
  cards: readonly { cardId: string; mediaIds: readonly string[] }[],
): Promise<void> {
  await commitLazily(db, async (trx) => {
    await trx.deleteFrom('mediaRef').where('boardId', '=', boardId).execute()
    await insertRefs(trx, boardId, cards)
  })
}

/** [MED6] The references of a board's cards, by card id, each card's media ids sorted. */
export async function listMediaRefs(
  db: Kysely<DB>,
  boardId: string,
): Promise<{ cardId: string; mediaIds: string[] }[]> {
  const rows = await db
    .selectFrom('mediaRef')
    .select(['cardId', 'mediaId'])
    .where('boardId', '=', boardId)
    .orderBy('cardId')
    .orderBy('mediaId')
    .execute()
  const cards = new Map<string, string[]>()
  for (const { cardId, mediaId } of rows) {
    const ids = cards.get(cardId)
    if (ids) ids.push(mediaId)
    else cards.set(cardId, [mediaId])
  }
  return [...cards].map(([cardId, mediaIds]) => ({ cardId, mediaIds }))
}

/** [MED7] Some card, on any board, references the media row. */
function referenced(eb: ExpressionBuilder<DB, 'media'>) {
  return eb.exists(
    eb
      .selectFrom('mediaRef')
      .select('mediaRef.mediaId')
      .whereRef('mediaRef.mediaId', '=', 'media.id'),
  )
}

/**
 * [MED7] [MED8] One round of freeing: media no card references get `unreferencedSince = now`
 * (and lose it when referenced again); media unreferenced for longer than graceMs are deleted;
 * then blobs no media row names (as hash or thumbHash) are deleted from the store, once they
 * were last put more than graceMs ago. A reference from any board's card keeps a media row.
 */
export async function sweepMedia(
  db: Kysely<DB>,
  blobs: BlobStore,
  options: { now: Date; graceMs: number },
): Promise<{ mediaFreed: number; blobsFreed: number }> {
  const now = options.now.toISOString()
  const cutoff = new Date(options.now.getTime() - options.graceMs)
  await db
    .updateTable('media')
    .set({ unreferencedSince: null })
    .where('unreferencedSince', 'is not', null)
    .where(referenced)
    .execute()
  await db
    .updateTable('media')
    .set({ unreferencedSince: now })
    .where('unreferencedSince', 'is', null)
    .where((eb) => eb.not(referenced(eb)))
    .execute()
  const freed = await db
    .deleteFrom('media')
    .where('unreferencedSince', '<', cutoff.toISOString())
    .where((eb) => eb.not(referenced(eb)))
    .executeTakeFirst()
  const blobsFreed = await blobs.deleteUnused({ before: cutoff })
  return { mediaFreed: Number(freed.numDeletedRows), blobsFreed }
}
