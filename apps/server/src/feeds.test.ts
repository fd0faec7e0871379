import { archiveCard, cardsMap, createCard, listCards, moveCard, updateCard } from '@pauta/board'
import { addMember, listAllBoards, listBoardCards, setWorkspaceTimeZone } from '@pauta/db'
import type { NewCard } from '@pauta/domain'
import ICAL from 'ical.js'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { seedDemo } from './demo.ts'
import { createFeedSigner } from './feeds.ts'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  connect,
  eventually,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  waitForSync,
} from './test-server.ts'

/**
 * Calendar feeds end to end: cards made by a stock y-websocket client, projected by the
 * server, served as .ics over HTTP and read back by a third-party iCalendar parser (ical.js).
 */

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** startTestServer's AUTH_SECRET: tests sign tokens the server never issued with it. */
const TEST_SECRET = 'test-secret-that-is-long-enough-to-sign-cookies'

const T1 = '2026-12-01T10:00:00.000Z'
const T2 = '2026-12-02T11:30:00.000Z'
const T3 = '2026-12-03T09:00:00.000Z'
const T4 = '2026-11-28T16:00:00.000Z'
const T5 = '2026-12-05T08:15:00.000Z'
const T6 = '2026-12-06T12:00:00.000Z'

async function server(dataDir?: string): Promise<TestServer> {
  const t = await startTestServer(dataDir ? { dataDir } : {})
  cleanups.push(() => (dataDir ? t.stop() : t.dispose()))
  return t
}

function open(t: TestServer, boardId: string, user: TestUser) {
  const client = connect(t, boardId, user.token)
  cleanups.push(() => client.provider.destroy())
  return client
}

/** A post made by `by` in one change, with what its stage asks for. */
function post(doc: Y.Doc, by: TestUser, id: string, input: NewCard, publishedAt?: string): void {
  doc.transact(() => {
    createCard(doc, { network: 'instagram', ...input, title: input.title }, { userId: by.id, id })
    if (publishedAt) cardsMap(doc).get(id)!.set('publishedAt', publishedAt)
  })
}

interface FeedEvent {
  cardId: string
  summary: string
  start: string
  url: string | null
}

/** Parses a feed with ical.js and checks what every subscriber relies on. */
function parseFeed(text: string): { name: string; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text))
  expect(calendar.name).toBe('vcalendar')
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
  expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy()
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy()
    expect(event.uid).toBeTruthy()
    const url = vevent.getFirstPropertyValue('url')
    return {
      cardId: cardIdOfUid(event.uid),
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      url: typeof url === 'string' ? url : null,
    }
  })
  // One event per post: a calendar app keys its copy by UID.
  expect(new Set(events.map((e) => e.cardId)).size).toBe(events.length)
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname') ?? ''), events }
}

/** UIDs are `<cardId>@<host>` (stable across fetches, unique across installations). */
function cardIdOfUid(uid: string): string {
  return uid.split('@')[0] ?? uid
}

/** The feed at the URL the API gave, fetched from the test server like a calendar app would. */
async function fetchFeed(t: TestServer, url: string): Promise<Response> {
  return fetch(`${t.url}${new URL(url).pathname}`)
}

async function readFeed(t: TestServer, url: string) {
  const res = await fetchFeed(t, url)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
  return parseFeed(await res.text())
}

const ids = (feed: { events: FeedEvent[] }) => feed.events.map((e) => e.cardId).sort()

async function feedUrl(t: TestServer, user: TestUser, boardId?: string): Promise<string> {
  const result = boardId
    ? await callTrpc(t, 'feeds.board', { boardId }, { token: user.token })
    : await callTrpc(t, 'feeds.mine', null, { token: user.token })
  expect(result.error).toBeUndefined()
  return (result.data as { url: string }).url
}

/**
 * Three workspaces. `ours`: a manager, community managers Ana and Beto, a client; Ana is also
 * a cm in `second`; `other` is a workspace Ana is not in, where a card is assigned to her all
 * the same (assignees are user ids; nothing stops a manager there from typing hers).
 */
