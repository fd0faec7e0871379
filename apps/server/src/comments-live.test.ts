import { createCard } from '@pauta/board'
import {
  addComment,
  createApiToken,
  createBoard,
  createWorkspace,
  recordAccessChange,
  removeMember,
} from '@pauta/db'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  addTestUser,
  callTrpc,
  connect,
  eventually,
  openSse,
  type SseStream,
  startTestServer,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

/**
 * `comments.live`: a board's members hear which card's comments changed, at once when it
 * happened on this server, within the poll when it happened elsewhere (here: written straight
 * into SQL, as another instance would). Streams follow access as the board's sockets do,
 * with the access log read at its production interval (1 s).
 */
const ENDED_WITHIN_MS = 2000

type Changed = { kind: 'changed'; cardId: string; version: number; changedAt: string }

let t: TestServer
let workspaceId: string
let boardId: string
let otherBoardId: string
const u = {} as Record<'lead' | 'manager' | 'cm' | 'client' | 'outsider', TestUser>
const cleanups: Array<() => unknown> = []

beforeAll(async () => {
  t = await startTestServer({ serverOptions: { comments: { livePollMs: 200 } } })
  const workspace = await createWorkspace(t.database.db, { name: 'Agency' })
  const elsewhere = await createWorkspace(t.database.db, { name: 'Elsewhere' })
  workspaceId = workspace.id
  boardId = (await createBoard(t.database.db, { workspaceId, name: 'Launch' })).id
  otherBoardId = (await createBoard(t.database.db, { workspaceId, name: 'Other' })).id
  await createBoard(t.database.db, { workspaceId: elsewhere.id, name: 'Theirs' })
  u.lead = await addTestUser(t, workspaceId, ['strategist', 'manager'])
  u.manager = await addTestUser(t, workspaceId, ['manager'])
  u.cm = await addTestUser(t, workspaceId, ['cm'])
  u.client = await addTestUser(t, workspaceId, ['client'])
  u.outsider = await addTestUser(t, elsewhere.id, ['strategist', 'manager', 'cm'])

  // two cards, in the projection the comments procedures check against
  const { doc, provider } = connect(t, boardId, u.lead.token)
  await waitForSync(provider)
  createCard(doc, { title: 'Reel' }, { userId: u.lead.id, id: 'reel' })
  createCard(doc, { title: 'Story' }, { userId: u.lead.id, id: 'story' })
  await eventually(async () => {
    const titles = await t.database.db
      .selectFrom('boardCard')
      .select('cardId')
      .where('boardId', '=', boardId)
      .execute()
    expect(titles).toHaveLength(2)
  })
  provider.destroy()
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await t?.dispose()
})

async function live(token: string | null, board = boardId): Promise<SseStream> {
  const stream = await openSse(
    t,
    'comments.live',
    { boardId: board },
    token ? { authorization: `Bearer ${token}` } : {},
  )
  cleanups.push(() => stream.close())
  return stream
}

async function listening(token: string, board = boardId): Promise<SseStream> {
  const stream = await live(token, board)
  expect(stream.status).toBe(200)
  await eventually(() => expect(stream.data).toEqual([{ kind: 'listening' }]))
  return stream
}

const changes = (stream: SseStream) =>
  stream.data.filter((d): d is Changed => (d as Changed).kind === 'changed')

const lastVersion = (stream: SseStream, cardId: string) =>
  changes(stream)
    .filter((c) => c.cardId === cardId)
    .at(-1)?.version

const call = (user: TestUser, procedure: string, input: object) =>
  callTrpc(t, `comments.${procedure}`, { boardId, ...input }, { token: user.token })

/** The stream ended with a retryable error: the client reconnects, and is checked again. */
function endedForReconnect(stream: SseStream): void {
  expect(stream.ended).toBe(true)
  expect(stream.events.at(-1)).toMatchObject({
    event: 'serialized-error',
    data: expect.stringContaining('SERVICE_UNAVAILABLE'),
  })
}

function refused(stream: SseStream, code: string): void {
  expect(stream.events).toContainEqual(
    expect.objectContaining({ event: 'serialized-error', data: expect.stringContaining(code) }),
  )
}

