import { cardsMap, createCard, getCard, moveCard, readCard, updateCard } from '@pauta/board'
import {
  createBoard,
  createInvitation,
  createWorkspace,
  getMemberRoles,
  listAssignmentEvents,
  listPendingInvitations,
} from '@pauta/db'
import { type BoardSettings, type Card, decodeRefusal, type Refusal } from '@pauta/domain'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import {
  addTestUser,
  type CloseInfo,
  callTrpc,
  connect,
  eventually,
  nextClose,
  openRaw,
  type RawSyncClient,
  sleep,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

let t: TestServer
let a: { workspaceId: string; boardId: string }
let b: { workspaceId: string; boardId: string; invitationId: string }
const u = {} as Record<
  'manager' | 'cm1' | 'cm2' | 'client' | 'strategist' | 'otherLead' | 'otherMember',
  TestUser
>
const cleanups: Array<() => unknown> = []

beforeAll(async () => {
  t = await startTestServer()
  const wsA = await createWorkspace(t.database.db, { name: 'Agency A' })
  const wsB = await createWorkspace(t.database.db, { name: 'Agency B' })
  const boardA = await createBoard(t.database.db, { workspaceId: wsA.id, name: 'A' })
  const boardB = await createBoard(t.database.db, { workspaceId: wsB.id, name: 'B' })
  u.manager = await addTestUser(t, wsA.id, ['manager'])
  u.cm1 = await addTestUser(t, wsA.id, ['cm'])
  u.cm2 = await addTestUser(t, wsA.id, ['cm'])
  u.client = await addTestUser(t, wsA.id, ['client'])
  // A lead of A, with every role there: still nobody in B.
  u.strategist = await addTestUser(t, wsA.id, ['strategist', 'manager', 'cm'])
  u.otherLead = await addTestUser(t, wsB.id, ['strategist', 'manager'])
  u.otherMember = await addTestUser(t, wsB.id, ['cm'])
  const invitation = await createInvitation(t.database.db, {
    workspaceId: wsB.id,
    roles: ['cm'],
    email: null,
    createdBy: u.otherLead.id,
  })
  a = { workspaceId: wsA.id, boardId: boardA.id }
  b = { workspaceId: wsB.id, boardId: boardB.id, invitationId: invitation.id }
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await t?.dispose()
})

function open(boardId: string, user: TestUser) {
  const client = connect(t, boardId, user.token)
  cleanups.push(() => client.provider.destroy())
  return client
}

async function raw(boardId: string, user: TestUser): Promise<RawSyncClient> {
  const client = await openRaw(t, boardId, user.token)
  cleanups.push(() => client.close())
  return client
}

/** A fresh board in workspace A with a manager's client on it, and a read-only watcher. */
async function boardA(settings?: BoardSettings) {
  const board = await createBoard(t.database.db, {
    workspaceId: a.workspaceId,
    name: 'Access',
    ...(settings ? { settings } : {}),
  })
  const lead = open(board.id, u.manager)
  const watcher = open(board.id, u.client)
  await Promise.all([waitForSync(lead.provider), waitForSync(watcher.provider)])
  createCard(lead.doc, { title: 'sentinel' }, { userId: u.manager.id, id: 'sentinel' })
  await eventually(() => expect(getCard(watcher.doc, 'sentinel')).not.toBeNull())
  let round = 0
  return {
    board,
    lead,
    watcher,
    /** Writes cards as the manager and waits until the watcher has them. */
    async seed(write: (doc: Y.Doc) => void) {
      const before = Y.encodeStateVector(watcher.doc)
      write(lead.doc)
      const expected = Y.encodeStateVector(lead.doc)
      await eventually(() => expect(Y.encodeStateVector(watcher.doc)).toEqual(expected))
      expect(before).not.toEqual(expected)
    },
    /**
     * A later change from the manager reaches the watcher: whatever was sent before it has
     * been handled. Returns the stored state afterwards.
     */
    async settle() {
      const title = `sentinel ${++round}`
      updateCard(lead.doc, 'sentinel', { title })
      await eventually(() => expect(getCard(watcher.doc, 'sentinel')?.title).toBe(title))
      return storedBoard(t, board.id)
    },
  }
}

type Room = Awaited<ReturnType<typeof boardA>>

const calendarCard = (assigneeId: string | null) => ({
  title: 'Post',
  stage: 'calendar' as const,
  network: 'instagram' as const,
  assigneeId,
  scheduledAt: '2026-11-20T15:00:00.000Z',
})

/**
 * Sends `update` from a raw socket, as an update message or a sync step 2; expects the
 * sender closed with 4422 and `refusal`, and nothing stored or relayed.
 */
async function expectRefused(
  room: Room,
  user: TestUser,
  edit: (doc: Y.Doc) => void,
  refusal: Refusal | ((r: Refusal | null) => void),
  as: 'update' | 'step2' = 'update',
): Promise<CloseInfo> {
  const before = await storedBoard(t, room.board.id)
  const watcherBefore = Y.encodeStateAsUpdate(room.watcher.doc)
  const sender = await raw(room.board.id, user)
  const update = sender.change(edit)
  if (as === 'update') sender.sendUpdate(update)
  else sender.sendStep2(update)
  const info = await within(sender.closed, 'the sender was not closed', 3000)
  expect(info.code).toBe(4422)
  if (typeof refusal === 'function') refusal(decodeRefusal(info.reason))
  else expect(decodeRefusal(info.reason)).toEqual(refusal)
  const after = await room.settle()
  expect(after.lastSeq).toBe(before.lastSeq + 1)
  // Apart from the sentinel the stored document and the watcher are as they were.
  for (const doc of [after.doc, room.watcher.doc]) {
    const expected = new Y.Doc()
    Y.applyUpdate(expected, watcherBefore)
    updateCard(expected, 'sentinel', { title: getCard(doc, 'sentinel')!.title })
    expect(cardsOf(doc)).toEqual(cardsOf(expected))
  }
  return info
}

function cardsOf(doc: Y.Doc): Record<string, Card | null> {
  const cards: Record<string, Card | null> = {}
  for (const [id, entry] of cardsMap(doc).entries()) cards[id] = readCard(entry)
  return cards
}

describe('community managers act on their own cards', () => {
  it('refuses a cm editing the title of a card assigned to someone else (4422 not-assignee)', async () => {
    const room = await boardA()
    await room.seed((doc) =>
      createCard(doc, calendarCard(u.cm1.id), { userId: u.manager.id, id: 'theirs' }),
    )
    const before = await storedBoard(t, room.board.id)
    // The normal client first.
    const cm2 = open(room.board.id, u.cm2)
    await waitForSync(cm2.provider)
    const closed = nextClose(cm2.provider)
    updateCard(cm2.doc, 'theirs', { title: 'Mine now' })
    const info = await closed
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({ code: 'not-assignee' })
    const after = await room.settle()
    expect(after.lastSeq).toBe(before.lastSeq + 1)
    expect(getCard(after.doc, 'theirs')?.title).toBe('Post')
    expect(getCard(room.watcher.doc, 'theirs')?.title).toBe('Post')
    // The modified client, both ways.
    for (const as of ['update', 'step2'] as const)
      await expectRefused(
        room,
        u.cm2,
        (doc) => updateCard(doc, 'theirs', { title: 'Mine now' }),
        { code: 'not-assignee' },
        as,
      )
    // Their own card they may edit.
    await room.seed((doc) =>
      createCard(doc, calendarCard(u.cm2.id), { userId: u.manager.id, id: 'own' }),
    )
    const own = await raw(room.board.id, u.cm2)
    own.sendUpdate(own.change((doc) => updateCard(doc, 'own', { title: 'Edited by cm2' })))
    await eventually(() => expect(getCard(room.watcher.doc, 'own')?.title).toBe('Edited by cm2'))
  })

  it('lets a manager release a calendar post and a cm take it, but not give it to another cm', async () => {
    const room = await boardA()
    // Calendar asks for an assignee: a post cannot be created unassigned there…
    await expectRefused(
      room,
      u.manager,
      (doc) => createCard(doc, calendarCard(null), { userId: u.manager.id, id: 'free' }),
      { code: 'missing-fields', stage: 'calendar', fields: ['assigneeId'] },
    )
    await room.seed((doc) => {
      createCard(doc, calendarCard(u.cm2.id), { userId: u.manager.id, id: 'free' })
      createCard(doc, calendarCard(u.cm2.id), { userId: u.manager.id, id: 'taken' })
      createCard(doc, calendarCard(u.cm2.id), { userId: u.manager.id, id: 'free-2' })
      createCard(doc, { title: 'Idea', assigneeId: null }, { userId: u.manager.id, id: 'idea' })
    })
    const field = { code: 'not-allowed-field', field: 'assigneeId' } as const
    // …and a cm may not drop their own post back into the pool…
    await expectRefused(room, u.cm2, (doc) => updateCard(doc, 'free', { assigneeId: null }), field)
    // …but a manager may release one.
    await room.seed((doc) => {
      updateCard(doc, 'free', { assigneeId: null })
      updateCard(doc, 'free-2', { assigneeId: null })
    })
    expect(getCard((await storedBoard(t, room.board.id)).doc, 'free')?.assigneeId).toBeNull()

    // Taking: accepted, stored, relayed, and written to the assignment history.
    const cm1 = open(room.board.id, u.cm1)
    await waitForSync(cm1.provider)
    updateCard(cm1.doc, 'free', { assigneeId: u.cm1.id })
    await eventually(() => expect(getCard(room.watcher.doc, 'free')?.assigneeId).toBe(u.cm1.id))
    expect(getCard((await storedBoard(t, room.board.id)).doc, 'free')?.assigneeId).toBe(u.cm1.id)
    await eventually(async () =>
      expect(
        (await listAssignmentEvents(t.database.db, room.board.id)).map((e) => [
          e.cardId,
          e.fromUserId,
          e.toUserId,
          e.userId,
        ]),
      ).toContainEqual(['free', null, u.cm1.id, u.cm1.id]),
    )
    expect(cm1.provider.wsconnected).toBe(true)

    // Giving it to another cm, now that it is theirs.
    await expectRefused(
      room,
      u.cm1,
      (doc) => updateCard(doc, 'free', { assigneeId: u.cm2.id }),
      field,
    )
    // Taking a post someone else holds, or one outside calendar.
    await expectRefused(
      room,
      u.cm1,
      (doc) => updateCard(doc, 'taken', { assigneeId: u.cm1.id }),
      field,
    )
    await expectRefused(room, u.cm1, (doc) => updateCard(doc, 'idea', { assigneeId: u.cm1.id }), {
      code: 'not-allowed-field',
      field: 'assigneeId',
    })
    // Taking an unassigned post for someone else.
    await expectRefused(
      room,
      u.cm1,
      (doc) => updateCard(doc, 'free-2', { assigneeId: u.cm2.id }),
      field,
    )
  }, 15_000)
})

describe('a client changes nothing', () => {
  it('drops every update a client sends, as update or sync step 2: nothing stored, nothing relayed, socket open', async () => {
    const room = await boardA()
    await room.seed((doc) =>
      createCard(doc, calendarCard(u.cm1.id), { userId: u.manager.id, id: 'post' }),
    )
    const before = await storedBoard(t, room.board.id)
    const client = await raw(room.board.id, u.client)
    const edits: Array<(doc: Y.Doc) => void> = [
      (doc) => createCard(doc, { title: 'Client idea' }, { userId: u.client.id, id: 'c-idea' }),
      (doc) => updateCard(doc, 'post', { title: 'Client title' }),
      (doc) => moveCard(doc, 'post', { stage: 'plan', index: 0 }),
      (doc) => doc.getMap('other').set('x', 1),
    ]
    for (const edit of edits) {
      const update = client.change(edit)
      client.sendUpdate(update)
      client.sendStep2(update)
    }
    await client.barrier()
    const after = await room.settle()
    expect(after.lastSeq).toBe(before.lastSeq + 1)
    expect(cardsMap(after.doc).has('c-idea')).toBe(false)
    expect(getCard(after.doc, 'post')).toEqual(getCard(before.doc, 'post'))
    expect(after.doc.share.has('other')).toBe(false)
    // Nothing relayed: the other clients have the sentinel and nothing of the client's.
    for (const other of [room.lead.doc, room.watcher.doc]) {
      expect(cardsMap(other).has('c-idea')).toBe(false)
      expect(getCard(other, 'post')).toEqual(getCard(before.doc, 'post'))
      expect(other.share.has('other')).toBe(false)
    }
    // Still open, still reading: it got the sentinel.
    await eventually(() =>
      expect(getCard(client.doc, 'sentinel')?.title).toBe(
        getCard(room.lead.doc, 'sentinel')?.title,
      ),
    )
    expect(client.open).toBe(true)
    expect(client.closeInfo).toBeNull()
  })

  it('drops the presence a client-role connection publishes', async () => {
    const room = await boardA()
    const client = await raw(room.board.id, u.client)
    const cm = await raw(room.board.id, u.cm1)
    const clientId = 7_000_001
    const cmClientId = 7_000_002
    client.sendAwareness(clientId, { user: { id: u.manager.id, name: 'The manager' }, cursor: 1 })
    await client.barrier()
    cm.sendAwareness(cmClientId, { cursor: 2 })
    await eventually(() =>
      expect(room.lead.provider.awareness.getStates().get(cmClientId)).toMatchObject({
        cursor: 2,
        user: { id: u.cm1.id },
      }),
    )
    await sleep(50)
    expect(room.lead.provider.awareness.getStates().has(clientId)).toBe(false)
    expect(room.watcher.provider.awareness.getStates().has(clientId)).toBe(false)
    expect(cm.awareness.getStates().has(clientId)).toBe(false)
    // The client itself sees the others' presence.
    await eventually(() => expect(client.awareness.getStates().has(cmClientId)).toBe(true))
  })
})

describe('workspaces are walled off', () => {
  it('closes a member of workspace A on a board of workspace B with 4403, over a stock client and a raw socket', async () => {
    const stock = open(b.boardId, u.strategist)
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      stock.provider.on('closed', resolve),
    )
    expect(closed.code).toBe(4403)
    expect(stock.provider.shouldConnect).toBe(false)
    expect(cardsMap(stock.doc).size).toBe(0)

    // A raw socket that sends its change before authentication finished: refused all the same.
    const socket = new WebSocket(
      `${t.wsUrl}/${b.boardId}?token=${encodeURIComponent(u.strategist.token)}`,
    )
    const messages: Buffer[] = []
    socket.on('message', (data) => messages.push(data as Buffer))
    const info = await new Promise<{ code: number; reason: string }>((resolve) => {
      socket.on('open', () => {
        const doc = new Y.Doc()
        createCard(doc, { title: 'Planted' }, { userId: u.strategist.id })
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, 0)
        syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc))
        socket.send(encoding.toUint8Array(encoder))
        socket.send(Buffer.from([0, 0, 1, 0])) // step 1 with an empty state vector
      })
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    })
    expect(info.code).toBe(4403)
    expect(messages).toEqual([])
    const stored = await storedBoard(t, b.boardId)
    expect(stored.lastSeq).toBe(0)
  })

  it('answers NOT_FOUND or FORBIDDEN, never data, to a lead of A asking about B over tRPC', async () => {
    const token = u.strategist.token
    const query = { query: true, token }
    const calls = [
      await callTrpc(t, 'boards.get', { boardId: b.boardId }, query),
      await callTrpc(
        t,
        'boards.updateSettings',
        { boardId: b.boardId, settings: { wipLimits: { plan: 1 } } },
        { token },
      ),
      await callTrpc(t, 'members.list', { workspaceId: b.workspaceId }, query),
      await callTrpc(
        t,
        'members.setRoles',
        { workspaceId: b.workspaceId, userId: u.otherMember.id, roles: ['client'] },
        { token },
      ),
      await callTrpc(
        t,
        'members.remove',
        { workspaceId: b.workspaceId, userId: u.otherMember.id },
        { token },
      ),
      await callTrpc(
        t,
        'invitations.create',
        { workspaceId: b.workspaceId, roles: ['cm'] },
        {
          token,
        },
      ),
      await callTrpc(t, 'invitations.list', { workspaceId: b.workspaceId }, query),
      await callTrpc(
        t,
        'invitations.revoke',
        { workspaceId: b.workspaceId, id: b.invitationId },
        { token },
      ),
      // One id checked, another used: A's workspace (where the caller leads) with B's records.
      await callTrpc(
        t,
        'members.setRoles',
        { workspaceId: a.workspaceId, userId: u.otherMember.id, roles: ['client'] },
        { token },
      ),
      await callTrpc(
        t,
        'members.remove',
        { workspaceId: a.workspaceId, userId: u.otherLead.id },
        { token },
      ),
      await callTrpc(
        t,
        'invitations.revoke',
        { workspaceId: a.workspaceId, id: b.invitationId },
        { token },
      ),
      await callTrpc(
        t,
        'boards.create',
        { workspaceId: b.workspaceId, name: 'Planted' },
        { token },
      ),
    ]
    for (const call of calls) {
      expect(call.data).toBeUndefined()
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(call.error?.data.code)
      const text = JSON.stringify(call.error)
      for (const secret of [u.otherLead.email, u.otherMember.email, 'Agency B'])
        expect(text).not.toContain(secret)
    }
    // Nothing changed in B.
    expect(await getMemberRoles(t.database.db, b.workspaceId, u.otherMember.id)).toEqual(['cm'])
    expect(await getMemberRoles(t.database.db, b.workspaceId, u.otherLead.id)).toEqual([
      'strategist',
      'manager',
    ])
    expect(await getMemberRoles(t.database.db, b.workspaceId, u.strategist.id)).toEqual([])
    expect((await listPendingInvitations(t.database.db, b.workspaceId)).map((i) => i.id)).toEqual([
      b.invitationId,
    ])
    const settings = await callTrpc(
      t,
      'boards.get',
      { boardId: b.boardId },
      { query: true, token: u.otherLead.token },
    )
    expect(settings.data).toMatchObject({ settings: { wipLimits: {} } })
    const boards = await callTrpc(t, 'boards.list', null, {
      query: true,
      token: u.otherLead.token,
    })
    expect((boards.data as Array<{ id: string }>).map((x) => x.id)).toEqual([b.boardId])
  })
})

