import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  type DB,
  getOrCreateBoardFeed,
  getOrCreateUserFeed,
  listCalendarFeeds,
  openCalendarFeed,
  removeMember,
  revokeCalendarFeed,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `calendar-feeds.ts`. */
export function calendarFeedsSuite(contract: Contract): void {
  describe('calendar feeds', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[FEED1] [ACCESS3] gets or creates one active feed per user and per board; a board feed needs membership', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      const mine = await getOrCreateUserFeed(db, alice)
      expect(mine.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
      expect(await getOrCreateUserFeed(db, alice)).toEqual(mine)
      expect(await getOrCreateUserFeed(db, bob)).not.toEqual(mine)

      const board = await getOrCreateBoardFeed(db, alice, boardA.id)
      expect(board).not.toBeNull()
      expect(board).not.toEqual(mine)
      expect(await getOrCreateBoardFeed(db, alice, boardA.id)).toEqual(board)
      expect(await getOrCreateBoardFeed(db, alice, boardB.id)).toBeNull()
      expect(await getOrCreateBoardFeed(db, alice, 'no-such-board')).toBeNull()
      const rows = await db
        .selectFrom('calendarFeed')
        .selectAll()
        .where('userId', '=', alice)
        .execute()
      expect(rows).toHaveLength(2)
    })

    it('[FEED1] concurrent get-or-creates make one feed', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const users = await Promise.all(
        Array.from({ length: 5 }, () => getOrCreateUserFeed(db, alice)),
      )
      const boards = await Promise.all(
        Array.from({ length: 5 }, () => getOrCreateBoardFeed(db, alice, boardA.id)),
      )
      expect(new Set(users.map((f) => f.id)).size).toBe(1)
      expect(new Set(boards.map((f) => f?.id)).size).toBe(1)
    })

    it('[FEED2] [ACCESS3] lists the owner’s active feeds with board names, not those of boards they left', async () => {
      const { alice, bob, wsB, boardA, boardB } = await twoWorkspaces()
      await addMember(db, wsB.id, alice, ['client'])
      const board = await getOrCreateBoardFeed(db, alice, boardA.id)
      const mine = await getOrCreateUserFeed(db, alice)
      const secret = await getOrCreateBoardFeed(db, alice, boardB.id)
      await getOrCreateUserFeed(db, bob)
      expect(await listCalendarFeeds(db, alice)).toEqual([
        {
          id: mine.id,
          boardId: null,
          boardName: null,
          workspaceName: null,
          createdAt: expect.any(String),
          lastUsedAt: null,
        },
        {
          id: board!.id,
          boardId: boardA.id,
          boardName: 'Launch',
          workspaceName: 'Agency A',
          createdAt: expect.any(String),
          lastUsedAt: null,
        },
        expect.objectContaining({ id: secret!.id, boardName: 'Secret' }),
      ])
      await removeMember(db, wsB.id, alice)
      expect((await listCalendarFeeds(db, alice)).map((f) => f.id)).toEqual([mine.id, board!.id])
    })

    it('[FEED3] [FEED4] only the owner revokes; a revoked feed no longer opens and the next one is new', async () => {
      const { alice, bob, boardA } = await twoWorkspaces()
      const mine = await getOrCreateUserFeed(db, alice)
      const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
      expect(await openCalendarFeed(db, mine.id)).toEqual({
        feedId: mine.id,
        userId: alice,
        boardId: null,
      })
      expect(await openCalendarFeed(db, board.id)).toEqual({
        feedId: board.id,
        userId: alice,
        boardId: boardA.id,
        boardName: 'Launch',
      })
      expect(await openCalendarFeed(db, 'no-such-feed')).toBeNull()

      expect(await revokeCalendarFeed(db, bob, mine.id)).toBe(false)
      expect(await openCalendarFeed(db, mine.id)).not.toBeNull()
      expect(await revokeCalendarFeed(db, alice, mine.id)).toBe(true)
      expect(await revokeCalendarFeed(db, alice, mine.id)).toBe(false)
      expect(await openCalendarFeed(db, mine.id)).toBeNull()
      expect((await listCalendarFeeds(db, alice)).map((f) => f.id)).toEqual([board.id])

      const fresh = await getOrCreateUserFeed(db, alice)
      expect(fresh.id).not.toBe(mine.id)
      expect(await openCalendarFeed(db, fresh.id)).not.toBeNull()
    })

    it('[FEED4] [ACCESS3] a board feed stops opening when its owner leaves the workspace, and opens again on return', async () => {
      const { alice, wsA, boardA } = await twoWorkspaces()
      const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
      const mine = await getOrCreateUserFeed(db, alice)
      await removeMember(db, wsA.id, alice)
      expect(await openCalendarFeed(db, board.id)).toBeNull()
      expect(await openCalendarFeed(db, mine.id)).not.toBeNull()
      await addMember(db, wsA.id, alice, ['client'])
      expect(await openCalendarFeed(db, board.id)).not.toBeNull()
    })

    it('[FEED5] records lastUsedAt at most once a minute', async () => {
      const { alice } = await twoWorkspaces()
      const mine = await getOrCreateUserFeed(db, alice)
      const lastUsed = async () => (await listCalendarFeeds(db, alice))[0]?.lastUsedAt
      const t0 = new Date('2025-01-31T12:00:00.000Z')
      await openCalendarFeed(db, mine.id, t0)
      expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
      await openCalendarFeed(db, mine.id, new Date(t0.getTime() + 30_000))
      expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
      await openCalendarFeed(db, mine.id, new Date(t0.getTime() + 61_000))
      expect(await lastUsed()).toBe('2025-01-31T12:01:01.000Z')
    })

    it('[SCHEMA2] deleting a board or a user removes their feeds', async () => {
      const { alice, bob, boardA } = await twoWorkspaces()
      const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
      const bobs = await getOrCreateUserFeed(db, bob)
      await db.deleteFrom('board').where('id', '=', boardA.id).execute()
      await db.deleteFrom('user').where('id', '=', bob).execute()
      expect(await openCalendarFeed(db, board.id)).toBeNull()
      expect(await openCalendarFeed(db, bobs.id)).toBeNull()
      expect(await db.selectFrom('calendarFeed').selectAll().execute()).toEqual([])
    })
  })
}