async function setup() {
  const t = await server()
  const ours = await addTestBoard(t, 'Redes')
  const second = await addTestBoard(t, 'Segunda marca')
  const other = await addTestBoard(t, 'Ajena')
  const manager = await addTestUser(t, ours.workspace.id, ['manager'])
  const ana = await addTestUser(t, ours.workspace.id, ['cm'])
  const beto = await addTestUser(t, ours.workspace.id, ['cm'])
  const client = await addTestUser(t, ours.workspace.id, ['client'])
  await addMember(t.database.db, second.workspace.id, ana.id, ['cm'])
  await addMember(t.database.db, second.workspace.id, manager.id, ['manager'])
  const stranger = await addTestUser(t, other.workspace.id, ['manager'])

  const a = open(t, ours.board.id, manager)
  const b = open(t, second.board.id, manager)
  const c = open(t, other.board.id, stranger)
  await Promise.all([waitForSync(a.provider), waitForSync(b.provider), waitForSync(c.provider)])

  // ours
  post(a.doc, manager, 'ana-calendar', {
    title: 'Teaser cold brew',
    stage: 'calendar',
    assigneeId: ana.id,
    scheduledAt: T1,
  })
  post(a.doc, manager, 'beto-calendar', {
    title: 'Horarios de fin de año',
    stage: 'calendar',
    assigneeId: beto.id,
    scheduledAt: T2,
  })
  post(a.doc, manager, 'ana-unscheduled', { title: 'Idea sin fecha', stage: 'plan' })
  updateCard(a.doc, 'ana-unscheduled', { assigneeId: ana.id })
  post(a.doc, manager, 'ana-archived', {
    title: 'Post archivado',
    stage: 'calendar',
    assigneeId: ana.id,
    scheduledAt: T3,
  })
  archiveCard(a.doc, 'ana-archived')
  post(a.doc, manager, 'ana-published', {
    title: 'Receta: affogato',
    stage: 'calendar',
    assigneeId: ana.id,
    scheduledAt: T4,
  })
  moveCard(a.doc, 'ana-published', { stage: 'published', index: 0 }, { publishedAt: T4 })
  // Scheduled but still in plan: the board's calendar shows it, Ana's own feed does not.
  post(a.doc, manager, 'ana-plan-dated', {
    title: 'Encuesta navideña',
    stage: 'plan',
    assigneeId: ana.id,
    scheduledAt: T6,
  })
  // second
  post(b.doc, manager, 'ana-second', {
    title: 'Lanzamiento segunda marca',
    stage: 'calendar',
    assigneeId: ana.id,
    scheduledAt: T5,
  })
  // other
  post(c.doc, stranger, 'ana-elsewhere', {
    title: 'Secreto de otra agencia',
    stage: 'calendar',
    assigneeId: ana.id,
    scheduledAt: T5,
  })

  // Every change is projected before the tests read feeds.
  await eventually(async () => {
    const rows = await listBoardCards(t.database.db, ours.board.id)
    expect(rows.map((r) => [r.cardId, r.stage, r.archived])).toEqual([
      ['ana-archived', 'calendar', true],
      ['ana-calendar', 'calendar', false],
      ['ana-plan-dated', 'plan', false],
      ['ana-published', 'published', false],
      ['ana-unscheduled', 'plan', false],
      ['beto-calendar', 'calendar', false],
    ])
    expect(rows.find((r) => r.cardId === 'ana-unscheduled')?.assigneeId).toBe(ana.id)
    expect(await listBoardCards(t.database.db, second.board.id)).toHaveLength(1)
    expect(await listBoardCards(t.database.db, other.board.id)).toHaveLength(1)
  })
  return { t, ours, second, other, manager, ana, beto, client, stranger, docs: { a, b, c } }
}

