import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type BlobStore,
  type DB,
  getMedia,
  insertMedia,
  listMediaRefs,
  type MediaRow,
  replaceBoardMediaRefs,
  replaceCardMediaRefs,
  sweepMedia,
} from '../index.ts'
import { pieces } from './blob-store.suite.ts'
import type { Contract } from './context.ts'

const HOUR = 60 * 60 * 1000

/** The contract of `media.ts`: media rows, which cards reference them, and what the sweep frees. */
export function mediaSuite(contract: Contract): void {
  describe('card media', () => {
    let db: Kysely<DB>
    let blobs: BlobStore
    beforeEach(() => {
      db = contract.db
      blobs = contract.blobStore()
    })
    const { twoWorkspaces } = contract

    async function blob(size = 1000): Promise<string> {
      return (await blobs.put(pieces(randomBytes(size)), { maxBytes: size })).hash
    }

    async function boardWithMedia() {
      const { alice, wsA, boardA, boardB } = await twoWorkspaces()
      const add = async (hash: string, thumbHash: string | null = null): Promise<MediaRow> =>
        insertMedia(db, {
          workspaceId: wsA.id,
          boardId: boardA.id,
          hash,
          thumbHash,
          kind: 'image',
          mime: 'image/jpeg',
          size: 1000,
          width: 1080,
          height: 1350,
          name: 'otoño.jpg',
          uploadedBy: alice,
        })
      return { alice, wsA, boardA, boardB, add }
    }

    it('[MED5] stores a media row under a new random id and reads it back', async () => {
      const { alice, wsA, boardA } = await twoWorkspaces()
      const [original, thumb] = [await blob(), await blob(200)]
      const row = await insertMedia(db, {
        workspaceId: wsA.id,
        boardId: boardA.id,
        hash: original,
        thumbHash: thumb,
        kind: 'video',
        mime: 'video/mp4',
        size: 1000,
        width: null,
        height: null,
        name: 'reel final (2).mp4',
        uploadedBy: alice,
        createdAt: '2025-03-10T09:00:00.000Z',
      })
      expect(row.id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/)
      expect(row).toMatchObject({ unreferencedSince: null, createdAt: '2025-03-10T09:00:00.000Z' })
      expect(await getMedia(db, row.id)).toEqual(row)
      expect(await getMedia(db, 'no-such-media')).toBeUndefined()
      const other = await insertMedia(db, { ...row, id: undefined, createdAt: undefined })
      expect(other.id).not.toBe(row.id)
      expect(Date.parse(other.createdAt)).toBeGreaterThan(Date.parse(row.createdAt))
      await expect(
        insertMedia(db, { ...row, id: undefined, kind: 'gif' as never }),
      ).rejects.toThrow(RangeError)
      await expect(insertMedia(db, { ...row, id: undefined, size: -1 })).rejects.toThrow(RangeError)
      // [SCHEMA1] it belongs to a board that exists
      await expect(insertMedia(db, { ...row, id: undefined, boardId: 'nope' })).rejects.toThrow()
    })

    it('[MED6] replaces the references of one card, or of a whole board', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      await replaceCardMediaRefs(db, boardA.id, 'c1', ['m1', 'm2', 'm1'])
      await replaceCardMediaRefs(db, boardA.id, 'c2', ['m2'])
      await replaceCardMediaRefs(db, boardB.id, 'c1', ['m9'])
      expect(await listMediaRefs(db, boardA.id)).toEqual([
        { cardId: 'c1', mediaIds: ['m1', 'm2'] },
        { cardId: 'c2', mediaIds: ['m2'] },
      ])
      await replaceCardMediaRefs(db, boardA.id, 'c1', ['m3'])
      await replaceCardMediaRefs(db, boardA.id, 'c2', [])
      expect(await listMediaRefs(db, boardA.id)).toEqual([{ cardId: 'c1', mediaIds: ['m3'] }])

      await replaceBoardMediaRefs(db, boardA.id, [
        { cardId: 'c4', mediaIds: ['m4', 'm5'] },
        { cardId: 'c5', mediaIds: ['m4', 'm4'] },
        { cardId: 'c6', mediaIds: [] },
      ])
      expect(await listMediaRefs(db, boardA.id)).toEqual([
        { cardId: 'c4', mediaIds: ['m4', 'm5'] },
        { cardId: 'c5', mediaIds: ['m4'] },
      ])
      // other boards are untouched
      expect(await listMediaRefs(db, boardB.id)).toEqual([{ cardId: 'c1', mediaIds: ['m9'] }])
      await replaceBoardMediaRefs(db, boardA.id, [])
      expect(await listMediaRefs(db, boardA.id)).toEqual([])
      // many cards at once
      const many = Array.from({ length: 700 }, (_, i) => ({ cardId: `c${i}`, mediaIds: ['m1'] }))
      await replaceBoardMediaRefs(db, boardA.id, many)
      expect(await listMediaRefs(db, boardA.id)).toHaveLength(700)
    })

    it('[MED7] [MED8] frees media no card has referenced for the grace, then the blobs nobody names', async () => {
      const { boardA, add } = await boardWithMedia()
      const [kept, gone, goneThumb, shared] = [
        await blob(),
        await blob(),
        await blob(),
        await blob(),
      ]
      const referenced = await add(kept)
      const unreferenced = await add(gone, goneThumb)
      const sharedKept = await add(shared)
      const sharedFreed = await add(shared)
      await replaceBoardMediaRefs(db, boardA.id, [
        { cardId: 'c1', mediaIds: [referenced.id] },
        { cardId: 'c2', mediaIds: [sharedKept.id] },
      ])
      const t0 = new Date()
      const at = (ms: number) => new Date(t0.getTime() + ms)
      const sweep = (now: Date) => sweepMedia(db, blobs, { now, graceMs: HOUR })
      const since = async (media: MediaRow) => (await getMedia(db, media.id))?.unreferencedSince

      expect(await sweep(t0)).toEqual({ mediaFreed: 0, blobsFreed: 0 })
      expect(await since(referenced)).toBeNull()
      expect(await since(unreferenced)).toBe(t0.toISOString())
      expect(await since(sharedFreed)).toBe(t0.toISOString())

      // within the grace: still there, and still unreferenced since the first sweep that saw it
      expect(await sweep(at(HOUR))).toEqual({ mediaFreed: 0, blobsFreed: 0 })
      expect(await since(unreferenced)).toBe(t0.toISOString())
      expect(await blobs.size(gone)).toBe(1000)

      // past it: the media rows go, and the blobs only they named (original and thumbnail)
      expect(await sweep(at(HOUR + 1))).toEqual({ mediaFreed: 2, blobsFreed: 2 })
      expect(await getMedia(db, unreferenced.id)).toBeUndefined()
      expect(await getMedia(db, sharedFreed.id)).toBeUndefined()
      expect(await blobs.get(gone)).toBeNull()
      expect(await blobs.get(goneThumb)).toBeNull()
      // a blob another media row still names stays
      expect(await getMedia(db, sharedKept.id)).toBeDefined()
      expect(await blobs.size(shared)).toBe(1000)
      expect(await getMedia(db, referenced.id)).toMatchObject({ unreferencedSince: null })
      expect(await blobs.size(kept)).toBe(1000)

      expect(await sweep(at(10 * HOUR))).toEqual({ mediaFreed: 0, blobsFreed: 0 })
    })

    it('[MED7] a media row referenced again within the grace is no longer unreferenced', async () => {
      const { boardA, boardB, add } = await boardWithMedia()
      const media = await add(await blob())
      const t0 = new Date()
      const at = (ms: number) => new Date(t0.getTime() + ms)
      const sweep = (now: Date) => sweepMedia(db, blobs, { now, graceMs: HOUR })

      await sweep(t0)
      expect((await getMedia(db, media.id))?.unreferencedSince).toBe(t0.toISOString())
      await replaceCardMediaRefs(db, boardA.id, 'c1', [media.id])
      await sweep(at(HOUR / 2))
      expect((await getMedia(db, media.id))?.unreferencedSince).toBeNull()

      // unreferenced again: the grace starts over from the sweep that sees it
      await replaceCardMediaRefs(db, boardA.id, 'c1', [])
      expect(await sweep(at(HOUR + 1))).toEqual({ mediaFreed: 0, blobsFreed: 0 })
      expect((await getMedia(db, media.id))?.unreferencedSince).toBe(at(HOUR + 1).toISOString())
      // a card of any board keeps it
      await replaceCardMediaRefs(db, boardB.id, 'c7', [media.id])
      expect(await sweep(at(3 * HOUR))).toEqual({ mediaFreed: 0, blobsFreed: 0 })
      await replaceCardMediaRefs(db, boardB.id, 'c7', [])
      await sweep(at(4 * HOUR))
      expect(await sweep(at(5 * HOUR + 1))).toEqual({ mediaFreed: 1, blobsFreed: 1 })
    })

    it('[MED8] spares a blob just put, whose media row is not written yet, and frees it once the grace is over', async () => {
      const orphan = await blob()
      const sweep = (now: Date) => sweepMedia(db, blobs, { now, graceMs: HOUR })
      expect(await sweep(new Date())).toEqual({ mediaFreed: 0, blobsFreed: 0 })
      expect(await blobs.size(orphan)).toBe(1000)
      expect(await sweep(new Date(Date.now() + HOUR + 1000))).toEqual({
        mediaFreed: 0,
        blobsFreed: 1,
      })
      expect(await blobs.size(orphan)).toBeNull()
    })

    it('[MED5] [SCHEMA2] deleting a board deletes its media and references; their blobs go at the next sweep', async () => {
      const { wsA, boardA, add } = await boardWithMedia()
      const hash = await blob()
      const media = await add(hash)
      await replaceCardMediaRefs(db, boardA.id, 'c1', [media.id])
      await db.deleteFrom('workspace').where('id', '=', wsA.id).execute()
      expect(await getMedia(db, media.id)).toBeUndefined()
      expect(await listMediaRefs(db, boardA.id)).toEqual([])
      const later = new Date(Date.now() + 2 * HOUR)
      expect(await sweepMedia(db, blobs, { now: later, graceMs: HOUR })).toEqual({
        mediaFreed: 0,
        blobsFreed: 1,
      })
      expect(await blobs.get(hash)).toBeNull()
    })
  })
}
