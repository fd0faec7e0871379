import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  boardAccessByToken,
  createApiToken,
  type DB,
  getBoardForUser,
  getUser,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `api-tokens.ts`. */
export function apiTokensSuite(contract: Contract): void {
  describe('API tokens', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[TOKEN1] creates a pta_ token, stores only its sha256, and verifies it', async () => {
      const { alice } = await twoWorkspaces()
      const { id, token } = await createApiToken(db, alice, 'CI script')
      expect(token).toMatch(/^pta_[A-Za-z0-9_-]{43}$/)

      const stored = await db
        .selectFrom('apiToken')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)
      expect(JSON.stringify(stored)).not.toContain(token.slice(4))

      expect(await verifyApiToken(db, token)).toEqual({ userId: alice, tokenId: id })
      expect(await verifyApiToken(db, `${token}x`)).toBeNull()
      expect(await verifyApiToken(db, 'pta_nope')).toBeNull()
      expect(await verifyApiToken(db, '')).toBeNull()
    })

    it('[TOKEN2] lists the owner’s tokens without hashes', async () => {
      const { alice, bob } = await twoWorkspaces()
      const { id } = await createApiToken(db, alice, 'CI')
      await createApiToken(db, bob, 'other')
      const tokens = await listApiTokens(db, alice)
      expect(tokens).toEqual([
        {
          id,
          name: 'CI',
          createdAt: expect.any(String),
          lastUsedAt: null,
          revokedAt: null,
        },
      ])
      expect(Object.keys(tokens[0]!)).not.toContain('tokenHash')
    })

    it('[TOKEN3] only the owner can revoke; a revoked token no longer verifies', async () => {
      const { alice, bob } = await twoWorkspaces()
      const { id, token } = await createApiToken(db, alice, 'CI')

      expect(await revokeApiToken(db, bob, id)).toBe(false)
      expect(await verifyApiToken(db, token)).toEqual({ userId: alice, tokenId: id })

      expect(await revokeApiToken(db, alice, id)).toBe(true)
      expect(await revokeApiToken(db, alice, id)).toBe(false)
      expect(await verifyApiToken(db, token)).toBeNull()
      expect((await listApiTokens(db, alice))[0]?.revokedAt).toEqual(expect.any(String))
    })

    it('[TOKEN4] records lastUsedAt at most once a minute', async () => {
      const { alice } = await twoWorkspaces()
      const { token } = await createApiToken(db, alice, 'CI')
      const lastUsed = async () => (await listApiTokens(db, alice))[0]?.lastUsedAt
      const t0 = new Date('2025-01-31T12:00:00.000Z')

      await verifyApiToken(db, token, t0)
      expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
      await verifyApiToken(db, token, new Date(t0.getTime() + 30_000))
      expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
      await verifyApiToken(db, token, new Date(t0.getTime() + 61_000))
      expect(await lastUsed()).toBe('2025-01-31T12:01:01.000Z')
    })

    it('[ACCESS4] a token and a board in one read: the same user, board and roles as apart', async () => {
      const { alice, bob, wsA, boardA, boardB } = await twoWorkspaces()
      await addMember(db, wsA.id, alice, ['manager', 'strategist'])
      const { id, token } = await createApiToken(db, alice, 'socket')
      const found = await boardAccessByToken(db, token, boardA.id)
      expect(found).toEqual({
        tokenId: id,
        user: await getUser(db, alice),
        access: await getBoardForUser(db, alice, boardA.id),
      })
      expect(found?.access?.roles).toEqual(['strategist', 'manager'])
      // Another workspace's board, or no board at all: the user, and no access.
      expect((await boardAccessByToken(db, token, boardB.id))?.access).toBeNull()
      expect((await boardAccessByToken(db, token, 'no-such-board'))?.access).toBeNull()
      // Bob, a member of B only, the other way round.
      const bobs = await createApiToken(db, bob, 'socket')
      expect((await boardAccessByToken(db, bobs.token, boardB.id))?.access?.roles).toEqual(['cm'])
      expect((await boardAccessByToken(db, bobs.token, boardA.id))?.access).toBeNull()
      // Unknown, malformed and revoked tokens: nobody.
      expect(await boardAccessByToken(db, `${token}x`, boardA.id)).toBeNull()
      expect(await boardAccessByToken(db, 'nope', boardA.id)).toBeNull()
      await revokeApiToken(db, alice, id)
      expect(await boardAccessByToken(db, token, boardA.id)).toBeNull()
    })

    it('[ACCESS4] [TOKEN4] a socket’s token use is recorded like any other', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const { token } = await createApiToken(db, alice, 'socket')
      const t0 = new Date('2025-01-31T12:00:00.000Z')
      await boardAccessByToken(db, token, boardA.id, t0)
      expect((await listApiTokens(db, alice))[0]?.lastUsedAt).toBe('2025-01-31T12:00:00.000Z')
    })
  })
}