describe('calendar feeds', { timeout: 30_000 }, () => {
  it('the user feed and the board feed parse with ical.js and list exactly the right posts', async () => {
    const { t, ours, ana, beto, client, manager } = await setup()

    const mine = await readFeed(t, await feedUrl(t, ana))
    expect(ids(mine)).toEqual(['ana-calendar', 'ana-published', 'ana-second'])
    const byId = new Map(mine.events.map((e) => [e.cardId, e]))
    expect(byId.get('ana-calendar')).toMatchObject({ start: T1 })
    expect(byId.get('ana-calendar')?.summary).toContain('Teaser cold brew')
    expect(byId.get('ana-published')).toMatchObject({ start: T4 })
    expect(byId.get('ana-second')).toMatchObject({ start: T5 })
    // Each event links back to its card on its board.
    expect(byId.get('ana-calendar')?.url).toBe(
      `http://127.0.0.1:3999/b/${ours.board.id}?card=ana-calendar`,
    )
    expect(JSON.stringify(mine)).not.toContain('Secreto de otra agencia')

    expect(ids(await readFeed(t, await feedUrl(t, beto)))).toEqual(['beto-calendar'])
    expect(ids(await readFeed(t, await feedUrl(t, manager)))).toEqual([])

    // The board feed: every scheduled, non-archived card of the board, whoever has it.
    const boardIds = ['ana-calendar', 'ana-plan-dated', 'ana-published', 'beto-calendar']
    const board = await readFeed(t, await feedUrl(t, ana, ours.board.id))
    expect(ids(board)).toEqual(boardIds)
    expect(board.name).toContain('Redes')
    // A client reads the board, so they may subscribe to it too.
    expect(ids(await readFeed(t, await feedUrl(t, client, ours.board.id)))).toEqual(boardIds)
  })

  it('a rescheduled or moved card shows its new time on the next fetch', async () => {
    const { t, ours, ana, docs } = await setup()
    const mineUrl = await feedUrl(t, ana)
    const boardUrl = await feedUrl(t, ana, ours.board.id)

    updateCard(docs.a.doc, 'ana-calendar', { scheduledAt: '2026-12-10T18:45:00.000Z' })
    moveCard(
      docs.a.doc,
      'ana-plan-dated',
      { stage: 'calendar', index: 0 },
      { network: 'facebook', assigneeId: ana.id, scheduledAt: '2026-12-11T07:00:00.000Z' },
    )
    await eventually(async () => {
      const mine = await readFeed(t, mineUrl)
      expect(ids(mine)).toEqual(['ana-calendar', 'ana-plan-dated', 'ana-published', 'ana-second'])
      const starts = new Map(mine.events.map((e) => [e.cardId, e.start]))
      expect(starts.get('ana-calendar')).toBe('2026-12-10T18:45:00.000Z')
      expect(starts.get('ana-plan-dated')).toBe('2026-12-11T07:00:00.000Z')
    })
    const board = await readFeed(t, boardUrl)
    expect(board.events.find((e) => e.cardId === 'ana-calendar')?.start).toBe(
      '2026-12-10T18:45:00.000Z',
    )

    // Archived and handed to someone else: gone from her feed.
    archiveCard(docs.a.doc, 'ana-published')
    updateCard(docs.a.doc, 'ana-calendar', { assigneeId: null })
    await eventually(async () =>
      expect(ids(await readFeed(t, mineUrl))).toEqual(['ana-plan-dated', 'ana-second']),
    )
  })

  it('a revoked, tampered, unknown or malformed feed URL is a bare 404; a new URL works', async () => {
    const { t, ours, ana, beto } = await setup()
    const mine = (await callTrpc(t, 'feeds.mine', null, { token: ana.token })).data as {
      id: string
      url: string
    }
    expect(mine.url).toMatch(
      /^http:\/\/127\.0\.0\.1:3999\/feeds\/[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}\.ics$/,
    )
    // get-or-create: the same feed until it is revoked
    expect((await callTrpc(t, 'feeds.mine', null, { token: ana.token })).data).toEqual(mine)
    expect((await fetchFeed(t, mine.url)).status).toBe(200)

    const path = new URL(mine.url).pathname
    const signature = path.slice(path.indexOf('.') + 1, -'.ics'.length)
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    const forged = createFeedSigner(TEST_SECRET, t.url).url('unknownFeed00000')
    const wrongSecret = createFeedSigner(`${TEST_SECRET}-not-it`, t.url).url(mine.id)
    const bad = [
      path.replace(signature, flipped),
      path.replace(signature, ''),
      path.replace('.ics', ''),
      path.replace('.ics', '.ICS'),
      `/feeds/${mine.id}.ics`,
      `/feeds/${'x'.repeat(300)}.ics`,
      new URL(forged).pathname,
      new URL(wrongSecret).pathname,
    ]
    for (const badPath of bad) {
      const res = await fetch(`${t.url}${badPath}`)
      expect(res.status, badPath).toBe(404)
      expect(res.headers.get('content-type'), badPath).not.toContain('calendar')
    }

    // Only the owner revokes; a revoked URL is a 404 like any other.
    const notYours = await callTrpc(t, 'feeds.revoke', { id: mine.id }, { token: beto.token })
    expect(notYours.error?.data.code).toBe('NOT_FOUND')
    expect((await fetchFeed(t, mine.url)).status).toBe(200)
    expect((await callTrpc(t, 'feeds.revoke', { id: mine.id }, { token: ana.token })).data).toEqual(
      { ok: true },
    )
    const revoked = await fetchFeed(t, mine.url)
    expect(revoked.status).toBe(404)
    expect(await revoked.text()).toBe('Not Found')
    const again = await callTrpc(t, 'feeds.revoke', { id: mine.id }, { token: ana.token })
    expect(again.error?.data.code).toBe('NOT_FOUND')

    const fresh = (await callTrpc(t, 'feeds.mine', null, { token: ana.token })).data as {
      id: string
      url: string
    }
    expect(fresh.id).not.toBe(mine.id)
    expect(fresh.url).not.toBe(mine.url)
    expect(ids(await readFeed(t, fresh.url))).toEqual([
      'ana-calendar',
      'ana-published',
      'ana-second',
    ])

    // The same for a board feed.
    const board = (
      await callTrpc(t, 'feeds.board', { boardId: ours.board.id }, { token: ana.token })
    ).data as { id: string; url: string }
    await callTrpc(t, 'feeds.revoke', { id: board.id }, { token: ana.token })
    expect((await fetchFeed(t, board.url)).status).toBe(404)
    const newBoard = await feedUrl(t, ana, ours.board.id)
    expect(newBoard).not.toBe(board.url)
    expect((await fetchFeed(t, newBoard)).status).toBe(200)
  })

  it('lists the caller’s active feeds with board names, and needs a signed-in caller', async () => {
    const { t, ours, second, ana, beto } = await setup()
    const mine = await feedUrl(t, ana)
    const boardFeed = await feedUrl(t, ana, ours.board.id)
    await feedUrl(t, ana, second.board.id)
    await feedUrl(t, beto)
    const listed = await callTrpc(t, 'feeds.list', null, { token: ana.token, query: true })
    expect(listed.data).toMatchObject([
      { boardId: null, boardName: null, url: mine },
      { boardId: ours.board.id, boardName: 'Redes', url: boardFeed },
      { boardId: second.board.id, boardName: 'Segunda marca' },
    ])
    const anonymous = await callTrpc(t, 'feeds.mine', null)
    expect(anonymous.error?.data.code).toBe('UNAUTHORIZED')
    const badInput = await callTrpc(t, 'feeds.board', { boardId: '' }, { token: ana.token })
    expect(badInput.error?.data.code).toBe('BAD_REQUEST')
  })

  it('a member removed from a workspace: their board feed is a 404, their own feed drops its posts', async () => {
    const { t, second, manager, ana } = await setup()
    const mine = await feedUrl(t, ana)
    const boardFeed = await feedUrl(t, ana, second.board.id)
    expect(ids(await readFeed(t, boardFeed))).toEqual(['ana-second'])
    expect(ids(await readFeed(t, mine))).toContain('ana-second')

    const removed = await callTrpc(
      t,
      'members.remove',
      { workspaceId: second.workspace.id, userId: ana.id },
      { token: manager.token },
    )
    expect(removed.error).toBeUndefined()
    expect((await fetchFeed(t, boardFeed)).status).toBe(404)
    expect(ids(await readFeed(t, mine))).toEqual(['ana-calendar', 'ana-published'])
    const listed = await callTrpc(t, 'feeds.list', null, { token: ana.token, query: true })
    expect((listed.data as Array<{ boardId: string | null }>).map((f) => f.boardId)).toEqual([null])
  })

  it('another workspace’s board: feeds.board refuses it and its posts never reach a feed', async () => {
    const { t, other, ana, stranger } = await setup()
    const refused = await callTrpc(
      t,
      'feeds.board',
      { boardId: other.board.id },
      { token: ana.token },
    )
    expect(refused.error?.data.code).toBe('NOT_FOUND')
    const missing = await callTrpc(
      t,
      'feeds.board',
      { boardId: 'no-such-board' },
      {
        token: ana.token,
      },
    )
    expect(missing.error?.data.code).toBe('NOT_FOUND')
    // Nothing was created for her there.
    const listed = await callTrpc(t, 'feeds.list', null, { token: ana.token, query: true })
    expect(listed.data).toEqual([])

    // The card assigned to her over there is in its own board's feed, and nowhere of hers.
    const theirs = await readFeed(t, await feedUrl(t, stranger, other.board.id))
    expect(ids(theirs)).toEqual(['ana-elsewhere'])
    const mine = await fetchFeed(t, await feedUrl(t, ana))
    expect(await mine.text()).not.toContain('Secreto de otra agencia')
  })

  it('rebuilds a board’s projection from its document when the board loads', async () => {
    const { t, ours, ana, docs } = await setup()
    const expected = await listBoardCards(t.database.db, ours.board.id)
    const boardFeed = await feedUrl(t, ana, ours.board.id)
    for (const { provider } of Object.values(docs)) provider.destroy()
    await t.stop()

    // Rows lost (or never written: a crash between the store and the projection) …
    const restarted = await server(t.dataDir)
    await restarted.database.db
      .deleteFrom('boardCard')
      .where('boardId', '=', ours.board.id)
      .execute()
    await restarted.database.db
      .insertInto('boardCard')
      .values({
        boardId: ours.board.id,
        cardId: 'not-in-the-document',
        title: 'Stale',
        stage: 'calendar',
        network: null,
        assigneeId: ana.id,
        scheduledAt: T1,
        publishedAt: null,
        publishedUrl: null,
        campaign: null,
        severity: null,
        escalatedAt: null,
        archived: 0,
        updatedAt: T1,
      })
      .execute()
    expect(ids(await readFeed(restarted, boardFeed))).toEqual(['not-in-the-document'])

    // … are back as the document has them once anyone opens the board.
    const reader = open(restarted, ours.board.id, ana)
    await waitForSync(reader.provider)
    await eventually(async () => {
      const rows = await listBoardCards(restarted.database.db, ours.board.id)
      expect(rows.map(({ updatedAt: _u, ...row }) => row)).toEqual(
        expected.map(({ updatedAt: _u, ...row }) => row),
      )
    })
    expect(ids(await readFeed(restarted, boardFeed))).toEqual([
      'ana-calendar',
      'ana-plan-dated',
      'ana-published',
      'beto-calendar',
    ])
  })

  it('speaks the language the feed URL names, with times on the workspace’s clock', async () => {
    const { t, ours, ana, docs } = await setup()
    await setWorkspaceTimeZone(t.database.db, ours.workspace.id, 'America/Mexico_City')
    moveCard(
      docs.a.doc,
      'ana-published',
      { stage: 'escalated', index: 0 },
      { severity: 'high', escalationReason: 'Comentarios molestos' },
    )
    await eventually(async () => {
      const rows = await listBoardCards(t.database.db, ours.board.id)
      expect(rows.find((r) => r.cardId === 'ana-published')?.stage).toBe('escalated')
    })
    const url = new URL(await feedUrl(t, ana, ours.board.id))
    const read = async (query: string) => {
      const res = await fetch(`${t.url}${url.pathname}${query}`)
      expect(res.status).toBe(200)
      const calendar = new ICAL.Component(ICAL.parse(await res.text()))
      const event = calendar
        .getAllSubcomponents('vevent')
        .find((vevent) => String(vevent.getFirstPropertyValue('uid')).startsWith('ana-published@'))
      return {
        zone: calendar.getFirstPropertyValue('x-wr-timezone'),
        description: String(event?.getFirstPropertyValue('description')),
        start: event ? new ICAL.Event(event).startDate.toJSDate().toISOString() : null,
      }
    }

    // T4, 16:00 UTC on 28 November, is 10:00 in Mexico City
    const es = await read('?lang=es')
    expect(es.description).toContain('Etapa: Escalado')
    expect(es.description).toContain(
      'Hora: sábado, 28 de noviembre de 2026, 10:00 (America/Mexico City)',
    )
    expect(es.description).not.toMatch(/escalated|Stage:/)
    expect(es.zone).toBe('America/Mexico_City')
    expect(es.start).toBe(T4)

    const en = await read('?lang=en')
    expect(en.description).toContain('Stage: Escalated')
    expect(en.description).toContain(
      'When: Saturday, November 28, 2026 at 10:00 AM (America/Mexico City)',
    )
    // no language, or one Pauta does not speak: English
    expect((await read('')).description).toContain('Stage: Escalated')
    expect((await read('?lang=xx')).description).toContain('Stage: Escalated')

    // the personal feed names no zone when its boards' workspaces keep different ones
    const mine = new URL(await feedUrl(t, ana))
    const personal = await fetch(`${t.url}${mine.pathname}?lang=es`)
    const text = await personal.text()
    expect(text).not.toContain('X-WR-TIMEZONE')
    expect(text).toContain('Etapa: Calendario')
  })

  it('the demo board is projected as soon as it is seeded', async () => {
    const t = await server()
    await seedDemo(t.database, t.server.auth, new Date('2026-11-23T12:00:00Z'))
    const [board] = await listAllBoards(t.database.db)
    const stored = await storedBoard(t, board!.id)
    const cards = listCards(stored.doc)
    const rows = await listBoardCards(t.database.db, board!.id)
    expect(rows.map((r) => r.cardId).sort()).toEqual(cards.map((c) => c.id).sort())
    expect(rows.filter((r) => r.archived)).toHaveLength(cards.filter((c) => c.archived).length)
  })
})
