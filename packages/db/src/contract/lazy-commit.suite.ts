import { type Kysely, sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { dialectOf } from '../dialect.ts'
import type { DB } from '../index.ts'
import { commitLazily } from '../lazy-commit.ts'
import type { Contract } from './context.ts'

/** The server-wide setting that makes a commit wait for the disk, as the dialect reports it. */
async function durability(db: Kysely<DB>): Promise<string> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)
    return rows[0]!.synchronous_commit
  }
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db)
  return String(rows[0]!.synchronous)
}

/** The contract of `lazy-commit.ts`. */
export function lazyCommitSuite(contract: Contract): void {
  describe('lazy commits', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })

    it('[OPEN4] what a lazy commit wrote is there after a reopen, and every other commit still waits for the disk', async () => {
      const { alice } = await contract.twoWorkspaces()
      const before = await durability(db)
      const result = await commitLazily(db, async (trx) => {
        await trx.updateTable('user').set({ name: 'Alicia' }).where('id', '=', alice).execute()
        return 'done'
      })
      expect(result).toBe('done')
      expect(await durability(db)).toBe(before)
      const reopened = await contract.reopen()
      const row = await reopened
        .selectFrom('user')
        .select('name')
        .where('id', '=', alice)
        .executeTakeFirst()
      expect(row?.name).toBe('Alicia')
      expect(await durability(reopened)).toBe(before)
    })

    it('[OPEN4] a lazy transaction that fails writes nothing and leaves commits durable', async () => {
      const { alice } = await contract.twoWorkspaces()
      const before = await durability(db)
      await expect(
        commitLazily(db, async (trx) => {
          await trx.updateTable('user').set({ name: 'Nadie' }).where('id', '=', alice).execute()
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      const row = await db
        .selectFrom('user')
        .select('name')
        .where('id', '=', alice)
        .executeTakeFirst()
      expect(row?.name).toBe('Alice')
      expect(await durability(db)).toBe(before)
    })
  })
}
