import { createCard, getCard, moveCard, updateCard } from '@pauta/board'
import {
  createBoard,
  createWorkspace,
  getMemberRoles,
  listAssignmentEvents,
  listStageEvents,
} from '@pauta/db'
import type { Role } from '@pauta/domain'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestUser,
  type CloseInfo,
  callTrpc,
  connect,
  eventually,
  nextClose,
  providerSocket,
  sessionCookie,
  startTestServer,
  storedBoard,
  syncBarrier,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

let t: TestServer
let workspaceId: string
let boardId: string
const u = {} as Record<'strategist' | 'manager' | 'cm' | 'watcher', TestUser>
const cleanups: Array<() => unknown> = []
let accounts = 0

beforeAll(async () => {
  t = await startTestServer()
  workspaceId = (await createWorkspace(t.database.db, { name: 'Team' })).id
  boardId = (await createBoard(t.database.db, { workspaceId, name: 'Team board' })).id
  u.strategist = await addTestUser(t, workspaceId, ['strategist'])
  u.manager = await addTestUser(t, workspaceId, ['manager'])
  u.cm = await addTestUser(t, workspaceId, ['cm'])
  u.watcher = await addTestUser(t, workspaceId, ['client'])
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await t?.dispose()
})

function open(board: string, token: string) {
  const client = connect(t, board, token)
  cleanups.push(() => client.provider.destroy())
  return client
}

/** A new account made the way the web app makes one: signUp over tRPC, then an API token. */
async function signUp(email = `new${++accounts}-${Date.now()}@example.com`) {
  const up = await callTrpc(t, 'auth.signUp', {
    name: `Newcomer ${accounts}`,
    email,
    password: 'a long enough password',
  })
  expect(up.error).toBeUndefined()
  const cookie = sessionCookie(up.res)
  const { id } = up.data as { id: string }
  const created = await callTrpc(t, 'tokens.create', { name: 'sync' }, { cookie })
  const { token } = created.data as { token: string }
  return { id, email, cookie, token }
}

const as = (user: { token: string }) => ({ token: user.token })
const query = (user: { token: string }) => ({ token: user.token, query: true })

