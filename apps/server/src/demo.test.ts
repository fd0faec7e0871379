import { columns } from '@pauta/board'
import {
  findUserByEmail,
  getMedia,
  getMemberRoles,
  getWorkspaceLists,
  listAllBoards,
  listMediaRefs,
  listStageEvents,
  loadDocument,
} from '@pauta/db'
import { STAGES } from '@pauta/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './demo.ts'
import { startTestServer, type TestServer } from './test-server.ts'

describe('demo workspace', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
    await seedDemo(
      t.database,
      t.server.auth,
      new Date('2026-11-23T12:00:00Z'),
      t.server.media.blobs,
    )
  })
  afterAll(() => t.dispose())

  it('puts described pictures on a few posts, kept as listed files', async () => {
    const [board] = await listAllBoards(t.database.db)
    const stored = await loadDocument(t.database.db, board!.id)
    const doc = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    const withMedia = Object.values(columns(doc))
      .flat()
      .filter((card) => card.media.length > 0)
    expect(withMedia.map((card) => card.media.length).sort()).toEqual([1, 1, 2])
    for (const card of withMedia)
      for (const item of card.media) {
        expect(item.kind).toBe('image')
        expect(item.alt.length).toBeGreaterThan(20)
        expect(
          await t.server.media.blobs.size((await getMedia(t.database.db, item.id))!.hash),
        ).toBeGreaterThan(1000)
      }
    // listed, so no sweep frees them
    const refs = await listMediaRefs(t.database.db, board!.id)
    expect(refs.flatMap((ref) => ref.mediaIds)).toHaveLength(4)
  })

  it('holds one board of about 40 cards spread over all six stages', async () => {
    const [board] = await listAllBoards(t.database.db)
    const stored = await loadDocument(t.database.db, board!.id)
    const doc = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    const board6 = columns(doc)
    const visible = STAGES.reduce((n, stage) => n + board6[stage].length, 0)
    expect(visible).toBeGreaterThanOrEqual(36)
    expect(visible).toBeLessThanOrEqual(44)
    for (const stage of STAGES) expect(board6[stage].length).toBeGreaterThan(0)
    // Scheduled from now on, but for one overdue post (My posts shows it first).
    const now = '2026-11-23T12:00:00.000Z'
    expect(board6.calendar.filter((card) => card.scheduledAt! < now)).toHaveLength(1)
    expect(
      board6.calendar.filter((card) => card.scheduledAt === '2026-11-23T12:50:00.000Z'),
    ).toHaveLength(1)
    // All calendar posts have a community manager but one, released for someone to take.
    expect(board6.calendar.filter((card) => card.assigneeId === null)).toHaveLength(1)
    for (const stage of ['published', 'monitored', 'escalated'] as const)
      for (const card of board6[stage]) expect(card.publishedUrl).toMatch(/^https:\/\//)
    for (const card of board6.monitored) expect(card.monitoring).toHaveLength(1)
    // Every escalation runs an SLA clock, some comfortably, one nearly out, one past it.
    for (const card of board6.escalated) {
      expect(card.severity).not.toBeNull()
      expect(card.escalatedAt! < now).toBe(true)
      expect(card.escalationUrl).toMatch(/^https:\/\//)
    }
    // every card can be cut by campaign and objective, from the workspace's lists
    const lists = await getWorkspaceLists(t.database.db, board!.workspaceId)
    expect(lists.objectives.length).toBeGreaterThan(2)
    for (const stage of STAGES) {
      for (const card of board6[stage]) {
        expect(lists.objectives).toContain(card.objective)
        if (card.campaign) expect(lists.campaigns).toContain(card.campaign)
      }
    }
    expect(board6.escalated.map((card) => card.severity).sort()).toEqual([
      'crisis',
      'high',
      'low',
      'medium',
    ])
  })

  it('has several weeks of stage history, every step a real forward move', async () => {
    const [board] = await listAllBoards(t.database.db)
    const events = await listStageEvents(t.database.db, board!.id)
    const first = new Date(events[0]!.at).getTime()
    const last = new Date(events.at(-1)!.at).getTime()
    expect((last - first) / 86_400_000).toBeGreaterThan(21)
    for (const e of events) {
      if (e.fromStage) expect(STAGES.indexOf(e.toStage)).toBe(STAGES.indexOf(e.fromStage) + 1)
    }
  })

  it('gives the demo account every working role, and each person their own', async () => {
    const [board] = await listAllBoards(t.database.db)
    const roles = async (email: string) =>
      getMemberRoles(
        t.database.db,
        board!.workspaceId,
        (await findUserByEmail(t.database.db, email))!.id,
      )
    expect(await roles(DEMO_EMAIL)).toEqual(['strategist', 'manager', 'cm'])
    expect(await roles('lucia@pauta.app')).toEqual(['client'])
  })

  it('lets the printed demo account sign in', async () => {
    const res = await fetch(`${t.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
    })
    expect(res.status).toBe(200)
  })
})
