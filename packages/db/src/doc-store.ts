import { type Kysely, sql, type Transaction } from 'kysely'
import { toDriverBytes, toUint8Array } from './bytes.ts'
import { dialectOf, lockBoard } from './dialect.ts'
import type { DB } from './schema.ts'

/**
 * The board document's storage: an append-only log of Yjs updates per board, folded now and
 * then into one snapshot. `seq` numbers a board's updates 1, 2, 3… and keeps counting across
 * compactions (the snapshot remembers the last seq it includes).
 *
 * These functions take a board id alone: the sync server calls them only after it has
 * authorised the connection for that board.
 */

export interface StoredDocument {
  /** The latest snapshot, or null before the first compaction. */
  snapshot: Uint8Array | null
  /** The seq `snapshot` includes everything up to; null when there is no snapshot. */
  snapshotSeq: number | null
  /** Updates after the snapshot, in seq order. Apply them after the snapshot. */
  updates: Uint8Array[]
  /** The seq of each of `updates`, in the same order: a reader can say which one failed. */
  seqs: number[]
  /** The highest seq included in snapshot + updates; 0 for an empty document. */
  lastSeq: number
}

export interface DocumentStats {
  /** Updates waiting in the log (not yet folded into the snapshot). */
  updates: number
  /** Their total size in bytes. */
  bytes: number
  /** Size of the snapshot in bytes; 0 when there is none. */
  snapshotBytes: number
}

export interface CompactionResult {
  /** The seq the stored snapshot now includes. */
  snapshotSeq: number
  /** How many updates were deleted from the log. */
  removedUpdates: number
}

/** The highest seq the board has used, whether still in the log or folded into the snapshot. */
async function currentSeq(trx: Transaction<DB>, boardId: string): Promise<number> {
  const log = await trx
    .selectFrom('docUpdate')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('boardId', '=', boardId)
    .executeTakeFirst()
  const snapshot = await snapshotSeq(trx, boardId)
  return Math.max(Number(log?.seq ?? 0), snapshot ?? 0)
}

async function snapshotSeq(trx: Transaction<DB>, boardId: string): Promise<number | null> {
  const row = await trx
    .selectFrom('docSnapshot')
    .select('seq')
    .where('boardId', '=', boardId)
    .executeTakeFirst()
  return row ? Number(row.seq) : null
}

/**
 * Appends one update to the board's log and returns its seq. When the promise resolves the
 * update is committed (SQLite WAL with synchronous=FULL, or a PostgreSQL commit), so the
 * caller may broadcast it. Fails if the board does not exist.
 */
export async function appendUpdate(
  db: Kysely<DB>,
  boardId: string,
  update: Uint8Array,
): Promise<number> {
  if (dialectOf(db) === 'sqlite') {
    // One statement is one transaction (one WAL commit) and needs no round trips between
    // reading the last seq and writing the next: this is on every accepted change's path.
    const { rows } = await sql<{ seq: number }>`
      insert into "docUpdate" ("boardId", "seq", "data", "createdAt")
      select ${boardId},
        max(
          coalesce((select max("seq") from "docUpdate" where "boardId" = ${boardId}), 0),
          coalesce((select "seq" from "docSnapshot" where "boardId" = ${boardId}), 0)
        ) + 1,
        ${toDriverBytes(update)}, ${new Date().toISOString()}
      returning "seq"`.execute(db)
    return Number(rows[0]!.seq)
  }
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: several server processes may append to one board; take turns.
    await lockBoard(trx, boardId, 'update')
    const seq = (await currentSeq(trx, boardId)) + 1
    await trx
      .insertInto('docUpdate')
      .values({ boardId, seq, data: toDriverBytes(update), createdAt: new Date().toISOString() })
      .execute()
    return seq
  })
}

/** The snapshot and the updates after it, read together so a concurrent compaction cannot split them. */
export function loadDocument(db: Kysely<DB>, boardId: string): Promise<StoredDocument> {
  return readLog(db, boardId, null)
}

/**
 * What a reader that holds the board up to `seq` is missing: the updates after `seq` — or,
 * when the log was compacted past `seq`, the snapshot and every update after it. `snapshot`
 * is null unless it is needed; `lastSeq` is the highest seq included (at least `seq`).
 * Several server processes catch up with this after their fan-out lost a message. Read in
 * one transaction, like `loadDocument`.
 */
export async function loadDocumentSince(
  db: Kysely<DB>,
  boardId: string,
  seq: number,
): Promise<StoredDocument> {
  if (!Number.isInteger(seq) || seq < 0) throw new RangeError(`seq must be >= 0, got ${seq}`)
  return readLog(db, boardId, seq)
}