describe('invitations', () => {
  it('invite by link → public preview → sign up → accept → opens the board with those roles', async () => {
    const invited = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['cm', 'manager'] },
      as(u.manager),
    )
    expect(invited.error).toBeUndefined()
    const { id, token, url } = invited.data as { id: string; token: string; url: string }
    expect(url).toMatch(new RegExp(`/invite/${token}$`))
    const pending = await callTrpc(t, 'invitations.list', { workspaceId }, query(u.manager))
    expect((pending.data as Array<{ id: string }>).map((i) => i.id)).toContain(id)
    // a lead gets the link again to copy while it is pending; never a stored hash
    const listed = (pending.data as Array<{ id: string; url: string | null }>).find(
      (i) => i.id === id,
    )
    expect(listed?.url).toBe(url)
    expect(JSON.stringify(pending.data)).not.toMatch(/tokenHash/)

    // Anyone holding the link sees what it offers, signed in or not.
    const preview = await callTrpc(t, 'invitations.preview', { token }, { query: true })
    expect(preview.data).toEqual({
      workspaceName: 'Team',
      roles: ['manager', 'cm'],
      email: null,
      createdByName: u.manager.name,
      status: 'pending',
    })

    const newcomer = await signUp()
    const accepted = await callTrpc(t, 'invitations.accept', { token }, { cookie: newcomer.cookie })
    expect(accepted.data).toEqual({ workspaceId })
    expect(await getMemberRoles(t.database.db, workspaceId, newcomer.id)).toEqual(['manager', 'cm'])
    const after = await callTrpc(t, 'invitations.list', { workspaceId }, query(u.manager))
    expect((after.data as Array<{ id: string }>).map((i) => i.id)).not.toContain(id)
    const used = await callTrpc(t, 'invitations.preview', { token }, { query: true })
    expect(used.data).toMatchObject({ status: 'accepted' })

    const board = await callTrpc(t, 'boards.get', { boardId }, query(newcomer))
    expect(board.data).toMatchObject({ id: boardId, roles: ['manager', 'cm'] })
    const client = open(boardId, newcomer.token)
    const watcher = open(boardId, u.watcher.token)
    await Promise.all([waitForSync(client.provider), waitForSync(watcher.provider)])
    const connection = t.server.sync.connections(boardId).find((c) => c.user.id === newcomer.id)
    expect(connection?.readOnly).toBe(false)
    expect(connection?.user.roles).toEqual(['manager', 'cm'])
    const card = createCard(client.doc, { title: 'First idea' }, { userId: newcomer.id })
    await eventually(() => expect(getCard(watcher.doc, card.id)?.title).toBe('First idea'))

    // Accepting twice: the link is used up.
    const again = await callTrpc(t, 'invitations.accept', { token }, { cookie: newcomer.cookie })
    expect(again.error?.data.code).toBe('CONFLICT')
  })

  it('binds an invitation to an email: another account is refused, the right one finds it in `mine` and accepts it by id', async () => {
    const email = `bound-${Date.now()}@example.com`
    const invited = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['cm'], email: email.toUpperCase() },
      as(u.strategist),
    )
    const { id, token } = invited.data as { id: string; token: string }

    const stranger = await signUp()
    const refused = await callTrpc(t, 'invitations.accept', { token }, { cookie: stranger.cookie })
    expect(refused.error?.data.code).toBe('FORBIDDEN')
    const byId = await callTrpc(t, 'invitations.accept', { id }, { cookie: stranger.cookie })
    expect(byId.error?.data.code).toBe('NOT_FOUND')
    const strangerMine = await callTrpc(t, 'invitations.mine', null, {
      cookie: stranger.cookie,
      query: true,
    })
    expect(strangerMine.data).toEqual([])
    expect(await getMemberRoles(t.database.db, workspaceId, stranger.id)).toEqual([])

    const owner = await signUp(email)
    const mine = await callTrpc(t, 'invitations.mine', null, { cookie: owner.cookie, query: true })
    expect(mine.data).toEqual([
      expect.objectContaining({ id, workspaceId, workspaceName: 'Team', roles: ['cm'] }),
    ])
    const accepted = await callTrpc(t, 'invitations.accept', { id }, { cookie: owner.cookie })
    expect(accepted.data).toEqual({ workspaceId })
    expect(await getMemberRoles(t.database.db, workspaceId, owner.id)).toEqual(['cm'])
    const mineAfter = await callTrpc(t, 'invitations.mine', null, {
      cookie: owner.cookie,
      query: true,
    })
    expect(mineAfter.data).toEqual([])

    // Twice: by its link it is used up (CONFLICT); by id it is no longer among "mine".
    const twiceByToken = await callTrpc(
      t,
      'invitations.accept',
      { token },
      { cookie: owner.cookie },
    )
    expect(twiceByToken.error?.data.code).toBe('CONFLICT')
    const twiceById = await callTrpc(t, 'invitations.accept', { id }, { cookie: owner.cookie })
    expect(['CONFLICT', 'NOT_FOUND']).toContain(twiceById.error?.data.code)
    expect(await getMemberRoles(t.database.db, workspaceId, owner.id)).toEqual(['cm'])
  })

  it('revoked: the preview says so and accepting is a CONFLICT', async () => {
    const invited = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['cm'] },
      as(u.manager),
    )
    const { id, token } = invited.data as { id: string; token: string }
    // Only a lead revokes, and only in their own workspace.
    const byCm = await callTrpc(t, 'invitations.revoke', { workspaceId, id }, as(u.cm))
    expect(byCm.error?.data.code).toBe('FORBIDDEN')
    const revoked = await callTrpc(t, 'invitations.revoke', { workspaceId, id }, as(u.manager))
    expect(revoked.data).toEqual({ ok: true })
    const preview = await callTrpc(t, 'invitations.preview', { token }, { query: true })
    expect(preview.data).toMatchObject({ status: 'revoked' })
    const newcomer = await signUp()
    const accept = await callTrpc(t, 'invitations.accept', { token }, { cookie: newcomer.cookie })
    expect(accept.error?.data.code).toBe('CONFLICT')
    expect(await getMemberRoles(t.database.db, workspaceId, newcomer.id)).toEqual([])
    const unknown = await callTrpc(
      t,
      'invitations.preview',
      { token: 'inv_not-a-real-token-at-all' },
      { query: true },
    )
    expect(unknown.error?.data.code).toBe('NOT_FOUND')
  })
})

