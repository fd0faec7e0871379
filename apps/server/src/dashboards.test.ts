import { createCard, getCard, moveCard, observeCards, updateCard } from '@pauta/board'
import {
  type BottlenecksReport as Bottlenecks,
  createBoard,
  createWorkspace,
  listStageEvents,
  type PipelineReport as Pipeline,
} from '@pauta/db'
import { DEFAULT_RULES, type MoveFields, STAGES, type Stage } from '@pauta/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  connect,
  eventually,
  startTestServer,
  type TestServer,
  type TestUser,
  waitForSync,
} from './test-server.ts'

/**
 * The flow dashboards over a real server: a manager and a community manager move cards with
 * the stock y-websocket client, the server writes the history and the projection, and
 * `dashboards.bottlenecks` / `dashboards.pipeline` answer from them.
 */

let t: TestServer
let workspaceId: string
let boardId: string
const u = {} as Record<'manager' | 'strategist' | 'cm' | 'client' | 'outsider', TestUser>
const HOUR = 3_600_000

const zeros = () => Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>

async function ask<T>(procedure: string, user: TestUser, input: Record<string, unknown> = {}) {
  return callTrpc(
    t,
    `dashboards.${procedure}`,
    { boardId, ...input },
    {
      token: user.token,
      query: true,
    },
  ) as Promise<Awaited<ReturnType<typeof callTrpc>> & { data: T }>
}

beforeAll(async () => {
  t = await startTestServer()
  workspaceId = (await createWorkspace(t.database.db, { name: 'Flow team' })).id
  boardId = (
    await createBoard(t.database.db, {
      workspaceId,
      name: 'Flow board',
      settings: { wipLimits: { calendar: 1 }, rules: { ...DEFAULT_RULES, cmWipLimit: 2 } },
    })
  ).id
  u.manager = await addTestUser(t, workspaceId, ['manager'])
  u.strategist = await addTestUser(t, workspaceId, ['strategist'])
  u.cm = await addTestUser(t, workspaceId, ['cm'])
  u.client = await addTestUser(t, workspaceId, ['client'])
  const elsewhere = await addTestBoard(t, 'Elsewhere')
  u.outsider = await addTestUser(t, elsewhere.workspace.id, ['strategist', 'manager'])

  const manager = connect(t, boardId, u.manager.token)
  const cm = connect(t, boardId, u.cm.token)
  try {
    await Promise.all([waitForSync(manager.provider), waitForSync(cm.provider)])
    let recorded = 0
    /** One change at a time, each in the history before the next, as people would make them. */
    const step = async (change: () => void, events = 1) => {
      change()
      recorded += events
      await eventually(async () =>
        expect(await listStageEvents(t.database.db, boardId)).toHaveLength(recorded),
      )
    }
    const move = (id: string, stage: Stage, fields: MoveFields = {}, doc = manager.doc) =>
      step(() => moveCard(doc, id, { stage, index: 0 }, fields))
    const ideas = [
      { id: 'teaser', title: 'Launch teaser', network: 'instagram', campaign: 'Launch' },
      { id: 'backstage', title: 'Behind the scenes', network: 'tiktok', campaign: null },
      { id: 'poll', title: 'Poll: next flavour', network: 'x', campaign: null },
      { id: 'recipe', title: 'Recipe video', network: 'tiktok', campaign: null },
    ] as const
    await step(
      () =>
        manager.doc.transact(() => {
          for (const { id, ...idea } of ideas)
            createCard(manager.doc, { ...idea, stage: 'strategy' }, { userId: u.manager.id, id })
        }),
      ideas.length,
    )
    const networkOf = (id: string) => getCard(manager.doc, id)!.network
    /** A calendar slot `at` ms from now, for the community manager. */
    const slot = (id: string, at: number): MoveFields => ({
      scheduledAt: new Date(Date.now() + at).toISOString(),
      network: networkOf(id),
      assigneeId: u.cm.id,
    })

    // teaser: all the way to published (by its community manager), then escalated.
    await move('teaser', 'plan')
    await move('teaser', 'calendar', slot('teaser', -HOUR))
    await eventually(() => expect(getCard(cm.doc, 'teaser')?.stage).toBe('calendar'))
    await move('teaser', 'published', { publishedAt: new Date().toISOString() }, cm.doc)
    // the manager escalates what they see published (on a busy machine their copy may lag)
    await eventually(() => expect(getCard(manager.doc, 'teaser')?.stage).toBe('published'))
    await move('teaser', 'escalated', { escalationReason: 'angry thread', severity: 'crisis' })
    // backstage: scheduled for tomorrow.
    await move('backstage', 'plan')
    await move('backstage', 'calendar', slot('backstage', 24 * HOUR))
    // recipe: scheduled, sent back to plan (rework), scheduled again, now overdue.
    await move('recipe', 'plan')
    await move('recipe', 'calendar', slot('recipe', -2 * HOUR))
    await move('recipe', 'plan')
    await move('recipe', 'calendar', slot('recipe', -2 * HOUR))
    // poll stays an idea, with an objective.
    updateCard(manager.doc, 'poll', { objective: 'Engagement' })
    await eventually(async () => {
      const pipeline = await ask<Pipeline>('pipeline', u.manager, { objective: 'Engagement' })
      expect(pipeline.data?.counts.strategy).toBe(1)
    })
  } finally {
    manager.provider.destroy()
    cm.provider.destroy()
  }
}, 60_000)

