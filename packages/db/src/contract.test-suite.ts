import { randomUUID } from 'node:crypto'
import type { Role } from '@pauta/domain'
import { type Kysely, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  appendUpdate,
  compactDocument,
  createApiToken,
  createBoard,
  createWorkspace,
  type Database,
  type DB,
  documentStats,
  findUserByEmail,
  findWorkspace,
  getBoardForUser,
  getMemberRoles,
  getUser,
  listAllBoards,
  listApiTokens,
  listBoardsForUser,
  listMembers,
  listStageEvents,
  listUsersByIds,
  listWorkspacesForUser,
  loadDocument,
  MIGRATIONS,
  migrateToLatest,
  recordStageEvents,
  removeMember,
  revokeApiToken,
  updateBoardSettings,
  verifyApiToken,
} from './index.ts'

/**
 * One storage under test. `open` may be called again after the previous handle was closed and
 * must reach the same data (that is how durability is checked); `destroy` removes it all.
 */
export interface TestStore {
  open(): Promise<Database>
  destroy(): Promise<void>
}

const TABLES = [
  'user',
  'session',
  'account',
  'verification',
  'workspace',
  'member',
  'memberRole',
  'board',
  'docUpdate',
  'docSnapshot',
  'stageEvent',
  'apiToken',
] as const

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

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values)
}