describe('roles', () => {
  it('a manager may not grant the strategist role, by invitation or directly', async () => {
    const invite = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['strategist'] },
      as(u.manager),
    )
    expect(invite.error?.data.code).toBe('FORBIDDEN')
    const grant = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId, userId: u.cm.id, roles: ['cm', 'strategist'] },
      as(u.manager),
    )
    expect(grant.error?.data.code).toBe('FORBIDDEN')
    const self = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId, userId: u.manager.id, roles: ['manager', 'strategist'] },
      as(u.manager),
    )
    expect(self.error?.data.code).toBe('FORBIDDEN')
    // A cm or a client manages nobody.
    const byCm = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId, userId: u.watcher.id, roles: ['manager'] },
      as(u.cm),
    )
    expect(byCm.error?.data.code).toBe('FORBIDDEN')
    const inviteByClient = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['cm'] },
      as(u.watcher),
    )
    expect(inviteByClient.error?.data.code).toBe('FORBIDDEN')
    expect(await getMemberRoles(t.database.db, workspaceId, u.cm.id)).toEqual(['cm'])
    expect(await getMemberRoles(t.database.db, workspaceId, u.manager.id)).toEqual(['manager'])
    expect(await getMemberRoles(t.database.db, workspaceId, u.watcher.id)).toEqual(['client'])
    // A strategist may.
    const invitedByStrategist = await callTrpc(
      t,
      'invitations.create',
      { workspaceId, roles: ['strategist'] },
      as(u.strategist),
    )
    expect(invitedByStrategist.error).toBeUndefined()
  })

  it('keeps the last strategist: not removed, not demoted, not leaving', async () => {
    const founder = await signUp()
    const created = await callTrpc(
      t,
      'workspaces.create',
      { name: 'Solo' },
      { cookie: founder.cookie },
    )
    const solo = (created.data as { id: string; roles: Role[] }).id
    expect((created.data as { roles: Role[] }).roles).toContain('strategist')
    const demote = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId: solo, userId: founder.id, roles: ['manager', 'cm'] },
      { cookie: founder.cookie },
    )
    expect(demote.error?.data.code).toBe('BAD_REQUEST')
    const leave = await callTrpc(
      t,
      'members.remove',
      { workspaceId: solo, userId: founder.id },
      { cookie: founder.cookie },
    )
    expect(leave.error?.data.code).toBe('BAD_REQUEST')
    expect(await getMemberRoles(t.database.db, solo, founder.id)).toEqual([
      'strategist',
      'manager',
      'cm',
    ])

    // With a second strategist, a manager still may not remove either of them.
    const second = await signUp()
    const invite = await callTrpc(
      t,
      'invitations.create',
      { workspaceId: solo, roles: ['strategist'] },
      { cookie: founder.cookie },
    )
    await callTrpc(
      t,
      'invitations.accept',
      { token: (invite.data as { token: string }).token },
      { cookie: second.cookie },
    )
    const manager = await signUp()
    const managerInvite = await callTrpc(
      t,
      'invitations.create',
      { workspaceId: solo, roles: ['manager'] },
      { cookie: founder.cookie },
    )
    await callTrpc(
      t,
      'invitations.accept',
      { token: (managerInvite.data as { token: string }).token },
      { cookie: manager.cookie },
    )
    const byManager = await callTrpc(
      t,
      'members.remove',
      { workspaceId: solo, userId: second.id },
      { cookie: manager.cookie },
    )
    expect(byManager.error?.data.code).toBe('FORBIDDEN')
    // The founder removes the second one; then, alone again, cannot be demoted.
    const removed = await callTrpc(
      t,
      'members.remove',
      { workspaceId: solo, userId: second.id },
      { cookie: founder.cookie },
    )
    expect(removed.data).toEqual({ ok: true })
    const demoteAgain = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId: solo, userId: founder.id, roles: ['manager'] },
      { cookie: founder.cookie },
    )
    expect(demoteAgain.error?.data.code).toBe('BAD_REQUEST')
  })
})