describe('the document holds only cards, as their author wrote them', () => {
  it('refuses a card created with someone else as its author', async () => {
    const room = await boardA()
    for (const [user, as] of [
      [u.cm1, 'update'],
      [u.manager, 'step2'],
    ] as const)
      await expectRefused(
        room,
        user,
        (doc) => createCard(doc, { title: 'Forged' }, { userId: u.cm2.id, id: 'forged' }),
        { code: 'not-allowed-field', field: 'createdBy' },
        as,
      )
    await expectRefused(
      room,
      u.manager,
      (doc) => createCard(doc, { title: 'Nobody' }, { userId: null, id: 'anonymous' }),
      { code: 'not-allowed-field', field: 'createdBy' },
    )
    // And nobody rewrites the author of an existing card.
    await room.seed((doc) =>
      createCard(doc, { title: 'Real' }, { userId: u.manager.id, id: 'real' }),
    )
    await expectRefused(
      room,
      u.manager,
      (doc) => (cardsMap(doc).get('real') as Y.Map<unknown>).set('createdBy', u.cm1.id),
      { code: 'not-allowed-field', field: 'createdBy' },
    )
  })

  it('refuses deleting a card, another root, an unknown field or a nested type with 4422 invalid', async () => {
    const room = await boardA()
    await room.seed((doc) =>
      createCard(doc, { title: 'Keep me' }, { userId: u.manager.id, id: 'keep' }),
    )
    const edits: Array<[string, (doc: Y.Doc) => void]> = [
      ['delete a card', (doc) => cardsMap(doc).delete('keep')],
      [
        'replace a card with another map',
        (doc) => {
          const copy = new Y.Map<unknown>()
          for (const [k, v] of (cardsMap(doc).get('keep') as Y.Map<unknown>).entries())
            copy.set(k, v)
          cardsMap(doc).set('keep', copy)
        },
      ],
      ['write another root', (doc) => doc.getMap('settings').set('rules', 'none')],
      ['write another root as text', (doc) => doc.getText('notes').insert(0, 'hello')],
      [
        'add an unknown field',
        (doc) => (cardsMap(doc).get('keep') as Y.Map<unknown>).set('budget', 100),
      ],
      [
        'nest a type in a card',
        (doc) => (cardsMap(doc).get('keep') as Y.Map<unknown>).set('tags', new Y.Array()),
      ],
      ['put a non-card under cards', (doc) => cardsMap(doc).set('junk', new Y.Map())],
      [
        'a card whose id is not its key',
        (doc) => {
          const card = createCard(new Y.Doc(), { title: 'x' }, { userId: u.manager.id, id: 'a' })
          const entry = new Y.Map<unknown>()
          for (const [k, v] of Object.entries(card)) entry.set(k, v)
          cardsMap(doc).set('b', entry)
        },
      ],
    ]
    for (const [name, edit] of edits) {
      const info = await expectRefused(room, u.manager, edit, (r) => {
        expect(r?.code, name).toBe('invalid')
      })
      expect(info.code, name).toBe(4422)
    }
    expect(getCard((await storedBoard(t, room.board.id)).doc, 'keep')?.title).toBe('Keep me')
  })
})

