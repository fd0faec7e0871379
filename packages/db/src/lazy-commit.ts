import { type Kysely, sql, type Transaction } from 'kysely'
import { dialectOf } from './dialect.ts'
import type { DB } from './schema.ts'

/**
 * [OPEN4] A transaction whose commit does not wait for the disk, for what the server derives
 * from a change it has already stored: the card projection and the history. Every accepted
 * change is stored with a durable commit before anyone sees it ([OPEN2]); writing what
 * follows from it durably too cost two more waits for the disk per change, each holding up
 * the whole process on SQLite. Such a commit survives the process crashing (it is in the
 * database file's log, which the OS holds) and is made durable by the next durable commit
 * (SQLite syncs the whole log) or, on PostgreSQL, by the WAL writer within a fraction of a
 * second; only a power loss in between can take it back — and the projection is rebuilt from
 * the document when its board next loads.
 */
export async function commitLazily<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      // This transaction only; the server-wide setting stays on ([OPEN2]).
      await sql`set local synchronous_commit = off`.execute(trx)
      return work(trx)
    })
  }
  // One SQLite connection: holding it keeps every other commit out of the lazy window.
  return db.connection().execute(async (connection) => {
    await sql`pragma synchronous = NORMAL`.execute(connection)
    try {
      return await connection.transaction().execute(work)
    } finally {
      await sql`pragma synchronous = FULL`.execute(connection)
    }
  })
}