/** The snapshot (any, or only one past `since`) and the log after it, in one transaction. */
function readLog(db: Kysely<DB>, boardId: string, since: number | null): Promise<StoredDocument> {
  return db.transaction().execute(async (trx) => {
    await lockBoard(trx, boardId, 'share')
    let snapshotQuery = trx
      .selectFrom('docSnapshot')
      .select(['seq', 'data'])
      .where('boardId', '=', boardId)
    if (since !== null) snapshotQuery = snapshotQuery.where('seq', '>', since)
    const snapshot = await snapshotQuery.executeTakeFirst()
    const after = snapshot ? Number(snapshot.seq) : (since ?? 0)
    const rows = await trx
      .selectFrom('docUpdate')
      .select(['seq', 'data'])
      .where('boardId', '=', boardId)
      .where('seq', '>', after)
      .orderBy('seq')
      .execute()
    const last = rows.at(-1)
    return {
      snapshot: snapshot ? toUint8Array(snapshot.data) : null,
      snapshotSeq: snapshot ? Number(snapshot.seq) : null,
      updates: rows.map((row) => toUint8Array(row.data)),
      seqs: rows.map((row) => Number(row.seq)),
      lastSeq: last ? Number(last.seq) : after,
    }
  })
}

/**
 * Replaces the log up to `uptoSeq` (default: everything so far) with `state`, a Yjs update
 * that contains all of it (e.g. `Y.encodeStateAsUpdate` of a document loaded up to that seq).
 * One transaction: the snapshot is written and the folded updates deleted together. A stale
 * compaction (older than the stored snapshot) changes nothing.
 */
export async function compactDocument(
  db: Kysely<DB>,
  boardId: string,
  state: Uint8Array,
  uptoSeq?: number,
): Promise<CompactionResult> {
  return db.transaction().execute(async (trx) => {
    await lockBoard(trx, boardId, 'update')
    const current = await currentSeq(trx, boardId)
    const seq = uptoSeq ?? current
    if (!Number.isInteger(seq) || seq < 0 || seq > current) {
      throw new RangeError(`cannot compact board ${boardId} up to seq ${seq}; it is at ${current}`)
    }
    const existing = await snapshotSeq(trx, boardId)
    if (existing !== null && existing > seq) return { snapshotSeq: existing, removedUpdates: 0 }
    return writeSnapshot(trx, boardId, seq, state)
  })
}

/** Stores `state` as the board's snapshot up to `seq` and deletes the log it folds. */
async function writeSnapshot(
  trx: Transaction<DB>,
  boardId: string,
  seq: number,
  state: Uint8Array,
): Promise<CompactionResult> {
  const updatedAt = new Date().toISOString()
  const data = toDriverBytes(state)
  await trx
    .insertInto('docSnapshot')
    .values({ boardId, seq, data, updatedAt })
    .onConflict((oc) => oc.column('boardId').doUpdateSet({ seq, data, updatedAt }))
    .execute()
  const deleted = await trx
    .deleteFrom('docUpdate')
    .where('boardId', '=', boardId)
    .where('seq', '<=', seq)
    .executeTakeFirst()
  return { snapshotSeq: seq, removedUpdates: Number(deleted.numDeletedRows) }
}

/** `replaceDocument` found the board's log moved on since the caller read it. */
export class DocumentChangedError extends Error {
  constructor(
    readonly boardId: string,
    readonly readSeq: number,
    readonly currentSeq: number,
  ) {
    super(
      `board ${boardId} changed while it was being repaired (read at seq ${readSeq}, now at ${currentSeq}): close the board (or stop the server) and try again`,
    )
    this.name = 'DocumentChangedError'
  }
}

/**
 * Replaces the board's whole stored document with `state` (a repaired rebuild, for the admin
 * CLI): one transaction writes it as the snapshot and deletes the entire log. `readSeq` is
 * the `lastSeq` the caller rebuilt from; if anything was stored since, nothing is written
 * and `DocumentChangedError` is thrown.
 *
 * The snapshot takes a fresh seq, one above everything stored (no update ever has that seq;
 * the next append counts on from it). A server room that still holds the old document can
 * only compact up to a seq it holds, which is now below the snapshot's, so its stale
 * compaction changes nothing instead of writing the old document back.
 */
export async function replaceDocument(
  db: Kysely<DB>,
  boardId: string,
  state: Uint8Array,
  readSeq: number,
): Promise<CompactionResult> {
  return db.transaction().execute(async (trx) => {
    await lockBoard(trx, boardId, 'update')
    const current = await currentSeq(trx, boardId)
    if (current !== readSeq) throw new DocumentChangedError(boardId, readSeq, current)
    // Above everything stored: the whole log is folded.
    return writeSnapshot(trx, boardId, current + 1, state)
  })
}

/** How big the board's stored document is: the background compactor decides from this. */
export async function documentStats(db: Kysely<DB>, boardId: string): Promise<DocumentStats> {
  const log = await db
    .selectFrom('docUpdate')
    .select((eb) => [
      eb.fn.countAll().as('updates'),
      eb.fn.sum(eb.fn('length', ['data'])).as('bytes'),
    ])
    .where('boardId', '=', boardId)
    .executeTakeFirst()
  const snapshot = await db
    .selectFrom('docSnapshot')
    .select((eb) => eb.fn('length', ['data']).as('bytes'))
    .where('boardId', '=', boardId)
    .executeTakeFirst()
  return {
    updates: Number(log?.updates ?? 0),
    bytes: Number(log?.bytes ?? 0),
    snapshotBytes: Number(snapshot?.bytes ?? 0),
  }
}
