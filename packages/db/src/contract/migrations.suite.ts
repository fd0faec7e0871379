import { type Kysely, Migrator, sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  appendUpdate,
  createBoard,
  createInvitation,
  createWorkspace,
  type DB,
  findInvitationByToken,
  getMemberRoles,
  getUser,
  listAssignmentEvents,
  listBoardsForUser,
  listStageEvents,
  loadDocument,
  MIGRATIONS,
  migrateToLatest,
  recordCardEvents,
  recordStageEvents,
} from '../index.ts'
import { bytes, type Contract, seedUser } from './context.ts'

/** Every table the migrations create. */
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
  'blob',
  'blobChunk',
  'media',
  'mediaRef',
] as const

/** The contract of `migrations.ts` and of the schema it builds: tables, upgrades, foreign keys, cascades. */
export function migrationsSuite(contract: Contract): void {
  describe('migrations', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[MIG1] creates every table, and running them again changes nothing', async () => {
      await migrateToLatest(db)
      db = await contract.reopen()
      await migrateToLatest(db)
      const tables = (await db.introspection.getTables()).map((table) => table.name)
      for (const table of TABLES) expect(tables).toContain(table)
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
      expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS))
    })

    it('[MIG2] re-runs cleanly after a start that died before recording the migration', async () => {
      const alice = await seedUser(db, { email: 'alice@example.com' })
      await sql`delete from kysely_migration`.execute(db)
      await migrateToLatest(db)
      expect((await getUser(db, alice))?.email).toBe('alice@example.com')
    })

    it('[MIG3] 0002 applies on top of a database that only 0001 created; old stage events read with no detail', async () => {
      const names = Object.keys(MIGRATIONS)
      expect(names.slice(0, 2)).toEqual(['0001_initial', '0002_invitations_history'])
      const oldStore = await contract.newStore()
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
      const oldStore = await contract.newStore()
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

    it('[MIG4] [HIST3] 0005 fills in the stays of a history written before it', async () => {
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

    it('[MIG5] [HIST5] 0006 fills in the severity each escalation written before it was raised with', async () => {
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

    it('[SCHEMA1] enforces foreign keys (a document update needs its board)', async () => {
      await expect(appendUpdate(db, 'no-such-board', bytes(1))).rejects.toThrow()
    })

    it('[SCHEMA2] cascades: deleting a workspace removes its boards, members and their documents', async () => {
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
}
