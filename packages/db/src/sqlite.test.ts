import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { cardColumnsContract } from './card-columns.test-suite.ts'
import { storageContract } from './contract/index.ts'
import { type Database, migrateToLatest, openDatabase, SQLITE_FILE_NAME } from './index.ts'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pauta-db-'))
}

async function newSqliteStore() {
  const dataDir = tempDir()
  return {
    open: () => openDatabase({ dataDir }),
    destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
}

storageContract('SQLite', newSqliteStore)
cardColumnsContract('SQLite', newSqliteStore)

describe('SQLite specifics', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function open(dataDir: string): Promise<Database> {
    const database = await openDatabase({ dataDir })
    cleanups.push(() => database.close())
    return database
  }

  it('[OPEN1] creates the data directory and pauta.sqlite inside it', async () => {
    const root = tempDir()
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }))
    const dataDir = join(root, 'nested', 'data')
    const database = await open(dataDir)
    expect(database.dialect).toBe('sqlite')
    await migrateToLatest(database.db)
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true)
  })

  it('[OPEN2] [SCHEMA1] opens with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const dataDir = tempDir()
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const { db } = await open(dataDir)
    const pragma = async (name: string) =>
      Object.values(
        (await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(db)).rows[0]!,
      )[0]
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('synchronous')).toBe(2)
    expect(await pragma('foreign_keys')).toBe(1)
    expect(await pragma('busy_timeout')).toBe(5000)
  })

  it('[MIG6] gives better-auth’s tables the column types its own SQLite migration would', async () => {
    const dataDir = tempDir()
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const { db } = await open(dataDir)
    await migrateToLatest(db)
    const columns = async (table: string) =>
      Object.fromEntries(
        (
          await sql<{ name: string; type: string; notnull: number }>`
            select name, type, "notnull" from pragma_table_info(${table})`.execute(db)
        ).rows.map((c) => [c.name, `${c.type.toLowerCase()}${c.notnull ? ' not null' : ''}`]),
      )
    expect(await columns('user')).toEqual({
      id: 'text not null',
      name: 'text not null',
      email: 'text not null',
      emailVerified: 'integer not null',
      image: 'text',
      createdAt: 'date not null',
      updatedAt: 'date not null',
    })
    expect(await columns('session')).toMatchObject({
      expiresAt: 'date not null',
      token: 'text not null',
      userId: 'text not null',
    })
    expect(await columns('account')).toMatchObject({
      accessTokenExpiresAt: 'date',
      refreshTokenExpiresAt: 'date',
      password: 'text',
      createdAt: 'date not null',
    })
    expect(await columns('docUpdate')).toMatchObject({ data: 'blob not null' })
  })

  it('[OPEN1] refuses a database URL it does not know', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://localhost/x' })).rejects.toThrow(/postgres/)
  })
})
