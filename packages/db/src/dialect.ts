import { type Kysely, PostgresAdapter } from 'kysely'
import type { DB } from './schema.ts'

export type Dialect = 'sqlite' | 'postgres'

/**
 * Which SQL the connection speaks. Read from the Kysely instance itself (rather than passed
 * around) so migrations and queries work on any Kysely, including a transaction.
 */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * Row-locks the board inside a PostgreSQL transaction, so several server processes take turns
 * on one board's document log. SQLite needs nothing: it has a single writer, and a read
 * transaction sees one consistent snapshot.
 */
export async function lockBoard(
  trx: Kysely<DB>,
  boardId: string,
  mode: 'share' | 'update',
): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  const query = trx.selectFrom('board').select('id').where('id', '=', boardId)
  await (mode === 'update' ? query.forUpdate() : query.forShare()).execute()
}
