import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach } from 'vitest'
import {
  addMember,
  type BlobStore,
  createBoard,
  createWorkspace,
  type Database,
  type DB,
  migrateToLatest,
  openBlobStore,
  type ProjectedCard,
} from '../index.ts'

/**
 * One storage under test. `open` may be called again after the previous handle was closed and
 * must reach the same data (that is how durability is checked); `destroy` removes it all.
 */
export interface TestStore {
  open(): Promise<Database>
  destroy(): Promise<void>
  /** Where files beside the database go (SQLite's media files); PostgreSQL keeps none. */
  readonly dataDir?: string
}

/** What every suite of the contract works with: a fresh, migrated storage for each test. */
export interface Contract {
  /** The open handle's Kysely instance (another one after `reopen`). */
  readonly db: Kysely<DB>
  /** Another, empty storage of the same kind, for tests that need a database of their own. */
  newStore(): Promise<TestStore>
  /** Closes the handle and opens the same storage again, as a restarted server would. */
  reopen(): Promise<Kysely<DB>>
  /** Two workspaces, A and B, each with one member and one board. */
  twoWorkspaces(): ReturnType<typeof twoWorkspaces>
  /** The open handle's blob store, as the server opens it. */
  blobStore(): BlobStore
  /** The storage's data directory, where it keeps files (none on PostgreSQL). */
  readonly dataDir: string | undefined
}

/**
 * Registers, in the calling `describe`, the hooks that give each test a fresh storage
 * (migrated to the latest schema) and destroy it afterwards.
 */
export function freshStorage(newStore: () => Promise<TestStore>): Contract {
  let store: TestStore
  let database: Database

  beforeEach(async () => {
    store = await newStore()
    database = await store.open()
    await migrateToLatest(database.db)
  })

  afterEach(async () => {
    await database.close()
    await store.destroy()
  })

  return {
    get db() {
      return database.db
    },
    newStore,
    async reopen() {
      await database.close()
      database = await store.open()
      return database.db
    },
    twoWorkspaces: () => twoWorkspaces(database.db),
    // PostgreSQL keeps blobs in the database and never reads the directory it is given.
    blobStore: () =>
      openBlobStore(database, { dataDir: store.dataDir ?? join(tmpdir(), 'pauta-no-files') }),
    get dataDir() {
      return store.dataDir
    },
  }
}

async function twoWorkspaces(db: Kysely<DB>) {
  const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
  const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })
  const wsA = await createWorkspace(db, { name: 'Agency A' })
  const wsB = await createWorkspace(db, { name: 'Agency B', timeZone: 'Europe/Madrid' })
  await addMember(db, wsA.id, alice, ['strategist'])
  await addMember(db, wsB.id, bob, ['cm'])
  const boardA = await createBoard(db, { workspaceId: wsA.id, name: 'Launch' })
  const boardB = await createBoard(db, { workspaceId: wsB.id, name: 'Secret' })
  return { alice, bob, wsA, wsB, boardA, boardB }
}

/** better-auth owns user rows; tests write them the way its adapter does (ISO dates, 0/1). */
export async function seedUser(
  db: Kysely<DB>,
  user: { email: string; name?: string },
): Promise<string> {
  const id = randomUUID()
  const now = new Date().toISOString()
  await db
    .insertInto('user')
    .values({
      id,
      name: user.name ?? user.email.split('@')[0]!,
      email: user.email,
      emailVerified: 0,
      image: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  return id
}

/** A card of the projection: an instagram post in strategy unless `fields` say otherwise. */
export function projectedCard(id: string, fields: Partial<ProjectedCard> = {}): ProjectedCard {
  return {
    id,
    title: `Post ${id}`,
    stage: 'strategy',
    network: 'instagram',
    assigneeId: null,
    scheduledAt: null,
    publishedAt: null,
    publishedUrl: null,
    campaign: null,
    objective: null,
    severity: null,
    escalatedAt: null,
    archived: false,
    ...fields,
  }
}

/** The bytes given, as a Uint8Array. */
export function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values)
}
