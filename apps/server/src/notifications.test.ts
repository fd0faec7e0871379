import { buildCard, createCard, getCard, moveCard } from '@pauta/board'
import { createBoard, createWorkspace, insertNotifications, recordStageEvents } from '@pauta/db'
import type { Card } from '@pauta/domain'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier } from './notifications.ts'
import type { BoardUser } from './sync-hooks.ts'
import {
  addTestUser,
  callTrpc,
  connect,
  eventually,
  startTestServer,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

interface Item {
  id: string
  boardId: string | null
  boardName: string | null
  cardId: string | null
  kind: string
  data: Record<string, unknown>
  createdAt: string
  readAt: string | null
}

let t: TestServer
let workspaceId: string
const u = {} as Record<
  'manager' | 'cm' | 'strategist' | 'founder' | 'otherCm' | 'outsider',
  TestUser
>
const cleanups: Array<() => unknown> = []

beforeAll(async () => {
  // The scheduler's own timer stays out of the way (tests run rounds with a fixed clock);
  // live subscriptions read SQL every 200 ms for what other instances stored.
  t = await startTestServer({
    serverOptions: { notifications: { intervalMs: 3_600_000, livePollMs: 200 } },
  })
  const workspace = await createWorkspace(t.database.db, { name: 'Agency' })
  const other = await createWorkspace(t.database.db, { name: 'Elsewhere' })
  workspaceId = workspace.id
  u.manager = await addTestUser(t, workspace.id, ['manager'])
  u.cm = await addTestUser(t, workspace.id, ['cm'])
  u.strategist = await addTestUser(t, workspace.id, ['strategist'])
  // holds every role: still told once
  u.founder = await addTestUser(t, workspace.id, ['strategist', 'manager', 'cm'])
  u.otherCm = await addTestUser(t, workspace.id, ['cm'])
  u.outsider = await addTestUser(t, other.id, ['strategist', 'manager', 'cm'])
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await t?.dispose()
})

async function list(user: TestUser, input: Record<string, unknown> = {}): Promise<Item[]> {
  const res = await callTrpc(t, 'notifications.list', input, { query: true, token: user.token })
  expect(res.status).toBe(200)
  return res.data as Item[]
}

async function unread(user: TestUser): Promise<number> {
  const res = await callTrpc(t, 'notifications.unreadCount', null, {
    query: true,
    token: user.token,
  })
  return res.data as number
}

const kinds = async (user: TestUser) => (await list(user)).map((n) => n.kind).sort()

function open(boardId: string, user: TestUser) {
  const client = connect(t, boardId, user.token)
  cleanups.push(() => client.provider.destroy())
  return client
}

async function newBoard(name: string) {
  return createBoard(t.database.db, { workspaceId, name })
}

/** What the card projection holds for a calendar post (written here, not waited for). */
async function project(boardId: string, card: Card): Promise<void> {
  const row = {
    boardId,
    cardId: card.id,
    title: card.title,
    stage: card.stage,
    network: card.network,
    assigneeId: card.assigneeId,
    scheduledAt: card.scheduledAt,
    publishedAt: card.publishedAt,
    publishedUrl: card.publishedUrl,
    campaign: card.campaign,
    severity: card.severity,
    escalatedAt: card.escalatedAt,
    archived: card.archived ? 1 : 0,
    updatedAt: new Date().toISOString(),
  }
  const { boardId: _b, cardId: _c, ...fields } = row
  await t.database.db
    .insertInto('boardCard')
    .values(row)
    .onConflict((oc) => oc.columns(['boardId', 'cardId']).doUpdateSet(fields))
    .execute()
}

describe('notifications from real board changes', () => {
  it('assigned, due soon once, a crisis escalation to every lead, its resolution to the CM', async () => {
    const board = await newBoard('Launch board')
    const manager = open(board.id, u.manager)
    const cm = open(board.id, u.cm)
    await Promise.all([waitForSync(manager.provider), waitForSync(cm.provider)])

    // The scheduler's clock, fixed: the start of this minute (near now, as the notifications
    // made by the changes below are; a round also prunes by it).
    const clock = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    const scheduledAt = new Date(clock.getTime() + 30 * 60_000).toISOString()

    // A manager plans a post and schedules it into the calendar for the CM.
    createCard(
      manager.doc,
      { title: 'Fall launch', stage: 'plan' },
      { userId: u.manager.id, id: 'post' },
    )
    moveCard(
      manager.doc,
      'post',
      { stage: 'calendar', index: 0 },
      { assigneeId: u.cm.id, scheduledAt, network: 'instagram' },
    )
    await eventually(async () => expect(await kinds(u.cm)).toEqual(['assigned']))
    const [assigned] = await list(u.cm)
    expect(assigned).toMatchObject({
      boardId: board.id,
      boardName: 'Launch board',
      cardId: 'post',
      kind: 'assigned',
      data: { title: 'Fall launch', actorName: u.manager.name, stage: 'calendar', scheduledAt },
      readAt: null,
    })
    expect(await list(u.manager)).toEqual([])

    // The scheduler, half an hour before the post, twice and a minute later: one warning.
    await eventually(() => expect(getCard(cm.doc, 'post')?.stage).toBe('calendar'))
    await project(board.id, getCard(cm.doc, 'post')!)
    const { scheduler } = t.server.notifications
    expect(await scheduler.runOnce(clock)).toBe(1)
    expect(await scheduler.runOnce(clock)).toBe(0)
    expect(await scheduler.runOnce(new Date(clock.getTime() + 60_000))).toBe(0)
    const dueSoon = (await list(u.cm)).filter((n) => n.kind === 'due-soon')
    expect(dueSoon).toEqual([
      expect.objectContaining({
        cardId: 'post',
        data: { title: 'Fall launch', scheduledAt, network: 'instagram' },
        createdAt: clock.toISOString(),
      }),
    ])
    for (const lead of [u.manager, u.strategist, u.founder]) expect(await list(lead)).toEqual([])

    // The CM publishes, then escalates a crisis.
    moveCard(cm.doc, 'post', { stage: 'published', index: 0 }, { publishedAt: scheduledAt })
    moveCard(
      cm.doc,
      'post',
      { stage: 'escalated', index: 0 },
      { severity: 'crisis', escalationReason: 'A complaint is going viral' },
    )
    for (const lead of [u.manager, u.strategist, u.founder]) {
      await eventually(async () => expect(await kinds(lead)).toEqual(['escalated']))
      expect((await list(lead))[0]).toMatchObject({
        cardId: 'post',
        data: {
          title: 'Fall launch',
          severity: 'crisis',
          reason: 'A complaint is going viral',
          actorName: u.cm.name,
        },
      })
    }
    // the post went out: its "due soon" left the bell
    await eventually(async () => expect(await kinds(u.cm)).toEqual(['assigned']))
    expect(await list(u.otherCm)).toEqual([])
    expect(await list(u.outsider)).toEqual([])

    // A manager resolves it, back to monitoring.
    await eventually(() => expect(getCard(manager.doc, 'post')?.stage).toBe('escalated'))
    moveCard(
      manager.doc,
      'post',
      { stage: 'monitored', index: 0 },
      { resolutionNote: 'Public apology posted' },
    )
    await eventually(async () => expect(await kinds(u.cm)).toEqual(['assigned', 'resolved']))
    expect((await list(u.cm))[0]).toMatchObject({
      kind: 'resolved',
      data: {
        title: 'Fall launch',
        resolution: 'Public apology posted',
        to: 'monitored',
        actorName: u.manager.name,
      },
    })
    expect(await kinds(u.manager)).toEqual(['escalated'])
    expect(await unread(u.cm)).toBe(2)
  })

  it('nobody reads or marks someone else’s notifications', async () => {
    const board = await newBoard('Scoped')
    await insertNotifications(t.database.db, [
      {
        userId: u.otherCm.id,
        boardId: board.id,
        cardId: 'c1',
        kind: 'assigned',
        data: { title: 'Private', actorName: 'Marco', stage: 'calendar', scheduledAt: null },
        dedupeKey: null,
        createdAt: new Date(),
      },
    ])
    const mine = await list(u.otherCm)
    expect(mine).toHaveLength(1)
    const ids = mine.map((n) => n.id)

    // another member of the same workspace names the ids
    const marked = await callTrpc(
      t,
      'notifications.markRead',
      { ids },
      { token: u.strategist.token },
    )
    expect(marked.data).toEqual({ updated: 0 })
    expect(await list(u.strategist)).not.toContainEqual(expect.objectContaining({ id: ids[0] }))
    const markedAll = await callTrpc(t, 'notifications.markAllRead', null, {
      token: u.outsider.token,
    })
    expect(markedAll.status).toBe(200)
    expect(await unread(u.otherCm)).toBe(1)
    // paging with someone else's id as the cursor shows nothing
    expect(await list(u.strategist, { before: ids[0] })).toEqual([])

    // the owner can
    const own = await callTrpc(t, 'notifications.markRead', { ids }, { token: u.otherCm.token })
    expect(own.data).toEqual({ updated: 1 })
    expect(await unread(u.otherCm)).toBe(0)
    expect((await list(u.otherCm))[0]?.readAt).toEqual(expect.any(String))

    // signed out: nothing at all; bad input: refused
    const anonymous = await callTrpc(t, 'notifications.list', {}, { query: true })
    expect(anonymous.status).toBe(401)
    const empty = await callTrpc(t, 'notifications.markRead', { ids: [] }, { token: u.cm.token })
    expect(empty.status).toBe(400)
    const form = await fetch(`${t.url}/trpc/notifications.markAllRead`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${u.cm.token}`,
      },
      body: 'x=1',
    })
    expect(form.status).toBe(415)
  })

  it('the person who escalated is found in the stage history when this instance did not see it', async () => {
    const board = await newBoard('History')
    const errors: unknown[] = []
    const notifier = createNotifier(t.database, (error) => errors.push(error))
    const actor = { id: u.manager.id, name: u.manager.name } as BoardUser
    const before: Card = {
      ...buildCard({ title: 'Old escalation' }, { userId: u.manager.id, id: 'old' }),
      stage: 'escalated',
      assigneeId: u.cm.id,
      severity: 'high',
      escalationReason: 'Complaint',
      escalatedAt: '2030-01-01T00:00:00.000Z',
    }
    const after: Card = { ...before, stage: 'plan', resolutionNote: 'Rewrite the post' }
    const resolvedAt = new Date()
    notifier.cardsChanged?.({
      boardId: board.id,
      workspaceId,
      actor,
      diffs: [{ id: 'old', before, after }],
      at: resolvedAt,
    })
    // The history row lands a moment after the resolution was observed (another path writes it).
    await new Promise((resolve) => setTimeout(resolve, 50))
    await recordStageEvents(t.database.db, [
      {
        boardId: board.id,
        cardId: 'old',
        fromStage: 'monitored',
        toStage: 'escalated',
        userId: u.otherCm.id,
        at: new Date(resolvedAt.getTime() - 60_000),
      },
    ])
    await notifier.idle()
    expect(errors).toEqual([])
    for (const person of [u.otherCm, u.cm]) {
      const resolved = (await list(person)).filter((n) => n.cardId === 'old')
      expect(resolved).toEqual([
        expect.objectContaining({
          kind: 'resolved',
          data: {
            title: 'Old escalation',
            resolution: 'Rewrite the post',
            to: 'plan',
            actorName: u.manager.name,
          },
        }),
      ])
    }
  })
})

interface LiveStream {
  status: number
  /** The data events (the unread states), in order. */
  states: Array<{ unread: number; newest: string | null }>
  /** Every event, as `event` name (message for data) and raw data. */
  events: Array<{ event: string; data: string }>
  close(): void
}

/** `notifications.live` over server-sent events, read with plain fetch as a script would. */
async function openLive(token: string | null): Promise<LiveStream> {
  const controller = new AbortController()
  const res = await fetch(`${t.url}/trpc/notifications.live`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  })
  const stream: LiveStream = {
    status: res.status,
    states: [],
    events: [],
    close: () => controller.abort(),
  }
  cleanups.push(() => stream.close())
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let event = 'message'
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim()
          if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
        }
        stream.events.push({ event, data: data.join('\n') })
        if (event === 'message') stream.states.push(JSON.parse(data.join('\n')))
      }
    }
  })().catch(() => {})
  return stream
}

describe('the live channel', () => {
  it('pushes a listening user’s new notification within a second or two, and only theirs', async () => {
    const listener = await addTestUser(t, workspaceId, ['cm'])
    const bystander = await addTestUser(t, workspaceId, ['cm'])
    const live = await openLive(listener.token)
    const other = await openLive(bystander.token)
    expect(live.status).toBe(200)
    await eventually(() => expect(live.states).toEqual([{ unread: 0, newest: null }]))
    await eventually(() => expect(other.states).toHaveLength(1))

    // A manager assigns a post to the listener on a real board.
    const board = await newBoard('Live')
    const manager = open(board.id, u.manager)
    await waitForSync(manager.provider)
    const started = Date.now()
    createCard(
      manager.doc,
      {
        title: 'Live post',
        stage: 'calendar',
        network: 'tiktok',
        assigneeId: listener.id,
        scheduledAt: '2030-06-01T10:00:00.000Z',
      },
      { userId: u.manager.id, id: 'live-post' },
    )
    await eventually(() => expect(live.states.at(-1)?.unread).toBe(1), 2000)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(other.states).toHaveLength(1)

    // Stored by another instance (straight into SQL): arrives with the next poll.
    await insertNotifications(t.database.db, [
      {
        userId: listener.id,
        boardId: board.id,
        cardId: 'live-post',
        kind: 'due-soon',
        data: { title: 'Live post', scheduledAt: '2030-06-01T10:00:00.000Z', network: 'tiktok' },
        dedupeKey: 'due-soon:elsewhere',
        createdAt: new Date(),
      },
    ])
    await eventually(() => expect(live.states.at(-1)?.unread).toBe(2), 2000)

    // Read in another tab: this one's count follows at once.
    const all = await callTrpc(t, 'notifications.markAllRead', null, { token: listener.token })
    expect(all.data).toEqual({ updated: 2 })
    await eventually(() => expect(live.states.at(-1)?.unread).toBe(0), 1000)
    expect(other.states).toHaveLength(1)
  })

  it('refuses a stream to someone signed out', async () => {
    const live = await openLive(null)
    await eventually(() =>
      expect(live.events).toContainEqual(
        expect.objectContaining({
          event: 'serialized-error',
          data: expect.stringContaining('UNAUTHORIZED'),
        }),
      ),
    )
    expect(live.states).toEqual([])
  })

  it('a stopping server ends open streams instead of waiting for them', async () => {
    const own = await startTestServer()
    cleanups.push(() => own.dispose())
    const user = await addTestUser(own, null, [])
    const res = await fetch(`${own.url}/trpc/notifications.live`, {
      headers: { authorization: `Bearer ${user.token}` },
    })
    const reader = res.body!.getReader()
    await reader.read()
    expect(own.server.notifications.live.listeners).toBe(1)
    await within(own.stop(), 'the server did not stop with a stream open', 5000)
    expect(own.server.notifications.live.listeners).toBe(0)
  })
})
