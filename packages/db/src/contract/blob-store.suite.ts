import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { BLOB_CHUNK_BYTES, type BlobStore, BlobTooLargeError, type DB } from '../index.ts'
import type { Contract } from './context.ts'

const C = BLOB_CHUNK_BYTES
const MiB = 1024 * 1024

/** `bytes` in pieces of `size` bytes, as a request body arrives. */
export async function* pieces(bytes: Uint8Array, size = 100_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size)
}

/** Everything a stream gives, and the size of each piece it gave it in. */
export async function readAll(stream: Readable): Promise<{ bytes: Buffer; pieceSizes: number[] }> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return { bytes: Buffer.concat(parts), pieceSizes: parts.map((part) => part.byteLength) }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The contract of `blob-store.ts`: the bytes of card media, on files (SQLite) or in PostgreSQL. */
export function blobStoreSuite(contract: Contract): void {
  describe('blob store', () => {
    let db: Kysely<DB>
    let blobs: BlobStore
    beforeEach(() => {
      db = contract.db
      blobs = contract.blobStore()
    })

    /** Every file under `<dataDir>/media` (temp files included); none on PostgreSQL. */
    function files(): string[] {
      const dataDir = contract.dataDir
      if (dataDir === undefined) return []
      const root = join(dataDir, 'media')
      if (!existsSync(root)) return []
      return readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
    }

    /** What the store holds: blob rows, chunk rows and files. */
    async function held() {
      const blobRows = await db.selectFrom('blob').select(['hash', 'size']).execute()
      const chunks = await db.selectFrom('blobChunk').select(['hash', 'seq']).execute()
      return { blobs: blobRows.length, chunks: chunks.length, files: files().length }
    }

    /** One stored copy of `size` bytes: a file on SQLite, its chunks on PostgreSQL. */
    function oneCopy(size: number) {
      return contract.dataDir === undefined
        ? { blobs: 1, chunks: Math.ceil(size / C), files: 0 }
        : { blobs: 1, chunks: 0, files: 1 }
    }

    const nothing = { blobs: 0, chunks: 0, files: 0 }

    it('[MED1] [MED3] stores a multi-chunk payload under its sha256 and streams it back, also after a restart', async () => {
      const payload = randomBytes(MiB + 123)
      const put = await blobs.put(pieces(payload), { maxBytes: 10 * MiB })
      expect(put).toEqual({ hash: sha256(payload), size: payload.byteLength })
      expect(await blobs.size(put.hash)).toBe(payload.byteLength)
      const { bytes, pieceSizes } = await readAll((await blobs.get(put.hash))!)
      expect(bytes.equals(payload)).toBe(true)
      // streamed, never the whole file at once
      expect(pieceSizes.length).toBeGreaterThan(4)
      expect(Math.max(...pieceSizes)).toBeLessThanOrEqual(C)
      expect(await held()).toEqual(oneCopy(payload.byteLength))

      db = await contract.reopen()
      blobs = contract.blobStore()
      expect((await readAll((await blobs.get(put.hash))!)).bytes.equals(payload)).toBe(true)
    })

    it('[MED3] reads inclusive ranges across chunk boundaries, the end clamped to the last byte', async () => {
      const payload = randomBytes(3 * C + 1000)
      const { hash } = await blobs.put(pieces(payload, 77_777), { maxBytes: 4 * C })
      const last = payload.byteLength - 1
      for (const [start, end] of [
        [0, 0],
        [C - 10, C + 10],
        [C - 1, C],
        [C, 2 * C - 1],
        [10, 3 * C + 5],
        [0, last],
        [last - 5, last],
        [last, last],
        [last - 5, last + 1000],
      ] as const) {
        const { bytes } = await readAll((await blobs.get(hash, { start, end }))!)
        expect([start, end, bytes.equals(payload.subarray(start, end + 1))]).toEqual([
          start,
          end,
          true,
        ])
      }
      for (const range of [
        { start: last + 1, end: last + 5 },
        { start: 5, end: 4 },
        { start: -1, end: 3 },
      ]) {
        await expect(blobs.get(hash, range)).rejects.toThrow(RangeError)
      }
    })

    it('[MED1] stores the same bytes once, however they arrive, also from concurrent puts', async () => {
      const payload = randomBytes(2 * C + 5)
      const first = await blobs.put(pieces(payload, 1000), { maxBytes: MiB })
      const again = await blobs.put(pieces(payload, 300_000), { maxBytes: MiB })
      const racing = await Promise.all([
        blobs.put(pieces(payload, 65_536), { maxBytes: MiB }),
        blobs.put(pieces(payload, 99_999), { maxBytes: MiB }),
        blobs.put(pieces(payload), { maxBytes: MiB }),
      ])
      for (const put of [again, ...racing]) expect(put).toEqual(first)
      expect(await held()).toEqual(oneCopy(payload.byteLength))
      expect((await readAll((await blobs.get(first.hash))!)).bytes.equals(payload)).toBe(true)

      // the empty blob is a blob too
      const empty = await blobs.put(pieces(new Uint8Array(0)), { maxBytes: 0 })
      expect(empty).toEqual({ hash: sha256(new Uint8Array(0)), size: 0 })
      expect((await readAll((await blobs.get(empty.hash))!)).bytes.byteLength).toBe(0)
    })

    it('[MED2] refuses a payload past maxBytes and keeps nothing of it', async () => {
      const payload = randomBytes(MiB)
      const refused = blobs.put(pieces(payload), { maxBytes: MiB - 1 })
      await expect(refused).rejects.toBeInstanceOf(BlobTooLargeError)
      await expect(refused).rejects.toMatchObject({ maxBytes: MiB - 1 })
      expect(await held()).toEqual(nothing)
      expect(await blobs.get(sha256(payload))).toBeNull()
      // exactly maxBytes is allowed
      const put = await blobs.put(pieces(payload), { maxBytes: MiB })
      expect(put.size).toBe(MiB)
    })

    it('[MED2] keeps nothing of an upload whose source fails half-way', async () => {
      const payload = randomBytes(2 * C)
      async function* hangsUp() {
        yield* pieces(payload.subarray(0, C + 100))
        throw new Error('client went away')
      }
      await expect(blobs.put(hangsUp(), { maxBytes: MiB })).rejects.toThrow('client went away')
      expect(await held()).toEqual(nothing)
      // and the store goes on working
      const put = await blobs.put(pieces(payload), { maxBytes: MiB })
      expect(await held()).toEqual(oneCopy(put.size))
    })

    it('[MED3] deletes; an absent blob, or a name that is not a hash, reads as null', async () => {
      const payload = randomBytes(C + 1)
      const { hash } = await blobs.put(pieces(payload), { maxBytes: MiB })
      await blobs.delete(hash)
      expect(await blobs.get(hash)).toBeNull()
      expect(await blobs.size(hash)).toBeNull()
      expect(await held()).toEqual(nothing)
      await blobs.delete(hash)

      const never = sha256(randomBytes(8))
      expect(await blobs.get(never)).toBeNull()
      expect(await blobs.size(never)).toBeNull()
      for (const name of ['../pauta.sqlite', 'tmp', hash.toUpperCase(), `${hash}/..`]) {
        expect(await blobs.get(name)).toBeNull()
        expect(await blobs.size(name)).toBeNull()
        await blobs.delete(name)
      }
    })
  })
}
