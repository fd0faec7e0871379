import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createApiToken,
  type DB,
  findUserByEmail,
  getMemberRoles,
  getUser,
  listUsersByIds,
  verifyApiToken,
} from '../index.ts'
import { type Contract, seedUser } from './context.ts'

/** The contract of `users.ts`. */
export function usersSuite(contract: Contract): void {
  describe('users', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[USER1] finds users by email (case-insensitively), by id and by a list of ids', async () => {
      const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
      const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })

      const found = await findUserByEmail(db, '  Alice@Example.com ')
      expect(found).toMatchObject({
        id: alice,
        name: 'Alice',
        email: 'alice@example.com',
        emailVerified: false,
        image: null,
      })
      expect(new Date(found!.createdAt).toISOString()).toBe(found!.createdAt)
      expect(await findUserByEmail(db, 'carol@example.com')).toBeNull()
      expect((await getUser(db, bob))?.email).toBe('bob@example.com')
      expect(await getUser(db, 'missing')).toBeNull()

      const listed = await listUsersByIds(db, [bob, 'missing', alice, bob])
      expect(listed.map((user) => user.id).sort()).toEqual([alice, bob].sort())
      expect(await listUsersByIds(db, [])).toEqual([])
    })

    it('[SCHEMA2] deleting a user removes their memberships and tokens', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const { token } = await createApiToken(db, alice, 'ci')
      await db.deleteFrom('user').where('id', '=', alice).execute()
      expect(await getMemberRoles(db, wsA.id, alice)).toEqual([])
      expect(await verifyApiToken(db, token)).toBeNull()
    })
  })
}
