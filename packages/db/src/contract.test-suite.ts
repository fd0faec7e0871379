import { randomUUID } from 'node:crypto'
import { DEFAULT_RULES, type Role } from '@pauta/domain'
import { type Kysely, Migrator, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  acceptInvitation,
  addMember,
  appendUpdate,
  compactDocument,
  countMembersWithRole,
  createApiToken,
  createBoard,
  createInvitation,
  createWorkspace,
  type Database,
  type DB,
  documentStats,
  findInvitationByToken,
  findUserByEmail,
  findWorkspace,
  getBoardForUser,
  getMemberRoles,
  getUser,
  listAllBoards,
  listApiTokens,
  listAssignmentEvents,
  listBoardsForUser,
  listInvitationsForEmail,
  listMembers,
  listPendingInvitations,
  listStageEvents,
  listUsersByIds,
  listWorkspacesForUser,
  loadDocument,
  loadDocumentSince,
  MIGRATIONS,
  migrateToLatest,
  type NewAssignmentEvent,
  type NewStageEvent,
  recordCardEvents,
  recordStageEvents,
  removeMember,
  revokeApiToken,
  revokeInvitation,
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
  'invitation',
  'assignmentEvent',
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

      it('0002 applies on top of a database that only 0001 created; old stage events read with no detail', async () => {
        const names = Object.keys(MIGRATIONS)
        expect(names.slice(0, 2)).toEqual(['0001_initial', '0002_invitations_history'])
        const oldStore = await newStore()
        const old = await oldStore.open()
        try {
          const migrator = new Migrator({
            db: old.db,
            provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
          })
          const first = await migrator.migrateTo('0001_initial')
          expect(first.error).toBeUndefined()
          const before = (await old.db.introspection.getTables()).map((table) => table.name)
          expect(before).toContain('stageEvent')
          expect(before).not.toContain('invitation')
          expect(before).not.toContain('assignmentEvent')

          const ws = await createWorkspace(old.db, { name: 'Old agency' })
          const board = await createBoard(old.db, { workspaceId: ws.id, name: 'Old board' })
          await old.db
            .insertInto('stageEvent')
            .values({
              boardId: board.id,
              cardId: 'c1',
              fromStage: null,
              toStage: 'strategy',
              userId: null,
              at: '2025-01-01T00:00:00.000Z',
            })
            .execute()

          await migrateToLatest(old.db)
          await migrateToLatest(old.db)
          const events = await listStageEvents(old.db, board.id)
          expect(events.map(({ id: _id, ...event }) => event)).toEqual([
            {
              boardId: board.id,
              cardId: 'c1',
              fromStage: null,
              toStage: 'strategy',
              userId: null,
              at: '2025-01-01T00:00:00.000Z',
              detail: null,
            },
          ])
          // The new column and tables are usable.
          await recordCardEvents(old.db, {
            stages: [
              {
                boardId: board.id,
                cardId: 'c1',
                fromStage: 'strategy',
                toStage: 'escalated',
                userId: null,
                at: new Date('2025-01-02T00:00:00.000Z'),
                detail: { severity: 'high' },
              },
            ],
            assignments: [
              {
                boardId: board.id,
                cardId: 'c1',
                fromUserId: null,
                toUserId: 'u1',
                userId: null,
                at: new Date('2025-01-02T00:00:00.000Z'),
              },
            ],
          })
          expect((await listStageEvents(old.db, board.id)).map((e) => e.detail)).toEqual([
            null,
            { severity: 'high' },
          ])
          expect(await listAssignmentEvents(old.db, board.id)).toHaveLength(1)
          const applied = await sql<{
            name: string
          }>`select name from kysely_migration order by name`.execute(old.db)
          expect(applied.rows.map((row) => row.name)).toEqual(names)
        } finally {
          await old.close()
          await oldStore.destroy()
        }
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
        await recordCardEvents(db, {
          stages: [],
          assignments: [
            {
              boardId: boardA.id,
              cardId: 'c1',
              fromUserId: null,
              toUserId: alice,
              userId: alice,
              at: new Date(),
            },
          ],
        })
        const invited = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: null,
          createdBy: alice,
        })
        await db.deleteFrom('workspace').where('id', '=', wsA.id).execute()
        expect(await findInvitationByToken(db, invited.token)).toBeNull()
        expect(await listAssignmentEvents(db, boardA.id)).toEqual([])
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

      it('countMembersWithRole counts the members of one workspace holding a role', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        const carol = await seedUser(db, { email: 'carol@example.com' })
        await addMember(db, wsA.id, bob, ['manager', 'strategist'])
        await addMember(db, wsA.id, carol, ['client'])
        expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(2)
        expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(1)
        expect(await countMembersWithRole(db, wsA.id, 'cm')).toBe(0)
        expect(await countMembersWithRole(db, wsB.id, 'cm')).toBe(1)
        expect(await countMembersWithRole(db, 'missing', 'cm')).toBe(0)

        await addMember(db, wsA.id, alice, ['manager'])
        expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(1)
        expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(2)
        expect(await removeMember(db, wsA.id, bob)).toBe(true)
        expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(0)
        expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(1)
        await expect(countMembersWithRole(db, wsA.id, 'owner' as Role)).rejects.toThrow()
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
        expect(boardA.settings).toEqual({ wipLimits: {}, rules: DEFAULT_RULES })
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
          settings: { wipLimits: { plan: 5 }, rules: DEFAULT_RULES },
        })
        expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
          wipLimits: { plan: 5 },
          rules: DEFAULT_RULES,
        })
        const updated = await updateBoardSettings(db, board.id, {
          wipLimits: { plan: null, calendar: 3 },
          rules: DEFAULT_RULES,
        })
        expect(updated?.settings).toEqual({
          wipLimits: { plan: null, calendar: 3 },
          rules: DEFAULT_RULES,
        })
        expect((await getBoardForUser(db, alice, board.id))?.board.settings).toEqual({
          wipLimits: { plan: null, calendar: 3 },
          rules: DEFAULT_RULES,
        })
        await expect(
          updateBoardSettings(db, board.id, { wipLimits: { plan: 0 }, rules: DEFAULT_RULES }),
        ).rejects.toThrow()
        expect(
          await updateBoardSettings(db, 'missing', { wipLimits: {}, rules: DEFAULT_RULES }),
        ).toBeNull()
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

      it('loadDocumentSince gives what a reader at a seq misses, the snapshot only when compacted past it', async () => {
        const { boardA } = await twoWorkspaces()
        expect(await loadDocumentSince(db, boardA.id, 0)).toEqual({
          snapshot: null,
          updates: [],
          lastSeq: 0,
        })
        for (let i = 1; i <= 5; i++) await appendUpdate(db, boardA.id, bytes(i))
        expect(await loadDocumentSince(db, boardA.id, 3)).toEqual({
          snapshot: null,
          updates: [bytes(4), bytes(5)],
          lastSeq: 5,
        })
        expect(await loadDocumentSince(db, boardA.id, 5)).toEqual({
          snapshot: null,
          updates: [],
          lastSeq: 5,
        })
        await compactDocument(db, boardA.id, bytes(1, 2, 3, 4), 4)
        // Behind the snapshot: the snapshot and everything after it.
        expect(await loadDocumentSince(db, boardA.id, 2)).toEqual({
          snapshot: bytes(1, 2, 3, 4),
          updates: [bytes(5)],
          lastSeq: 5,
        })
        // At or past the snapshot: only the log after the reader's seq.
        expect(await loadDocumentSince(db, boardA.id, 4)).toEqual({
          snapshot: null,
          updates: [bytes(5)],
          lastSeq: 5,
        })
        await expect(loadDocumentSince(db, boardA.id, -1)).rejects.toThrow(RangeError)
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
            detail: null,
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: 'strategy',
            toStage: 'plan',
            userId: alice,
            at: '2025-01-31T12:05:00.000Z',
            detail: null,
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

    describe('card history: stage detail and assignments', () => {
      const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))

      it('stores a stage event’s detail and reads it back; none reads as null', async () => {
        const { alice, boardA } = await twoWorkspaces()
        const reason = 'Client complaint: “wrong price” — ünïcödé, {"json": [1]}'
        await recordStageEvents(db, [
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: 'published',
            toStage: 'escalated',
            userId: alice,
            at: t(1),
            detail: { severity: 'high', reason },
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromStage: 'escalated',
            toStage: 'monitored',
            userId: alice,
            at: t(2),
            detail: { resolution: 'Refunded' },
          },
          {
            boardId: boardA.id,
            cardId: 'c2',
            fromStage: null,
            toStage: 'plan',
            userId: alice,
            at: t(3),
            detail: null,
          },
          {
            boardId: boardA.id,
            cardId: 'c3',
            fromStage: null,
            toStage: 'plan',
            userId: alice,
            at: t(4),
          },
        ])
        const events = await listStageEvents(db, boardA.id)
        expect(events.map((event) => event.detail)).toEqual([
          { severity: 'high', reason },
          { resolution: 'Refunded' },
          null,
          null,
        ])

        // A detail that is not an object of strings (written by hand) is not trusted.
        await db
          .updateTable('stageEvent')
          .set({ detail: 'not json' })
          .where('cardId', '=', 'c2')
          .execute()
        await db
          .updateTable('stageEvent')
          .set({ detail: '{"severity":"low","count":3}' })
          .where('cardId', '=', 'c3')
          .execute()
        expect((await listStageEvents(db, boardA.id)).map((event) => event.detail)).toEqual([
          { severity: 'high', reason },
          { resolution: 'Refunded' },
          null,
          { severity: 'low' },
        ])

        const bad = { severity: 3 } as unknown as Record<string, string>
        await expect(
          recordStageEvents(db, [{ ...events[0]!, at: t(9), detail: bad }]),
        ).rejects.toThrow()
        expect(await listStageEvents(db, boardA.id)).toHaveLength(4)
      })

      it('records assignment changes and lists them per board in time order, optionally since', async () => {
        const { alice, bob, boardA, boardB } = await twoWorkspaces()
        await recordCardEvents(db, {
          stages: [],
          assignments: [
            {
              boardId: boardA.id,
              cardId: 'c1',
              fromUserId: alice,
              toUserId: null,
              userId: alice,
              at: t(7),
            },
            {
              boardId: boardA.id,
              cardId: 'c1',
              fromUserId: null,
              toUserId: alice,
              userId: alice,
              at: t(3),
            },
            {
              boardId: boardB.id,
              cardId: 'x',
              fromUserId: null,
              toUserId: bob,
              userId: null,
              at: t(1),
            },
            {
              boardId: boardA.id,
              cardId: 'c2',
              fromUserId: null,
              toUserId: bob,
              userId: null,
              at: t(3),
            },
          ],
        })
        await recordCardEvents(db, { stages: [], assignments: [] })

        const events = await listAssignmentEvents(db, boardA.id)
        expect(events.map(({ id: _id, ...event }) => event)).toEqual([
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromUserId: null,
            toUserId: alice,
            userId: alice,
            at: '2025-01-31T12:03:00.000Z',
          },
          {
            boardId: boardA.id,
            cardId: 'c2',
            fromUserId: null,
            toUserId: bob,
            userId: null,
            at: '2025-01-31T12:03:00.000Z',
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromUserId: alice,
            toUserId: null,
            userId: alice,
            at: '2025-01-31T12:07:00.000Z',
          },
        ])
        expect(events.every((event) => Number.isInteger(event.id))).toBe(true)
        // Same moment: the order they were recorded in.
        expect(events[0]!.id).toBeLessThan(events[1]!.id)

        const since = await listAssignmentEvents(db, boardA.id, { since: t(7) })
        expect(since.map((event) => event.fromUserId)).toEqual([alice])
        expect((await listAssignmentEvents(db, boardB.id)).map((event) => event.cardId)).toEqual([
          'x',
        ])
        expect(await listAssignmentEvents(db, 'missing')).toEqual([])
      })

      it('recordCardEvents writes stages and assignments together, in chunks', async () => {
        const { alice, boardA } = await twoWorkspaces()
        const stages: NewStageEvent[] = Array.from({ length: 1203 }, (_, i) => ({
          boardId: boardA.id,
          cardId: `c${i}`,
          fromStage: null,
          toStage: 'strategy',
          userId: alice,
          at: t(i % 60),
          detail: i % 2 === 0 ? { n: String(i) } : null,
        }))
        const assignments: NewAssignmentEvent[] = Array.from({ length: 1101 }, (_, i) => ({
          boardId: boardA.id,
          cardId: `c${i}`,
          fromUserId: null,
          toUserId: alice,
          userId: alice,
          at: t(i % 60),
        }))
        await recordCardEvents(db, { stages, assignments })
        const stored = await listStageEvents(db, boardA.id)
        expect(stored).toHaveLength(1203)
        expect(stored.find((event) => event.cardId === 'c1202')?.detail).toEqual({ n: '1202' })
        expect(await listAssignmentEvents(db, boardA.id)).toHaveLength(1101)
      })

      it('recordCardEvents is all or none: a failing assignment insert keeps the stages out too', async () => {
        const { alice, boardA } = await twoWorkspaces()
        const stage: NewStageEvent = {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: 'published',
          toStage: 'escalated',
          userId: alice,
          at: t(1),
          detail: { severity: 'high', reason: 'r' },
        }
        const assignment: NewAssignmentEvent = {
          boardId: boardA.id,
          cardId: 'c1',
          fromUserId: null,
          toUserId: alice,
          userId: alice,
          at: t(1),
        }
        await expect(
          recordCardEvents(db, {
            stages: [stage, { ...stage, cardId: 'c2' }],
            assignments: [assignment, { ...assignment, boardId: 'no-such-board' }],
          }),
        ).rejects.toThrow()
        expect(await listStageEvents(db, boardA.id)).toEqual([])
        expect(await listAssignmentEvents(db, boardA.id)).toEqual([])

        // The other way round: a failing stage insert keeps the assignments out.
        await expect(
          recordCardEvents(db, {
            stages: [stage, { ...stage, boardId: 'no-such-board' }],
            assignments: [assignment],
          }),
        ).rejects.toThrow()
        expect(await listStageEvents(db, boardA.id)).toEqual([])
        expect(await listAssignmentEvents(db, boardA.id)).toEqual([])

        // And the same batch with a valid board goes in whole.
        await recordCardEvents(db, { stages: [stage], assignments: [assignment] })
        expect(await listStageEvents(db, boardA.id)).toHaveLength(1)
        expect(await listAssignmentEvents(db, boardA.id)).toHaveLength(1)
      })
    })

    describe('invitations', () => {
      const t0 = new Date('2025-03-01T09:00:00.000Z')
      const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000)
      const DAY = 86_400_000

      it('creates an inv_ token, stores only its sha256 and a lower-cased email, and finds it by token', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const created = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm', 'strategist', 'cm'],
          email: '  Carol@Example.COM ',
          createdBy: alice,
          now: t0,
        })
        expect(created.token).toMatch(/^inv_[A-Za-z0-9_-]{32}$/)
        expect(created.expiresAt).toBe(new Date(t0.getTime() + 14 * DAY).toISOString())

        const stored = await db
          .selectFrom('invitation')
          .selectAll()
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
        expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)
        expect(stored.email).toBe('carol@example.com')
        expect(JSON.parse(stored.roles)).toEqual(['strategist', 'cm'])
        expect(JSON.stringify(stored)).not.toContain(created.token.slice(4))

        expect(await findInvitationByToken(db, created.token, t0)).toEqual({
          id: created.id,
          workspaceId: wsA.id,
          workspaceName: 'Agency A',
          email: 'carol@example.com',
          roles: ['strategist', 'cm'],
          createdByName: 'Alice',
          expiresAt: created.expiresAt,
          status: 'pending',
        })
        expect(await findInvitationByToken(db, `${created.token}x`)).toBeNull()
        expect(await findInvitationByToken(db, created.token.slice(0, -1))).toBeNull()
        expect(await findInvitationByToken(db, created.token.slice(4))).toBeNull()
        expect(await findInvitationByToken(db, 'inv_nope')).toBeNull()
        expect(await findInvitationByToken(db, '')).toBeNull()

        const link = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['client'],
          email: null,
          createdBy: alice,
          ttlMs: 60_000,
          now: t0,
        })
        expect(link.expiresAt).toBe('2025-03-01T09:01:00.000Z')
        expect(await findInvitationByToken(db, link.token, t0)).toMatchObject({
          id: link.id,
          email: null,
          roles: ['client'],
          status: 'pending',
        })
      })

      it('refuses an empty or unknown role list, an empty email and a bad ttl', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const base = { workspaceId: wsA.id, email: null, createdBy: alice }
        await expect(createInvitation(db, { ...base, roles: [] })).rejects.toThrow()
        await expect(createInvitation(db, { ...base, roles: ['owner' as Role] })).rejects.toThrow()
        await expect(
          createInvitation(db, { ...base, roles: ['cm'], email: '   ' }),
        ).rejects.toThrow()
        await expect(createInvitation(db, { ...base, roles: ['cm'], ttlMs: 0 })).rejects.toThrow()
        await expect(
          createInvitation(db, { ...base, workspaceId: 'missing', roles: ['cm'] }),
        ).rejects.toThrow()
        expect(await listPendingInvitations(db, wsA.id)).toEqual([])
      })

      it('the token of one invitation never finds another', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        const invitations = []
        for (let i = 0; i < 5; i++) {
          invitations.push(
            await createInvitation(db, {
              workspaceId: i % 2 === 0 ? wsA.id : wsB.id,
              roles: ['cm'],
              email: i === 0 ? null : `p${i}@example.com`,
              createdBy: i % 2 === 0 ? alice : bob,
            }),
          )
        }
        expect(new Set(invitations.map((inv) => inv.token)).size).toBe(5)
        for (const invitation of invitations) {
          expect((await findInvitationByToken(db, invitation.token))?.id).toBe(invitation.id)
        }
      })

      it('lists a workspace’s pending invitations newest first, without tokens or hashes', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        const make = (hours: number, email: string | null, roles: Role[], ttlMs?: number) =>
          createInvitation(db, {
            workspaceId: wsA.id,
            roles,
            email,
            createdBy: alice,
            now: at(hours),
            ...(ttlMs === undefined ? {} : { ttlMs }),
          })
        const first = await make(0, 'dan@example.com', ['cm'])
        const second = await make(1, null, ['client', 'manager'])
        const revoked = await make(2, 'eve@example.com', ['cm'])
        const shortLived = await make(3, 'fay@example.com', ['cm'], 3_600_000)
        await createInvitation(db, {
          workspaceId: wsB.id,
          roles: ['cm'],
          email: 'dan@example.com',
          createdBy: bob,
          now: at(5),
        })
        expect(await revokeInvitation(db, wsA.id, revoked.id)).toBe(true)

        const listed = await listPendingInvitations(db, wsA.id, at(3.5))
        expect(listed).toEqual([
          {
            id: shortLived.id,
            email: 'fay@example.com',
            roles: ['cm'],
            createdAt: at(3).toISOString(),
            expiresAt: shortLived.expiresAt,
            createdByName: 'Alice',
          },
          {
            id: second.id,
            email: null,
            roles: ['manager', 'client'],
            createdAt: at(1).toISOString(),
            expiresAt: second.expiresAt,
            createdByName: 'Alice',
          },
          {
            id: first.id,
            email: 'dan@example.com',
            roles: ['cm'],
            createdAt: at(0).toISOString(),
            expiresAt: first.expiresAt,
            createdByName: 'Alice',
          },
        ])
        // An hour later the short-lived one has expired.
        expect((await listPendingInvitations(db, wsA.id, at(4.5))).map((i) => i.id)).toEqual([
          second.id,
          first.id,
        ])
        expect(await listPendingInvitations(db, 'missing')).toEqual([])

        // The inviter's account going away leaves the invitation, without a name.
        await db.deleteFrom('user').where('id', '=', alice).execute()
        expect((await listPendingInvitations(db, wsA.id, at(4.5)))[0]?.createdByName).toBeNull()
        expect((await findInvitationByToken(db, first.token, at(4.5)))?.createdByName).toBeNull()
      })

      it('listInvitationsForEmail finds pending invitations addressed to that email, any case', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        const toA = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm', 'manager'],
          email: 'Carol@Example.com',
          createdBy: alice,
          now: at(0),
        })
        const toB = await createInvitation(db, {
          workspaceId: wsB.id,
          roles: ['client'],
          email: 'carol@example.com',
          createdBy: bob,
          now: at(1),
        })
        const revoked = await createInvitation(db, {
          workspaceId: wsB.id,
          roles: ['cm'],
          email: 'CAROL@example.com',
          createdBy: bob,
          now: at(2),
        })
        await revokeInvitation(db, wsB.id, revoked.id)
        await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: null,
          createdBy: alice,
          now: at(3),
        })
        await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: 'dave@example.com',
          createdBy: alice,
          now: at(3),
        })
        await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: 'carol@example.com',
          createdBy: alice,
          ttlMs: 60_000,
          now: at(3),
        })

        const expected = [
          {
            id: toB.id,
            workspaceId: wsB.id,
            workspaceName: 'Agency B',
            roles: ['client'],
            expiresAt: toB.expiresAt,
          },
          {
            id: toA.id,
            workspaceId: wsA.id,
            workspaceName: 'Agency A',
            roles: ['manager', 'cm'],
            expiresAt: toA.expiresAt,
          },
        ]
        expect(await listInvitationsForEmail(db, '  CAROL@EXAMPLE.COM', at(4))).toEqual(expected)
        expect(await listInvitationsForEmail(db, 'carol@example.com', at(4))).toEqual(expected)
        expect(await listInvitationsForEmail(db, 'nobody@example.com', at(4))).toEqual([])
        const carol = await seedUser(db, { email: 'carol@example.com' })
        await acceptInvitation(db, toA.id, carol, at(4))
        expect(
          (await listInvitationsForEmail(db, 'carol@example.com', at(4))).map((i) => i.id),
        ).toEqual([toB.id])
      })

      it('accepting grants the union of the roles held and invited; a second accept gets null', async () => {
        const { alice, bob, wsA } = await twoWorkspaces()
        await addMember(db, wsA.id, bob, ['cm', 'client'])
        const invitation = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['manager', 'cm'],
          email: 'bob@example.com',
          createdBy: alice,
          now: t0,
        })
        expect(await acceptInvitation(db, invitation.id, bob, at(1))).toEqual({
          workspaceId: wsA.id,
          roles: ['manager', 'cm', 'client'],
        })
        expect(await getMemberRoles(db, wsA.id, bob)).toEqual(['manager', 'cm', 'client'])
        expect(await acceptInvitation(db, invitation.id, bob, at(2))).toBeNull()
        const carol = await seedUser(db, { email: 'carol@example.com' })
        expect(await acceptInvitation(db, invitation.id, carol, at(2))).toBeNull()
        expect(await getMemberRoles(db, wsA.id, carol)).toEqual([])

        const stored = await db
          .selectFrom('invitation')
          .select(['acceptedAt', 'acceptedBy'])
          .where('id', '=', invitation.id)
          .executeTakeFirstOrThrow()
        expect(stored).toEqual({ acceptedAt: at(1).toISOString(), acceptedBy: bob })
        expect((await findInvitationByToken(db, invitation.token, at(2)))?.status).toBe('accepted')
        expect(await listPendingInvitations(db, wsA.id, at(2))).toEqual([])
        expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(false)

        // Someone new gets exactly the invited roles.
        const link = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['client'],
          email: null,
          createdBy: alice,
        })
        expect(await acceptInvitation(db, link.id, carol)).toEqual({
          workspaceId: wsA.id,
          roles: ['client'],
        })
        expect((await listMembers(db, wsA.id)).map((m) => [m.name, m.roles])).toEqual([
          ['Alice', ['strategist']],
          ['Bob', ['manager', 'cm', 'client']],
          ['carol', ['client']],
        ])
        expect(await acceptInvitation(db, 'missing', carol)).toBeNull()
      })

      it('of two concurrent accepts of one invitation exactly one wins', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const carol = await seedUser(db, { email: 'carol@example.com' })
        const dave = await seedUser(db, { email: 'dave@example.com' })
        for (let round = 0; round < 5; round++) {
          const { id } = await createInvitation(db, {
            workspaceId: wsA.id,
            roles: round % 2 === 0 ? ['cm'] : ['client'],
            email: null,
            createdBy: alice,
          })
          const results = await Promise.all([
            acceptInvitation(db, id, carol),
            acceptInvitation(db, id, dave),
          ])
          expect(results.filter((result) => result !== null)).toHaveLength(1)
          const acceptedBy = await db
            .selectFrom('invitation')
            .select('acceptedBy')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
          expect(acceptedBy.acceptedBy).toBe(results[0] === null ? dave : carol)
        }
        const held = [
          ...(await getMemberRoles(db, wsA.id, carol)),
          ...(await getMemberRoles(db, wsA.id, dave)),
        ]
        expect(held.length).toBeGreaterThan(0)
      })

      it('an expired invitation reads as expired and cannot be accepted', async () => {
        const { alice, wsA } = await twoWorkspaces()
        const carol = await seedUser(db, { email: 'carol@example.com' })
        const invitation = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: 'carol@example.com',
          createdBy: alice,
          ttlMs: 3_600_000,
          now: t0,
        })
        expect((await findInvitationByToken(db, invitation.token, at(0.5)))?.status).toBe('pending')
        expect((await findInvitationByToken(db, invitation.token, at(1)))?.status).toBe('expired')
        expect((await findInvitationByToken(db, invitation.token, at(2)))?.status).toBe('expired')
        expect(await listPendingInvitations(db, wsA.id, at(2))).toEqual([])
        expect(await listInvitationsForEmail(db, 'carol@example.com', at(2))).toEqual([])
        expect(await acceptInvitation(db, invitation.id, carol, at(2))).toBeNull()
        expect(await getMemberRoles(db, wsA.id, carol)).toEqual([])
        // Without a clock of its own the expiry is checked against now (2025 is long past).
        expect(await acceptInvitation(db, invitation.id, carol)).toBeNull()
      })

      it('a revoked invitation is not listed and cannot be accepted; revoking is scoped to the workspace', async () => {
        const { alice, bob, wsA, wsB } = await twoWorkspaces()
        const invitation = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: ['cm'],
          email: null,
          createdBy: alice,
        })
        expect(await revokeInvitation(db, wsB.id, invitation.id)).toBe(false)
        expect(await revokeInvitation(db, wsA.id, 'missing')).toBe(false)
        expect((await findInvitationByToken(db, invitation.token))?.status).toBe('pending')

        expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(true)
        expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(false)
        expect((await findInvitationByToken(db, invitation.token))?.status).toBe('revoked')
        expect(await listPendingInvitations(db, wsA.id)).toEqual([])
        expect(await acceptInvitation(db, invitation.id, bob)).toBeNull()
        expect(await getMemberRoles(db, wsA.id, bob)).toEqual([])
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