describe('what the judge cannot read is not stored', () => {
  it('[JUDGE2] refuses list content slipped into the cards root or into a card map', async () => {
    const room = await boardA()
    await room.seed((doc) =>
      createCard(doc, { title: 'Keep me' }, { userId: u.manager.id, id: 'keep' }),
    )
    // A Y.Map also has a list part; Y.Array's insert writes to it (what a modified client can send).
    const insertList = (type: Y.Map<unknown>, content: unknown[]) =>
      Y.Array.prototype.insert.call(type as unknown as Y.Array<unknown>, 0, content)
    const edits: Array<[string, (doc: Y.Doc) => void]> = [
      [
        'a string in the cards root',
        (doc) => insertList(cardsMap(doc) as Y.Map<unknown>, ['junk']),
      ],
      [
        'a nested text in the cards root',
        (doc) => insertList(cardsMap(doc) as Y.Map<unknown>, [new Y.Text('x')]),
      ],
      [
        'a string in a card map',
        (doc) => insertList(cardsMap(doc).get('keep') as Y.Map<unknown>, ['junk']),
      ],
    ]
    for (const [name, edit] of edits) {
      const info = await expectRefused(room, u.cm1, edit, (r) => {
        expect(r?.code, name).toBe('invalid')
      })
      expect(info.code, name).toBe(4422)
    }
  }, 15_000)

  /**
   * The cm predicts the manager's next item (its client id and clock are in the state
   * vector) and sends a change that hangs on it: Yjs keeps it pending, and it comes alive in
   * the transaction that applies the manager's next update, judged as the manager's.
   */
  async function missingDependency(attack: (cm: RawSyncClient, manager: number) => Uint8Array) {
    const room = await boardA()
    await room.seed((doc) =>
      createCard(doc, { title: 'The manager’s' }, { userId: u.manager.id, id: 'target' }),
    )
    const before = await storedBoard(t, room.board.id)
    const cm = await raw(room.board.id, u.cm1)
    cm.sendUpdate(attack(cm, room.lead.doc.clientID))
    await Promise.race([cm.barrier(), cm.closed])
    expect((await storedBoard(t, room.board.id)).lastSeq).toBe(before.lastSeq)
    const managerClosed = nextClose(room.lead.provider)
    updateCard(room.lead.doc, 'target', { title: 'The manager’s, edited' })
    const outcome = await Promise.race([
      managerClosed.then((info) => `the manager was closed: ${info.code} ${info.reason}`),
      eventually(() =>
        expect(getCard(room.watcher.doc, 'target')?.title).toBe('The manager’s, edited'),
      ).then(() => 'relayed'),
    ])
    expect(outcome).toBe('relayed')
    const stored = await room.settle()
    expect(getCard(stored.doc, 'target')?.title).toBe('The manager’s, edited')
  }

  it('[JUDGE1] never applies a value hanging on someone else’s next item as theirs', async () => {
    await missingDependency((cm, manager) => {
      const future = new Y.Doc()
      Y.applyUpdate(future, Y.encodeStateAsUpdate(cm.doc))
      future.clientID = manager
      updateCard(future, 'target', { title: 'predicted' })
      const withManager = Y.encodeStateVector(future)
      future.clientID = cm.doc.clientID
      updateCard(future, 'target', { title: 'Written by the cm' })
      return withoutDeleteSet(future, Y.encodeStateAsUpdate(future, withManager))
    })
  }, 10_000)

  it('[JUDGE1] never applies a deletion of someone else’s next item as theirs', async () => {
    await missingDependency((cm, manager) => {
      const clock = Y.decodeStateVector(Y.encodeStateVector(cm.doc)).get(manager) ?? 0
      return deleteSetOnly(manager, clock, 1)
    })
  }, 10_000)
})

/** The structs of `update` with an empty delete set (a map write deletes its left on integration anyway). */
function withoutDeleteSet(doc: Y.Doc, update: Uint8Array): Uint8Array {
  const deleteSet = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)).slice(1)
  const structs = update.slice(0, update.length - deleteSet.length)
  return new Uint8Array([...structs, 0])
}

/** An update holding nothing but the deletion of `length` items of `client` from `clock`. */
function deleteSetOnly(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // no structs
  encoding.writeVarUint(encoder, 1) // one client in the delete set
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 1) // one range
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarUint(encoder, length)
  return encoding.toUint8Array(encoder)
}