describe('live connections follow membership', () => {
  it('closes a removed member’s live socket within 2 s with 4403, for good', async () => {
    const member = await addTestUser(t, workspaceId, ['cm'])
    const client = open(boardId, member.token)
    await waitForSync(client.provider)
    let closedAt = 0
    const closed = new Promise<CloseInfo>((resolve) =>
      client.provider.on('closed', (info) => {
        closedAt = performance.now()
        resolve(info)
      }),
    )
    const removed = await callTrpc(
      t,
      'members.remove',
      { workspaceId, userId: member.id },
      as(u.manager),
    )
    const returnedAt = performance.now()
    expect(removed.data).toEqual({ ok: true })
    const info = await within(closed, 'the removed member was not closed', 2000)
    const elapsed = Math.max(0, closedAt - returnedAt)
    console.log(`removal → close: ${elapsed.toFixed(1)} ms after the call returned`)
    expect(elapsed).toBeLessThan(2000)
    expect(info).toEqual({ code: 4403, reason: 'removed from this workspace' })
    expect(client.provider.shouldConnect).toBe(false)
    // And they cannot come back.
    const again = open(boardId, member.token)
    const refused = await within(
      new Promise<CloseInfo>((resolve) => again.provider.on('closed', resolve)),
      'reconnect',
    )
    expect(refused.code).toBe(4403)
  })

  it('downgrades a manager made client within 2 s: the socket reconnects read-only and its updates are dropped', async () => {
    const member = await addTestUser(t, workspaceId, ['manager'])
    const client = open(boardId, member.token)
    const watcher = open(boardId, u.watcher.token)
    await Promise.all([waitForSync(client.provider), waitForSync(watcher.provider)])
    const before = createCard(client.doc, { title: 'Before the downgrade' }, { userId: member.id })
    await eventually(() => expect(getCard(watcher.doc, before.id)).not.toBeNull())

    const closed = nextClose(client.provider)
    const changed = await callTrpc(
      t,
      'members.setRoles',
      { workspaceId, userId: member.id, roles: ['client'] },
      as(u.manager),
    )
    const returnedAt = performance.now()
    expect(changed.data).toEqual({ userId: member.id, roles: ['client'] })
    expect(await within(closed, 'the downgraded member was not closed', 2000)).toEqual({
      code: 4001,
      reason: 'your roles changed',
    })
    await eventually(() => {
      const connection = t.server.sync.connections(boardId).find((c) => c.user.id === member.id)
      expect(connection?.readOnly).toBe(true)
      expect(connection?.user.roles).toEqual(['client'])
      expect(client.provider.synced).toBe(true)
    }, 2000)
    const elapsed = performance.now() - returnedAt
    console.log(
      `downgrade → reconnected read-only: ${elapsed.toFixed(1)} ms after the call returned`,
    )
    expect(elapsed).toBeLessThan(2000)

    // What it writes now is dropped, and it stays connected.
    const stored = await storedBoard(t, boardId)
    const dropped = createCard(client.doc, { title: 'After the downgrade' }, { userId: member.id })
    updateCard(client.doc, before.id, { title: 'Renamed after the downgrade' })
    await syncBarrier(providerSocket(client.provider), Y.encodeStateVector(client.doc))
    const manager = open(boardId, u.manager.token)
    await waitForSync(manager.provider)
    const sentinel = createCard(manager.doc, { title: 'sentinel' }, { userId: u.manager.id })
    await eventually(() => expect(getCard(watcher.doc, sentinel.id)).not.toBeNull())
    expect(getCard(watcher.doc, dropped.id)).toBeNull()
    expect(getCard(watcher.doc, before.id)?.title).toBe('Before the downgrade')
    const after = await storedBoard(t, boardId)
    expect(after.lastSeq).toBe(stored.lastSeq + 1)
    expect(getCard(after.doc, dropped.id)).toBeNull()
    expect(client.provider.wsconnected).toBe(true)
    await eventually(() => expect(getCard(client.doc, sentinel.id)).not.toBeNull())
  })
})

