import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  appendUpdate,
  compactDocument,
  type DB,
  DocumentChangedError,
  documentStats,
  getBoardForUser,
  loadDocument,
  loadDocumentSince,
  replaceDocument,
} from '../index.ts'
import { bytes, type Contract } from './context.ts'

/** The contract of `doc-store.ts`: a board document's update log and snapshot. */
export function docStoreSuite(contract: Contract): void {
  describe('document log', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[SEQ1] [LOG1] [LOG2] [LOG4] numbers updates 1, 2, 3… per board and loads them in order', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      expect(await appendUpdate(db, boardA.id, bytes(1))).toBe(1)
      expect(await appendUpdate(db, boardA.id, bytes(2, 2))).toBe(2)
      expect(await appendUpdate(db, boardB.id, bytes(9))).toBe(1)
      expect(await appendUpdate(db, boardA.id, bytes(3, 3, 3))).toBe(3)

      const loaded = await loadDocument(db, boardA.id)
      expect(loaded.snapshot).toBeNull()
      expect(loaded.snapshotSeq).toBeNull()
      expect(loaded.updates).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)])
      expect(loaded.seqs).toEqual([1, 2, 3])
      expect(loaded.lastSeq).toBe(3)
      for (const update of loaded.updates) {
        expect(update).toBeInstanceOf(Uint8Array)
        // What lib0's decoder relies on: the view covers exactly the update's bytes.
        expect(new Uint8Array(update.buffer, update.byteOffset, update.byteLength)).toEqual(update)
      }
      expect(await loadDocument(db, boardB.id)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [bytes(9)],
        seqs: [1],
        lastSeq: 1,
      })
    })

    it('[LOG2] an empty document loads as nothing at seq 0', async () => {
      const { boardA } = await twoWorkspaces()
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [],
        seqs: [],
        lastSeq: 0,
      })
      expect(await documentStats(db, boardA.id)).toEqual({
        updates: 0,
        bytes: 0,
        snapshotBytes: 0,
      })
    })

    it('[SEQ1] [LOG1] concurrent appends get distinct, gap-free seqs', async () => {
      const { boardA } = await twoWorkspaces()
      const seqs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => appendUpdate(db, boardA.id, bytes(i))),
      )
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
      const loaded = await loadDocument(db, boardA.id)
      expect(loaded.lastSeq).toBe(20)
      // Each update sits at the seq its append returned.
      expect(loaded.updates).toEqual(seqs.map((_, i) => bytes(seqs.indexOf(i + 1))))
    })

    it('[LOG3] an appended update survives closing and reopening the storage', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const big = new Uint8Array(100_000).map((_, i) => i % 251)
      await appendUpdate(db, boardA.id, bytes(1, 2, 3))
      await appendUpdate(db, boardA.id, big)
      await compactDocument(db, boardA.id, bytes(7, 7), 1)

      db = await contract.reopen()
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(7, 7),
        snapshotSeq: 1,
        updates: [big],
        seqs: [2],
        lastSeq: 2,
      })
      expect((await getBoardForUser(db, alice, boardA.id))?.roles).toEqual(['strategist'])
      expect(await appendUpdate(db, boardA.id, bytes(4))).toBe(3)
    })

    it('[COMPACT3] [LOG5] [LOG2] compaction folds the log into a snapshot; later updates stay and seq continues', async () => {
      const { boardA } = await twoWorkspaces()
      for (let i = 1; i <= 5; i++) await appendUpdate(db, boardA.id, bytes(i))

      // A compactor that loaded the document at seq 3 while 4 and 5 arrived.
      expect(await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)).toEqual({
        snapshotSeq: 3,
        removedUpdates: 3,
      })
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(1, 2, 3),
        snapshotSeq: 3,
        updates: [bytes(4), bytes(5)],
        seqs: [4, 5],
        lastSeq: 5,
      })
      expect(await documentStats(db, boardA.id)).toEqual({
        updates: 2,
        bytes: 2,
        snapshotBytes: 3,
      })

      // Everything so far (no uptoSeq), then appending continues after the snapshot.
      expect(await compactDocument(db, boardA.id, bytes(1, 2, 3, 4, 5))).toEqual({
        snapshotSeq: 5,
        removedUpdates: 2,
      })
      expect(await appendUpdate(db, boardA.id, bytes(6))).toBe(6)
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(1, 2, 3, 4, 5),
        snapshotSeq: 5,
        updates: [bytes(6)],
        seqs: [6],
        lastSeq: 6,
      })

      // A log emptied by compaction still counts on from the snapshot.
      await compactDocument(db, boardA.id, bytes(1, 2, 3, 4, 5, 6))
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(1, 2, 3, 4, 5, 6),
        snapshotSeq: 6,
        updates: [],
        seqs: [],
        lastSeq: 6,
      })
      expect(await appendUpdate(db, boardA.id, bytes(7))).toBe(7)
    })

    it('[LOG6] a stale compaction changes nothing, and one past the log is refused', async () => {
      const { boardA } = await twoWorkspaces()
      for (let i = 1; i <= 4; i++) await appendUpdate(db, boardA.id, bytes(i))
      await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)

      expect(await compactDocument(db, boardA.id, bytes(1, 2), 2)).toEqual({
        snapshotSeq: 3,
        removedUpdates: 0,
      })
      await expect(compactDocument(db, boardA.id, bytes(0), 9)).rejects.toThrow(RangeError)
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(1, 2, 3),
        snapshotSeq: 3,
        updates: [bytes(4)],
        seqs: [4],
        lastSeq: 4,
      })
    })

    it('[CATCHUP1] [LOG7] loadDocumentSince gives what a reader at a seq misses, the snapshot only when compacted past it', async () => {
      const { boardA } = await twoWorkspaces()
      expect(await loadDocumentSince(db, boardA.id, 0)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [],
        seqs: [],
        lastSeq: 0,
      })
      for (let i = 1; i <= 5; i++) await appendUpdate(db, boardA.id, bytes(i))
      expect(await loadDocumentSince(db, boardA.id, 3)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [bytes(4), bytes(5)],
        seqs: [4, 5],
        lastSeq: 5,
      })
      expect(await loadDocumentSince(db, boardA.id, 5)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [],
        seqs: [],
        lastSeq: 5,
      })
      await compactDocument(db, boardA.id, bytes(1, 2, 3, 4), 4)
      // Behind the snapshot: the snapshot and everything after it.
      expect(await loadDocumentSince(db, boardA.id, 2)).toEqual({
        snapshot: bytes(1, 2, 3, 4),
        snapshotSeq: 4,
        updates: [bytes(5)],
        seqs: [5],
        lastSeq: 5,
      })
      // At or past the snapshot: only the log after the reader's seq.
      expect(await loadDocumentSince(db, boardA.id, 4)).toEqual({
        snapshot: null,
        snapshotSeq: null,
        updates: [bytes(5)],
        seqs: [5],
        lastSeq: 5,
      })
      await expect(loadDocumentSince(db, boardA.id, -1)).rejects.toThrow(RangeError)
    })

    it('[LOG4] accepts Buffers and subarray views and stores only their bytes', async () => {
      const { boardA } = await twoWorkspaces()
      const backing = bytes(0, 1, 2, 3, 4, 5)
      await appendUpdate(db, boardA.id, backing.subarray(2, 4))
      await appendUpdate(db, boardA.id, Buffer.from([8, 9]))
      expect((await loadDocument(db, boardA.id)).updates).toEqual([bytes(2, 3), bytes(8, 9)])
    })

    it('[LOG8] replaceDocument stores a repaired document at a fresh seq and drops the whole log', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      for (let i = 1; i <= 4; i++) await appendUpdate(db, boardA.id, bytes(i))
      await compactDocument(db, boardA.id, bytes(1, 2), 2)
      await appendUpdate(db, boardB.id, bytes(9))

      expect(await replaceDocument(db, boardA.id, bytes(1, 2, 4), 4)).toEqual({
        snapshotSeq: 5,
        removedUpdates: 2,
      })
      expect(await loadDocument(db, boardA.id)).toEqual({
        snapshot: bytes(1, 2, 4),
        snapshotSeq: 5,
        updates: [],
        seqs: [],
        lastSeq: 5,
      })
      // A reader at any older seq gets the repaired snapshot; appends count on above it.
      expect((await loadDocumentSince(db, boardA.id, 4)).snapshot).toEqual(bytes(1, 2, 4))
      expect(await appendUpdate(db, boardA.id, bytes(6))).toBe(6)
      // Other boards are untouched.
      expect((await loadDocument(db, boardB.id)).updates).toEqual([bytes(9)])
    })

    it('[LOG8] [LOG6] a server room that held the board before a repair cannot write its old state back', async () => {
      const { boardA } = await twoWorkspaces()
      for (let i = 1; i <= 3; i++) await appendUpdate(db, boardA.id, bytes(i))
      // The room loaded seq 1–3; the administrator repairs meanwhile.
      await replaceDocument(db, boardA.id, bytes(1, 3), 3)
      // The room unloads and compacts up to the seq it holds: stale, nothing changes.
      expect(await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)).toEqual({
        snapshotSeq: 4,
        removedUpdates: 0,
      })
      expect(await loadDocument(db, boardA.id)).toMatchObject({
        snapshot: bytes(1, 3),
        snapshotSeq: 4,
        updates: [],
      })
    })

    it('[LOG9] replaceDocument refuses to write when something was stored since the read', async () => {
      const { boardA } = await twoWorkspaces()
      for (let i = 1; i <= 3; i++) await appendUpdate(db, boardA.id, bytes(i))
      await expect(replaceDocument(db, boardA.id, bytes(0), 2)).rejects.toThrow(
        DocumentChangedError,
      )
      expect(await loadDocument(db, boardA.id)).toMatchObject({
        snapshot: null,
        seqs: [1, 2, 3],
      })
    })
  })
}
