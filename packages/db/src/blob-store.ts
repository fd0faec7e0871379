import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import type { ExpressionBuilder, Kysely } from 'kysely'
import { toDriverBytes } from './bytes.ts'
import type { Database } from './open-database.ts'
import type { DB } from './schema.ts'

/**
 * Where card media keep their bytes: content-addressed blobs (named by their sha256), stored
 * once however many media rows name them. Two backends behind one interface, picked by the
 * database: files beside the SQLite file, or chunks in PostgreSQL so that every server
 * instance serves every file. Both keep a `blob` row per stored hash, written once the bytes
 * are complete; `sweepMedia` (media.ts) decides when a blob is no longer needed.
 */

/** [MED2] A put went past its `maxBytes`; nothing of it was kept. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError'
  constructor(readonly maxBytes: number) {
    super(`blob: larger than ${maxBytes} bytes`)
  }
}

export interface BlobStore {
  /**
   * [MED1] [MED2] Streams `source` in, hashing (sha256 hex) as it goes. Past maxBytes: rejects
   * with BlobTooLargeError and stores nothing. Any error of the source (a client that hangs up)
   * also leaves nothing behind. The same bytes twice: the same hash, stored once.
   */
  put(
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number },
  ): Promise<{ hash: string; size: number }>
  /**
   * [MED3] The bytes, streamed (never the whole file in memory), or null when absent. `range` is
   * inclusive, like HTTP Range; its end is clamped to the last byte, and a range that starts past
   * it (or ends before it starts) is a RangeError.
   */
  get(hash: string, range?: { start: number; end: number }): Promise<Readable | null>
  /** [MED3] Its size in bytes, or null when absent. */
  size(hash: string): Promise<number | null>
  /** [MED3] Removes the bytes and the row; an absent blob is no error. */
  delete(hash: string): Promise<void>
  /**
   * [MED8] Deletes every blob that no media row names (as `hash` or `thumbHash`) and that was
   * last put before `before` (a media row is written just after its blobs' put), and what failed
   * uploads left behind. Returns how many blobs it deleted. `sweepMedia` calls it.
   */
  deleteUnused(options: { before: Date }): Promise<number>
}

/** [MED4] The size of a PostgreSQL chunk: a read holds one at a time. */
export const BLOB_CHUNK_BYTES = 256 * 1024

/** [MED2] A temp file idle this long is left from an upload that died with its process. */
const STALE_TEMP_MS = 60 * 60 * 1000

/**
 * PostgreSQL uploads at once on one database: each holds a pooled connection (its transaction)
 * for as long as the client takes to send, so a few slow uploads must not take the whole pool
 * (10 connections by default) from everything else. Further uploads wait for a slot.
 */
const PG_UPLOAD_SLOTS = 4

/**
 * [MED4] The store for this database: files under `<dataDir>/media` on SQLite; chunks in
 * PostgreSQL (`blobChunk`) when the database is PostgreSQL, so every instance serves every file.
 */
export function openBlobStore(database: Database, options: { dataDir: string }): BlobStore {
  return database.dialect === 'postgres'
    ? postgresBlobStore(database.db)
    : fileBlobStore(database.db, join(options.dataDir, 'media'))
}

/** A blob's name: anything else (a path, say) names no blob. */
function isHash(hash: string): boolean {
  return /^[0-9a-f]{64}$/.test(hash)
}

/** [MED3] The bytes a read covers, both ends inclusive (end < start: none). */
function span(size: number, range?: { start: number; end: number }) {
  if (range === undefined) return { start: 0, end: size - 1 }
  const { start, end } = range
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`blob: bad range ${start}-${end}`)
  }
  if (start >= size) throw new RangeError(`blob: range ${start}-${end} starts past ${size} bytes`)
  return { start, end: Math.min(end, size - 1) }
}

/** [MED8] No media row names the blob, as its original or its thumbnail. */
function unnamed(eb: ExpressionBuilder<DB, 'blob'>) {
  return eb.and([
    eb.not(
      eb.exists(eb.selectFrom('media').select('media.id').whereRef('media.hash', '=', 'blob.hash')),
    ),
    eb.not(
      eb.exists(
        eb.selectFrom('media').select('media.id').whereRef('media.thumbHash', '=', 'blob.hash'),
      ),
    ),
  ])
}

/** The unused blobs `deleteUnused` considers; each is checked again as it is deleted. */
async function unusedBlobs(db: Kysely<DB>, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('blob')
    .select('hash')
    .where('lastPutAt', '<', before)
    .where(unnamed)
    .execute()
  return rows.map((row) => row.hash)
}

/** Writes the blob's row, or refreshes `lastPutAt` when these bytes are stored already. */
async function upsertBlobRow(db: Kysely<DB>, hash: string, size: number): Promise<void> {
  const now = new Date().toISOString()
  await db
    .insertInto('blob')
    .values({ hash, size, createdAt: now, lastPutAt: now })
    .onConflict((oc) => oc.column('hash').doUpdateSet({ lastPutAt: now }))
    .execute()
}