describe('history', () => {
  it('records moves as stage events, escalations with severity and reason, and assignments', async () => {
    const board = (await createBoard(t.database.db, { workspaceId, name: 'History' })).id
    const manager = open(board, u.manager.token)
    const cm = open(board, u.cm.token)
    await Promise.all([waitForSync(manager.provider), waitForSync(cm.provider)])
    const card = createCard(manager.doc, { title: 'Launch post' }, { userId: u.manager.id })
    moveCard(manager.doc, card.id, { stage: 'plan', index: 0 })
    moveCard(
      manager.doc,
      card.id,
      { stage: 'calendar', index: 0 },
      { scheduledAt: '2026-12-01T10:00:00.000Z', network: 'instagram', assigneeId: u.cm.id },
    )
    await eventually(() => expect(getCard(cm.doc, card.id)?.stage).toBe('calendar'))
    moveCard(
      cm.doc,
      card.id,
      { stage: 'published', index: 0 },
      { publishedAt: '2026-12-01T10:01:00.000Z' },
    )
    moveCard(cm.doc, card.id, { stage: 'monitored', index: 0 })
    moveCard(
      cm.doc,
      card.id,
      { stage: 'escalated', index: 0 },
      { escalationReason: 'a customer threatens to sue', severity: 'crisis' },
    )
    await eventually(() => expect(getCard(manager.doc, card.id)?.stage).toBe('escalated'))
    moveCard(
      manager.doc,
      card.id,
      { stage: 'monitored', index: 0 },
      { resolutionNote: 'legal answered' },
    )

    await eventually(async () => {
      const stages = await listStageEvents(t.database.db, board)
      expect(stages.map((e) => [e.cardId, e.fromStage, e.toStage, e.userId, e.detail])).toEqual([
        [card.id, null, 'strategy', u.manager.id, null],
        [card.id, 'strategy', 'plan', u.manager.id, null],
        [card.id, 'plan', 'calendar', u.manager.id, null],
        [card.id, 'calendar', 'published', u.cm.id, null],
        [card.id, 'published', 'monitored', u.cm.id, null],
        [
          card.id,
          'monitored',
          'escalated',
          u.cm.id,
          { severity: 'crisis', reason: 'a customer threatens to sue' },
        ],
        [card.id, 'escalated', 'monitored', u.manager.id, { resolution: 'legal answered' }],
      ])
    })
    const assignments = await listAssignmentEvents(t.database.db, board)
    expect(assignments.map((e) => [e.cardId, e.fromUserId, e.toUserId, e.userId])).toEqual([
      [card.id, null, u.cm.id, u.manager.id],
    ])

    // A refused change writes no history. (Made on the card as resolved: one made before the
    // resolve arrives could lose to it in the merge and change nothing, refused or not.)
    await eventually(() => expect(getCard(cm.doc, card.id)?.stage).toBe('monitored'))
    const closed = nextClose(cm.provider)
    moveCard(cm.doc, card.id, { stage: 'plan', index: 0 })
    expect((await within(closed, 'refusal')).code).toBe(4422)
    updateCard(manager.doc, card.id, { title: 'after the refusal' })
    await eventually(async () =>
      expect(getCard((await storedBoard(t, board)).doc, card.id)?.title).toBe('after the refusal'),
    )
    expect(await listStageEvents(t.database.db, board)).toHaveLength(7)
  })
})