describe('comments.live', () => {
  it('tells the board’s members, clients too, which card’s comments changed, at once; nobody else', async () => {
    const manager = await listening(u.manager.token)
    const client = await listening(u.client.token)
    // the same workspace, another board: hears nothing of this one
    const elsewhere = await listening(u.cm.token, otherBoardId)

    const started = Date.now()
    const added = await call(u.cm, 'add', { cardId: 'reel', body: 'Hola' })
    expect(added.error).toBeUndefined()
    for (const stream of [manager, client])
      await eventually(() => expect(lastVersion(stream, 'reel')).toBe(1), 1000)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(changes(manager)[0]).toMatchObject({
      kind: 'changed',
      cardId: 'reel',
      version: 1,
      changedAt: (added.data as { createdAt: string }).createdAt,
    })

    // edited, resolved, deleted: each is a change of the card's comments
    const id = (added.data as { id: string }).id
    await call(u.cm, 'edit', { id, body: 'Hola a todos' })
    await eventually(() => expect(lastVersion(manager, 'reel')).toBe(2), 1000)
    await call(u.manager, 'resolve', { id, resolved: true })
    await eventually(() => expect(lastVersion(client, 'reel')).toBe(3), 1000)
    await call(u.cm, 'delete', { id })
    await eventually(() => expect(lastVersion(client, 'reel')).toBe(4), 1000)
    // told once each, in order
    const versions = changes(manager).map((c) => c.version)
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b))

    // written on another instance (straight into SQL, nobody here is told): with the poll
    await addComment(t.database.db, {
      boardId,
      cardId: 'story',
      authorId: u.lead.id,
      body: 'from elsewhere',
    })
    await eventually(() => expect(lastVersion(manager, 'story')).toBe(1), 1500)
    await eventually(() => expect(lastVersion(client, 'story')).toBe(1), 1500)
    expect(elsewhere.data).toEqual([{ kind: 'listening' }])
  })

  it('refuses a member of another workspace, and someone signed out', async () => {
    const outsider = await live(u.outsider.token)
    const nobody = await live(null)
    await eventually(() => refused(outsider, 'NOT_FOUND'))
    await eventually(() => refused(nobody, 'UNAUTHORIZED'))
    // and they hear nothing of what happens on the board
    await call(u.cm, 'add', { cardId: 'reel', body: 'private' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(outsider.data).toEqual([])
    expect(nobody.data).toEqual([])
  })

  it('ends when its sign-in goes or its person leaves the workspace, by any path', async () => {
    // a token revoked through the API
    const person = await addTestUser(t, workspaceId, ['cm'])
    const script = await createApiToken(t.database.db, person.id, 'script')
    const stream = await listening(script.token)
    const revoked = await callTrpc(t, 'tokens.revoke', { id: script.id }, { token: person.token })
    expect(revoked.error).toBeUndefined()
    await eventually(() => endedForReconnect(stream), ENDED_WITHIN_MS)
    const reopened = await live(script.token)
    await eventually(() => refused(reopened, 'UNAUTHORIZED'))

    // removed by a lead through the API: ends, and reconnecting is refused
    const leaving = await addTestUser(t, workspaceId, ['cm'])
    const hers = await listening(leaving.token)
    const removed = await callTrpc(
      t,
      'members.remove',
      { workspaceId, userId: leaving.id },
      { token: u.lead.token },
    )
    expect(removed.error).toBeUndefined()
    await eventually(() => endedForReconnect(hers), ENDED_WITHIN_MS)
    const again = await live(leaving.token)
    await eventually(() => refused(again, 'NOT_FOUND'))

    // removed elsewhere (the admin CLI, another instance): heard through the access log
    const quiet = await addTestUser(t, workspaceId, ['client'])
    const theirs = await listening(quiet.token)
    await removeMember(t.database.db, workspaceId, quiet.id)
    await recordAccessChange(t.database.db, quiet.id)
    await eventually(() => endedForReconnect(theirs), ENDED_WITHIN_MS)
    // everyone else's go on
    const staying = await listening(u.manager.token)
    await call(u.cm, 'add', { cardId: 'story', body: 'still here' })
    await eventually(() => expect(changes(staying).length).toBeGreaterThan(0), 1000)
  })

  it('a stopping server ends open streams instead of waiting for them', async () => {
    const own = await startTestServer()
    cleanups.push(() => own.dispose())
    const workspace = await createWorkspace(own.database.db, { name: 'Own' })
    const board = await createBoard(own.database.db, { workspaceId: workspace.id, name: 'B' })
    const user = await addTestUser(own, workspace.id, ['cm'])
    const stream = await openSse(
      own,
      'comments.live',
      { boardId: board.id },
      { authorization: `Bearer ${user.token}` },
    )
    cleanups.push(() => stream.close())
    await eventually(() => expect(stream.data).toEqual([{ kind: 'listening' }]))
    expect(own.server.comments.live.listeners).toBe(1)
    await within(own.stop(), 'the server did not stop with a stream open', 5000)
    expect(own.server.comments.live.listeners).toBe(0)
  })
})
