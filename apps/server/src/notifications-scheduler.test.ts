import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  addMember,
  createBoard,
  createWorkspace,
  type Database,
  insertNotifications,
  listNotifications,
  migrateToLatest,
  openDatabase,
} from '@pauta/db'
import { DEFAULT_BOARD_SETTINGS, DEFAULT_RULES, type Role } from '@pauta/domain'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNotificationScheduler } from './notifications-scheduler.ts'
import { eventually } from './test-server.ts'

let dataDir: string
let database: Database
const stops: Array<() => Promise<void>> = []

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-scheduler-'))
  database = await openDatabase({ dataDir })
  await migrateToLatest(database.db)
})

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
  await database.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const now = new Date('2026-03-02T09:00:00.000Z')
const minutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString()

async function person(workspaceId: string, roles: Role[], name: string): Promise<string> {
  const id = randomUUID()
  await database.db
    .insertInto('user')
    .values({
      id,
      name,
      email: `${name}-${id}@example.com`,
      emailVerified: 0,
      image: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .execute()
  await addMember(database.db, workspaceId, id, roles)
  return id
}

async function team() {
  const workspace = await createWorkspace(database.db, { name: 'Agency' })
  const board = await createBoard(database.db, { workspaceId: workspace.id, name: 'Board' })
  return {
    workspace,
    board,
    strategist: await person(workspace.id, ['strategist'], 'estela'),
    manager: await person(workspace.id, ['manager'], 'marco'),
    founder: await person(workspace.id, ['strategist', 'manager'], 'lucia'),
    cm: await person(workspace.id, ['cm'], 'carla'),
  }
}

/** A row of the card projection, as the server's projection writes it. */
async function projected(boardId: string, cardId: string, fields: Record<string, unknown>) {
  await database.db
    .insertInto('boardCard')
    .values({
      boardId,
      cardId,
      title: `Post ${cardId}`,
      stage: 'calendar',
      network: 'instagram',
      assigneeId: null,
      scheduledAt: null,
      publishedAt: null,
      publishedUrl: null,
      campaign: null,
      severity: null,
      escalatedAt: null,
      archived: 0,
      updatedAt: now.toISOString(),
      ...fields,
    })
    .onConflict((oc) =>
      oc.columns(['boardId', 'cardId']).doUpdateSet({
        scheduledAt: (eb) => eb.ref('excluded.scheduledAt'),
      }),
    )
    .execute()
}

function scheduler(sink?: { changed(ids: readonly string[]): void }) {
  const errors: unknown[] = []
  const s = createNotificationScheduler(database, {
    onError: (error) => errors.push(error),
    now: () => now,
    ...(sink ? { sink } : {}),
  })
  stops.push(() => s.stop())
  return { s, errors }
}

const kindsOf = async (userId: string) =>
  (await listNotifications(database.db, userId, { limit: 50 })).map((n) => `${n.kind}:${n.cardId}`)

describe('due soon', () => {
  it('warns the assignee once per (post, scheduled time), whoever runs it how often', async () => {
    const { board, cm, manager } = await team()
    await projected(board.id, 'soon', { assigneeId: cm, scheduledAt: minutes(45) })
    await projected(board.id, 'later', { assigneeId: cm, scheduledAt: minutes(61) })
    await projected(board.id, 'past', { assigneeId: cm, scheduledAt: minutes(-1) })
    await projected(board.id, 'free', { assigneeId: null, scheduledAt: minutes(30) })
    await projected(board.id, 'archived', { assigneeId: cm, scheduledAt: minutes(30), archived: 1 })
    await projected(board.id, 'out', {
      assigneeId: cm,
      scheduledAt: minutes(30),
      stage: 'published',
    })
    await projected(board.id, 'stranger', { assigneeId: 'not-a-member', scheduledAt: minutes(30) })

    const told: string[] = []
    const first = scheduler({ changed: (ids) => told.push(...ids) })
    // a second instance with its own scheduler, racing the first
    const second = scheduler()
    const counts = await Promise.all([first.s.runOnce(), second.s.runOnce()])
    expect(counts.sort()).toEqual([0, 1])
    expect(await first.s.runOnce()).toBe(0)
    expect(await kindsOf(cm)).toEqual(['due-soon:soon'])
    expect(await kindsOf(manager)).toEqual([])
    const [note] = await listNotifications(database.db, cm, { limit: 1 })
    expect(note).toMatchObject({
      data: { title: 'Post soon', scheduledAt: minutes(45), network: 'instagram' },
      createdAt: now.toISOString(),
    })
    expect(first.errors).toEqual([])

    // rescheduled: a new time is a new warning
    await projected(board.id, 'soon', { scheduledAt: minutes(50) })
    expect(await first.s.runOnce()).toBe(1)
    expect(await kindsOf(cm)).toEqual(['due-soon:soon', 'due-soon:soon'])
    // an offset spelling of the same instant is the same warning
    await projected(board.id, 'soon', { scheduledAt: '2026-03-02T10:50:00+01:00' })
    expect(await first.s.runOnce()).toBe(0)
  })
})

describe('SLA about to breach', () => {
  it('warns the managers, and for a crisis the strategists, once per escalation', async () => {
    const { board, strategist, manager, founder, cm } = await team()
    // crisis: 60 min SLA, warned within its last 15 min
    await projected(board.id, 'crisis', {
      stage: 'escalated',
      severity: 'crisis',
      assigneeId: cm,
      escalatedAt: minutes(-50),
    })
    // high: 4 h SLA, warned within its last 30 min
    await projected(board.id, 'high', {
      stage: 'escalated',
      severity: 'high',
      escalatedAt: minutes(-220),
    })
    await projected(board.id, 'early', {
      stage: 'escalated',
      severity: 'high',
      escalatedAt: minutes(-60),
    })
    await projected(board.id, 'breached', {
      stage: 'escalated',
      severity: 'crisis',
      escalatedAt: minutes(-61),
    })
    const { s, errors } = scheduler()
    expect(await s.runOnce()).toBe(3 + 2)
    expect(await s.runOnce()).toBe(0)
    expect(errors).toEqual([])
    expect((await kindsOf(manager)).sort()).toEqual(['sla-soon:crisis', 'sla-soon:high'])
    expect((await kindsOf(founder)).sort()).toEqual(['sla-soon:crisis', 'sla-soon:high'])
    expect(await kindsOf(strategist)).toEqual(['sla-soon:crisis'])
    expect(await kindsOf(cm)).toEqual([])
    const crisis = (await listNotifications(database.db, strategist, { limit: 1 }))[0]
    expect(crisis?.data).toEqual({
      title: 'Post crisis',
      severity: 'crisis',
      deadline: minutes(10),
    })
  })

  it('follows the board’s own SLA', async () => {
    const { workspace, manager, founder, strategist } = await team()
    const strict = await createBoard(database.db, {
      workspaceId: workspace.id,
      name: 'Strict',
      settings: {
        ...DEFAULT_BOARD_SETTINGS,
        rules: { ...DEFAULT_RULES, slaMinutes: { ...DEFAULT_RULES.slaMinutes, low: 40 } },
      },
    })
    // 40 min SLA: warned within its last 10 min
    await projected(strict.id, 'low', {
      stage: 'escalated',
      severity: 'low',
      escalatedAt: minutes(-31),
    })
    const { s } = scheduler()
    expect(await s.runOnce()).toBe(2)
    expect(await kindsOf(manager)).toEqual(['sla-soon:low'])
    expect(await kindsOf(founder)).toEqual(['sla-soon:low'])
    expect(await kindsOf(strategist)).toEqual([])
  })
})

describe('the timer', () => {
  it('runs a round every interval until stopped, and prunes old notifications', async () => {
    const { board, cm } = await team()
    const day = 24 * 60 * 60_000
    await insertNotifications(database.db, [
      {
        userId: cm,
        boardId: board.id,
        cardId: 'ancient',
        kind: 'due-soon',
        data: { title: 'Ancient', scheduledAt: minutes(0), network: null },
        dedupeKey: null,
        createdAt: new Date(now.getTime() - 91 * day),
      },
    ])
    await projected(board.id, 'soon', { assigneeId: cm, scheduledAt: minutes(10) })
    const errors: unknown[] = []
    const s = createNotificationScheduler(database, {
      onError: (error) => errors.push(error),
      now: () => now,
      intervalMs: 20,
    })
    stops.push(() => s.stop())
    s.start()
    await eventually(async () => expect(await kindsOf(cm)).toEqual(['due-soon:soon']))
    await s.stop()
    await projected(board.id, 'soon-2', { assigneeId: cm, scheduledAt: minutes(20) })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await kindsOf(cm)).toEqual(['due-soon:soon'])
    expect(errors).toEqual([])
  })
})
