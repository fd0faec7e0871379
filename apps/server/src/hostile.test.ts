import { cardsMap, createCard, getCard, moveCard, updateCard } from '@pauta/board'
import { listStageEvents } from '@pauta/db'
import { decodeRefusal } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { nested } from './damaged-updates.ts'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  nextClose,
  openRaw,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

// A community manager with valid credentials, crafting what they send. Each test is a hole
// that was open before: the server must refuse it, or neutralise it, and lose nothing.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup() {
  const t = await startTestServer()
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const manager = await addTestUser(t, workspace.id, ['manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  return { t, board, manager, cm }
}

function open(t: TestServer, boardId: string, user: TestUser) {
  const client = connect(t, boardId, user.token)
  cleanups.push(() => client.provider.destroy())
  return client
}

async function raw(t: TestServer, boardId: string, user: TestUser) {
  const client = await openRaw(t, boardId, user.token)
  cleanups.push(() => client.close())
  return client
}

const published = {
  title: 'Launch post',
  stage: 'plan' as const,
}

/** The manager's client with a card published and assigned to the cm; returns both. */
async function publishedCard(t: TestServer, boardId: string, manager: TestUser, cm: TestUser) {
  const lead = open(t, boardId, manager)
  await waitForSync(lead.provider)
  createCard(lead.doc, published, { userId: manager.id, id: 'post' })
  moveCard(
    lead.doc,
    'post',
    { stage: 'calendar', index: 0 },
    { network: 'instagram', assigneeId: cm.id, scheduledAt: '2026-12-01T10:00:00.000Z' },
  )
  moveCard(
    lead.doc,
    'post',
    { stage: 'published', index: 0 },
    { publishedAt: '2026-12-01T10:00:00.000Z' },
  )
  await eventually(async () =>
    expect(getCard((await storedBoard(t, boardId)).doc, 'post')?.stage).toBe('published'),
  )
  return lead
}

describe('a hostile member', () => {
  it('[JUDGE7] cannot store what the card schema would not: padded text, extra keys, deep values', async () => {
    const { t, board, manager, cm } = await setup()
    await publishedCard(t, board.id, manager, cm)
    const note = {
      at: '2026-12-01T12:00:00.000Z',
      by: cm.id,
      reach: 1,
      engagement: null,
      comments: null,
      sentiment: null,
      text: 'ok',
    }
    const attacks: Array<[string, (doc: Y.Doc) => void, number]> = [
      [
        'a title of 1.5 M spaces',
        (d) =>
          cardsMap(d)
            .get('post')!
            .set('title', `ok${' '.repeat(1_500_000)}`),
        4422,
      ],
      [
        'a campaign of 1 MB of spaces',
        (d) =>
          cardsMap(d)
            .get('post')!
            .set('campaign', `c${' '.repeat(1_000_000)}`),
        4422,
      ],
      [
        'a note with an extra key',
        (d) =>
          cardsMap(d)
            .get('post')!
            .set('monitoring', [{ ...note, extra: 'x'.repeat(100_000) }]),
        4422,
      ],
      [
        'a note hiding an array 5,000 deep',
        (d) =>
          cardsMap(d)
            .get('post')!
            .set('monitoring', [{ ...note, extra: nested(5000) }]),
        4400,
      ],
      [
        'a note hiding an array 20 deep',
        (d) =>
          cardsMap(d)
            .get('post')!
            .set('monitoring', [{ ...note, extra: nested(20) }]),
        4400,
      ],
    ]
    for (const [what, edit, code] of attacks) {
      const before = await storedBoard(t, board.id)
      const sender = await raw(t, board.id, cm)
      sender.sendUpdate(sender.change(edit))
      const info = await within(sender.closed, `${what}: not closed`)
      expect(info.code, what).toBe(code)
      expect((await storedBoard(t, board.id)).lastSeq, what).toBe(before.lastSeq)
    }
    // The same note, as the schema stores it, goes through.
    const sender = await raw(t, board.id, cm)
    sender.sendUpdate(sender.change((d) => cardsMap(d).get('post')!.set('monitoring', [note])))
    await eventually(async () =>
      expect(getCard((await storedBoard(t, board.id)).doc, 'post')?.monitoring).toEqual([note]),
    )
    expect(sender.open).toBe(true)
  })

  it('[CLIENT1] cannot write under the manager’s client id, and the manager’s own later edits still land', async () => {
    const { t, board, manager, cm } = await setup()
    const lead = await publishedCard(t, board.id, manager, cm)
    const managerId = lead.doc.clientID

    const forger = await raw(t, board.id, cm)
    const forged = forger.change((doc) => {
      // The manager's id and their next clock values, on a card the cm may edit.
      doc.clientID = managerId
      updateCard(doc, 'post', { title: 'Written as the manager' })
    })
    forger.sendUpdate(forged)
    const info = await within(forger.closed, 'the forger was not closed')
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({ code: 'client-id-taken' })

    // The manager edits offline and comes back: the edit is taken, nobody diverges.
    lead.provider.disconnect()
    updateCard(lead.doc, 'post', { title: 'The manager’s own title' })
    lead.provider.connect()
    await eventually(async () =>
      expect(getCard((await storedBoard(t, board.id)).doc, 'post')?.title).toBe(
        'The manager’s own title',
      ),
    )
    expect(lead.provider.wsconnected).toBe(true)
  })

  it('[CLIENT1] the binding outlives a restart, and a reconnecting owner keeps their id', async () => {
    const { t, board, manager, cm } = await setup()
    const lead = await publishedCard(t, board.id, manager, cm)
    const managerId = lead.doc.clientID
    lead.provider.destroy()
    await t.stop()
    const again = await startTestServer({ dataDir: t.dataDir })
    cleanups.push(() => again.stop())

    const forger = await raw(again, board.id, cm)
    forger.sendUpdate(
      forger.change((doc) => {
        doc.clientID = managerId
        updateCard(doc, 'post', { title: 'Written as the manager' })
      }),
    )
    expect((await within(forger.closed, 'the forger was not closed')).code).toBe(4422)

    // The manager's document, with the same id, goes on writing after the restart.
    const back = connect(again, board.id, manager.token, lead.doc)
    cleanups.push(() => back.provider.destroy())
    await waitForSync(back.provider)
    updateCard(lead.doc, 'post', { title: 'Still the manager' })
    await eventually(async () =>
      expect(getCard((await storedBoard(again, board.id)).doc, 'post')?.title).toBe(
        'Still the manager',
      ),
    )
  })

  it('[STAMP1] cannot set the SLA clock: the server stamps escalatedAt from its own clock, for everyone', async () => {
    const { t, board, manager, cm } = await setup()
    const lead = await publishedCard(t, board.id, manager, cm)
    const mine = open(t, board.id, cm)
    await waitForSync(mine.provider)
    const sentAt = Date.now()
    moveCard(
      mine.doc,
      'post',
      { stage: 'escalated', index: 0 },
      {
        escalationReason: 'angry thread',
        severity: 'crisis',
        escalatedAt: '2099-01-01T00:00:00.000Z',
      },
    )
    // The cm, the manager and storage all end with the server's time.
    for (const doc of [mine.doc, lead.doc]) {
      await eventually(() => expect(getCard(doc, 'post')?.escalatedAt).not.toMatch(/^2099/))
    }
    const stored = getCard((await storedBoard(t, board.id)).doc, 'post')!
    const stamp = Date.parse(stored.escalatedAt!)
    expect(stamp).toBeGreaterThanOrEqual(sentAt - 1000)
    expect(stamp).toBeLessThanOrEqual(Date.now())
    expect(getCard(mine.doc, 'post')?.escalatedAt).toBe(stored.escalatedAt)
    // The history's instant is the same one.
    await eventually(async () => {
      const events = await listStageEvents(t.database.db, board.id)
      expect(events.find((e) => e.toStage === 'escalated')?.at).toBe(stored.escalatedAt)
    })
    expect(mine.provider.wsconnected).toBe(true)

    // Pushing it later afterwards, or lowering the crisis, is refused.
    for (const [edit, field] of [
      [
        (doc: Y.Doc) => cardsMap(doc).get('post')!.set('escalatedAt', '2099-01-01T00:00:00.000Z'),
        'escalatedAt',
      ],
      [(doc: Y.Doc) => cardsMap(doc).get('post')!.set('severity', 'low'), 'severity'],
    ] as const) {
      const sender = await raw(t, board.id, cm)
      sender.sendUpdate(sender.change(edit))
      const info = await within(sender.closed, `${field}: not closed`)
      expect(info.code).toBe(4422)
      expect(decodeRefusal(info.reason)).toEqual({ code: 'not-allowed-field', field })
    }
    // A manager may lower it.
    const leadClosed = nextClose(lead.provider)
    cardsMap(lead.doc).get('post')!.set('severity', 'high')
    await eventually(async () =>
      expect(getCard((await storedBoard(t, board.id)).doc, 'post')?.severity).toBe('high'),
    )
    expect(await Promise.race([leadClosed, Promise.resolve('open')])).toBe('open')
  })
})
