import { randomBytes } from 'node:crypto'
import { columns, createCard, getCard, moveCard, observeCards } from '@pauta/board'
import {
  type BottlenecksReport,
  createBoard,
  createWorkspace,
  listStageEvents,
  openDatabase,
  type PipelineReport,
} from '@pauta/db'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerOptions } from './app.ts'
import { loadEnv } from './env.ts'
import { decodeFanoutMessage, encodeFanoutMessage } from './redis-fanout.ts'
import {
  addTestUser,
  callTrpc,
  connect,
  eventually,
  nextClose,
  openSse,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

/**
 * Two real server instances in this process, on one PostgreSQL database and one Redis, each
 * with its own pool, Redis connections and port — as two processes behind a balancer would
 * be. Needs PAUTA_TEST_POSTGRES_URL (a database the test may create databases from) and
 * PAUTA_TEST_REDIS_URL; CI sets both (.ci/run), elsewhere the file is skipped, saying so.
 */
const postgresUrl = process.env.PAUTA_TEST_POSTGRES_URL
const redisUrl = process.env.PAUTA_TEST_REDIS_URL
const missing = [
  ...(postgresUrl ? [] : ['PAUTA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test']),
  ...(redisUrl ? [] : ['PAUTA_TEST_REDIS_URL=redis://127.0.0.1:6379']),
]
if (missing.length > 0) {
  if (process.env.CI)
    throw new Error(`CI runs the several-instances tests: set ${missing.join(' and ')}`)
  console.warn(`several-instances tests skipped: set ${missing.join(' and ')} to run them`)
}

const SECRET = 'instances-test-secret-long-enough-to-sign-cookies'
/** Channels of this run only: parallel runs on the same Redis do not cross. */
const prefix = `pauta-test-${randomBytes(6).toString('hex')}`

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pauta_test_${randomBytes(6).toString('hex')}`
  const admin = await openDatabase({ databaseUrl: postgresUrl! })
  try {
    await sql.raw(`create database ${name}`).execute(admin.db)
  } finally {
    await admin.close()
  }
  const url = new URL(postgresUrl!)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const again = await openDatabase({ databaseUrl: postgresUrl! })
      try {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db)
      } finally {
        await again.close()
      }
    },
  }
}

/** One instance on the shared PostgreSQL database and Redis. */
function startInstance(
  databaseUrl: string,
  options: ServerOptions & { redis?: string } = {},
): Promise<TestServer> {
  return startTestServer({
    env: { AUTH_SECRET: SECRET, DATABASE_URL: databaseUrl, REDIS_URL: options.redis ?? redisUrl! },
    serverOptions: { redisPrefix: prefix, ...options },
  })
}

/** How often each instance reads SQL for comments written on the other one. */
const COMMENTS_POLL_MS = 500

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)]!
}

describe('fan-out wire format', () => {
  it('round-trips every message kind, bytes intact, and refuses anything else', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 256)
    const messages = [
      { type: 'update', seq: 123_456_789, update: bytes, origin: 'a1' },
      { type: 'awareness', update: bytes.slice(7, 30), origin: 'é-ü' },
      { type: 'query-awareness', origin: '' },
    ] as const
    for (const message of messages) {
      expect(decodeFanoutMessage(encodeFanoutMessage(message))).toEqual(message)
    }
    const good = encodeFanoutMessage({ type: 'update', seq: 1, update: bytes, origin: 'x' })
    expect(decodeFanoutMessage(good.subarray(0, good.length - 1))).toBeNull()
    expect(decodeFanoutMessage(Uint8Array.of(...good, 0))).toBeNull()
    expect(decodeFanoutMessage(Uint8Array.of(9, ...good.subarray(1)))).toBeNull()
    expect(decodeFanoutMessage(new Uint8Array())).toBeNull()
  })

  it('refuses REDIS_URL without PostgreSQL, at start', () => {
    expect(() => loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL/)
    expect(() =>
      loadEnv({ REDIS_URL: 'http://127.0.0.1:6379', DATABASE_URL: 'postgres://x@y/z' }),
    ).toThrow(/redis:\/\//)
  })
})

describe.skipIf(missing.length > 0)('several instances (PostgreSQL + Redis)', () => {
  let db: { url: string; drop: () => Promise<void> }
  let a: TestServer
  let b: TestServer
  let admin: Redis
  let workspaceId: string
  let boardId: string
  const cleanups: Array<() => unknown> = []
  const u = {} as Record<'lead' | 'manager' | 'cm', TestUser>

  beforeAll(async () => {
    db = await freshDatabase()
    // A reconnects to Redis slowly, and neither reads storage on a timer during these tests:
    // what crosses an outage is the catch-up that follows the reconnect, and what closes a
    // socket on the other instance within 2 s is the Redis control message.
    a = await startInstance(db.url, {
      catchUpIntervalMs: 60_000,
      accessPollMs: 60_000,
      redisOptions: { retryStrategy: () => 700 },
      comments: { livePollMs: COMMENTS_POLL_MS },
    })
    b = await startInstance(db.url, {
      catchUpIntervalMs: 60_000,
      accessPollMs: 60_000,
      comments: { livePollMs: COMMENTS_POLL_MS },
    })
    admin = new Redis(redisUrl!)
    workspaceId = (await createWorkspace(a.database.db, { name: 'Team' })).id
    boardId = (await createBoard(a.database.db, { workspaceId, name: 'Shared board' })).id
    u.lead = await addTestUser(a, workspaceId, ['strategist', 'manager'])
    u.manager = await addTestUser(a, workspaceId, ['manager'])
    u.cm = await addTestUser(a, workspaceId, ['cm'])
  }, 60_000)

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    await a?.dispose()
    await b?.dispose()
    admin?.disconnect()
    await db?.drop()
  }, 30_000)

  function open(t: TestServer, token: string) {
    const client = connect(t, boardId, token)
    cleanups.push(() => client.provider.destroy())
    return client
  }

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(
      startInstance(db.url, { redis: 'redis://127.0.0.1:1', redisConnectTimeoutMs: 300 }),
    ).rejects.toThrow(/REDIS_URL/)
  })

  it('a move made on B reaches a client of A; figures for the cross-instance hop', async () => {
    const onA = open(a, u.manager.token)
    const onB = open(b, u.lead.token)
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)])
    const card = createCard(onB.doc, { title: 'Teaser' }, { userId: u.lead.id })
    await eventually(() => expect(getCard(onA.doc, card.id)?.title).toBe('Teaser'))
    moveCard(onB.doc, card.id, { stage: 'plan', index: 0 })
    await eventually(() => expect(columns(onA.doc).plan.map((c) => c.id)).toEqual([card.id]))

    // The other way round, and timed: a title edit on A until B's client has it.
    const times: number[] = []
    for (let i = 0; i < 40; i++) {
      const title = `edit ${i}`
      const seen = new Promise<number>((resolve) => {
        const check = () => {
          if (getCard(onB.doc, card.id)?.title !== title) return
          onB.doc.off('update', check)
          resolve(performance.now())
        }
        onB.doc.on('update', check)
      })
      const start = performance.now()
      onA.doc.transact(() => {
        const map = onA.doc.getMap('cards').get(card.id) as { set(k: string, v: unknown): void }
        map.set('title', title)
      })
      times.push((await seen) - start)
    }
    console.info(
      `cross-instance propagation over Redis, loopback, ${times.length} edits: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    )
    // Both instances stored their own changes once, in one gap-free log.
    const stored = await a.database.db
      .selectFrom('docUpdate')
      .select('seq')
      .where('boardId', '=', boardId)
      .orderBy('seq')
      .execute()
    expect(stored.map((r) => Number(r.seq))).toEqual(stored.map((_, i) => i + 1))
  })

  it('[SERVER1] a command the server runs on A reaches a client of B, and is in storage and history', async () => {
    const onB = open(b, u.cm.token)
    await waitForSync(onB.provider)
    const lead = await a.server.boardChanges.actorFor(boardId, u.lead.id)
    expect(lead?.roles).toEqual(['strategist', 'manager'])
    const created = await a.server.boardChanges.run(boardId, lead!, {
      type: 'create',
      card: { title: 'Server-made post', stage: 'plan' },
    })
    expect(created.ok).toBe(true)
    const cardId = created.ok ? created.change.cardId : ''
    await eventually(() => expect(getCard(onB.doc, cardId)?.title).toBe('Server-made post'))
    const moved = await a.server.boardChanges.run(boardId, lead!, {
      type: 'move',
      cardId,
      stage: 'calendar',
      fields: {
        network: 'instagram',
        assigneeId: u.cm.id,
        scheduledAt: '2026-06-01T09:00:00.000Z',
      },
    })
    expect(moved).toMatchObject({ ok: true, change: { after: { stage: 'calendar' } } })
    await eventually(() => expect(getCard(onB.doc, cardId)?.stage).toBe('calendar'))
    // Stored like a client's change, and written to the history as the lead's.
    const stored = await storedBoard(b, boardId)
    expect(getCard(stored.doc, cardId)).toMatchObject({ stage: 'calendar', assigneeId: u.cm.id })
    await eventually(async () =>
      expect(
        (await listStageEvents(a.database.db, boardId)).filter((e) => e.cardId === cardId),
      ).toMatchObject([
        { fromStage: null, toStage: 'plan', userId: u.lead.id },
        { fromStage: 'plan', toStage: 'calendar', userId: u.lead.id },
      ]),
    )
    // Judged as the actor: a community manager may not move it back to plan.
    const cm = await b.server.boardChanges.actorFor(boardId, u.cm.id)
    const refused = await b.server.boardChanges.run(boardId, cm!, {
      type: 'move',
      cardId,
      stage: 'plan',
    })
    expect(refused).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-move', from: 'calendar', to: 'plan' },
    })
    // And the client of B can still change it on top of the server's writes.
    const taken = getCard(onB.doc, cardId)
    expect(taken?.assigneeId).toBe(u.cm.id)
  })

  it('a dashboard asked on B the moment B’s client sees a move made on A waits for A’s writes', async () => {
    const onA = open(a, u.lead.token)
    const onB = open(b, u.manager.token)
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)])
    const ask = async <T>(procedure: string) =>
      (
        await callTrpc(
          b,
          `dashboards.${procedure}`,
          { boardId },
          {
            token: u.manager.token,
            query: true,
          },
        )
      ).data as T
    const planWip = (report: BottlenecksReport) =>
      report.stages.find((s) => s.stage === 'plan')!.wip
    const card = createCard(
      onA.doc,
      { title: 'Live idea', stage: 'strategy' },
      { userId: u.lead.id },
    )
    await eventually(async () => {
      const [pipeline, events] = await Promise.all([
        ask<PipelineReport>('pipeline'),
        listStageEvents(a.database.db, boardId),
      ])
      expect(events.some((e) => e.cardId === card.id)).toBe(true)
      expect(pipeline.counts.strategy).toBe(columns(onB.doc).strategy.length)
    })
    const before = await ask<PipelineReport>('pipeline')
    const wipBefore = planWip(await ask<BottlenecksReport>('bottlenecks'))

    // A's projection and history writes wait behind a lock (reads go on): B's client has the
    // move long before they land.
    const locker = await openDatabase({ databaseUrl: db.url })
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const locked = new Promise<void>((resolve) => {
      void locker.db
        .transaction()
        .execute(async (trx) => {
          await sql`lock table "boardCard", "stageEvent" in exclusive mode`.execute(trx)
          resolve()
          await held
        })
        .finally(() => locker.close())
    })
    await locked
    const seen = new Promise<void>((resolve) => {
      const stop = observeCards(onB.doc, () => {
        if (getCard(onB.doc, card.id)?.stage !== 'plan') return
        stop()
        resolve()
      })
    })
    moveCard(onA.doc, card.id, { stage: 'plan', index: 0 })
    await seen
    const asked = Promise.all([
      ask<PipelineReport>('pipeline'),
      ask<BottlenecksReport>('bottlenecks'),
    ])
    await new Promise((resolve) => setTimeout(resolve, 300))
    release()
    const [pipeline, flow] = await asked
    expect(pipeline.counts).toEqual({
      ...before.counts,
      strategy: before.counts.strategy - 1,
      plan: before.counts.plan + 1,
    })
    expect(planWip(flow)).toBe(wipBefore + 1)
  })

  it('presence crosses instances, stamped with the real user by the instance serving them', async () => {
    const onA = open(a, u.cm.token)
    const onB = open(b, u.manager.token)
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)])
    onA.provider.awareness.setLocalStateField('user', { name: 'Mallory' })
    onA.provider.awareness.setLocalStateField('cursor', { card: 'x' })
    await eventually(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({
        user: { id: u.cm.id, name: u.cm.name },
        cursor: { card: 'x' },
      }),
    )
    onA.provider.disconnect()
    await eventually(() =>
      expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false),
    )
  })

  it('a move made while A’s Redis connection was down still reaches A’s client (catch-up)', async () => {
    const onA = open(a, u.manager.token)
    const onB = open(b, u.lead.token)
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)])
    const card = createCard(onB.doc, { title: 'Before the outage' }, { userId: u.lead.id })
    await eventually(() => expect(getCard(onA.doc, card.id)?.stage).toBe('strategy'))

    // Drop A's subscriber connection on the Redis side; A reconnects after 700 ms.
    const name = `pauta:sub:${a.server.sync.instanceId}`
    const clients = String(await admin.client('LIST'))
    const id = clients
      .split('\n')
      .find((line) => line.includes(` name=${name} `))
      ?.match(/\bid=(\d+)/)?.[1]
    expect(id, 'A’s subscriber connection').toBeDefined()
    await admin.client('KILL', 'ID', id!)

    moveCard(onB.doc, card.id, { stage: 'plan', index: 0 })
    await eventually(async () => {
      const row = await b.database.db
        .selectFrom('docUpdate')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('boardId', '=', boardId)
        .executeTakeFirst()
      expect(Number(row?.seq)).toBeGreaterThan(0)
      expect(getCard(onB.doc, card.id)?.stage).toBe('plan')
    })
    await new Promise((resolve) => setTimeout(resolve, 250))
    // Published while A was not subscribed: lost on the way, and A reports the outage.
    expect(getCard(onA.doc, card.id)?.stage).toBe('strategy')
    const health = await fetch(`${a.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true, redis: 'reconnecting' })

    // After the reconnect A reads storage: its client gets the move.
    await eventually(() => expect(getCard(onA.doc, card.id)?.stage).toBe('plan'), 5000)
    await eventually(async () =>
      expect(await (await fetch(`${a.url}/healthz`)).json()).toEqual({ ok: true }),
    )
  })

  it('removing a member on B closes their socket on A within 2 s', async () => {
    const leaving = await addTestUser(a, workspaceId, ['cm'])
    const onA = open(a, leaving.token)
    await waitForSync(onA.provider)
    const closed = nextClose(onA.provider)
    const started = Date.now()
    const removed = await callTrpc(
      b,
      'members.remove',
      { workspaceId, userId: leaving.id },
      { token: u.lead.token },
    )
    expect(removed.status).toBe(200)
    const info = await Promise.race([
      closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
    ])
    expect(info).toEqual({ code: 4403, reason: 'removed from this workspace' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('a comment added on A reaches a comment stream on B within the poll; a member removed on A stops hearing on B', async () => {
    const onA = open(a, u.manager.token)
    await waitForSync(onA.provider)
    const card = createCard(onA.doc, { title: 'Commented' }, { userId: u.manager.id })
    const stream = await openSse(
      b,
      'comments.live',
      { boardId },
      { authorization: `Bearer ${u.cm.token}` },
    )
    cleanups.push(() => stream.close())
    await eventually(() => expect(stream.data).toEqual([{ kind: 'listening' }]))

    // the card reaches the projection the comment is checked against a moment after it is stored
    let started = 0
    await eventually(async () => {
      started = Date.now()
      const added = await callTrpc(
        a,
        'comments.add',
        { boardId, cardId: card.id, body: 'Desde A' },
        { token: u.manager.token },
      )
      expect(added.error).toBeUndefined()
    })
    await eventually(
      () =>
        expect(stream.data.at(-1)).toMatchObject({ kind: 'changed', cardId: card.id, version: 1 }),
      COMMENTS_POLL_MS + 1000,
    )
    const took = Date.now() - started
    console.info(
      `a comment on A reached a stream on B in ${took} ms (poll every ${COMMENTS_POLL_MS} ms)`,
    )
    expect(took).toBeLessThan(COMMENTS_POLL_MS + 1000)

    // removed through A: A tells B over Redis, and B ends the stream (the client reconnects
    // and is refused)
    const leaving = await addTestUser(a, workspaceId, ['client'])
    const theirs = await openSse(
      b,
      'comments.live',
      { boardId },
      { authorization: `Bearer ${leaving.token}` },
    )
    cleanups.push(() => theirs.close())
    await eventually(() => expect(theirs.data).toEqual([{ kind: 'listening' }]))
    const removed = await callTrpc(
      a,
      'members.remove',
      { workspaceId, userId: leaving.id },
      { token: u.lead.token },
    )
    expect(removed.status).toBe(200)
    await eventually(() => {
      expect(theirs.ended).toBe(true)
      expect(theirs.events.at(-1)?.data).toContain('SERVICE_UNAVAILABLE')
    }, 2000)
  })

  /** A second token of `user`, made through the API; its socket is what gets revoked. */
  async function secondToken(user: TestUser) {
    const created = await callTrpc(a, 'tokens.create', { name: 'sync' }, { token: user.token })
    return created.data as { id: string; token: string }
  }

  it('revoking a token through A closes the socket it opened on B within 2 s', async () => {
    const person = await addTestUser(a, workspaceId, ['cm'])
    const second = await secondToken(person)
    const onB = open(b, second.token)
    await waitForSync(onB.provider)
    const closed = nextClose(onB.provider)
    const started = Date.now()
    const revoked = await callTrpc(a, 'tokens.revoke', { id: second.id }, { token: person.token })
    expect(revoked.data).toEqual({ ok: true })
    expect(await within(closed, 'the socket on B stayed open', 2000)).toEqual({
      code: 4401,
      reason: 'token revoked',
    })
    expect(Date.now() - started).toBeLessThan(2000)
    // Each stock provider holds a process listener until destroyed: not one more than needed.
    onB.provider.destroy()
  })

  it('an instance that hears no control message closes the socket by reading the access log within 2 s', async () => {
    // C shares the database but listens on channels of its own: A's control messages never
    // reach it, as if Redis had lost them. It reads the access log at the production
    // interval (1 s).
    const c = await startInstance(db.url, { redisPrefix: `${prefix}-deaf` })
    cleanups.push(() => c.dispose())
    const person = await addTestUser(a, workspaceId, ['cm'])
    const second = await secondToken(person)
    const onC = open(c, second.token)
    await waitForSync(onC.provider)
    const closed = nextClose(onC.provider)
    const started = Date.now()
    await callTrpc(a, 'tokens.revoke', { id: second.id }, { token: person.token })
    expect(await within(closed, 'the socket on C stayed open', 2000)).toEqual({
      code: 4401,
      reason: 'token revoked',
    })
    expect(Date.now() - started).toBeLessThan(2000)

    // Roles changed on A: C's socket of that person reconnects, as a client, read-only.
    const onC2 = open(c, person.token)
    await waitForSync(onC2.provider)
    const reconnect = nextClose(onC2.provider)
    await callTrpc(
      a,
      'members.setRoles',
      { workspaceId, userId: person.id, roles: ['client'] },
      { token: u.lead.token },
    )
    expect(await within(reconnect, 'the socket on C kept its roles', 2000)).toEqual({
      code: 4001,
      reason: 'your roles changed',
    })
    await eventually(() =>
      expect(
        c.server.sync.connections(boardId).find((conn) => conn.user.id === person.id)?.readOnly,
      ).toBe(true),
    )
    onC.provider.destroy()
    onC2.provider.destroy()
    await c.dispose()
  })

  it('changing the board’s rules on B makes A’s connections reconnect with them', async () => {
    const onA = open(a, u.manager.token)
    await waitForSync(onA.provider)
    const board = await callTrpc(b, 'boards.get', { boardId }, { token: u.lead.token, query: true })
    const settings = (board.data as { settings: unknown }).settings
    const closed = nextClose(onA.provider)
    const changed = await callTrpc(
      b,
      'boards.updateSettings',
      { boardId, settings },
      { token: u.lead.token },
    )
    expect(changed.status).toBe(200)
    expect(await closed).toEqual({ code: 4002, reason: 'board rules changed' })
    await eventually(() => expect(onA.provider.synced).toBe(true))
  })
})