/** Deletes the blob's row if it is still unused (see `deleteUnused`); whether it did. */
async function deleteUnusedRow(db: Kysely<DB>, hash: string, before: string): Promise<boolean> {
  const result = await db
    .deleteFrom('blob')
    .where('hash', '=', hash)
    .where('lastPutAt', '<', before)
    .where(unnamed)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** One at a time per key, within this process. */
class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>()

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const tail = previous.then(() => new Promise<void>((done) => (release = done)))
    this.#tails.set(key, tail)
    await previous
    try {
      return await task()
    } finally {
      release()
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}

/** Per media directory, so that two stores opened on one directory take turns too. */
const fileLocks = new Map<string, KeyedLock>()

/** fsync a directory, so that a file created, renamed or removed in it survives a crash. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes all of `bytes` at `position` (a write may take fewer bytes than it is given). */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0
  while (written < bytes.byteLength) {
    const { bytesWritten } = await handle.write(
      bytes,
      written,
      bytes.byteLength - written,
      position + written,
    )
    written += bytesWritten
  }
}

/** [MED2] Deletes the temp files no upload has written to for an hour. */
function removeStaleTemps(tmpDir: string): void {
  let names: string[]
  try {
    names = readdirSync(tmpDir)
  } catch {
    return
  }
  const cutoff = Date.now() - STALE_TEMP_MS
  for (const name of names) {
    const path = join(tmpDir, name)
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true })
    } catch {
      // gone already, or finished and renamed in the meantime
    }
  }
}

/**
 * [MED4] SQLite's backend: `<mediaDir>/<hash[0..1]>/<hash>`, written to `<mediaDir>/tmp/` first.
 * An upload goes to a temp file of its own, synced, then its row is written and the file
 * renamed into place (the same bytes twice: the second rename replaces the first copy with
 * identical bytes). A row without its file (a crash between the two) reads as absent and is
 * swept like any unused blob. Putting and deleting one hash take turns within the process
 * (Pauta on SQLite is one process), so a delete never removes a file a put just vouched for.
 */
function fileBlobStore(db: Kysely<DB>, mediaDir: string): BlobStore {
  const root = resolve(mediaDir)
  const tmpDir = join(root, 'tmp')
  mkdirSync(tmpDir, { recursive: true })
  removeStaleTemps(tmpDir)
  let lock = fileLocks.get(root)
  if (!lock) {
    lock = new KeyedLock()
    fileLocks.set(root, lock)
  }
  const locked = lock
  const dirOf = (hash: string) => join(root, hash.slice(0, 2))
  const pathOf = (hash: string) => join(dirOf(hash), hash)

  async function removeFile(hash: string): Promise<void> {
    await rm(pathOf(hash), { force: true })
  }

  return {
    async put(source, { maxBytes }) {
      await mkdir(tmpDir, { recursive: true })
      const tmpPath = join(tmpDir, randomBytes(16).toString('hex'))
      const handle = await open(tmpPath, 'wx')
      let handleOpen = true
      try {
        const hasher = createHash('sha256')
        let size = 0
        for await (const piece of source) {
          if (size + piece.byteLength > maxBytes) throw new BlobTooLargeError(maxBytes)
          hasher.update(piece)
          await writeAll(handle, piece, size)
          size += piece.byteLength
        }
        await handle.sync()
        handleOpen = false
        await handle.close()
        const hash = hasher.digest('hex')
        await locked.run(hash, async () => {
          await upsertBlobRow(db, hash, size)
          const dir = dirOf(hash)
          const created = await mkdir(dir, { recursive: true })
          if (created !== undefined) await syncDirectory(root)
          await rename(tmpPath, pathOf(hash))
          await syncDirectory(dir)
        })
        return { hash, size }
      } catch (error) {
        if (handleOpen) await handle.close().catch(() => {})
        await rm(tmpPath, { force: true })
        throw error
      }
    },

    async get(hash, range) {
      if (!isHash(hash)) return null
      let handle: FileHandle
      try {
        handle = await open(pathOf(hash), 'r')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
      try {
        const { start, end } = span((await handle.stat()).size, range)
        if (end < start) {
          await handle.close()
          return Readable.from([], { objectMode: false })
        }
        // The stream closes the file when it ends, fails or is destroyed.
        return handle.createReadStream({ start, end })
      } catch (error) {
        await handle.close()
        throw error
      }
    },

    async size(hash) {
      if (!isHash(hash)) return null
      try {
        return (await stat(pathOf(hash))).size
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },

    async delete(hash) {
      if (!isHash(hash)) return
      await locked.run(hash, async () => {
        await db.deleteFrom('blob').where('hash', '=', hash).execute()
        await removeFile(hash)
      })
    },

    async deleteUnused({ before }) {
      const cutoff = before.toISOString()
      let deleted = 0
      for (const hash of await unusedBlobs(db, cutoff)) {
        await locked.run(hash, async () => {
          if (!(await deleteUnusedRow(db, hash, cutoff))) return
          await removeFile(hash)
          deleted += 1
        })
      }
      removeStaleTemps(tmpDir)
      return deleted
    },
  }
}

/** At most `count` holders at once; the others wait in turn. */
class Slots {
  #free: number
  readonly #waiting: (() => void)[] = []

  constructor(count: number) {
    this.#free = count
  }

  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free -= 1
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiting.shift()
      if (next) next()
      else this.#free += 1
    }
  }
}

