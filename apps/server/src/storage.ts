import { type Database, migrateToLatest, openDatabase } from '@pauta/db'
import type { Env } from './env.ts'

/** Opens the configured storage (SQLite in DATA_DIR, or DATABASE_URL) and migrates it. */
export async function openStorage(env: Env): Promise<Database> {
  const database = await openDatabase(
    env.databaseUrl ? { databaseUrl: env.databaseUrl } : { dataDir: env.dataDir },
  )
  await migrateToLatest(database.db)
  return database
}
