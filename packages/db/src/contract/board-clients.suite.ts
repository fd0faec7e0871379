import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { claimBoardClients, type DB } from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `board-clients.ts`: who owns each Yjs client id on a board. */
export function boardClientsSuite(contract: Contract): void {
  describe('Yjs client ids', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[CLIENT1] [CLAIM1] binds a client id to its first writer, per board, and every later claim reads that owner', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      // Yjs client ids are unsigned 32-bit: the largest must survive the round trip.
      const big = 2 ** 32 - 1
      expect(await claimBoardClients(db, boardA.id, [7, big], alice)).toEqual(
        new Map([
          [7, alice],
          [big, alice],
        ]),
      )
      expect(await claimBoardClients(db, boardA.id, [7, 8], bob)).toEqual(
        new Map([
          [7, alice],
          [8, bob],
        ]),
      )
      // The server's own document claims with no user; another board is another namespace.
      expect(await claimBoardClients(db, boardA.id, [9], null)).toEqual(new Map([[9, null]]))
      expect(await claimBoardClients(db, boardA.id, [9], bob)).toEqual(new Map([[9, null]]))
      expect(await claimBoardClients(db, boardB.id, [7], bob)).toEqual(new Map([[7, bob]]))
      expect(await claimBoardClients(db, boardB.id, [], bob)).toEqual(new Map())
    })
  })
}
