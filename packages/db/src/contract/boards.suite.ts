import { DEFAULT_RULES } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createBoard,
  type DB,
  findBoard,
  getBoardForUser,
  listAllBoards,
  listBoardsForUser,
  updateBoardSettings,
} from '../index.ts'
import { type Contract, seedUser } from './context.ts'

/** The contract of `boards.ts`: boards, their settings, and who may see them. */
export function boardsSuite(contract: Contract): void {
  describe('boards', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[ACCESS1] [BOARD1] a member gets the board and their roles; settings default and parse', async () => {
      const { alice, boardA } = await twoWorkspaces()
      expect(boardA.settings).toEqual({ wipLimits: {}, rules: DEFAULT_RULES })
      const found = await getBoardForUser(db, alice, boardA.id)
      expect(found).toEqual({ board: boardA, roles: ['strategist'] })
    })

    it('[ACCESS1] a user of workspace A gets null for a board of workspace B, same as for no board', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      expect(await getBoardForUser(db, alice, boardB.id)).toBeNull()
      expect(await getBoardForUser(db, bob, boardA.id)).toBeNull()
      expect(await getBoardForUser(db, alice, 'no-such-board')).toBeNull()
      const stranger = await seedUser(db, { email: 'eve@example.com' })
      expect(await getBoardForUser(db, stranger, boardA.id)).toBeNull()
    })

    it('[ACCESS2] listBoardsForUser shows only the boards of the user’s workspaces, with roles', async () => {
      const { alice, bob, wsA, wsB, boardA, boardB } = await twoWorkspaces()
      const second = await createBoard(db, { workspaceId: wsA.id, name: 'Always-on' })

      expect(await listBoardsForUser(db, alice)).toEqual([
        {
          id: second.id,
          name: 'Always-on',
          workspaceId: wsA.id,
          workspaceName: 'Agency A',
          roles: ['strategist'],
        },
        {
          id: boardA.id,
          name: 'Launch',
          workspaceId: wsA.id,
          workspaceName: 'Agency A',
          roles: ['strategist'],
        },
      ])
      expect(await listBoardsForUser(db, bob)).toEqual([
        {
          id: boardB.id,
          name: 'Secret',
          workspaceId: wsB.id,
          workspaceName: 'Agency B',
          roles: ['cm'],
        },
      ])
      const stranger = await seedUser(db, { email: 'eve@example.com' })
      expect(await listBoardsForUser(db, stranger)).toEqual([])
    })

    it('[BOARD2] listAllBoards lists every board with its workspace', async () => {
      const { wsA, wsB, boardA, boardB } = await twoWorkspaces()
      expect(await listAllBoards(db)).toEqual([
        { id: boardA.id, name: 'Launch', workspaceId: wsA.id, workspaceName: 'Agency A' },
        { id: boardB.id, name: 'Secret', workspaceId: wsB.id, workspaceName: 'Agency B' },
      ])
    })

    it('[BOARD1] stores, validates and updates settings', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const board = await createBoard(db, {
        workspaceId: wsA.id,
        name: 'WIP',
        settings: { wipLimits: { plan: 5 }, rules: DEFAULT_RULES },
      })
      expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
        wipLimits: { plan: 5 },
        rules: DEFAULT_RULES,
      })
      const updated = await updateBoardSettings(db, board.id, {
        wipLimits: { plan: null, calendar: 3 },
        rules: DEFAULT_RULES,
      })
      expect(updated?.settings).toEqual({
        wipLimits: { plan: null, calendar: 3 },
        rules: DEFAULT_RULES,
      })
      expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
        wipLimits: { plan: null, calendar: 3 },
        rules: DEFAULT_RULES,
      })
      await expect(
        updateBoardSettings(db, board.id, { wipLimits: { plan: 0 }, rules: DEFAULT_RULES }),
      ).rejects.toThrow()
      expect(
        await updateBoardSettings(db, 'missing', { wipLimits: {}, rules: DEFAULT_RULES }),
      ).toBeNull()
      await expect(createBoard(db, { workspaceId: wsA.id, name: '  ' })).rejects.toThrow()
    })

    it('[BOARD2] findBoard finds any board with its workspace, for the admin CLI', async () => {
      const { wsA, boardA } = await twoWorkspaces()
      expect(await findBoard(db, boardA.id)).toEqual({
        id: boardA.id,
        name: 'Launch',
        workspaceId: wsA.id,
        workspaceName: 'Agency A',
      })
      expect(await findBoard(db, 'no-such-board')).toBeNull()
    })
  })
}
