import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { cardColumnsContract } from './card-columns.test-suite.ts'
import { storageContract } from './contract/index.ts'
import {
  type Database,
  migrateToLatest,
  openBlobStore,
  openDatabase,
  SQLITE_FILE_NAME,
  sweepMedia,
} from './index.ts'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pauta-db-'))
}

async function newSqliteStore() {
  const dataDir = tempDir()
  return {
    dataDir,
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

  it('[MED4] keeps blobs as files under <dataDir>/media/<hash[0..1]>/<hash>, and no chunks', async () => {
    const dataDir = tempDir()
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const database = await open(dataDir)
    await migrateToLatest(database.db)
    const blobs = openBlobStore(database, { dataDir })
    const bytes = new TextEncoder().encode('una foto')
    const { hash } = await blobs.put(
      (async function* () {
        yield bytes
      })(),
      { maxBytes: 100 },
    )
    expect(hash).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(readdirSync(join(dataDir, 'media', hash.slice(0, 2)))).toEqual([hash])
    expect(readdirSync(join(dataDir, 'media', 'tmp'))).toEqual([])
    expect(await database.db.selectFrom('blobChunk').selectAll().execute()).toEqual([])
  })

  it('[MED2] deletes temp files no upload has written to for an hour, on open and at every sweep', async () => {
    const dataDir = tempDir()
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const database = await open(dataDir)
    await migrateToLatest(database.db)
    const tmp = join(dataDir, 'media', 'tmp')
    mkdirSync(tmp, { recursive: true })
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    const leftover = (name: string, idleSince?: Date) => {
      writeFileSync(join(tmp, name), 'half an upload')
      if (idleSince) utimesSync(join(tmp, name), idleSince, idleSince)
    }
    leftover('died', twoHoursAgo)
    leftover('uploading')
    const blobs = openBlobStore(database, { dataDir })
    expect(readdirSync(tmp)).toEqual(['uploading'])
    leftover('died-later', twoHoursAgo)
    await sweepMedia(database.db, blobs, { now: new Date(), graceMs: 60_000 })
    expect(readdirSync(tmp)).toEqual(['uploading'])
  })

  it('[OPEN1] refuses a database URL it does not know', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://localhost/x' })).rejects.toThrow(/postgres/)
  })
})
