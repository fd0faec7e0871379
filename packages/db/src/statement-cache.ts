import type { Database as Sqlite, Statement } from 'better-sqlite3'
import type { SqliteDatabase } from 'kysely'

/** Distinct SQL texts kept prepared; a query with a variable IN list makes one per length. */
const DEFAULT_MAX_STATEMENTS = 512

/**
 * The SQLite handle Kysely runs on, with its statements kept prepared: Kysely's SQLite
 * driver prepares every query anew, which on the sync hot path (every accepted change is
 * stored, and every connecting socket reads its user and board) costs as much as running
 * it. Reusing a statement is safe here: Kysely runs each one to completion synchronously
 * (`all` or `run`; Pauta streams no SQLite query), and SQLite prepares a statement again by
 * itself after a schema change. The least recently used statement goes past `max`.
 */
export function withCachedStatements(
  sqlite: Sqlite,
  max: number = DEFAULT_MAX_STATEMENTS,
): SqliteDatabase {
  const statements = new Map<string, Statement>()
  return {
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (statement) {
        // Most recent last: a Map iterates in insertion order.
        statements.delete(sql)
      } else {
        statement = sqlite.prepare(sql)
        if (statements.size >= max) statements.delete(statements.keys().next().value!)
      }
      statements.set(sql, statement)
      return statement
    },
    close() {
      statements.clear()
      sqlite.close()
    },
  }
}