const uploadSlots = new WeakMap<Kysely<DB>, Slots>()

/**
 * [MED4] PostgreSQL's backend: the bytes in `blobChunk`, 256 KiB a row. An upload writes its
 * chunks as they come, under a temporary key, inside one transaction; once the bytes are all
 * there it writes (or locks) the blob's row and gives its chunks the hash, or drops them when
 * that hash's chunks are stored already. Any failure rolls the whole upload back, and so does
 * PostgreSQL when the process dies mid-upload: a half-finished upload is never seen. The row
 * lock on `blob` orders concurrent puts and deletes of one hash, across instances too.
 */
function postgresBlobStore(db: Kysely<DB>): BlobStore {
  let slots = uploadSlots.get(db)
  if (!slots) {
    slots = new Slots(PG_UPLOAD_SLOTS)
    uploadSlots.set(db, slots)
  }
  const uploads = slots

  async function* chunks(hash: string, start: number, end: number): AsyncGenerator<Buffer> {
    const last = Math.floor(end / BLOB_CHUNK_BYTES)
    for (let seq = Math.floor(start / BLOB_CHUNK_BYTES); seq <= last; seq++) {
      const row = await db
        .selectFrom('blobChunk')
        .select('data')
        .where('hash', '=', hash)
        .where('seq', '=', seq)
        .executeTakeFirst()
      if (!row) throw new Error(`blob ${hash}: chunk ${seq} is missing (deleted while read?)`)
      const data = toDriverBytes(row.data)
      const base = seq * BLOB_CHUNK_BYTES
      yield data.subarray(Math.max(0, start - base), Math.min(data.byteLength, end - base + 1))
    }
  }

  async function rowSize(hash: string): Promise<number | null> {
    if (!isHash(hash)) return null
    const row = await db
      .selectFrom('blob')
      .select('size')
      .where('hash', '=', hash)
      .executeTakeFirst()
    return row ? Number(row.size) : null
  }

  return {
    async put(source, { maxBytes }) {
      const release = await uploads.acquire()
      try {
        const trx = await db.startTransaction().execute()
        try {
          // Never a sha256 hex, so no reader ever takes it for a blob.
          const key = `upload:${randomBytes(16).toString('hex')}`
          const hasher = createHash('sha256')
          const buffer = Buffer.allocUnsafe(BLOB_CHUNK_BYTES)
          let filled = 0
          let size = 0
          let seq = 0
          const flush = async () => {
            // Awaited before the buffer is filled again: the driver has sent it by then.
            await trx
              .insertInto('blobChunk')
              .values({ hash: key, seq, data: buffer.subarray(0, filled) })
              .execute()
            seq += 1
            filled = 0
          }
          for await (const piece of source) {
            if (size + piece.byteLength > maxBytes) throw new BlobTooLargeError(maxBytes)
            hasher.update(piece)
            size += piece.byteLength
            let offset = 0
            while (offset < piece.byteLength) {
              const take = Math.min(BLOB_CHUNK_BYTES - filled, piece.byteLength - offset)
              buffer.set(piece.subarray(offset, offset + take), filled)
              filled += take
              offset += take
              if (filled === BLOB_CHUNK_BYTES) await flush()
            }
          }
          if (filled > 0) await flush()
          const hash = hasher.digest('hex')
          // Locks the row: a concurrent put of the same bytes waits here until this commits.
          await upsertBlobRow(trx, hash, size)
          const stored = await trx
            .selectFrom('blobChunk')
            .select('seq')
            .where('hash', '=', hash)
            .limit(1)
            .executeTakeFirst()
          if (stored || size === 0) {
            await trx.deleteFrom('blobChunk').where('hash', '=', key).execute()
          } else {
            await trx.updateTable('blobChunk').set({ hash }).where('hash', '=', key).execute()
          }
          await trx.commit().execute()
          return { hash, size }
        } catch (error) {
          // The connection goes back to the pool even when the rollback fails.
          await trx
            .rollback()
            .execute()
            .catch(() => {})
          throw error
        }
      } finally {
        release()
      }
    },

    async get(hash, range) {
      const size = await rowSize(hash)
      if (size === null) return null
      const { start, end } = span(size, range)
      return Readable.from(chunks(hash, start, end), { objectMode: false })
    },

    size: rowSize,

    async delete(hash) {
      if (!isHash(hash)) return
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('blob').where('hash', '=', hash).execute()
        await trx.deleteFrom('blobChunk').where('hash', '=', hash).execute()
      })
    },

    async deleteUnused({ before }) {
      const cutoff = before.toISOString()
      let deleted = 0
      for (const hash of await unusedBlobs(db, cutoff)) {
        const gone = await db.transaction().execute(async (trx) => {
          if (!(await deleteUnusedRow(trx, hash, cutoff))) return false
          await trx.deleteFrom('blobChunk').where('hash', '=', hash).execute()
          return true
        })
        if (gone) deleted += 1
      }
      return deleted
    },
  }
}
