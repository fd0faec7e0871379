import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildCard } from '@pauta/board'
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
import type { Card } from '@pauta/domain'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNotifier } from './notifications.ts'
import { dueSoonSettled } from './notifications-settled.ts'
import type { BoardUser } from './sync-hooks.ts'

const post: Card = {
  ...buildCard({ title: 'Reel' }, { userId: 'marco', id: 'p1' }),
  stage: 'calendar',
  assigneeId: 'carla',
  scheduledAt: '2026-03-02T10:00:00.000Z',
  network: 'instagram',
}

describe('a "due soon" reminder that no longer calls for anything', () => {
  it('is settled when the post goes out, leaves the calendar, is archived, moved or reassigned', () => {
    const after = (fields: Partial<Card>) => [
      { id: 'p1', before: post, after: { ...post, ...fields } },
    ]
    expect(dueSoonSettled(after({ stage: 'published', publishedAt: post.scheduledAt }))).toEqual([
      'p1',
    ])
    expect(dueSoonSettled(after({ stage: 'plan' }))).toEqual(['p1'])
    expect(dueSoonSettled(after({ archived: true }))).toEqual(['p1'])
    expect(dueSoonSettled(after({ scheduledAt: '2026-03-02T12:00:00.000Z' }))).toEqual(['p1'])
    expect(dueSoonSettled(after({ assigneeId: 'diego' }))).toEqual(['p1'])
  })

  it('stays while the post waits as it was, and for a card that was never in the calendar', () => {
    expect(
      dueSoonSettled([{ id: 'p1', before: post, after: { ...post, title: 'Reel!' } }]),
    ).toEqual([])
    expect(dueSoonSettled([{ id: 'p1', before: null, after: post }])).toEqual([])
    const planned = { ...post, stage: 'plan' as const }
    expect(dueSoonSettled([{ id: 'p1', before: planned, after: post }])).toEqual([])
  })
})

describe('publishing a post clears its "due soon" from the bell', () => {
  let dataDir: string
  let database: Database

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-settled-'))
    database = await openDatabase({ dataDir })
    await migrateToLatest(database.db)
  })

  afterEach(async () => {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('removes the reminder for its assignee, tells their bell, and leaves other posts’ alone', async () => {
    const workspace = await createWorkspace(database.db, { name: 'Agency' })
    const board = await createBoard(database.db, { workspaceId: workspace.id, name: 'Board' })
    const userId = 'carla'
    await database.db
      .insertInto('user')
      .values({
        id: userId,
        name: 'Carla',
        email: 'carla@example.com',
        emailVerified: 0,
        image: null,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      })
      .execute()
    await addMember(database.db, workspace.id, userId, ['cm'])
    const reminder = (cardId: string) => ({
      kind: 'due-soon' as const,
      userId,
      boardId: board.id,
      cardId,
      data: { title: 'Reel', scheduledAt: post.scheduledAt!, network: 'instagram' },
      dedupeKey: `due-soon:${board.id}:${cardId}:${post.scheduledAt}`,
      createdAt: new Date(),
    })
    await insertNotifications(database.db, [reminder('p1'), reminder('p2')])

    const told: string[] = []
    const errors: unknown[] = []
    const notifier = createNotifier(database, (error) => errors.push(error), {
      changed: (ids) => told.push(...ids),
    })
    notifier.cardsChanged?.({
      boardId: board.id,
      workspaceId: workspace.id,
      actor: { id: userId, name: 'Carla' } as BoardUser,
      diffs: [
        {
          id: 'p1',
          before: post,
          after: { ...post, stage: 'published', publishedAt: '2026-03-02T09:58:00.000Z' },
        },
      ],
      at: new Date(),
    })
    await notifier.idle()

    expect(errors).toEqual([])
    const left = await listNotifications(database.db, userId, { limit: 10 })
    expect(left.map((n) => `${n.kind}:${n.cardId}`)).toEqual(['due-soon:p2'])
    expect(told).toEqual([userId])
  })
})