afterAll(async () => {
  await t?.dispose()
})

describe('dashboards.pipeline', () => {
  it('counts stages, weekly throughput, lead time and flow from the moves people made', async () => {
    const { data, error } = await ask<Pipeline>('pipeline', u.manager)
    expect(error).toBeUndefined()
    expect(data.counts).toEqual({ ...zeros(), strategy: 1, calendar: 2, escalated: 1 })
    // The default period: the last 28 days, every week it touches listed.
    const from = Date.parse(data.period.from)
    const to = Date.parse(data.period.to)
    expect(to - from).toBe(28 * 24 * HOUR)
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000)
    expect(data.throughput.length).toBeGreaterThanOrEqual(5)
    expect(data.throughput.at(-1)?.published).toBe(1)
    expect(data.throughput.reduce((n, w) => n + w.published, 0)).toBe(1)
    expect(data.leadTime.days).toHaveLength(1)
    expect(data.leadTime.medianDays).toBe(data.leadTime.days[0])
    // Today: four cards, three at plan or beyond, three at calendar or beyond (the teaser is
    // escalated, past published and monitored).
    expect(data.cfd.at(-1)?.counts).toEqual({
      strategy: 4,
      plan: 3,
      calendar: 3,
      published: 1,
      monitored: 1,
      escalated: 1,
    })
    expect(data.cfd[0]?.counts).toEqual(zeros())
    // Two cards in plan and calendar; one week of the four delivered one card.
    expect(data.forecast).toMatchObject({ backlog: 2, basedOnWeeks: 4 })
    expect(data.forecast.weeks).toBeGreaterThanOrEqual(2)
    expect(Date.parse(data.forecast.date!)).toBeGreaterThan(Date.now())
  })

  it('is open to every member, clients included, and to no one else', async () => {
    expect((await ask<Pipeline>('pipeline', u.client)).data.counts.calendar).toBe(2)
    expect((await ask<Pipeline>('pipeline', u.cm)).error).toBeUndefined()
    expect((await ask('pipeline', u.outsider)).error?.data.code).toBe('NOT_FOUND')
    const anonymous = await callTrpc(t, 'dashboards.pipeline', { boardId }, { query: true })
    expect(anonymous.error?.data.code).toBe('UNAUTHORIZED')
    const missing = await callTrpc(
      t,
      'dashboards.pipeline',
      { boardId: 'no-such-board' },
      { token: u.manager.token, query: true },
    )
    expect(missing.error?.data.code).toBe('NOT_FOUND')
  })

  it('narrows by network, campaign, objective and assignee', async () => {
    const instagram = await ask<Pipeline>('pipeline', u.client, { network: 'instagram' })
    expect(instagram.data.counts).toEqual({ ...zeros(), escalated: 1 })
    expect(instagram.data.forecast.backlog).toBe(0)
    const tiktok = await ask<Pipeline>('pipeline', u.client, { network: 'tiktok' })
    expect(tiktok.data.counts).toEqual({ ...zeros(), calendar: 2 })
    expect(tiktok.data.leadTime.days).toEqual([])
    const launch = await ask<Pipeline>('pipeline', u.client, { campaign: 'Launch' })
    expect(launch.data.throughput.reduce((n, w) => n + w.published, 0)).toBe(1)
    expect(launch.data.cfd.at(-1)?.counts.strategy).toBe(1)
    const objective = await ask<Pipeline>('pipeline', u.client, { objective: 'Engagement' })
    expect(objective.data.counts).toEqual({ ...zeros(), strategy: 1 })
    const mine = await ask<Pipeline>('pipeline', u.client, { assigneeId: u.cm.id })
    expect(mine.data.counts).toEqual({ ...zeros(), calendar: 2, escalated: 1 })
  })

  it('takes a period: before any history it is all zeros; bad periods and filters are refused', async () => {
    const past = await ask<Pipeline>('pipeline', u.manager, {
      from: '2025-01-06T00:00:00.000Z',
      to: '2025-01-20T00:00:00.000Z',
    })
    expect(past.data.period).toEqual({
      from: '2025-01-06T00:00:00.000Z',
      to: '2025-01-20T00:00:00.000Z',
    })
    expect(past.data.throughput).toEqual([
      { weekStart: '2025-01-06', published: 0 },
      { weekStart: '2025-01-13', published: 0 },
    ])
    expect(past.data.cfd).toHaveLength(14)
    expect(past.data.cfd.every((day) => day.counts.strategy === 0)).toBe(true)
    expect(past.data.leadTime).toEqual({ days: [], medianDays: null, p85Days: null })
    expect(past.data.forecast).toMatchObject({ weeks: null, date: null, basedOnWeeks: 2 })

    const code = async (input: Record<string, unknown>) =>
      (await ask('pipeline', u.manager, input)).error?.data.code
    expect(await code({ from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' })).toBe(
      'BAD_REQUEST',
    )
    expect(await code({ from: '2024-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).toBe(
      'BAD_REQUEST',
    )
    expect(await code({ from: 'yesterday' })).toBe('BAD_REQUEST')
    expect(await code({ network: 'myspace' })).toBe('BAD_REQUEST')
    expect(await code({ campaign: 'x'.repeat(500) })).toBe('BAD_REQUEST')
    // A whole year is fine.
    expect(await code({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toBe(undefined)
  })
})

describe('dashboards.bottlenecks', () => {
  it('shows WIP against limits, time in stage, load, escalations and the stage holding things back', async () => {
    const { data, error } = await ask<Bottlenecks>('bottlenecks', u.manager)
    expect(error).toBeUndefined()
    const stage = (s: Stage) => data.stages.find((x) => x.stage === s)!
    expect(data.stages.map((s) => s.stage)).toEqual([...STAGES])
    expect(stage('calendar')).toMatchObject({ wip: 2, limit: 1, overLimit: true, stays: 2 })
    // Left during the period: strategy by three cards, plan four times (recipe twice),
    // calendar twice (teaser, recipe's first visit), published once.
    expect(data.stages.map((s) => s.stays)).toEqual([3, 4, 2, 1, 0, 0])
    expect(stage('plan').medianMs).toBeGreaterThanOrEqual(0)
    expect(stage('monitored')).toMatchObject({ wip: 0, medianMs: null, p85Ms: null })
    expect(Date.parse(data.previous.to)).toBe(Date.parse(data.period.from))
    expect(data.cms).toEqual([
      {
        userId: u.cm.id,
        name: u.cm.name,
        assigned: 3,
        overdue: 1,
        wip: 3,
        limit: 2,
      },
    ])
    // A crisis has an hour: raised just now, not breached yet.
    expect(data.escalations).toEqual({ open: 1, breached: 0, breachedInPeriod: 0 })
    expect(data.headline).toMatchObject({
      stage: 'calendar',
      reason: 'over-limit',
      wip: 2,
      limit: 1,
    })
  })

  it('is for strategists and managers: a community manager or client is refused, an outsider not told it exists', async () => {
    expect((await ask('bottlenecks', u.strategist)).error).toBeUndefined()
    expect((await ask('bottlenecks', u.cm)).error?.data.code).toBe('FORBIDDEN')
    expect((await ask('bottlenecks', u.client)).error?.data.code).toBe('FORBIDDEN')
    expect((await ask('bottlenecks', u.outsider)).error?.data.code).toBe('NOT_FOUND')
  })

  it('narrows by filters', async () => {
    const tiktok = await ask<Bottlenecks>('bottlenecks', u.manager, { network: 'tiktok' })
    expect(tiktok.data.stages.map((s) => s.wip)).toEqual([0, 0, 2, 0, 0, 0])
    expect(tiktok.data.escalations.open).toBe(0)
    expect(tiktok.data.cms[0]).toMatchObject({ assigned: 2, overdue: 1, wip: 2 })
    const launch = await ask<Bottlenecks>('bottlenecks', u.manager, { campaign: 'Launch' })
    expect(launch.data.stages.map((s) => s.wip)).toEqual([0, 0, 0, 0, 0, 1])
    expect(launch.data.escalations.open).toBe(1)
    expect(launch.data.headline).toMatchObject({ stage: 'escalated' })
    const nobody = await ask<Bottlenecks>('bottlenecks', u.manager, { assigneeId: u.client.id })
    expect(nobody.data.stages.every((s) => s.wip === 0)).toBe(true)
    expect(nobody.data.cms).toEqual([
      expect.objectContaining({ userId: u.client.id, assigned: 0, wip: 0 }),
    ])
    expect(nobody.data.headline).toBeNull()
  })
})

describe('time in review', () => {
  it('counts each review step people take: who a post waits for now, then its time in review', async () => {
    // Its own board, whose posts the team and then the client approve.
    const reviewed = (await createBoard(t.database.db, { workspaceId, name: 'Review board' })).id
    const rules = {
      ...DEFAULT_RULES,
      approval: { policy: 'internal-then-client' as const, networks: [], campaigns: [] },
    }
    const saved = await callTrpc(
      t,
      'boards.updateSettings',
      { boardId: reviewed, settings: { wipLimits: {}, rules } },
      { token: u.strategist.token },
    )
    expect(saved.status).toBe(200)
    const manager = connect(t, reviewed, u.manager.token)
    try {
      await waitForSync(manager.provider)
      createCard(
        manager.doc,
        { title: 'Launch reel', stage: 'plan', network: 'instagram' },
        { userId: u.manager.id, id: 'reel' },
      )
      await eventually(async () =>
        expect(await listStageEvents(t.database.db, reviewed)).toHaveLength(1),
      )
    } finally {
      manager.provider.destroy()
    }
    const review = async (user: TestUser, step: 'send' | 'approve' | 'changes') => {
      const done = await callTrpc(
        t,
        'cards.review',
        { boardId: reviewed, cardId: 'reel', step },
        { token: user.token },
      )
      expect(done.error).toBeUndefined()
    }
    const report = async () =>
      (await ask<Bottlenecks>('bottlenecks', u.manager, { boardId: reviewed })).data.review

    await review(u.manager, 'send')
    await review(u.strategist, 'approve')
    // The team said yes: the post waits for the client now.
    const waiting = await report()
    expect(waiting.waits.map((w) => [w.reviewer, w.waiting])).toEqual([
      ['team', 0],
      ['client', 1],
    ])
    expect(waiting.times.posts).toBe(0)
    expect(waiting.posts).toEqual([
      expect.objectContaining({
        cardId: 'reel',
        title: 'Launch reel',
        reviews: 1,
        inReview: true,
        waitingFor: 'client',
      }),
    ])

    // The client asks for changes; sent again, the team and then the client approve.
    await review(u.client, 'changes')
    await review(u.manager, 'send')
    await review(u.manager, 'approve')
    await review(u.client, 'approve')
    const done = await report()
    expect(done.waits.map((w) => [w.reviewer, w.waiting, w.posts])).toEqual([
      ['team', 0, 1],
      ['client', 0, 1],
    ])
    expect(done.times.posts).toBe(1)
    const [post] = done.posts
    expect(post).toMatchObject({ cardId: 'reel', reviews: 2, inReview: false, waitingFor: null })
    expect(post!.teamMs! + post!.clientMs!).toBe(post!.reviewMs)
    expect(done.times.medianMs).toBe(post!.reviewMs)
    // Filtered out, it counts nowhere.
    const other = await ask<Bottlenecks>('bottlenecks', u.manager, {
      boardId: reviewed,
      network: 'x',
    })
    expect(other.data.review).toMatchObject({ postCount: 0, posts: [] })
  })
})

describe('live dashboards', () => {
  it('a dashboard asked for the moment another member sees a move already counts it', async () => {
    // Its own board: the figures above stay as they are.
    const live = (await createBoard(t.database.db, { workspaceId, name: 'Live board' })).id
    const manager = connect(t, live, u.manager.token)
    const watcher = connect(t, live, u.strategist.token)
    try {
      await Promise.all([waitForSync(manager.provider), waitForSync(watcher.provider)])
      /** Resolves as soon as the watcher's copy has the idea in `stage`. */
      const seen = (stage: Stage) =>
        new Promise<void>((resolve) => {
          const stop = observeCards(watcher.doc, () => {
            if (getCard(watcher.doc, 'idea')?.stage !== stage) return
            stop()
            resolve()
          })
        })
      const arrived = seen('strategy')
      createCard(
        manager.doc,
        { title: 'Idea', stage: 'strategy' },
        { userId: u.manager.id, id: 'idea' },
      )
      await arrived
      for (const stage of ['plan', 'strategy', 'plan', 'calendar'] as const) {
        const arrives = seen(stage)
        const fields: MoveFields =
          stage === 'calendar'
            ? { scheduledAt: new Date().toISOString(), network: 'x', assigneeId: u.cm.id }
            : {}
        moveCard(manager.doc, 'idea', { stage, index: 0 }, fields)
        await arrives
        // No waiting here: the server answers once the move's projection and history are in.
        const [pipeline, flow] = await Promise.all([
          ask<Pipeline>('pipeline', u.strategist, { boardId: live }),
          ask<Bottlenecks>('bottlenecks', u.strategist, { boardId: live }),
        ])
        expect(pipeline.data.counts).toEqual({ ...zeros(), [stage]: 1 })
        expect(flow.data.stages.map((s) => s.wip)).toEqual(STAGES.map((s) => (s === stage ? 1 : 0)))
      }
    } finally {
      manager.provider.destroy()
      watcher.provider.destroy()
    }
  })
})
