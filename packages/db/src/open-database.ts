import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type { Dialect } from './dialect.ts'
import type { DB } from './schema.ts'
import { withCachedStatements } from './statement-cache.ts'

export type OpenDatabaseOptions = { dataDir: string } | { databaseUrl: string }

export interface Database {
  db: Kysely<DB>
  dialect: Dialect
  close(): Promise<void>
}

export const SQLITE_FILE_NAME = 'pauta.sqlite'

/** The storage would not keep an acknowledged change through a crash. */
export class UnsafeDatabaseError extends Error {
  override name = 'UnsafeDatabaseError'
}

/**
 * The one place that picks the storage: a `dataDir` opens the embedded SQLite file,
 * a `postgres://` URL opens a PostgreSQL pool. Drivers load lazily so SQLite users never
 * load `pg` and the other way round.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if ('dataDir' in opts) return openSqlite(opts.dataDir)
  const url = opts.databaseUrl
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url)
  throw new Error(
    `unsupported DATABASE_URL scheme: ${url.split(':')[0]}: (expected postgres:// or postgresql://)`,
  )
}

async function openSqlite(dataDir: string): Promise<Database> {
  const { default: BetterSqlite3 } = await import('better-sqlite3')
  mkdirSync(dataDir, { recursive: true })
  const sqlite = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME))
  try {
    // WAL + synchronous=FULL: a commit is on disk when it returns (store before broadcast).
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
  } catch (error) {
    sqlite.close()
    throw error
  }
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withCachedStatements(sqlite) }),
  })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

async function openPostgres(connectionString: string): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString })
  // An idle connection that dies (server restart, failover) is dropped by the pool and the
  // next query opens a new one; without a listener its 'error' would crash the process.
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  try {
    // Fail at start, not at the first request, when the server is unreachable, and refuse
    // a server that would acknowledge a commit before it is on disk: Pauta relays a change
    // only once it is stored, so a lost commit would be a change others saw and then lost.
    const client = await pool.connect()
    try {
      for (const setting of ['fsync', 'synchronous_commit']) {
        const { rows } = await client.query<Record<string, string>>(`show ${setting}`)
        const value = rows[0]?.[setting]
        if (value === 'off') {
          throw new UnsafeDatabaseError(
            `PostgreSQL has ${setting}=off: an acknowledged change could be lost on a crash. Turn it on (or local/remote_write/on for synchronous_commit) before starting Pauta.`,
          )
        }
      }
    } finally {
      client.release()
    }
  } catch (error) {
    await db.destroy()
    throw error
  }
  return { db, dialect: 'postgres', close: () => db.destroy() }
}