describe('time zone', () => {
  it('a manager sets the workspace zone, every board shows it; others may not, and a made-up zone is refused', async () => {
    const before = await callTrpc(t, 'boards.get', { boardId }, query(u.cm))
    expect((before.data as { timeZone: string }).timeZone).toBe('UTC')

    const set = await callTrpc(
      t,
      'workspaces.setTimeZone',
      { workspaceId, timeZone: 'America/Mexico_City' },
      { token: u.manager.token },
    )
    expect(set.status).toBe(200)
    const after = await callTrpc(t, 'boards.get', { boardId }, query(u.cm))
    expect((after.data as { timeZone: string }).timeZone).toBe('America/Mexico_City')
    const listed = await callTrpc(t, 'workspaces.list', null, query(u.watcher))
    expect(listed.data).toEqual([expect.objectContaining({ timeZone: 'America/Mexico_City' })])

    for (const user of [u.cm, u.watcher]) {
      const refused = await callTrpc(
        t,
        'workspaces.setTimeZone',
        { workspaceId, timeZone: 'Europe/Madrid' },
        { token: user.token },
      )
      expect(refused.error?.data.code).toBe('FORBIDDEN')
    }
    const madeUp = await callTrpc(
      t,
      'workspaces.setTimeZone',
      { workspaceId, timeZone: 'Mars/Olympus_Mons' },
      { token: u.manager.token },
    )
    expect(madeUp.error?.data.code).toBe('BAD_REQUEST')

    const outsider = await addTestUser(
      t,
      (await createWorkspace(t.database.db, { name: 'Elsewhere' })).id,
      ['strategist'],
    )
    const foreign = await callTrpc(
      t,
      'workspaces.setTimeZone',
      { workspaceId, timeZone: 'Europe/Madrid' },
      { token: outsider.token },
    )
    expect(foreign.error?.data.code).toBe('NOT_FOUND')
    const still = await callTrpc(t, 'boards.get', { boardId }, query(u.cm))
    expect((still.data as { timeZone: string }).timeZone).toBe('America/Mexico_City')
  })
})

describe('campaigns and objectives', () => {
  it('strategists and managers keep the lists; every board of the workspace offers them', async () => {
    const set = await callTrpc(
      t,
      'workspaces.setLists',
      { workspaceId, campaigns: [' Navidad ', 'Navidad', 'Verano'], objectives: ['Alcance'] },
      { token: u.strategist.token },
    )
    expect(set.data).toEqual({ campaigns: ['Navidad', 'Verano'], objectives: ['Alcance'] })
    const board = await callTrpc(t, 'boards.get', { boardId }, query(u.cm))
    expect(board.data).toMatchObject({ campaigns: ['Navidad', 'Verano'], objectives: ['Alcance'] })

    // one list at a time; the other stays
    await callTrpc(
      t,
      'workspaces.setLists',
      { workspaceId, objectives: ['Alcance', 'Ventas'] },
      { token: u.manager.token },
    )
    const lists = await callTrpc(t, 'workspaces.lists', { workspaceId }, query(u.watcher))
    expect(lists.data).toEqual({
      campaigns: ['Navidad', 'Verano'],
      objectives: ['Alcance', 'Ventas'],
    })

    for (const user of [u.cm, u.watcher]) {
      const refused = await callTrpc(
        t,
        'workspaces.setLists',
        { workspaceId, campaigns: [] },
        { token: user.token },
      )
      expect(refused.error?.data.code).toBe('FORBIDDEN')
    }
    const tooLong = await callTrpc(
      t,
      'workspaces.setLists',
      { workspaceId, campaigns: ['x'.repeat(121)] },
      { token: u.manager.token },
    )
    expect(tooLong.error?.data.code).toBe('BAD_REQUEST')
    const other = await createWorkspace(t.database.db, { name: 'Other lists' })
    const foreign = await callTrpc(t, 'workspaces.lists', { workspaceId: other.id }, query(u.cm))
    expect(foreign.error?.data.code).toBe('NOT_FOUND')
  })
})