/** The storage contract: every storage Pauta supports must pass all of it. */
export function storageContract(name: string, newStore: () => Promise<TestStore>): void {
  describe(`storage contract: ${name}`, () => {
    let store: TestStore
    let database: Database
    let db: Kysely<DB>

    beforeEach(async () => {
      store = await newStore()
      database = await store.open()
      await migrateToLatest(database.db)
      db = database.db
    })

    afterEach(async () => {
      await database.close()
      await store.destroy()
    })

    /** Closes the handle and opens the same storage again, as a restarted server would. */
    async function reopen(): Promise<void> {
      await database.close()
      database = await store.open()
      db = database.db
    }

    /** Two workspaces, A and B, each with one member and one board. */
    async function twoWorkspaces() {
      const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
      const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })
      const wsA = await createWorkspace(db, { name: 'Agency A' })
      const wsB = await createWorkspace(db, { name: 'Agency B' })
      await addMember(db, wsA.id, alice, ['strategist'])
      await addMember(db, wsB.id, bob, ['cm'])
      const boardA = await createBoard(db, { workspaceId: wsA.id, name: 'Launch' })
      const boardB = await createBoard(db, { workspaceId: wsB.id, name: 'Secret' })
      return { alice, bob, wsA, wsB, boardA, boardB }
    }

    describe('migrations', () => {
      it('creates every table, and running them again changes nothing', async () => {
        await migrateToLatest(db)
        await reopen()
        await migrateToLatest(db)
        const tables = (await db.introspection.getTables()).map((table) => table.name)
        for (const table of TABLES) expect(tables).toContain(table)
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
        expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS))
      })

      it('re-runs cleanly after a start that died before recording the migration', async () => {
        const alice = await seedUser(db, { email: 'alice@example.com' })
        await sql`delete from kysely_migration`.execute(db)
        await migrateToLatest(db)
        expect((await getUser(db, alice))?.email).toBe('alice@example.com')
      })

      it('enforces foreign keys (a document update needs its board)', async () => {
        await expect(appendUpdate(db, 'no-such-board', bytes(1))).rejects.toThrow()
      })

      it('cascades: deleting a workspace removes its boards, members and their documents', async () => {
        const { alice, wsA, boardA } = await twoWorkspaces()
        await appendUpdate(db, boardA.id, bytes(1))
        await recordStageEvents(db, [
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: null,
            toStage: 'strategy',
            userId: alice,
            at: new Date(),
          },
        ])
        await db.deleteFrom('workspace').where('id', '=', wsA.id).execute()
        expect(await getMemberRoles(db, wsA.id, alice)).toEqual([])
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: null,
          updates: [],
          lastSeq: 0,
        })
        expect(await listStageEvents(db, boardA.id)).toEqual([])
        expect(await listBoardsForUser(db, alice)).toEqual([])
      })
    })

    describe('users', () => {
      it('finds users by email (case-insensitively), by id and by a list of ids', async () => {
        const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
        const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })

        const found = await findUserByEmail(db, '  Alice@Example.com ')
        expect(found).toMatchObject({
          id: alice,
          name: 'Alice',
          email: 'alice@example.com',
          emailVerified: false,
          image: null,
        })
        expect(new Date(found!.createdAt).toISOString()).toBe(found!.createdAt)
        expect(await findUserByEmail(db, 'carol@example.com')).toBeNull()
        expect((await getUser(db, bob))?.email).toBe('bob@example.com')
        expect(await getUser(db, 'missing')).toBeNull()

        const listed = await listUsersByIds(db, [bob, 'missing', alice, bob])
        expect(listed.map((user) => user.id).sort()).toEqual([alice, bob].sort())
        expect(await listUsersByIds(db, [])).toEqual([])
      })

      it('deleting a user removes their memberships and tokens', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const { token } = await createApiToken(db, alice, 'ci')
        await db.deleteFrom('user').where('id', '=', alice).execute()
        expect(await getMemberRoles(db, wsA.id, alice)).toEqual([])
        expect(await verifyApiToken(db, token)).toBeNull()
      })
    })

    describe('workspaces and members', () => {
      it('addMember sets exactly the given roles, in the domain order, and again replaces them', async () => {
        const alice = await seedUser(db, { email: 'alice@example.com' })
        const ws = await createWorkspace(db, { name: '  Agency  ' })
        expect(ws.name).toBe('Agency')

        await addMember(db, ws.id, alice, ['cm', 'strategist', 'cm'])
        expect(await getMemberRoles(db, ws.id, alice)).toEqual(['strategist', 'cm'])

        await addMember(db, ws.id, alice, ['client'])
        expect(await getMemberRoles(db, ws.id, alice)).toEqual(['client'])

        const all: Role[] = ['client', 'cm', 'manager', 'strategist']
        await addMember(db, ws.id, alice, all)
        expect(await getMemberRoles(db, ws.id, alice)).toEqual([
          'strategist',
          'manager',
          'cm',
          'client',
        ])
      })

      it('refuses an empty or unknown role list and leaves the member as it was', async () => {
        const alice = await seedUser(db, { email: 'alice@example.com' })
        const ws = await createWorkspace(db, { name: 'Agency' })
        await addMember(db, ws.id, alice, ['manager'])
        await expect(addMember(db, ws.id, alice, [])).rejects.toThrow()
        await expect(addMember(db, ws.id, alice, ['owner' as Role])).rejects.toThrow()
        expect(await getMemberRoles(db, ws.id, alice)).toEqual(['manager'])
      })

      it('getMemberRoles is [] for someone who is not a member', async () => {
        const { bob, wsA } = await twoWorkspaces()
        expect(await getMemberRoles(db, wsA.id, bob)).toEqual([])
        expect(await getMemberRoles(db, 'missing', bob)).toEqual([])
      })

      it('lists a user’s workspaces with roles, and a workspace’s members', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        await addMember(db, wsB.id, alice, ['manager', 'client'])

        expect(await listWorkspacesForUser(db, alice)).toEqual([
          { id: wsA.id, name: 'Agency A', roles: ['strategist'] },
          { id: wsB.id, name: 'Agency B', roles: ['manager', 'client'] },
        ])
        expect(await listWorkspacesForUser(db, bob)).toEqual([
          { id: wsB.id, name: 'Agency B', roles: ['cm'] },
        ])
        expect(await listMembers(db, wsB.id)).toEqual([
          {
            userId: alice,
            name: 'Alice',
            email: 'alice@example.com',
            roles: ['manager', 'client'],
          },
          { userId: bob, name: 'Bob', email: 'bob@example.com', roles: ['cm'] },
        ])
      })

      it('removeMember ends the membership and its roles', async () => {
        const { alice, wsA, boardA } = await twoWorkspaces()
        expect(await removeMember(db, wsA.id, alice)).toBe(true)
        expect(await removeMember(db, wsA.id, alice)).toBe(false)
        expect(await getMemberRoles(db, wsA.id, alice)).toEqual([])
        expect(await getBoardForUser(db, alice, boardA.id)).toBeNull()
      })

      it('findWorkspace finds by id or exact name, and refuses an ambiguous name', async () => {
        const { wsA } = await twoWorkspaces()
        expect(await findWorkspace(db, wsA.id)).toEqual(wsA)
        expect(await findWorkspace(db, 'Agency A')).toEqual(wsA)
        expect(await findWorkspace(db, 'Agency C')).toBeNull()
        await createWorkspace(db, { name: 'Agency A' })
        await expect(findWorkspace(db, 'Agency A')).rejects.toThrow(/several/)
        expect(await findWorkspace(db, wsA.id)).toEqual(wsA)
      })
    })

    describe('boards', () => {
      it('a member gets the board and their roles; settings default and parse', async () => {
        const { alice, boardA } = await twoWorkspaces()
        expect(boardA.settings).toEqual({ wipLimits: {} })
        const found = await getBoardForUser(db, alice, boardA.id)
        expect(found).toEqual({ board: boardA, roles: ['strategist'] })
      })

      it('a user of workspace A gets null for a board of workspace B, same as for no board', async () => {
        const { alice, bob, boardA, boardB } = await twoWorkspaces()
        expect(await getBoardForUser(db, alice, boardB.id)).toBeNull()
        expect(await getBoardForUser(db, bob, boardA.id)).toBeNull()
        expect(await getBoardForUser(db, alice, 'no-such-board')).toBeNull()
        const stranger = await seedUser(db, { email: 'eve@example.com' })
        expect(await getBoardForUser(db, stranger, boardA.id)).toBeNull()
      })

      it('listBoardsForUser shows only the boards of the user’s workspaces, with roles', async () => {
        const { alice, bob, wsA, wsB, boardA, boardB } = await twoWorkspaces()
        const second = await createBoard(db, { workspaceId: wsA.id, name: 'Always-on' })

        expect(await listBoardsForUser(db, alice)).toEqual([
          {
            id: second.id,
            name: 'Always-on',
            workspaceId: wsA.id,
            workspaceName: 'Agency A',
            roles: ['strategist'],
          },
          {
            id: boardA.id,
            name: 'Launch',
            workspaceId: wsA.id,
            workspaceName: 'Agency A',
            roles: ['strategist'],
          },
        ])
        expect(await listBoardsForUser(db, bob)).toEqual([
          {
            id: boardB.id,
            name: 'Secret',
            workspaceId: wsB.id,
            workspaceName: 'Agency B',
            roles: ['cm'],
          },
        ])
        const stranger = await seedUser(db, { email: 'eve@example.com' })
        expect(await listBoardsForUser(db, stranger)).toEqual([])
      })

      it('listAllBoards lists every board with its workspace', async () => {
        const { wsA, wsB, boardA, boardB } = await twoWorkspaces()
        expect(await listAllBoards(db)).toEqual([
          { id: boardA.id, name: 'Launch', workspaceId: wsA.id, workspaceName: 'Agency A' },
          { id: boardB.id, name: 'Secret', workspaceId: wsB.id, workspaceName: 'Agency B' },
        ])
      })

      it('stores, validates and updates settings', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const board = await createBoard(db, {
          workspaceId: wsA.id,
          name: 'WIP',
          settings: { wipLimits: { plan: 5 } },
        })
        expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
          wipLimits: { plan: 5 },
        })
        const updated = await updateBoardSettings(db, board.id, {
          wipLimits: { plan: null, calendar: 3 },
        })
        expect(updated?.settings).toEqual({ wipLimits: { plan: null, calendar: 3 } })
        expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
          wipLimits: { plan: null, calendar: 3 },
        })
        await expect(
          updateBoardSettings(db, board.id, { wipLimits: { plan: 0 } }),
        ).rejects.toThrow()
        expect(await updateBoardSettings(db, 'missing', { wipLimits: {} })).toBeNull()
        await expect(createBoard(db, { workspaceId: wsA.id, name: '  ' })).rejects.toThrow()
      })
    })

    describe('document log', () => {
      it('numbers updates 1, 2, 3… per board and loads them in order', async () => {
        const { boardA, boardB } = await twoWorkspaces()
        expect(await appendUpdate(db, boardA.id, bytes(1))).toBe(1)
        expect(await appendUpdate(db, boardA.id, bytes(2, 2))).toBe(2)
        expect(await appendUpdate(db, boardB.id, bytes(9))).toBe(1)
        expect(await appendUpdate(db, boardA.id, bytes(3, 3, 3))).toBe(3)

        const loaded = await loadDocument(db, boardA.id)
        expect(loaded.snapshot).toBeNull()
        expect(loaded.updates).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)])
        expect(loaded.lastSeq).toBe(3)
        for (const update of loaded.updates) {
          expect(update).toBeInstanceOf(Uint8Array)
          // What lib0's decoder relies on: the view covers exactly the update's bytes.
          expect(new Uint8Array(update.buffer, update.byteOffset, update.byteLength)).toEqual(
            update,
          )
        }
        expect(await loadDocument(db, boardB.id)).toEqual({
          snapshot: null,
          updates: [bytes(9)],
          lastSeq: 1,
        })
      })

      it('an empty document loads as nothing at seq 0', async () => {
        const { boardA } = await twoWorkspaces()
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: null,
          updates: [],
          lastSeq: 0,
        })
        expect(await documentStats(db, boardA.id)).toEqual({
          updates: 0,
          bytes: 0,
          snapshotBytes: 0,
        })
      })

      it('concurrent appends get distinct, gap-free seqs', async () => {
        const { boardA } = await twoWorkspaces()
        const seqs = await Promise.all(
          Array.from({ length: 20 }, (_, i) => appendUpdate(db, boardA.id, bytes(i))),
        )
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
        const loaded = await loadDocument(db, boardA.id)
        expect(loaded.lastSeq).toBe(20)
        // Each update sits at the seq its append returned.
        expect(loaded.updates).toEqual(seqs.map((_, i) => bytes(seqs.indexOf(i + 1))))
      })

      it('an appended update survives closing and reopening the storage', async () => {
        const { alice, boardA } = await twoWorkspaces()
        const big = new Uint8Array(100_000).map((_, i) => i % 251)
        await appendUpdate(db, boardA.id, bytes(1, 2, 3))
        await appendUpdate(db, boardA.id, big)
        await compactDocument(db, boardA.id, bytes(7, 7), 1)

        await reopen()
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(7, 7),
          updates: [big],
          lastSeq: 2,
        })
        expect((await getBoardForUser(db, alice, boardA.id))?.roles).toEqual(['strategist'])
        expect(await appendUpdate(db, boardA.id, bytes(4))).toBe(3)
      })

      it('compaction folds the log into a snapshot; later updates stay and seq continues', async () => {
        const { boardA } = await twoWorkspaces()
        for (let i = 1; i <= 5; i++) await appendUpdate(db, boardA.id, bytes(i))

        // A compactor that loaded the document at seq 3 while 4 and 5 arrived.
        expect(await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)).toEqual({
          snapshotSeq: 3,
          removedUpdates: 3,
        })
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 3),
          updates: [bytes(4), bytes(5)],
          lastSeq: 5,
        })
        expect(await documentStats(db, boardA.id)).toEqual({
          updates: 2,
          bytes: 2,
          snapshotBytes: 3,
        })

        // Everything so far (no uptoSeq), then appending continues after the snapshot.
        expect(await compactDocument(db, boardA.id, bytes(1, 2, 3, 4, 5))).toEqual({
          snapshotSeq: 5,
          removedUpdates: 2,
        })
        expect(await appendUpdate(db, boardA.id, bytes(6))).toBe(6)
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 3, 4, 5),
          updates: [bytes(6)],
          lastSeq: 6,
        })

        // A log emptied by compaction still counts on from the snapshot.
        await compactDocument(db, boardA.id, bytes(1, 2, 3, 4, 5, 6))
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 3, 4, 5, 6),
          updates: [],
          lastSeq: 6,
        })
        expect(await appendUpdate(db, boardA.id, bytes(7))).toBe(7)
      })

      it('a stale compaction changes nothing, and one past the log is refused', async () => {
        const { boardA } = await twoWorkspaces()
        for (let i = 1; i <= 4; i++) await appendUpdate(db, boardA.id, bytes(i))
        await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)

        expect(await compactDocument(db, boardA.id, bytes(1, 2), 2)).toEqual({
          snapshotSeq: 3,
          removedUpdates: 0,
        })
        await expect(compactDocument(db, boardA.id, bytes(0), 9)).rejects.toThrow(RangeError)
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 3),
          updates: [bytes(4)],
          lastSeq: 4,
        })
      })

      it('accepts Buffers and subarray views and stores only their bytes', async () => {
        const { boardA } = await twoWorkspaces()
        const backing = bytes(0, 1, 2, 3, 4, 5)
        await appendUpdate(db, boardA.id, backing.subarray(2, 4))
        await appendUpdate(db, boardA.id, Buffer.from([8, 9]))
        expect((await loadDocument(db, boardA.id)).updates).toEqual([bytes(2, 3), bytes(8, 9)])
      })
    })

    describe('stage events', () => {
      it('records events and lists them in time order, optionally since a moment', async () => {
        const { alice, boardA, boardB } = await twoWorkspaces()
        const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))
        await recordStageEvents(db, [
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: 'strategy',
            toStage: 'plan',
            userId: alice,
            at: t(5),
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: null,
            toStage: 'strategy',
            userId: alice,
            at: t(1),
          },
          {
            boardId: boardB.id,
            cardId: 'x',
            fromStage: null,
            toStage: 'plan',
            userId: null,
            at: t(2),
          },
        ])
        await recordStageEvents(db, [])

        const events = await listStageEvents(db, boardA.id)
        expect(events.map(({ id: _id, ...event }) => event)).toEqual([
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: null,
            toStage: 'strategy',
            userId: alice,
            at: '2025-01-31T12:01:00.000Z',
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: 'strategy',
            toStage: 'plan',
            userId: alice,
            at: '2025-01-31T12:05:00.000Z',
          },
        ])
        expect(events.every((event) => Number.isInteger(event.id))).toBe(true)

        const since = await listStageEvents(db, boardA.id, { since: t(5) })
        expect(since.map((event) => event.toStage)).toEqual(['plan'])
        expect((await listStageEvents(db, boardB.id)).map((event) => event.cardId)).toEqual(['x'])
      })

      it('refuses an unknown stage and writes none of the batch', async () => {
        const { boardA } = await twoWorkspaces()
        const ok = {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: null,
          toStage: 'plan',
          userId: null,
          at: new Date(),
        } as const
        await expect(
          recordStageEvents(db, [ok, { ...ok, toStage: 'done' as 'plan' }]),
        ).rejects.toThrow()
        expect(await listStageEvents(db, boardA.id)).toEqual([])
      })
    })

    describe('API tokens', () => {
      it('creates a pta_ token, stores only its sha256, and verifies it', async () => {
        const { alice } = await twoWorkspaces()
        const { id, token } = await createApiToken(db, alice, 'CI script')
        expect(token).toMatch(/^pta_[A-Za-z0-9_-]{43}$/)

        const stored = await db
          .selectFrom('apiToken')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)
        expect(JSON.stringify(stored)).not.toContain(token.slice(4))

        expect(await verifyApiToken(db, token)).toEqual({ userId: alice, tokenId: id })
        expect(await verifyApiToken(db, `${token}x`)).toBeNull()
        expect(await verifyApiToken(db, 'pta_nope')).toBeNull()
        expect(await verifyApiToken(db, '')).toBeNull()
      })

      it('lists the owner’s tokens without hashes', async () => {
        const { alice, bob } = await twoWorkspaces()
        const { id } = await createApiToken(db, alice, 'CI')
        await createApiToken(db, bob, 'other')
        const tokens = await listApiTokens(db, alice)
        expect(tokens).toEqual([
          {
            id,
            name: 'CI',
            createdAt: expect.any(String),
            lastUsedAt: null,
            revokedAt: null,
          },
        ])
        expect(Object.keys(tokens[0]!)).not.toContain('tokenHash')
      })

      it('only the owner can revoke; a revoked token no longer verifies', async () => {
        const { alice, bob } = await twoWorkspaces()
        const { id, token } = await createApiToken(db, alice, 'CI')

        expect(await revokeApiToken(db, bob, id)).toBe(false)
        expect(await verifyApiToken(db, token)).toEqual({ userId: alice, tokenId: id })

        expect(await revokeApiToken(db, alice, id)).toBe(true)
        expect(await revokeApiToken(db, alice, id)).toBe(false)
        expect(await verifyApiToken(db, token)).toBeNull()
        expect((await listApiTokens(db, alice))[0]?.revokedAt).toEqual(expect.any(String))
      })

      it('records lastUsedAt at most once a minute', async () => {
        const { alice } = await twoWorkspaces()
        const { token } = await createApiToken(db, alice, 'CI')
        const lastUsed = async () => (await listApiTokens(db, alice))[0]?.lastUsedAt
        const t0 = new Date('2025-01-31T12:00:00.000Z')

        await verifyApiToken(db, token, t0)
        expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
        await verifyApiToken(db, token, new Date(t0.getTime() + 30_000))
        expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
        await verifyApiToken(db, token, new Date(t0.getTime() + 61_000))
        expect(await lastUsed()).toBe('2025-01-31T12:01:01.000Z')
      })
    })
  })
}
