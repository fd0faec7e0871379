import { randomUUID } from 'node:crypto'
import {
  cumulativeFlow,
  DAY_MS,
  DEFAULT_RULES,
  type FlowMove,
  type Role,
  type Stage,
  WEEK_MS,
} from '@pauta/domain'
import { type Kysely, Migrator, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  acceptInvitation,
  addMember,
  appendUpdate,
  bottlenecksReport,
  claimBoardClients,
  compactDocument,
  countBreachedEscalations,
  countCardsByStage,
  countMembersWithRole,
  countUnreadNotifications,
  createApiToken,
  createBoard,
  createInvitation,
  createWorkspace,
  type DashboardFilters,
  type Database,
  type DB,
  DocumentChangedError,
  documentStats,
  findBoard,
  findInvitationByToken,
  findUserByEmail,
  findWorkspace,
  getBoardForUser,
  getMemberRoles,
  getOrCreateBoardFeed,
  getOrCreateUserFeed,
  getUser,
  insertNotifications,
  isApiTokenActive,
  isSessionActive,
  lastEscalation,
  latestAccessChangeSeq,
  listAccessChangesAfter,
  listAllBoards,
  listApiTokens,
  listAssignedPosts,
  listAssigneeLoads,
  listAssignmentEvents,
  listBoardCards,
  listBoardsForUser,
  listCalendarFeeds,
  listEscalatedCards,
  listInvitationsForEmail,
  listMembers,
  listNotifications,
  listOpenEscalations,
  listPendingInvitations,
  listPublishedArrivals,
  listScheduledCards,
  listScheduledPosts,
  listStageEvents,
  listStageMoves,
  listStayLengths,
  listUsersByIds,
  listWaitingSince,
  listWorkspacesForUser,
  loadDocument,
  loadDocumentSince,
  MIGRATIONS,
  markAllNotificationsRead,
  markNotificationsRead,
  migrateToLatest,
  type NewAssignmentEvent,
  type NewNotification,
  type NewStageEvent,
  notificationStates,
  openCalendarFeed,
  type ProjectedCard,
  pipelineReport,
  pruneAccessChanges,
  pruneNotifications,
  recordAccessChange,
  recordCardEvents,
  recordStageEvents,
  removeMember,
  replaceBoardCards,
  replaceDocument,
  revokeApiToken,
  revokeCalendarFeed,
  revokeInvitation,
  setWorkspaceTimeZone,
  stageCountsAt,
  stagesNow,
  updateBoardSettings,
  upsertBoardCards,
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
  'boardClient',
  'accessChange',
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

/** A card of the projection: an instagram post in strategy unless `fields` say otherwise. */
function projectedCard(id: string, fields: Partial<ProjectedCard> = {}): ProjectedCard {
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
      const wsB = await createWorkspace(db, { name: 'Agency B', timeZone: 'Europe/Madrid' })
      await addMember(db, wsA.id, alice, ['strategist'])
      await addMember(db, wsB.id, bob, ['cm'])
      const boardA = await createBoard(db, { workspaceId: wsA.id, name: 'Launch' })
      const boardB = await createBoard(db, { workspaceId: wsB.id, name: 'Secret' })
      return { alice, bob, wsA, wsB, boardA, boardB }
    }

    describe('Yjs client ids', () => {
      it('binds a client id to its first writer, per board, and every later claim reads that owner', async () => {
        const { alice, bob, boardA, boardB } = await twoWorkspaces()
        // Yjs client ids are unsigned 32-bit: the largest must survive the round trip.
        const big = 2 ** 32 - 1
        expect(await claimBoardClients(db, boardA.id, [7, big], alice)).toEqual(
          new Map([
            [7, alice],
            [big, alice],
          ]),
        )
        expect(await claimBoardClients(db, boardA.id, [7, 8], bob)).toEqual(
          new Map([
            [7, alice],
            [8, bob],
          ]),
        )
        // The server's own document claims with no user; another board is another namespace.
        expect(await claimBoardClients(db, boardA.id, [9], null)).toEqual(new Map([[9, null]]))
        expect(await claimBoardClients(db, boardA.id, [9], bob)).toEqual(new Map([[9, null]]))
        expect(await claimBoardClients(db, boardB.id, [7], bob)).toEqual(new Map([[7, bob]]))
        expect(await claimBoardClients(db, boardB.id, [], bob)).toEqual(new Map())
      })
    })

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

          // as 0001 knew a workspace: no time zone yet (0003 adds it, 'UTC' for old rows)
          const ws = { id: 'old-agency' }
          await sql`insert into workspace (id, name, "createdAt") values (${ws.id}, 'Old agency', '2025-01-01T00:00:00.000Z')`.execute(
            old.db,
          )
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
          const zone = await old.db
            .selectFrom('workspace')
            .select('timeZone')
            .where('id', '=', ws.id)
            .executeTakeFirstOrThrow()
          expect(zone.timeZone).toBe('UTC')
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

      /**
       * A fresh database migrated only up to `name`, with a workspace and a board, for `use`
       * to write what an older Pauta wrote; closed and dropped afterwards.
       */
      async function olderDatabase(
        name: string,
        use: (old: Kysely<DB>, boardId: string) => Promise<void>,
      ) {
        const oldStore = await newStore()
        const old = await oldStore.open()
        try {
          const migrator = new Migrator({
            db: old.db,
            provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
          })
          expect((await migrator.migrateTo(name)).error).toBeUndefined()
          const ws = await createWorkspace(old.db, { name: 'Agency' })
          const board = await createBoard(old.db, { workspaceId: ws.id, name: 'Old board' })
          await use(old.db, board.id)
        } finally {
          await old.close()
          await oldStore.destroy()
        }
      }

      it('0005 fills in the stays of a history written before it', async () => {
        await olderDatabase('0004_flow_dashboards', async (oldDb, boardId) => {
          const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 9, minute)).toISOString()
          // Written out of time order, with a tie: (at, id) is the card's order.
          for (const [cardId, toStage, minute] of [
            ['c1', 'strategy', 0],
            ['c1', 'calendar', 30],
            ['c1', 'plan', 10],
            ['c1', 'calendar', 30],
            ['c2', 'plan', 5],
          ] as const) {
            await sql`insert into "stageEvent" ("boardId", "cardId", "toStage", "at")
            values (${boardId}, ${cardId}, ${toStage}, ${at(minute)})`.execute(oldDb)
          }
          await migrateToLatest(oldDb)
          const rows = await oldDb
            .selectFrom('stageEvent')
            .select(['cardId', 'toStage', 'at', 'leftAt', 'stayMs', 'visit'])
            .orderBy('cardId')
            .orderBy('at')
            .orderBy('id')
            .execute()
          expect(
            rows.map((r) => [
              r.cardId,
              r.toStage,
              r.leftAt?.slice(11, 16) ?? null,
              r.stayMs === null ? null : Number(r.stayMs),
              r.visit,
            ]),
          ).toEqual([
            ['c1', 'strategy', '09:10', 10 * 60_000, 1],
            ['c1', 'plan', '09:30', 20 * 60_000, 1],
            ['c1', 'calendar', '09:30', 0, 1],
            ['c1', 'calendar', null, null, 2],
            ['c2', 'plan', null, null, 1],
          ])
        })
      })

      it('0006 fills in the severity each escalation written before it was raised with', async () => {
        await olderDatabase('0005_stays_on_history', async (oldDb, boardId) => {
          for (const [cardId, toStage, detail] of [
            ['c1', 'escalated', '{"severity":"high","reason":"thread"}'],
            ['c2', 'escalated', '{"severity":"apocalyptic"}'],
            ['c3', 'escalated', 'not json'],
            ['c4', 'escalated', null],
            ['c5', 'monitored', '{"severity":"low"}'],
          ] as const) {
            await sql`insert into "stageEvent" ("boardId", "cardId", "toStage", "at", "detail")
            values (${boardId}, ${cardId}, ${toStage}, '2025-01-01T09:00:00.000Z', ${detail})`.execute(
              oldDb,
            )
          }
          await migrateToLatest(oldDb)
          const rows = await oldDb
            .selectFrom('stageEvent')
            .select(['cardId', 'severity'])
            .orderBy('cardId')
            .execute()
          // Only a severity Pauta knows, only on a move into escalated.
          expect(rows.map((r) => [r.cardId, r.severity])).toEqual([
            ['c1', 'high'],
            ['c2', null],
            ['c3', null],
            ['c4', null],
            ['c5', null],
          ])
          // Written from now on with the change.
          await recordStageEvents(oldDb, [
            {
              boardId: boardId,
              cardId: 'c5',
              fromStage: 'monitored',
              toStage: 'escalated',
              userId: null,
              at: new Date('2025-01-02T00:00:00.000Z'),
              detail: { severity: 'crisis' },
            },
          ])
          const written = await oldDb
            .selectFrom('stageEvent')
            .select('severity')
            .where('cardId', '=', 'c5')
            .where('toStage', '=', 'escalated')
            .executeTakeFirstOrThrow()
          expect(written.severity).toBe('crisis')
        })
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
          snapshotSeq: null,
          updates: [],
          seqs: [],
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
          { id: wsA.id, name: 'Agency A', timeZone: 'UTC', roles: ['strategist'] },
          { id: wsB.id, name: 'Agency B', timeZone: 'Europe/Madrid', roles: ['manager', 'client'] },
        ])
        expect(await listWorkspacesForUser(db, bob)).toEqual([
          { id: wsB.id, name: 'Agency B', timeZone: 'Europe/Madrid', roles: ['cm'] },
        ])
        expect(await setWorkspaceTimeZone(db, wsA.id, 'America/Mexico_City')).toBe(true)
        expect(await setWorkspaceTimeZone(db, 'nope', 'America/Mexico_City')).toBe(false)
        await expect(setWorkspaceTimeZone(db, wsA.id, 'Mars/Base')).rejects.toThrow()
        expect((await listWorkspacesForUser(db, alice))[0]?.timeZone).toBe('America/Mexico_City')
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
        expect(loaded.snapshotSeq).toBeNull()
        expect(loaded.updates).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)])
        expect(loaded.seqs).toEqual([1, 2, 3])
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
          snapshotSeq: null,
          updates: [bytes(9)],
          seqs: [1],
          lastSeq: 1,
        })
      })

      it('an empty document loads as nothing at seq 0', async () => {
        const { boardA } = await twoWorkspaces()
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: null,
          snapshotSeq: null,
          updates: [],
          seqs: [],
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
          snapshotSeq: 1,
          updates: [big],
          seqs: [2],
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
          snapshotSeq: 3,
          updates: [bytes(4), bytes(5)],
          seqs: [4, 5],
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
          snapshotSeq: 5,
          updates: [bytes(6)],
          seqs: [6],
          lastSeq: 6,
        })

        // A log emptied by compaction still counts on from the snapshot.
        await compactDocument(db, boardA.id, bytes(1, 2, 3, 4, 5, 6))
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 3, 4, 5, 6),
          snapshotSeq: 6,
          updates: [],
          seqs: [],
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
          snapshotSeq: 3,
          updates: [bytes(4)],
          seqs: [4],
          lastSeq: 4,
        })
      })

      it('loadDocumentSince gives what a reader at a seq misses, the snapshot only when compacted past it', async () => {
        const { boardA } = await twoWorkspaces()
        expect(await loadDocumentSince(db, boardA.id, 0)).toEqual({
          snapshot: null,
          snapshotSeq: null,
          updates: [],
          seqs: [],
          lastSeq: 0,
        })
        for (let i = 1; i <= 5; i++) await appendUpdate(db, boardA.id, bytes(i))
        expect(await loadDocumentSince(db, boardA.id, 3)).toEqual({
          snapshot: null,
          snapshotSeq: null,
          updates: [bytes(4), bytes(5)],
          seqs: [4, 5],
          lastSeq: 5,
        })
        expect(await loadDocumentSince(db, boardA.id, 5)).toEqual({
          snapshot: null,
          snapshotSeq: null,
          updates: [],
          seqs: [],
          lastSeq: 5,
        })
        await compactDocument(db, boardA.id, bytes(1, 2, 3, 4), 4)
        // Behind the snapshot: the snapshot and everything after it.
        expect(await loadDocumentSince(db, boardA.id, 2)).toEqual({
          snapshot: bytes(1, 2, 3, 4),
          snapshotSeq: 4,
          updates: [bytes(5)],
          seqs: [5],
          lastSeq: 5,
        })
        // At or past the snapshot: only the log after the reader's seq.
        expect(await loadDocumentSince(db, boardA.id, 4)).toEqual({
          snapshot: null,
          snapshotSeq: null,
          updates: [bytes(5)],
          seqs: [5],
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

      it('replaceDocument stores a repaired document at a fresh seq and drops the whole log', async () => {
        const { boardA, boardB } = await twoWorkspaces()
        for (let i = 1; i <= 4; i++) await appendUpdate(db, boardA.id, bytes(i))
        await compactDocument(db, boardA.id, bytes(1, 2), 2)
        await appendUpdate(db, boardB.id, bytes(9))

        expect(await replaceDocument(db, boardA.id, bytes(1, 2, 4), 4)).toEqual({
          snapshotSeq: 5,
          removedUpdates: 2,
        })
        expect(await loadDocument(db, boardA.id)).toEqual({
          snapshot: bytes(1, 2, 4),
          snapshotSeq: 5,
          updates: [],
          seqs: [],
          lastSeq: 5,
        })
        // A reader at any older seq gets the repaired snapshot; appends count on above it.
        expect((await loadDocumentSince(db, boardA.id, 4)).snapshot).toEqual(bytes(1, 2, 4))
        expect(await appendUpdate(db, boardA.id, bytes(6))).toBe(6)
        // Other boards are untouched.
        expect((await loadDocument(db, boardB.id)).updates).toEqual([bytes(9)])
      })

      it('a server room that held the board before a repair cannot write its old state back', async () => {
        const { boardA } = await twoWorkspaces()
        for (let i = 1; i <= 3; i++) await appendUpdate(db, boardA.id, bytes(i))
        // The room loaded seq 1–3; the administrator repairs meanwhile.
        await replaceDocument(db, boardA.id, bytes(1, 3), 3)
        // The room unloads and compacts up to the seq it holds: stale, nothing changes.
        expect(await compactDocument(db, boardA.id, bytes(1, 2, 3), 3)).toEqual({
          snapshotSeq: 4,
          removedUpdates: 0,
        })
        expect(await loadDocument(db, boardA.id)).toMatchObject({
          snapshot: bytes(1, 3),
          snapshotSeq: 4,
          updates: [],
        })
      })

      it('replaceDocument refuses to write when something was stored since the read', async () => {
        const { boardA } = await twoWorkspaces()
        for (let i = 1; i <= 3; i++) await appendUpdate(db, boardA.id, bytes(i))
        await expect(replaceDocument(db, boardA.id, bytes(0), 2)).rejects.toThrow(
          DocumentChangedError,
        )
        expect(await loadDocument(db, boardA.id)).toMatchObject({
          snapshot: null,
          seqs: [1, 2, 3],
        })
      })

      it('findBoard finds any board with its workspace, for the admin CLI', async () => {
        const { wsA, boardA } = await twoWorkspaces()
        expect(await findBoard(db, boardA.id)).toEqual({
          id: boardA.id,
          name: 'Launch',
          workspaceId: wsA.id,
          workspaceName: 'Agency A',
        })
        expect(await findBoard(db, 'no-such-board')).toBeNull()
      })
    })

    describe('stage events', () => {
      /** Each change's stay columns, in the card's order: to stage, left at, length, visit. */
      async function staysOf(boardId: string, cardId: string) {
        const rows = await db
          .selectFrom('stageEvent')
          .select(['toStage', 'at', 'leftAt', 'stayMs', 'visit'])
          .where('boardId', '=', boardId)
          .where('cardId', '=', cardId)
          .orderBy('at')
          .orderBy('id')
          .execute()
        return rows.map((r) => [
          r.toStage,
          r.at.slice(11, 16),
          r.leftAt?.slice(11, 16) ?? null,
          r.stayMs === null ? null : Number(r.stayMs) / 60_000,
          r.visit,
        ])
      }

      it('gives each change the stay it began: when the card left, how long, which visit', async () => {
        const { boardA, boardB } = await twoWorkspaces()
        const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))
        const move = (boardId: string, cardId: string, toStage: Stage, minute: number) => ({
          boardId,
          cardId,
          fromStage: null,
          toStage,
          userId: null,
          at: t(minute),
        })
        // Two cards in one batch, one of them twice; the same card id on another board.
        await recordStageEvents(db, [
          move(boardA.id, 'c1', 'strategy', 0),
          move(boardA.id, 'c2', 'plan', 1),
          move(boardA.id, 'c1', 'plan', 5),
          move(boardB.id, 'c1', 'calendar', 2),
        ])
        expect(await staysOf(boardA.id, 'c1')).toEqual([
          ['strategy', '12:00', '12:05', 5, 1],
          ['plan', '12:05', null, null, 1],
        ])
        // The next change ends the open stay; a second arrival in plan is its second visit.
        await recordStageEvents(db, [move(boardA.id, 'c1', 'calendar', 20)])
        await recordStageEvents(db, [move(boardA.id, 'c1', 'plan', 30)])
        expect(await staysOf(boardA.id, 'c1')).toEqual([
          ['strategy', '12:00', '12:05', 5, 1],
          ['plan', '12:05', '12:20', 15, 1],
          ['calendar', '12:20', '12:30', 10, 1],
          ['plan', '12:30', null, null, 2],
        ])
        // A change recorded late fits in where its time puts it.
        await recordStageEvents(db, [move(boardA.id, 'c1', 'strategy', 10)])
        expect(await staysOf(boardA.id, 'c1')).toEqual([
          ['strategy', '12:00', '12:05', 5, 1],
          ['plan', '12:05', '12:10', 5, 1],
          ['strategy', '12:10', '12:20', 10, 2],
          ['calendar', '12:20', '12:30', 10, 1],
          ['plan', '12:30', null, null, 2],
        ])
        // Two changes at the same moment: the one recorded later comes after.
        await recordStageEvents(db, [move(boardA.id, 'c2', 'calendar', 1)])
        expect(await staysOf(boardA.id, 'c2')).toEqual([
          ['plan', '12:01', '12:01', 0, 1],
          ['calendar', '12:01', null, null, 1],
        ])
        expect(await staysOf(boardB.id, 'c1')).toEqual([['calendar', '12:02', null, null, 1]])
      })

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

    describe('access log and credential checks', () => {
      it('records access changes in seq order, reads them after a seq with a limit, and knows the latest', async () => {
        const { alice, bob } = await twoWorkspaces()
        expect(await latestAccessChangeSeq(db)).toBe(0)
        expect(await listAccessChangesAfter(db, 0, 10)).toEqual([])
        const at = new Date('2025-03-01T10:00:00.000Z')
        const first = await recordAccessChange(db, alice, at)
        const second = await recordAccessChange(db, bob, new Date(at.getTime() + 1000))
        const third = await recordAccessChange(db, alice)
        expect(first).toBeGreaterThan(0)
        expect(second).toBeGreaterThan(first)
        expect(third).toBeGreaterThan(second)
        expect(await latestAccessChangeSeq(db)).toBe(third)

        expect(await listAccessChangesAfter(db, 0, 10)).toEqual([
          { seq: first, userId: alice, at: '2025-03-01T10:00:00.000Z' },
          { seq: second, userId: bob, at: '2025-03-01T10:00:01.000Z' },
          { seq: third, userId: alice, at: expect.any(String) },
        ])
        expect((await listAccessChangesAfter(db, first, 1)).map((c) => c.seq)).toEqual([second])
        expect(await listAccessChangesAfter(db, third, 10)).toEqual([])
      })

      it('prunes rows older than a cutoff, and a pruned seq is never handed out again', async () => {
        const { alice } = await twoWorkspaces()
        const old = await recordAccessChange(db, alice, new Date('2025-03-01T10:00:00.000Z'))
        const recent = await recordAccessChange(db, alice, new Date('2025-03-02T12:00:00.000Z'))
        expect(await pruneAccessChanges(db, new Date('2025-03-02T10:00:00.000Z'))).toBe(1)
        expect((await listAccessChangesAfter(db, 0, 10)).map((c) => c.seq)).toEqual([recent])
        expect(await pruneAccessChanges(db, new Date('2025-03-03T00:00:00.000Z'))).toBe(1)
        // Even with the log empty, the next seq is past every earlier one.
        expect(await latestAccessChangeSeq(db)).toBe(0)
        expect(await recordAccessChange(db, alice)).toBeGreaterThan(Math.max(old, recent))
      })

      it('tells whether an API token id is still active', async () => {
        const { alice } = await twoWorkspaces()
        const { id } = await createApiToken(db, alice, 'CI')
        expect(await isApiTokenActive(db, id)).toBe(true)
        expect(await isApiTokenActive(db, 'no-such-token')).toBe(false)
        await revokeApiToken(db, alice, id)
        expect(await isApiTokenActive(db, id)).toBe(false)
      })

      it('tells whether a session is still present and unexpired', async () => {
        const { alice } = await twoWorkspaces()
        const now = new Date('2025-03-01T10:00:00.000Z')
        // Written the way better-auth's adapter writes on SQLite (ISO text); PostgreSQL reads
        // the same column back as a Date.
        const session = async (id: string, expiresAt: Date) =>
          db
            .insertInto('session')
            .values({
              id,
              userId: alice,
              token: `token-${id}`,
              expiresAt: expiresAt.toISOString(),
              createdAt: now.toISOString(),
              updatedAt: now.toISOString(),
              ipAddress: null,
              userAgent: null,
            })
            .execute()
        await session('live', new Date(now.getTime() + 60_000))
        await session('expired', new Date(now.getTime() - 1))
        expect(await isSessionActive(db, 'live', now)).toBe(true)
        expect(await isSessionActive(db, 'live', new Date(now.getTime() + 60_000))).toBe(false)
        expect(await isSessionActive(db, 'expired', now)).toBe(false)
        expect(await isSessionActive(db, 'missing', now)).toBe(false)
        // Signing out deletes the row.
        await db.deleteFrom('session').where('id', '=', 'live').execute()
        expect(await isSessionActive(db, 'live', now)).toBe(false)
      })
    })

    describe('card projection', () => {
      const card = (id: string, fields: Partial<ProjectedCard> = {}) =>
        projectedCard(id, { stage: 'calendar', scheduledAt: '2026-12-01T10:00:00.000Z', ...fields })
      const t0 = new Date('2026-11-01T00:00:00.000Z')
      const t1 = new Date('2026-11-02T00:00:00.000Z')

      it('upserts cards per board; an unchanged card keeps its updatedAt, a changed one is rewritten', async () => {
        const { boardA, boardB } = await twoWorkspaces()
        await upsertBoardCards(db, boardA.id, [card('c1'), card('c2', { archived: true })], t0)
        await upsertBoardCards(db, boardB.id, [card('c1', { title: 'Other board' })], t0)
        const rows = await listBoardCards(db, boardA.id)
        expect(rows).toEqual([
          {
            boardId: boardA.id,
            boardName: 'Launch',
            cardId: 'c1',
            title: 'Post c1',
            stage: 'calendar',
            network: 'instagram',
            assigneeId: null,
            scheduledAt: '2026-12-01T10:00:00.000Z',
            publishedAt: null,
            publishedUrl: null,
            campaign: null,
            objective: null,
            severity: null,
            escalatedAt: null,
            archived: false,
            updatedAt: t0.toISOString(),
          },
          expect.objectContaining({ cardId: 'c2', archived: true }),
        ])

        await upsertBoardCards(
          db,
          boardA.id,
          [
            card('c1'),
            card('c2', {
              stage: 'escalated',
              severity: 'crisis',
              // another offset: stored in UTC, so text order is time order
              scheduledAt: '2026-12-01T12:00:00.000+02:00',
              publishedUrl: 'https://instagram.com/p/1',
              archived: true,
            }),
          ],
          t1,
        )
        const after = await listBoardCards(db, boardA.id)
        expect(after[0]?.updatedAt).toBe(t0.toISOString())
        expect(after[1]).toMatchObject({
          stage: 'escalated',
          severity: 'crisis',
          scheduledAt: '2026-12-01T10:00:00.000Z',
          publishedUrl: 'https://instagram.com/p/1',
          archived: true,
          updatedAt: t1.toISOString(),
        })
        expect((await listBoardCards(db, boardB.id)).map((r) => r.title)).toEqual(['Other board'])
      })

      it('refuses a batch holding an invalid card and writes none of it', async () => {
        const { boardA } = await twoWorkspaces()
        await expect(
          upsertBoardCards(db, boardA.id, [card('ok'), card('bad', { stage: 'nope' as Stage })]),
        ).rejects.toThrow()
        await expect(
          upsertBoardCards(db, boardA.id, [card('ok'), card('bad', { title: '' })]),
        ).rejects.toThrow()
        expect(await listBoardCards(db, boardA.id)).toEqual([])
      })

      it('replaces a board’s whole projection: new and changed cards written, missing ones removed', async () => {
        const { boardA, boardB } = await twoWorkspaces()
        const many = Array.from({ length: 1200 }, (_, i) => card(`m${i}`))
        await upsertBoardCards(db, boardA.id, [card('keep'), card('gone'), ...many], t0)
        await upsertBoardCards(db, boardB.id, [card('gone')], t0)

        await replaceBoardCards(
          db,
          boardA.id,
          [card('keep'), card('new', { stage: 'plan', scheduledAt: null }), ...many.slice(0, 3)],
          t1,
        )
        const rows = await listBoardCards(db, boardA.id)
        expect(rows.map((r) => [r.cardId, r.updatedAt])).toEqual([
          ['keep', t0.toISOString()],
          ['m0', t0.toISOString()],
          ['m1', t0.toISOString()],
          ['m2', t0.toISOString()],
          ['new', t1.toISOString()],
        ])
        // Another board's rows are untouched; an empty document empties the projection.
        expect((await listBoardCards(db, boardB.id)).map((r) => r.cardId)).toEqual(['gone'])
        await replaceBoardCards(db, boardB.id, [])
        expect(await listBoardCards(db, boardB.id)).toEqual([])
      })

      it('lists a user’s scheduled posts from calendar on, only on boards of workspaces they are still in', async () => {
        const { alice, bob, wsB, boardA, boardB } = await twoWorkspaces()
        await addMember(db, wsB.id, alice, ['cm'])
        await upsertBoardCards(db, boardA.id, [
          card('late', { assigneeId: alice, scheduledAt: '2026-12-03T09:00:00.000Z' }),
          card('early', {
            assigneeId: alice,
            stage: 'published',
            scheduledAt: '2026-12-01T09:00:00.000Z',
            publishedAt: '2026-12-01T09:05:00.000Z',
          }),
          card('monitored', { assigneeId: alice, stage: 'monitored' }),
          card('escalated', { assigneeId: alice, stage: 'escalated', severity: 'high' }),
          card('plan', { assigneeId: alice, stage: 'plan' }),
          card('unscheduled', { assigneeId: alice, scheduledAt: null }),
          card('archived', { assigneeId: alice, archived: true }),
          card('bobs', { assigneeId: bob }),
        ])
        await upsertBoardCards(db, boardB.id, [
          card('elsewhere', { assigneeId: alice, scheduledAt: '2026-12-02T09:00:00.000Z' }),
        ])

        const ids = async (userId: string) =>
          (await listAssignedPosts(db, userId)).map((r) => `${r.boardName}/${r.cardId}`)
        expect(await ids(alice)).toEqual([
          'Launch/early',
          'Launch/escalated',
          'Launch/monitored',
          'Secret/elsewhere',
          'Launch/late',
        ])
        // bob is not a member of A: a card assigned to him there is not his to see
        expect(await ids(bob)).toEqual([])

        await removeMember(db, wsB.id, alice)
        expect(await ids(alice)).not.toContain('Secret/elsewhere')

        // every scheduled card of the board, whoever it is assigned to, whatever its stage
        expect((await listScheduledPosts(db, boardA.id)).map((r) => r.cardId)).toEqual([
          'early',
          'bobs',
          'escalated',
          'monitored',
          'plan',
          'late',
        ])
      })

      it('deleting a board removes its projection', async () => {
        const { boardA } = await twoWorkspaces()
        await upsertBoardCards(db, boardA.id, [card('c1')])
        await db.deleteFrom('board').where('id', '=', boardA.id).execute()
        expect(await db.selectFrom('boardCard').selectAll().execute()).toEqual([])
      })
    })

    describe('calendar feeds', () => {
      it('gets or creates one active feed per user and per board; a board feed needs membership', async () => {
        const { alice, bob, boardA, boardB } = await twoWorkspaces()
        const mine = await getOrCreateUserFeed(db, alice)
        expect(mine.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
        expect(await getOrCreateUserFeed(db, alice)).toEqual(mine)
        expect(await getOrCreateUserFeed(db, bob)).not.toEqual(mine)

        const board = await getOrCreateBoardFeed(db, alice, boardA.id)
        expect(board).not.toBeNull()
        expect(board).not.toEqual(mine)
        expect(await getOrCreateBoardFeed(db, alice, boardA.id)).toEqual(board)
        expect(await getOrCreateBoardFeed(db, alice, boardB.id)).toBeNull()
        expect(await getOrCreateBoardFeed(db, alice, 'no-such-board')).toBeNull()
        const rows = await db
          .selectFrom('calendarFeed')
          .selectAll()
          .where('userId', '=', alice)
          .execute()
        expect(rows).toHaveLength(2)
      })

      it('concurrent get-or-creates make one feed', async () => {
        const { alice, boardA } = await twoWorkspaces()
        const users = await Promise.all(
          Array.from({ length: 5 }, () => getOrCreateUserFeed(db, alice)),
        )
        const boards = await Promise.all(
          Array.from({ length: 5 }, () => getOrCreateBoardFeed(db, alice, boardA.id)),
        )
        expect(new Set(users.map((f) => f.id)).size).toBe(1)
        expect(new Set(boards.map((f) => f?.id)).size).toBe(1)
      })

      it('lists the owner’s active feeds with board names, not those of boards they left', async () => {
        const { alice, bob, wsB, boardA, boardB } = await twoWorkspaces()
        await addMember(db, wsB.id, alice, ['client'])
        const board = await getOrCreateBoardFeed(db, alice, boardA.id)
        const mine = await getOrCreateUserFeed(db, alice)
        const secret = await getOrCreateBoardFeed(db, alice, boardB.id)
        await getOrCreateUserFeed(db, bob)
        expect(await listCalendarFeeds(db, alice)).toEqual([
          {
            id: mine.id,
            boardId: null,
            boardName: null,
            workspaceName: null,
            createdAt: expect.any(String),
            lastUsedAt: null,
          },
          {
            id: board!.id,
            boardId: boardA.id,
            boardName: 'Launch',
            workspaceName: 'Agency A',
            createdAt: expect.any(String),
            lastUsedAt: null,
          },
          expect.objectContaining({ id: secret!.id, boardName: 'Secret' }),
        ])
        await removeMember(db, wsB.id, alice)
        expect((await listCalendarFeeds(db, alice)).map((f) => f.id)).toEqual([mine.id, board!.id])
      })

      it('only the owner revokes; a revoked feed no longer opens and the next one is new', async () => {
        const { alice, bob, boardA } = await twoWorkspaces()
        const mine = await getOrCreateUserFeed(db, alice)
        const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
        expect(await openCalendarFeed(db, mine.id)).toEqual({
          feedId: mine.id,
          userId: alice,
          boardId: null,
        })
        expect(await openCalendarFeed(db, board.id)).toEqual({
          feedId: board.id,
          userId: alice,
          boardId: boardA.id,
          boardName: 'Launch',
        })
        expect(await openCalendarFeed(db, 'no-such-feed')).toBeNull()

        expect(await revokeCalendarFeed(db, bob, mine.id)).toBe(false)
        expect(await openCalendarFeed(db, mine.id)).not.toBeNull()
        expect(await revokeCalendarFeed(db, alice, mine.id)).toBe(true)
        expect(await revokeCalendarFeed(db, alice, mine.id)).toBe(false)
        expect(await openCalendarFeed(db, mine.id)).toBeNull()
        expect((await listCalendarFeeds(db, alice)).map((f) => f.id)).toEqual([board.id])

        const fresh = await getOrCreateUserFeed(db, alice)
        expect(fresh.id).not.toBe(mine.id)
        expect(await openCalendarFeed(db, fresh.id)).not.toBeNull()
      })

      it('a board feed stops opening when its owner leaves the workspace, and opens again on return', async () => {
        const { alice, wsA, boardA } = await twoWorkspaces()
        const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
        const mine = await getOrCreateUserFeed(db, alice)
        await removeMember(db, wsA.id, alice)
        expect(await openCalendarFeed(db, board.id)).toBeNull()
        expect(await openCalendarFeed(db, mine.id)).not.toBeNull()
        await addMember(db, wsA.id, alice, ['client'])
        expect(await openCalendarFeed(db, board.id)).not.toBeNull()
      })

      it('records lastUsedAt at most once a minute', async () => {
        const { alice } = await twoWorkspaces()
        const mine = await getOrCreateUserFeed(db, alice)
        const lastUsed = async () => (await listCalendarFeeds(db, alice))[0]?.lastUsedAt
        const t0 = new Date('2025-01-31T12:00:00.000Z')
        await openCalendarFeed(db, mine.id, t0)
        expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
        await openCalendarFeed(db, mine.id, new Date(t0.getTime() + 30_000))
        expect(await lastUsed()).toBe('2025-01-31T12:00:00.000Z')
        await openCalendarFeed(db, mine.id, new Date(t0.getTime() + 61_000))
        expect(await lastUsed()).toBe('2025-01-31T12:01:01.000Z')
      })

      it('deleting a board or a user removes their feeds', async () => {
        const { alice, bob, boardA } = await twoWorkspaces()
        const board = (await getOrCreateBoardFeed(db, alice, boardA.id))!
        const bobs = await getOrCreateUserFeed(db, bob)
        await db.deleteFrom('board').where('id', '=', boardA.id).execute()
        await db.deleteFrom('user').where('id', '=', bob).execute()
        expect(await openCalendarFeed(db, board.id)).toBeNull()
        expect(await openCalendarFeed(db, bobs.id)).toBeNull()
        expect(await db.selectFrom('calendarFeed').selectAll().execute()).toEqual([])
      })
    })

    describe('notifications', () => {
      const t0 = new Date('2026-03-02T09:00:00.000Z')
      const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)

      /** Alice and Carla in workspace A; Bob alone in B. */
      async function people() {
        const base = await twoWorkspaces()
        const carla = await seedUser(db, { email: 'carla@example.com', name: 'Carla' })
        await addMember(db, base.wsA.id, carla, ['cm'])
        return { ...base, carla }
      }

      function assigned(
        userId: string,
        boardId: string,
        fields: {
          cardId?: string
          dedupeKey?: string | null
          createdAt?: Date
          title?: string
        } = {},
      ): NewNotification {
        return {
          userId,
          boardId,
          cardId: fields.cardId ?? 'card-1',
          kind: 'assigned',
          data: {
            title: fields.title ?? 'Fall launch',
            actorName: 'Marco',
            stage: 'calendar',
            scheduledAt: null,
          },
          dedupeKey: fields.dedupeKey ?? null,
          createdAt: fields.createdAt ?? t0,
        }
      }

      it('an insert with a (user, dedupe key) already stored is skipped, also when racing; no key never is', async () => {
        const { alice, carla, boardA } = await people()
        const key = `due-soon:${boardA.id}:card-1:2026-03-02T10:00:00.000Z`
        const first = await insertNotifications(db, [
          assigned(alice, boardA.id, { dedupeKey: key }),
        ])
        expect(first).toEqual([{ id: expect.any(String), userId: alice }])
        expect(
          await insertNotifications(db, [assigned(alice, boardA.id, { dedupeKey: key })]),
        ).toEqual([])
        // two instances' timers at once: exactly one row
        const raced = await Promise.all([
          insertNotifications(db, [assigned(carla, boardA.id, { dedupeKey: key })]),
          insertNotifications(db, [assigned(carla, boardA.id, { dedupeKey: key })]),
        ])
        expect(raced.flat()).toHaveLength(1)
        // one batch holding a stored key and a new one stores only the new one
        const mixed = await insertNotifications(db, [
          assigned(alice, boardA.id, { dedupeKey: key }),
          assigned(alice, boardA.id, { dedupeKey: `${key}-2` }),
        ])
        expect(mixed).toHaveLength(1)
        await insertNotifications(db, [assigned(alice, boardA.id), assigned(alice, boardA.id)])
        const rows = await db.selectFrom('notification').select(['userId', 'dedupeKey']).execute()
        expect(rows.filter((r) => r.userId === alice)).toHaveLength(4)
        expect(rows.filter((r) => r.userId === carla)).toHaveLength(1)
      })

      it('lists the caller’s own, newest first with the board name and data, page by page', async () => {
        const { alice, carla, boardA } = await people()
        await insertNotifications(db, [
          assigned(alice, boardA.id, { cardId: 'old', createdAt: at(0), title: 'Old' }),
          assigned(alice, boardA.id, { cardId: 'tie-1', createdAt: at(5) }),
          assigned(alice, boardA.id, { cardId: 'tie-2', createdAt: at(5) }),
          assigned(alice, boardA.id, { cardId: 'new', createdAt: at(10) }),
          assigned(carla, boardA.id, { cardId: 'carlas', createdAt: at(20) }),
        ])
        const all = await listNotifications(db, alice, { limit: 10 })
        expect(all.map((n) => n.cardId)).toEqual([
          'new',
          expect.any(String),
          expect.any(String),
          'old',
        ])
        expect(all[3]).toEqual({
          id: expect.any(String),
          boardId: boardA.id,
          boardName: 'Launch',
          cardId: 'old',
          kind: 'assigned',
          data: { title: 'Old', actorName: 'Marco', stage: 'calendar', scheduledAt: null },
          createdAt: at(0).toISOString(),
          readAt: null,
        })
        // pages of one walk every row exactly once, ties included
        const walked: string[] = []
        let before: string | undefined
        for (;;) {
          const page = await listNotifications(db, alice, { limit: 1, before })
          if (page.length === 0) break
          walked.push(page[0]!.id)
          before = page[0]!.id
        }
        expect(walked).toEqual(all.map((n) => n.id))
        // someone else's id as a cursor reveals nothing
        const carlas = (await listNotifications(db, carla, { limit: 10 }))[0]!
        expect(await listNotifications(db, alice, { limit: 10, before: carlas.id })).toEqual([])
      })

      it('counts unread and marks read only the caller’s own notifications', async () => {
        const { alice, carla, boardA } = await people()
        await insertNotifications(db, [
          assigned(alice, boardA.id, { cardId: 'a1' }),
          assigned(alice, boardA.id, { cardId: 'a2' }),
          assigned(carla, boardA.id, { cardId: 'c1' }),
        ])
        const alices = await listNotifications(db, alice, { limit: 10 })
        const [carlas] = await listNotifications(db, carla, { limit: 10 })
        expect(await countUnreadNotifications(db, alice)).toBe(2)

        // Carla names Alice's ids: nothing changes
        expect(
          await markNotificationsRead(
            db,
            carla,
            alices.map((n) => n.id),
            at(1),
          ),
        ).toBe(0)
        expect(await countUnreadNotifications(db, alice)).toBe(2)

        expect(await markNotificationsRead(db, alice, [alices[0]!.id, carlas!.id], at(1))).toBe(1)
        expect(await markNotificationsRead(db, alice, [alices[0]!.id], at(2))).toBe(0)
        expect(await countUnreadNotifications(db, alice)).toBe(1)
        expect(await countUnreadNotifications(db, carla)).toBe(1)
        const read = (await listNotifications(db, alice, { limit: 10 })).find(
          (n) => n.id === alices[0]!.id,
        )
        expect(read?.readAt).toBe(at(1).toISOString())

        expect(await markAllNotificationsRead(db, alice, at(3))).toBe(1)
        expect(await countUnreadNotifications(db, alice)).toBe(0)
        expect(await countUnreadNotifications(db, carla)).toBe(1)
        expect(await notificationStates(db, [alice, carla, 'nobody'])).toEqual(
          new Map([
            [alice, { unread: 0, newest: t0.toISOString() }],
            [carla, { unread: 1, newest: t0.toISOString() }],
            ['nobody', { unread: 0, newest: null }],
          ]),
        )
      })

      it('hides what concerns a board the user can no longer see', async () => {
        const { carla, wsA, boardA } = await people()
        await insertNotifications(db, [assigned(carla, boardA.id)])
        expect(await countUnreadNotifications(db, carla)).toBe(1)
        await removeMember(db, wsA.id, carla)
        expect(await listNotifications(db, carla, { limit: 10 })).toEqual([])
        expect(await countUnreadNotifications(db, carla)).toBe(0)
        expect((await notificationStates(db, [carla])).get(carla)?.unread).toBe(0)
      })

      it('prunes read ones after 30 days and any after 90; deleting a board or user removes theirs', async () => {
        const { alice, carla, boardA } = await people()
        const day = 24 * 60 * 60_000
        const now = new Date(t0.getTime() + 100 * day)
        await insertNotifications(db, [
          assigned(alice, boardA.id, {
            cardId: 'read-old',
            createdAt: new Date(now.getTime() - 40 * day),
          }),
          assigned(alice, boardA.id, {
            cardId: 'read-new',
            createdAt: new Date(now.getTime() - 40 * day),
          }),
          assigned(alice, boardA.id, {
            cardId: 'unread',
            createdAt: new Date(now.getTime() - 40 * day),
          }),
          assigned(alice, boardA.id, {
            cardId: 'ancient',
            createdAt: new Date(now.getTime() - 91 * day),
          }),
        ])
        const ids = new Map(
          (await listNotifications(db, alice, { limit: 10 })).map((n) => [n.cardId, n.id]),
        )
        await markNotificationsRead(
          db,
          alice,
          [ids.get('read-old')!],
          new Date(now.getTime() - 31 * day),
        )
        await markNotificationsRead(
          db,
          alice,
          [ids.get('read-new')!],
          new Date(now.getTime() - 29 * day),
        )
        expect(await pruneNotifications(db, now)).toBe(2)
        const left = await listNotifications(db, alice, { limit: 10 })
        expect(left.map((n) => n.cardId).sort()).toEqual(['read-new', 'unread'])

        await insertNotifications(db, [assigned(carla, boardA.id)])
        await db.deleteFrom('user').where('id', '=', carla).execute()
        await db.deleteFrom('board').where('id', '=', boardA.id).execute()
        expect(await db.selectFrom('notification').selectAll().execute()).toEqual([])
      })

      it('finds who escalated a card last, at or before a moment', async () => {
        const { alice, carla, boardA } = await people()
        expect(await lastEscalation(db, boardA.id, 'card-1', at(60))).toBeNull()
        await recordStageEvents(db, [
          {
            boardId: boardA.id,
            cardId: 'card-1',
            fromStage: 'published',
            toStage: 'escalated',
            userId: carla,
            at: at(1),
          },
          {
            boardId: boardA.id,
            cardId: 'card-1',
            fromStage: 'escalated',
            toStage: 'monitored',
            userId: alice,
            at: at(2),
          },
          {
            boardId: boardA.id,
            cardId: 'card-1',
            fromStage: 'monitored',
            toStage: 'escalated',
            userId: alice,
            at: at(3),
          },
          {
            boardId: boardA.id,
            cardId: 'card-2',
            fromStage: 'monitored',
            toStage: 'escalated',
            userId: carla,
            at: at(4),
          },
        ])
        expect(await lastEscalation(db, boardA.id, 'card-1', at(60))).toEqual({
          userId: alice,
          at: at(3).toISOString(),
        })
        expect(await lastEscalation(db, boardA.id, 'card-1', at(2))).toEqual({
          userId: carla,
          at: at(1).toISOString(),
        })
      })

      it('reads the projection for the timers: scheduled calendar posts and open escalations', async () => {
        const { alice, boardA, boardB } = await people()
        const row = (boardId: string, cardId: string, fields: Record<string, unknown>) => ({
          boardId,
          cardId,
          title: cardId,
          stage: 'calendar',
          network: 'instagram',
          assigneeId: alice,
          scheduledAt: null,
          publishedAt: null,
          publishedUrl: null,
          campaign: null,
          severity: null,
          escalatedAt: null,
          archived: 0,
          updatedAt: t0.toISOString(),
          ...fields,
        })
        await db
          .insertInto('boardCard')
          .values([
            row(boardA.id, 'soon', { scheduledAt: at(30).toISOString() }),
            row(boardB.id, 'soon-b', { scheduledAt: at(45).toISOString() }),
            row(boardA.id, 'far', { scheduledAt: at(3 * 24 * 60).toISOString() }),
            row(boardA.id, 'unassigned', { scheduledAt: at(30).toISOString(), assigneeId: null }),
            row(boardA.id, 'archived', { scheduledAt: at(30).toISOString(), archived: 1 }),
            row(boardA.id, 'published', { scheduledAt: at(30).toISOString(), stage: 'published' }),
            row(boardA.id, 'esc', {
              stage: 'escalated',
              severity: 'high',
              escalatedAt: at(-10).toISOString(),
            }),
            row(boardA.id, 'esc-archived', {
              stage: 'escalated',
              severity: 'low',
              escalatedAt: at(-10).toISOString(),
              archived: 1,
            }),
          ])
          .execute()
        const scheduled = await listScheduledCards(db, t0, at(60))
        expect(scheduled.map((c) => c.cardId).sort()).toEqual(['soon', 'soon-b'])
        expect(scheduled.find((c) => c.cardId === 'soon')).toMatchObject({
          boardId: boardA.id,
          workspaceId: boardA.workspaceId,
          title: 'soon',
          assigneeId: alice,
          scheduledAt: at(30).toISOString(),
        })
        const open = await listOpenEscalations(db)
        expect(open.map((c) => c.cardId)).toEqual(['esc'])
        expect(JSON.parse(open[0]!.settings)).toMatchObject({
          rules: { slaMinutes: DEFAULT_RULES.slaMinutes },
        })
      })
    })

    describe('flow dashboards', () => {
      // Monday 2 March 2026, 00:00 UTC, plus days (and hours).
      const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))
      const days = (n: number) => n * DAY_MS
      const now = d(10)
      type Move = [card: string, from: Stage | null, to: Stage, at: Date, severity?: string]
      /**
       * The domain tests' five cards, and two more: G went calendar → published → escalated
       * (a crisis, still open) and H is archived in plan. Hand-computed figures below.
       */
      const HISTORY: Move[] = [
        ['A', null, 'strategy', d(0)],
        ['B', null, 'strategy', d(0)],
        ['H', null, 'strategy', d(0)],
        ['A', 'strategy', 'plan', d(1)],
        ['C', null, 'strategy', d(1)],
        ['G', null, 'calendar', d(1)],
        ['H', 'strategy', 'plan', d(1)],
        ['B', 'strategy', 'plan', d(2)],
        ['D', null, 'plan', d(2)],
        ['G', 'calendar', 'published', d(2)],
        ['A', 'plan', 'calendar', d(3)],
        ['C', 'strategy', 'plan', d(3)],
        ['A', 'calendar', 'published', d(4)],
        ['B', 'plan', 'calendar', d(4)],
        ['A', 'published', 'monitored', d(5)],
        ['B', 'calendar', 'plan', d(5)],
        ['D', 'plan', 'calendar', d(6)],
        ['E', null, 'strategy', d(6)],
        ['B', 'plan', 'calendar', d(7)],
        ['B', 'calendar', 'published', d(8)],
        ['G', 'published', 'escalated', d(8), 'crisis'],
      ]

      const card = projectedCard

      async function flowBoard() {
        const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
        const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })
        const carol = await seedUser(db, { email: 'carol@example.com', name: 'Carol' })
        const ws = await createWorkspace(db, { name: 'Agency' })
        await addMember(db, ws.id, alice, ['cm'])
        await addMember(db, ws.id, bob, ['cm'])
        await addMember(db, ws.id, carol, ['manager'])
        const board = await createBoard(db, {
          workspaceId: ws.id,
          name: 'Flow',
          settings: {
            wipLimits: { plan: 1 },
            rules: { ...DEFAULT_RULES, cmWipLimit: 3 },
          },
        })
        const other = await createBoard(db, { workspaceId: ws.id, name: 'Other' })
        await recordStageEvents(
          db,
          HISTORY.map(([cardId, fromStage, toStage, at, severity]) => ({
            boardId: board.id,
            cardId,
            fromStage,
            toStage,
            userId: carol,
            at,
            detail: severity ? { severity, reason: 'angry thread' } : null,
          })),
        )
        await upsertBoardCards(db, board.id, [
          card('A', {
            stage: 'monitored',
            campaign: 'Spring',
            objective: 'reach',
            assigneeId: alice,
          }),
          card('B', {
            stage: 'published',
            network: 'tiktok',
            campaign: 'Spring',
            objective: 'sales',
            assigneeId: bob,
          }),
          card('C', { stage: 'plan' }),
          card('D', { stage: 'calendar', assigneeId: alice, scheduledAt: d(9).toISOString() }),
          card('E', { network: 'x' }),
          card('G', {
            stage: 'escalated',
            network: 'x',
            assigneeId: bob,
            severity: 'crisis',
            escalatedAt: d(8).toISOString(),
          }),
          card('H', { stage: 'plan', archived: true }),
        ])
        // Another board's history: it does not count.
        await recordStageEvents(db, [
          {
            boardId: other.id,
            cardId: 'A',
            fromStage: null,
            toStage: 'plan',
            userId: null,
            at: d(2),
          },
          {
            boardId: other.id,
            cardId: 'A',
            fromStage: 'plan',
            toStage: 'published',
            userId: null,
            at: d(3),
          },
        ])
        await upsertBoardCards(db, other.id, [card('A', { stage: 'published' })])
        return { board, other, alice, bob, carol }
      }

      const domainEvents = () =>
        HISTORY.map(([cardId, fromStage, toStage, at]) => ({ cardId, fromStage, toStage, at }))
      /**
       * The stays the history describes, worked out here: each change closes the card's stay
       * in progress and opens one in its new stage (`leftAt` null: still there).
       */
      const historyStays = () => {
        const stays: { cardId: string; stage: Stage; enteredAt: Date; leftAt: Date | null }[] = []
        const open = new Map<string, (typeof stays)[number]>()
        const inTime = [...HISTORY].sort((a, b) => a[3].getTime() - b[3].getTime())
        for (const [cardId, , stage, enteredAt] of inTime) {
          const before = open.get(cardId)
          if (before) before.leftAt = enteredAt
          const stay = { cardId, stage, enteredAt, leftAt: null }
          stays.push(stay)
          open.set(cardId, stay)
        }
        return stays
      }

      it('reads the stays that ended in a period, whenever they began, and the escalations raised in it', async () => {
        const { board } = await flowBoard()
        // Over the whole history: the lengths of the stays that ended in the period, per
        // stage, in order.
        const expected = (from: Date, to: Date) => {
          const lengths: Partial<Record<Stage, number[]>> = {}
          for (const stay of historyStays()) {
            if (stay.leftAt === null || stay.leftAt < from || stay.leftAt >= to) continue
            const list = lengths[stay.stage] ?? []
            list.push(stay.leftAt.getTime() - stay.enteredAt.getTime())
            lengths[stay.stage] = list
          }
          return lengths
        }
        const read = async (filters: DashboardFilters, from: Date, to: Date) => {
          const lengths = await listStayLengths(db, board.id, filters, { from, to })
          return Object.fromEntries(
            Object.entries(lengths)
              .filter(([, values]) => values.length > 0)
              .map(([stage, values]) => [stage, [...values].sort((x, y) => x - y)]),
          )
        }
        const sorted = (lengths: Partial<Record<Stage, number[]>>) =>
          Object.fromEntries(
            Object.entries(lengths).map(([stage, values]) => [stage, values.sort((x, y) => x - y)]),
          )
        expect(await read({}, d(0), now)).toEqual(sorted(expected(d(0), now)))
        // B's two calendar visits (rework) are two stays.
        expect((await read({}, d(0), now)).calendar).toEqual([days(1), days(1), days(1), days(1)])
        // From day 3: stays begun before it (B in plan since day 2, D since day 2) are read
        // whole; a period that ends before a stay ended does not hold it.
        for (const [from, to] of [
          [d(3), d(7)],
          [d(4, 12), now],
          [d(0), d(4)],
        ] as const) {
          expect(await read({}, from, to)).toEqual(sorted(expected(from, to)))
        }
        // B is the only tiktok card: plan 2 and 2 days, calendar 1 and 1.
        expect(await read({ network: 'tiktok' }, d(3), now)).toEqual({
          plan: [days(2), days(2)],
          calendar: [days(1), days(1)],
        })
      })

      it('counts the escalations raised in a period that breached their SLA, as the domain defines it', async () => {
        const { board } = await flowBoard()
        const hour = 60 * 60 * 1000
        const h = (at: Date, hours: number) => new Date(at.getTime() + hours * hour)
        // [card, severity, raised, answered]; default SLA: crisis 1 h, high 4 h, low 48 h.
        const raised: Array<[string, string | null, Date, Date | null]> = [
          ['P', 'crisis', d(1), h(d(1), 0.5)], // answered in time
          ['Q', 'crisis', d(2), h(d(2), 2)], // answered late
          ['Q', 'high', d(3), h(d(3), 4)], // answered right at its deadline: in time
          ['R', 'high', d(3), null], // open, past its deadline now
          ['S', 'low', h(now, -1), null], // open, not yet past it
          ['T', null, d(2), null], // no severity: no deadline
          ['U', 'high', d(-1), d(1)], // raised before the period
        ]
        await recordStageEvents(
          db,
          raised.flatMap(([cardId, severity, at, answered]): NewStageEvent[] => [
            {
              boardId: board.id,
              cardId,
              fromStage: 'monitored' as const,
              toStage: 'escalated' as const,
              userId: null,
              at,
              detail:
                severity === null ? { reason: 'no severity' } : { severity, reason: 'thread' },
            },
            ...(answered === null
              ? []
              : [
                  {
                    boardId: board.id,
                    cardId,
                    fromStage: 'escalated' as const,
                    toStage: 'monitored' as const,
                    userId: null,
                    at: answered,
                    detail: { resolution: 'answered' },
                  },
                ]),
          ]),
        )
        await upsertBoardCards(
          db,
          board.id,
          ['P', 'Q', 'R', 'S', 'T', 'U'].map((id) =>
            card(id, { stage: 'monitored', network: id === 'Q' ? 'tiktok' : 'instagram' }),
          ),
        )
        const period = { from: d(0), to: now, now }
        // Raised in the period and answered after their deadline or still open past it: Q's
        // first, R's and G's (the fixture's crisis).
        expect(await countBreachedEscalations(db, board.id, {}, period, DEFAULT_RULES)).toBe(3)
        // Q is the only tiktok card here; B (tiktok) was never escalated.
        expect(
          await countBreachedEscalations(
            db,
            board.id,
            { network: 'tiktok' },
            period,
            DEFAULT_RULES,
          ),
        ).toBe(1)
        // The board's own SLA: with 3 h for a crisis Q was answered in time.
        const lenient = {
          ...DEFAULT_RULES,
          slaMinutes: { ...DEFAULT_RULES.slaMinutes, crisis: 180 },
        }
        expect(await countBreachedEscalations(db, board.id, {}, period, lenient)).toBe(2)
        // Earlier: at d(3, 2) R is not yet past its deadline; only Q's first has breached.
        const earlier = { from: d(0), to: d(3, 2), now: d(3, 2) }
        expect(await countBreachedEscalations(db, board.id, {}, earlier, DEFAULT_RULES)).toBe(1)
        expect(
          await countBreachedEscalations(
            db,
            board.id,
            {},
            { ...period, from: d(9) },
            DEFAULT_RULES,
          ),
        ).toBe(0)
      })

      it('reads first arrivals in published, stage counts at an instant and the period’s moves', async () => {
        const { board } = await flowBoard()
        const arrivals = await listPublishedArrivals(db, board.id, {}, { from: d(0), to: d(10) })
        expect(arrivals).toEqual([
          { cardId: 'A', startedAt: d(0), publishedAt: d(4) },
          { cardId: 'B', startedAt: d(0), publishedAt: d(8) },
          { cardId: 'G', startedAt: d(1), publishedAt: d(2) },
        ])
        expect(arrivals.map((a) => a.cardId)).toEqual(['A', 'B', 'G'])
        // From day 3: G was first published on day 2, so it is not this period's.
        const later = await listPublishedArrivals(db, board.id, {}, { from: d(3), to: d(10) })
        expect(later.map((a) => a.cardId)).toEqual(['A', 'B'])

        expect(await stageCountsAt(db, board.id, {}, d(0))).toEqual({})
        // Just before day 4: A calendar; B, C, D, H plan; E not yet; G published.
        expect(await stageCountsAt(db, board.id, {}, d(4))).toEqual({
          plan: 4,
          calendar: 1,
          published: 1,
        })
        // Every half day, early in the history (counted from its start) and late (counted back
        // from its end): the stays open just before that instant, worked out from the history.
        const stays = historyStays()
        for (let half = -1; half <= 20; half++) {
          const at = d(Math.floor(half / 2), half % 2 === 0 ? 0 : 12)
          const expected: Partial<Record<Stage, number>> = {}
          for (const stay of stays) {
            if (stay.enteredAt < at && (stay.leftAt === null || stay.leftAt >= at)) {
              expected[stay.stage] = (expected[stay.stage] ?? 0) + 1
            }
          }
          expect(await stageCountsAt(db, board.id, {}, at), at.toISOString()).toEqual(expected)
        }
        // Summed per day and stage, each change as a departure and an arrival, each day's at
        // its start (the period's, for the first).
        const moves = await listStageMoves(db, board.id, {}, { from: d(3, 12), to: d(6) })
        expect(moves).toEqual([
          { fromStage: 'plan', toStage: null, at: d(4), count: 1 },
          { fromStage: 'calendar', toStage: null, at: d(4), count: 1 },
          { fromStage: null, toStage: 'calendar', at: d(4), count: 1 },
          { fromStage: null, toStage: 'published', at: d(4), count: 1 },
          { fromStage: 'calendar', toStage: null, at: d(5), count: 1 },
          { fromStage: 'published', toStage: null, at: d(5), count: 1 },
          { fromStage: null, toStage: 'plan', at: d(5), count: 1 },
          { fromStage: null, toStage: 'monitored', at: d(5), count: 1 },
        ])
        const all = await listStageMoves(db, board.id, {}, { from: d(-1), to: now })
        const total = (side: 'fromStage' | 'toStage') =>
          all.filter((m) => m[side] !== null).reduce((n, m) => n + (m.count ?? 1), 0)
        // Every change arrives; all but each card's last (7 cards) have left.
        expect(total('toStage')).toBe(HISTORY.length)
        expect(total('fromStage')).toBe(HISTORY.length - 7)
        expect(all[0]).toEqual({ fromStage: null, toStage: 'strategy', at: d(0), count: 3 })
        // Days of the team's zone: Madrid is UTC+1, so day 4 starts at 23:00 UTC on day 3 (d(4, -1)).
        const madrid = await listStageMoves(
          db,
          board.id,
          {},
          { from: d(3, 12), to: d(6), timeZone: 'Europe/Madrid' },
        )
        expect(madrid.map((m) => [m.at, m.count])).toEqual([
          [d(4, -1), 1],
          [d(4, -1), 1],
          [d(4, -1), 1],
          [d(4, -1), 1],
          [d(5, -1), 1],
          [d(5, -1), 1],
          [d(5, -1), 1],
          [d(5, -1), 1],
        ])
      })

      it('sums changes per day of the team’s zone across a daylight-saving change', async () => {
        const { board } = await flowBoard()
        // London springs forward on Sunday 29 March 2026 at 01:00 UTC: that day lasts 23 hours,
        // from 00:00 UTC to 23:00 UTC; 23:30 UTC is already Monday the 30th there.
        const at = (iso: string) => new Date(iso)
        await recordStageEvents(
          db,
          [
            ['A', '2026-03-28T23:30:00.000Z'],
            ['B', '2026-03-29T00:30:00.000Z'],
            ['C', '2026-03-29T22:30:00.000Z'],
            ['D', '2026-03-29T23:30:00.000Z'],
            ['E', '2026-03-30T12:00:00.000Z'],
          ].map(([cardId, when]) => ({
            boardId: board.id,
            cardId: cardId!,
            fromStage: 'monitored' as const,
            toStage: 'escalated' as const,
            userId: null,
            at: at(when!),
          })),
        )
        const moves = await listStageMoves(
          db,
          board.id,
          {},
          {
            from: at('2026-03-28T00:00:00.000Z'),
            to: at('2026-04-01T00:00:00.000Z'),
            timeZone: 'Europe/London',
          },
        )
        // The arrivals in escalated (each change also leaves the stage its card was in).
        const arrivals = (list: FlowMove[]) =>
          list.filter((m) => m.toStage === 'escalated').map((m) => [m.at.toISOString(), m.count])
        expect(arrivals(moves)).toEqual([
          ['2026-03-28T00:00:00.000Z', 1],
          ['2026-03-29T00:00:00.000Z', 2],
          ['2026-03-29T23:00:00.000Z', 2],
        ])
        // New York is UTC−4 from 8 March: its days start at 04:00 UTC.
        const newYork = await listStageMoves(
          db,
          board.id,
          {},
          {
            from: at('2026-03-28T04:00:00.000Z'),
            to: at('2026-04-01T04:00:00.000Z'),
            timeZone: 'America/New_York',
          },
        )
        expect(arrivals(newYork)).toEqual([
          ['2026-03-28T04:00:00.000Z', 2],
          ['2026-03-29T04:00:00.000Z', 2],
          ['2026-03-30T04:00:00.000Z', 1],
        ])
      })

      it('reads the present: cards per stage, the oldest stay, waiting cards, loads, escalations', async () => {
        const { board, alice, bob } = await flowBoard()
        // H is archived: not on the board now.
        expect(await countCardsByStage(db, board.id)).toEqual({
          strategy: 1,
          plan: 1,
          calendar: 1,
          published: 1,
          monitored: 1,
          escalated: 1,
        })
        const present = await stagesNow(db, board.id)
        expect(present.plan).toEqual({ wip: 1, oldestEnteredAt: d(3).toISOString() })
        // D and G: the last entry into their stage, not their first.
        expect(present.calendar).toEqual({ wip: 1, oldestEnteredAt: d(6).toISOString() })
        expect(present.escalated).toEqual({ wip: 1, oldestEnteredAt: d(8).toISOString() })
        expect((await stagesNow(db, board.id, { network: 'x' })).plan).toEqual({
          wip: 0,
          oldestEnteredAt: null,
        })

        const waiting = await listWaitingSince(db, board.id, {}, { plan: d(4), strategy: d(7) })
        expect(waiting).toEqual([
          { cardId: 'C', title: 'Post C', stage: 'plan', enteredAt: d(3).toISOString() },
          { cardId: 'E', title: 'Post E', stage: 'strategy', enteredAt: d(6).toISOString() },
        ])
        expect(await listWaitingSince(db, board.id, {}, { plan: d(3) })).toEqual([])
        expect(await listWaitingSince(db, board.id, {}, {})).toEqual([])

        const loads = await listAssigneeLoads(db, board.id, {}, now)
        expect(Object.fromEntries(loads)).toEqual({
          [alice]: { assigned: 2, overdue: 1, wip: 1 },
          [bob]: { assigned: 2, overdue: 0, wip: 2 },
        })

        expect(await listEscalatedCards(db, board.id)).toEqual([
          { cardId: 'G', severity: 'crisis', escalatedAt: d(8).toISOString() },
        ])
        expect(await listEscalatedCards(db, board.id, { assigneeId: alice })).toEqual([])
      })

      it('builds the bottleneck review: WIP, time in stage, aging, load, escalations, the headline', async () => {
        const { board, alice, bob } = await flowBoard()
        const report = await bottlenecksReport(db, board, {
          filters: {},
          from: d(0),
          to: now,
          now,
        })
        expect(report.period).toEqual({ from: d(0).toISOString(), to: now.toISOString() })
        expect(report.previous).toEqual({ from: d(-10).toISOString(), to: d(0).toISOString() })
        const stage = (s: Stage) => report.stages.find((x) => x.stage === s)!
        // strategy stays: A 1, B 2, C 2, H 1 days; plan: A 2, B 2 and 2, D 4; calendar: A, B,
        // B, G 1 each; published: A 1, G 6.
        expect(stage('strategy')).toMatchObject({
          wip: 1,
          limit: null,
          stays: 4,
          medianMs: days(1),
          p85Ms: days(2),
        })
        expect(stage('plan')).toMatchObject({
          wip: 1,
          limit: 1,
          overLimit: false,
          stays: 4,
          medianMs: days(2),
          p85Ms: days(4),
          previousMedianMs: null,
        })
        expect(stage('calendar')).toMatchObject({
          wip: 1,
          stays: 4,
          medianMs: days(1),
          p85Ms: days(1),
        })
        expect(stage('published')).toMatchObject({
          wip: 1,
          stays: 2,
          medianMs: days(1),
          p85Ms: days(6),
        })
        expect(stage('escalated')).toMatchObject({ wip: 1, stays: 0, medianMs: null, aging: [] })
        // Longer than the stage's p85 now: C 7 days in plan, D 4 in calendar, E 4 in strategy.
        expect(stage('plan').aging).toEqual([{ cardId: 'C', title: 'Post C', msInStage: days(7) }])
        expect(stage('calendar').aging).toEqual([
          { cardId: 'D', title: 'Post D', msInStage: days(4) },
        ])
        expect(stage('strategy')).toMatchObject({ agingCount: 1, aging: [{ cardId: 'E' }] })
        expect(stage('published').agingCount).toBe(0)

        expect(report.cms).toEqual([
          { userId: alice, name: 'Alice', assigned: 2, overdue: 1, wip: 1, limit: 3 },
          { userId: bob, name: 'Bob', assigned: 2, overdue: 0, wip: 2, limit: 3 },
        ])
        // G: a crisis (1 h) raised on day 8, still open on day 10.
        expect(report.escalations).toEqual({ open: 1, breached: 1, breachedInPeriod: 1 })
        // Nothing over its limit; most waiting: plan (1 card × 2 days).
        expect(report.headline).toEqual({
          stage: 'plan',
          reason: 'slowest',
          wip: 1,
          limit: 1,
          medianMs: days(2),
          previousMedianMs: null,
          changePct: null,
          aging: 1,
        })
      })

      it('compares with the previous period of the same length', async () => {
        const { board } = await flowBoard()
        const report = await bottlenecksReport(db, board, { filters: {}, from: d(5), to: now, now })
        expect(report.previous).toEqual({ from: d(0).toISOString(), to: d(5).toISOString() })
        const plan = report.stages.find((s) => s.stage === 'plan')!
        // Ended days 5–10: B's second plan stay (2 days), D's (4). Days 0–5: A's and B's (2).
        expect(plan).toMatchObject({
          stays: 2,
          medianMs: days(2),
          p85Ms: days(4),
          previousMedianMs: days(2),
        })
        expect(report.headline).toMatchObject({
          stage: 'plan',
          previousMedianMs: days(2),
          changePct: 0,
        })
      })

      it('narrows every figure by network, campaign, objective and assignee', async () => {
        const { board, bob } = await flowBoard()
        const period = { from: d(0), to: now, now }
        const instagram = await bottlenecksReport(db, board, {
          ...period,
          filters: { network: 'instagram' },
        })
        // A, C and D (H is archived: its stays count, it is not on the board now).
        expect(Object.fromEntries(instagram.stages.map((s) => [s.stage, s.wip]))).toEqual({
          strategy: 0,
          plan: 1,
          calendar: 1,
          published: 0,
          monitored: 1,
          escalated: 0,
        })
        expect(instagram.stages[0]).toMatchObject({ stays: 3, medianMs: days(1) })
        expect(instagram.escalations).toEqual({ open: 0, breached: 0, breachedInPeriod: 0 })

        const spring = await pipelineReport(db, board, {
          ...period,
          filters: { campaign: 'Spring' },
        })
        expect(spring.leadTime.days).toEqual([4, 8])
        const sales = await pipelineReport(db, board, {
          ...period,
          filters: { objective: 'sales' },
        })
        expect(sales.counts.published).toBe(1)
        expect(sales.leadTime.days).toEqual([8])
        expect(sales.cfd.at(-1)?.counts.strategy).toBe(1)

        const bobs = await bottlenecksReport(db, board, { ...period, filters: { assigneeId: bob } })
        expect(bobs.cms.map((c) => c.userId)).toEqual([bob])
        expect(bobs.escalations.open).toBe(1)
        expect(bobs.stages.filter((s) => s.wip > 0).map((s) => s.stage)).toEqual([
          'published',
          'escalated',
        ])
      })

      it('reads the same figures from the cards that pass a filter as from the whole history', async () => {
        const { board } = await flowBoard()
        // Every card in one campaign: the filtered queries (which read the passing cards'
        // histories) must agree with the unfiltered ones (which read the history's indexes).
        await db
          .updateTable('boardCard')
          .set({ campaign: 'All' })
          .where('boardId', '=', board.id)
          .execute()
        for (const [from, timeZone] of [
          [d(0), 'UTC'],
          [d(3, 12), 'Europe/Madrid'],
          [d(-3), 'America/Mexico_City'],
        ] as const) {
          const query = (filters: DashboardFilters) => ({ filters, from, to: now, now })
          const all = await bottlenecksReport(db, board, query({}))
          expect(await bottlenecksReport(db, board, query({ campaign: 'All' }))).toEqual(all)
          const pipeline = await pipelineReport(db, board, query({}))
          expect(await pipelineReport(db, board, query({ campaign: 'All' }))).toEqual(pipeline)
          const period = { from, to: now, timeZone }
          expect(await listStageMoves(db, board.id, { campaign: 'All' }, period)).toEqual(
            await listStageMoves(db, board.id, {}, period),
          )
          expect(await stageCountsAt(db, board.id, { campaign: 'All' }, d(4))).toEqual(
            await stageCountsAt(db, board.id, {}, d(4)),
          )
        }
        // And a filter no card passes reads nothing of the history.
        const none = await pipelineReport(db, board, {
          filters: { campaign: 'None' },
          from: d(0),
          to: now,
          now,
        })
        expect(none.leadTime.days).toEqual([])
        expect(none.cfd.at(-1)?.counts.strategy).toBe(0)
      })

      it('builds the pipeline: counts, weekly throughput, lead time, cumulative flow, forecast', async () => {
        const { board } = await flowBoard()
        const report = await pipelineReport(db, board, { filters: {}, from: d(0), to: now, now })
        expect(report.period).toEqual({ from: d(0).toISOString(), to: now.toISOString() })
        expect(report.counts).toEqual({
          strategy: 1,
          plan: 1,
          calendar: 1,
          published: 1,
          monitored: 1,
          escalated: 1,
        })
        expect(report.throughput).toEqual([
          { weekStart: '2026-03-02', published: 2 },
          { weekStart: '2026-03-09', published: 1 },
        ])
        // G 1 day, A 4, B 8.
        expect(report.leadTime).toEqual({ days: [1, 4, 8], medianDays: 4, p85Days: 8 })
        expect(report.cfd).toEqual(
          cumulativeFlow(
            domainEvents().map(({ fromStage, toStage, at }) => ({ fromStage, toStage, at })),
            { from: d(0), to: now },
          ),
        )
        expect(report.cfd).toHaveLength(10)
        expect(report.cfd[0]).toEqual({
          day: '2026-03-02',
          counts: { strategy: 3, plan: 0, calendar: 0, published: 0, monitored: 0, escalated: 0 },
        })
        expect(report.cfd[9]).toEqual({
          day: '2026-03-11',
          counts: { strategy: 7, plan: 6, calendar: 4, published: 3, monitored: 2, escalated: 1 },
        })
        // One whole week (days 3–10) delivered A and B; C and D are the backlog: one week.
        expect(report.forecast).toEqual({
          backlog: 2,
          date: new Date(now.getTime() + WEEK_MS).toISOString(),
          weeks: 1,
          basedOnWeeks: 1,
        })
        // From a later start the cumulative flow starts from the state then.
        const later = await pipelineReport(db, board, { filters: {}, from: d(4), to: now, now })
        expect(later.cfd).toEqual(report.cfd.slice(4))
      })
    })
  })
}
