import { columns, createCard, getCard, moveCard } from '@pauta/board'
import { listStageEvents, loadDocument } from '@pauta/db'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  startTestServer,
  type TestServer,
  waitForSync,
} from './test-server.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup() {
  const t = await startTestServer()
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const alice = await addTestUser(t, workspace.id, ['manager'])
  const bob = await addTestUser(t, workspace.id, ['cm'])
  return { t, workspace, board, alice, bob }
}

function open(t: TestServer, boardId: string, token: string | null) {
  const client = connect(t, boardId, token)
  cleanups.push(() => client.provider.destroy())
  return client
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
}

describe('sync over real sockets', () => {
  it('relays a move by one stock y-websocket client to another', async () => {
    const { t, board, alice, bob } = await setup()
    const a = open(t, board.id, alice.token)
    const b = open(t, board.id, bob.token)
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)])
    const card = createCard(a.doc, { title: 'Teaser' }, { userId: alice.id })
    await eventually(() => expect(columns(b.doc).strategy.map((c) => c.id)).toEqual([card.id]))
    moveCard(a.doc, card.id, { stage: 'plan', index: 0 })
    await eventually(() => expect(columns(b.doc).plan.map((c) => c.title)).toEqual(['Teaser']))
  })

  it('keeps every move across a server restart, and records the stage history', async () => {
    const { t, board, alice } = await setup()
    const a = open(t, board.id, alice.token)
    await waitForSync(a.provider)
    const ids = Array.from(
      { length: 5 },
      (_, i) => createCard(a.doc, { title: `c${i}` }, { userId: alice.id }).id,
    )
    for (const id of ids) moveCard(a.doc, id, { stage: 'plan', index: 0 })
    moveCard(
      a.doc,
      ids[0]!,
      { stage: 'calendar', index: 0 },
      { network: 'instagram', assigneeId: alice.id, scheduledAt: '2026-12-01T10:00:00.000Z' },
    )
    // Stored as the client holds it once the server's stamps of each move ([STAMP2]) are back.
    await eventually(async () => {
      const stored = await loadDocument(t.database.db, board.id)
      const check = new Y.Doc()
      for (const update of [stored.snapshot, ...stored.updates])
        if (update) Y.applyUpdate(check, update)
      expect(JSON.stringify(columns(check))).toBe(JSON.stringify(columns(a.doc)))
      expect(getCard(a.doc, ids[0]!)?.movedFrom).toBe('plan')
    })
    const expected = JSON.stringify(columns(a.doc))
    a.provider.destroy()
    await t.stop()

    const again = await startTestServer({ dataDir: t.dataDir })
    cleanups.push(() => again.dispose())
    const fresh = connect(again, board.id, alice.token)
    cleanups.push(() => fresh.provider.destroy())
    await waitForSync(fresh.provider)
    expect(JSON.stringify(columns(fresh.doc))).toBe(expected)

    const history = await listStageEvents(again.database.db, board.id)
    const first = history.filter((e) => e.cardId === ids[0])
    expect(first.map((e) => [e.fromStage, e.toStage])).toEqual([
      [null, 'strategy'],
      ['strategy', 'plan'],
      ['plan', 'calendar'],
    ])
    expect(first.every((e) => e.userId === alice.id)).toBe(true)
  })

  it('refuses an unauthenticated client with 4401 and it does not reconnect', async () => {
    const { t, board } = await setup()
    const anon = open(t, board.id, null)
    const closed = await new Promise<{ code: number }>((resolve) =>
      anon.provider.on('closed', resolve),
    )
    expect(closed.code).toBe(4401)
    expect(anon.provider.shouldConnect).toBe(false)
    const forged = open(t, board.id, 'pta_not-a-real-token')
    const closedToo = await new Promise<{ code: number }>((resolve) =>
      forged.provider.on('closed', resolve),
    )
    expect(closedToo.code).toBe(4401)
  })

  it('refuses a member of another workspace with 4403 and an unknown board the same way', async () => {
    const { t, board } = await setup()
    const other = await addTestBoard(t, 'Other')
    const outsider = await addTestUser(t, other.workspace.id, ['strategist', 'manager'])
    const client = open(t, board.id, outsider.token)
    const closed = await new Promise<{ code: number }>((resolve) =>
      client.provider.on('closed', resolve),
    )
    expect(closed.code).toBe(4403)
    const ghost = open(t, 'no-such-board', outsider.token)
    const ghostClosed = await new Promise<{ code: number }>((resolve) =>
      ghost.provider.on('closed', resolve),
    )
    expect(ghostClosed.code).toBe(4403)
  })

  it('refuses a browser upgrade from a foreign origin', async () => {
    const { t, board, alice } = await setup()
    const ws = new WebSocket(`${t.wsUrl}/${board.id}?token=${alice.token}`, {
      headers: { origin: 'https://evil.example' },
    })
    const closed = await closeOf(ws)
    expect(closed).toEqual({ code: 4403, reason: 'origin not allowed' })
  })

  it('closes only the connection that sends a garbage frame', async () => {
    const { t, board, alice, bob } = await setup()
    const a = open(t, board.id, alice.token)
    const b = open(t, board.id, bob.token)
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)])
    const raw = new WebSocket(`${t.wsUrl}/${board.id}?token=${alice.token}`)
    await new Promise((resolve) => raw.on('open', resolve))
    const closed = closeOf(raw)
    raw.send(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]))
    expect((await closed).code).toBe(4400)
    createCard(a.doc, { title: 'still works' }, { userId: alice.id })
    await eventually(() =>
      expect(columns(b.doc).strategy.map((c) => c.title)).toEqual(['still works']),
    )
    const health = await fetch(`${t.url}/healthz`)
    expect(await health.json()).toEqual({ ok: true })
  })

  it('lets a client-role member read the board but drops what it writes', async () => {
    const { t, workspace, board, alice } = await setup()
    const viewer = await addTestUser(t, workspace.id, ['client'])
    const a = open(t, board.id, alice.token)
    const v = open(t, board.id, viewer.token)
    await Promise.all([waitForSync(a.provider), waitForSync(v.provider)])
    createCard(v.doc, { title: 'sneaky' }, { userId: viewer.id })
    createCard(a.doc, { title: 'real' }, { userId: alice.id })
    await eventually(() => expect(columns(v.doc).strategy.map((c) => c.title)).toContain('real'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(columns(a.doc).strategy.map((c) => c.title)).toEqual(['real'])
  })

  it('stamps presence with the real user, whatever the client claims', async () => {
    const { t, board, alice, bob } = await setup()
    const a = open(t, board.id, alice.token)
    const b = open(t, board.id, bob.token)
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)])
    a.provider.awareness.setLocalStateField('user', { id: bob.id, name: 'Not Alice' })
    await eventually(() => {
      const seen = [...b.provider.awareness.getStates().entries()].find(
        ([id]) => id === a.doc.clientID,
      )
      expect(seen?.[1].user).toMatchObject({ id: alice.id, name: alice.name })
    })
  })
})
