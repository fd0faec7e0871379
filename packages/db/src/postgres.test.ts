import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { cardColumnsContract } from './card-columns.test-suite.ts'
import { storageContract } from './contract/index.ts'
import { migrateToLatest, openBlobStore, openDatabase, UnsafeDatabaseError } from './index.ts'

/**
 * The same contract on PostgreSQL. Needs a server, so it runs only when
 * PAUTA_TEST_POSTGRES_URL names a database the test may create databases from
 * (e.g. postgres://postgres@127.0.0.1:5432/test); each test gets a fresh database.
 */
const baseUrl = process.env.PAUTA_TEST_POSTGRES_URL

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

async function freshDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pauta_test_${randomBytes(6).toString('hex')}`
  await withAdmin((client) => client.query(`create database ${name}`))
  const url = new URL(baseUrl!)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`))
    },
  }
}

// CI always runs these (.ci/run sets the URL, and a missing server fails the run); elsewhere
// they are skipped, saying so, for a developer without PostgreSQL.
if (!baseUrl) {
  if (process.env.CI)
    throw new Error('CI runs the PostgreSQL contract: set PAUTA_TEST_POSTGRES_URL')
  console.warn(
    'PostgreSQL storage contract skipped: set PAUTA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it',
  )
}
describe.skipIf(!baseUrl)('PostgreSQL (PAUTA_TEST_POSTGRES_URL)', () => {
  const newPostgresStore = async () => {
    const { url, drop } = await freshDatabaseUrl()
    return { open: () => openDatabase({ databaseUrl: url }), destroy: drop }
  }
  storageContract('PostgreSQL', newPostgresStore)
  cardColumnsContract('PostgreSQL', newPostgresStore)

  it('[MIG6] [MIG1] uses better-auth’s PostgreSQL column types and migrates from two processes at once', async () => {
    const { url, drop } = await freshDatabaseUrl()
    const a = await openDatabase({ databaseUrl: url })
    const b = await openDatabase({ databaseUrl: url })
    try {
      expect(a.dialect).toBe('postgres')
      await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)])
      const tables = await a.db.introspection.getTables()
      const type = (table: string, column: string) =>
        tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.dataType
      expect(type('user', 'createdAt')).toBe('timestamptz')
      expect(type('user', 'emailVerified')).toBe('bool')
      expect(type('docUpdate', 'data')).toBe('bytea')
    } finally {
      await a.close()
      await b.close()
      await drop()
    }
  })

  it('[MED4] serves a blob put through one instance from another', async () => {
    const { url, drop } = await freshDatabaseUrl()
    const a = await openDatabase({ databaseUrl: url })
    const b = await openDatabase({ databaseUrl: url })
    try {
      await migrateToLatest(a.db)
      // Each instance has a data directory of its own; neither holds the bytes.
      const fromA = openBlobStore(a, { dataDir: '/nonexistent/instance-a' })
      const fromB = openBlobStore(b, { dataDir: '/nonexistent/instance-b' })
      const payload = randomBytes(600 * 1024)
      async function* body() {
        for (let i = 0; i < payload.byteLength; i += 64 * 1024) {
          yield payload.subarray(i, i + 64 * 1024)
        }
      }
      const { hash, size } = await fromA.put(body(), { maxBytes: payload.byteLength })
      expect(await fromB.size(hash)).toBe(size)
      const read = async (stream: NodeJS.ReadableStream | null) => {
        const parts: Buffer[] = []
        for await (const part of stream!) parts.push(part as Buffer)
        return Buffer.concat(parts)
      }
      expect((await read(await fromB.get(hash))).equals(payload)).toBe(true)
      const range = { start: 256 * 1024 - 3, end: 512 * 1024 + 3 }
      expect(
        (await read(await fromB.get(hash, range))).equals(
          payload.subarray(range.start, range.end + 1),
        ),
      ).toBe(true)
      await fromB.delete(hash)
      expect(await fromA.get(hash)).toBeNull()
    } finally {
      await a.close()
      await b.close()
      await drop()
    }
  })

  it('[OPEN2] refuses to open a database whose commits are acknowledged before they are durable', async () => {
    const { url, drop } = await freshDatabaseUrl()
    const name = new URL(url).pathname.slice(1)
    try {
      await withAdmin((client) =>
        client.query(`alter database ${name} set synchronous_commit = off`),
      )
      await expect(openDatabase({ databaseUrl: url })).rejects.toThrow(UnsafeDatabaseError)
      await withAdmin((client) =>
        client.query(`alter database ${name} set synchronous_commit = on`),
      )
      const ok = await openDatabase({ databaseUrl: url })
      await ok.close()
    } finally {
      await drop()
    }
  })
})
