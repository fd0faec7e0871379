import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createApiToken,
  type DB,
  isApiTokenActive,
  isSessionActive,
  latestAccessChangeSeq,
  listAccessChangesAfter,
  pruneAccessChanges,
  recordAccessChange,
  revokeApiToken,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `access-changes.ts`: the access log and the credential checks. */
export function accessChangesSuite(contract: Contract): void {
  describe('access log and credential checks', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[CRED1] records access changes in seq order, reads them after a seq with a limit, and knows the latest', async () => {
      const { alice, bob } = await twoWorkspaces()
      expect(await latestAccessChangeSeq(db)).toBe(0)
      expect(await listAccessChangesAfter(db, 0, 10)).toEqual([])
      const at = new Date('2025-03-01T10:00:00.000Z')
      const first = await recordAccessChange(db, alice, at)
      const second = await recordAccessChange(db, bob, new Date(at.getTime() + 1000))
      const third = await recordAccessChange(db, alice)
      expect(first).toBeGreaterThan(0)
      expect(second).toBeGreaterThan(first)
      expect(third).toBeGreaterThan(second)
      expect(await latestAccessChangeSeq(db)).toBe(third)

      expect(await listAccessChangesAfter(db, 0, 10)).toEqual([
        { seq: first, userId: alice, at: '2025-03-01T10:00:00.000Z' },
        { seq: second, userId: bob, at: '2025-03-01T10:00:01.000Z' },
        { seq: third, userId: alice, at: expect.any(String) },
      ])
      expect((await listAccessChangesAfter(db, first, 1)).map((c) => c.seq)).toEqual([second])
      expect(await listAccessChangesAfter(db, third, 10)).toEqual([])
    })

    it('[CRED2] prunes rows older than a cutoff, and a pruned seq is never handed out again', async () => {
      const { alice } = await twoWorkspaces()
      const old = await recordAccessChange(db, alice, new Date('2025-03-01T10:00:00.000Z'))
      const recent = await recordAccessChange(db, alice, new Date('2025-03-02T12:00:00.000Z'))
      expect(await pruneAccessChanges(db, new Date('2025-03-02T10:00:00.000Z'))).toBe(1)
      expect((await listAccessChangesAfter(db, 0, 10)).map((c) => c.seq)).toEqual([recent])
      expect(await pruneAccessChanges(db, new Date('2025-03-03T00:00:00.000Z'))).toBe(1)
      // Even with the log empty, the next seq is past every earlier one.
      expect(await latestAccessChangeSeq(db)).toBe(0)
      expect(await recordAccessChange(db, alice)).toBeGreaterThan(Math.max(old, recent))
    })

    it('[CRED3] tells whether an API token id is still active', async () => {
      const { alice } = await twoWorkspaces()
      const { id } = await createApiToken(db, alice, 'CI')
      expect(await isApiTokenActive(db, id)).toBe(true)
      expect(await isApiTokenActive(db, 'no-such-token')).toBe(false)
      await revokeApiToken(db, alice, id)
      expect(await isApiTokenActive(db, id)).toBe(false)
    })

    it('[CRED4] tells whether a session is still present and unexpired', async () => {
      const { alice } = await twoWorkspaces()
      const now = new Date('2025-03-01T10:00:00.000Z')
      // Written the way better-auth's adapter writes on SQLite (ISO text); PostgreSQL reads
      // the same column back as a Date.
      const session = async (id: string, expiresAt: Date) =>
        db
          .insertInto('session')
          .values({
            id,
            userId: alice,
            token: `token-${id}`,
            expiresAt: expiresAt.toISOString(),
            createdAt: now.toISOString(),
            updatedAt: now.toISOString(),
            ipAddress: null,
            userAgent: null,
          })
          .execute()
      await session('live', new Date(now.getTime() + 60_000))
      await session('expired', new Date(now.getTime() - 1))
      expect(await isSessionActive(db, 'live', now)).toBe(true)
      expect(await isSessionActive(db, 'live', new Date(now.getTime() + 60_000))).toBe(false)
      expect(await isSessionActive(db, 'expired', now)).toBe(false)
      expect(await isSessionActive(db, 'missing', now)).toBe(false)
      // Signing out deletes the row.
      await db.deleteFrom('session').where('id', '=', 'live').execute()
      expect(await isSessionActive(db, 'live', now)).toBe(false)
    })
  })
}
