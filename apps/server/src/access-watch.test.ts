import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { createCard, getCard } from '@pauta/board'
import {
  addMember,
  createApiToken,
  createBoard,
  createWorkspace,
  getMemberRoles,
  latestAccessChangeSeq,
  recordAccessChange,
  revokeApiToken,
} from '@pauta/db'
import type { Connection, CloseInfo as SyncCloseInfo } from '@pauta/sync'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { type AccessWatch, createAccessWatch } from './access-watch.ts'
import type { BoardUser } from './sync-hooks.ts'
import {
  addTestUser,
  type CloseInfo,
  callTrpc,
  connect,
  eventually,
  nextClose,
  openRaw,
  providerSocket,
  type RawSyncClient,
  sessionCookie,
  sleep,
  startTestServer,
  storedBoard,
  syncBarrier,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

/**
 * Open sockets follow access changes made by any path within 2 s: a revoked token, a
 * sign-out, and roles changed or a member removed with the admin CLI (a separate process on
 * the same data directory, which the server hears of only through the access log). The
 * server reads the log at its production interval (1 s).
 */
const CLOSE_WITHIN_MS = 2000
const run = promisify(execFile)
const serverDir = path.resolve(import.meta.dirname, '..')

let t: TestServer
let workspace: { id: string; name: string }
let boardId: string
let lead: TestUser
const cleanups: Array<() => unknown> = []
let accounts = 0

beforeAll(async () => {
  t = await startTestServer()
  workspace = await createWorkspace(t.database.db, { name: `Access watch ${Date.now()}` })
  boardId = (await createBoard(t.database.db, { workspaceId: workspace.id, name: 'Board' })).id
  lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await t?.dispose()
})

async function raw(token: string): Promise<RawSyncClient> {
  const client = await openRaw(t, boardId, token)
  cleanups.push(() => client.close())
  return client
}

/** A card written from a raw socket; resolves once the room has handled it. */
async function write(client: RawSyncClient, userId: string, title: string): Promise<string> {
  let id = ''
  client.sendUpdate(client.change((doc) => (id = createCard(doc, { title }, { userId }).id)))
  await client.barrier()
  return id
}

/** The stored board, after a card from the lead was stored behind whatever came before. */
async function storedAfterSettle() {
  const sentinel = await raw(lead.token)
  const id = await write(sentinel, lead.id, `sentinel ${Date.now()}`)
  const stored = await storedBoard(t, boardId)
  expect(getCard(stored.doc, id)).not.toBeNull()
  return stored.doc
}

/** The admin CLI, as a separate process on the server's data directory. */
async function pauta(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: serverDir,
        env: { ...process.env, DATA_DIR: t.dataDir, INIT_CWD: serverDir, LOG_LEVEL: 'silent' },
      },
    )
    return { code: 0, stdout: stdout.trim(), stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr }
  }
}

/** A socket authenticated by a session cookie, as a browser's is; resolves once it joined. */
async function cookieSocket(cookie: string) {
  const ws = new WebSocket(`${t.wsUrl}/${boardId}`, { headers: { cookie } })
  cleanups.push(() => ws.close())
  const closed = new Promise<CloseInfo>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  await within(syncBarrier(ws, new Uint8Array([0])), 'the cookie socket did not join')
  return { ws, closed }
}

describe('revoking a token', () => {
  it('closes the socket opened with it (4401 token revoked), and what it sends afterwards is not stored', async () => {
    const person = await addTestUser(t, workspace.id, ['manager'])
    const created = await callTrpc(t, 'tokens.create', { name: 'sync' }, { token: person.token })
    const second = created.data as { id: string; token: string }
    const client = await raw(second.token)
    const other = await raw(person.token)
    const before = await write(client, person.id, 'before the revoke')
    expect(getCard((await storedBoard(t, boardId)).doc, before)).not.toBeNull()

    const started = Date.now()
    const revoked = await callTrpc(t, 'tokens.revoke', { id: second.id }, { token: person.token })
    expect(revoked.data).toEqual({ ok: true })
    let after = ''
    client.sendUpdate(
      client.change(
        (doc) => (after = createCard(doc, { title: 'after' }, { userId: person.id }).id),
      ),
    )
    const info = await within(client.closed, 'the revoked socket stayed open', CLOSE_WITHIN_MS)
    expect(info).toEqual({ code: 4401, reason: 'token revoked' })
    expect(Date.now() - started).toBeLessThan(CLOSE_WITHIN_MS)

    const stored = await storedAfterSettle()
    expect(getCard(stored, before)?.title).toBe('before the revoke')
    expect(getCard(stored, after)).toBeNull()
    // The person's other token was not revoked: its socket stays, and writes.
    expect(other.open).toBe(true)
    const still = await write(other, person.id, 'other token')
    expect(getCard((await storedBoard(t, boardId)).doc, still)).not.toBeNull()
  })
})

describe('signing out', () => {
  it('closes the socket the session cookie opened (4401 signed out); the person’s token socket stays', async () => {
    const email = `out${++accounts}-${Date.now()}@example.com`
    const up = await callTrpc(t, 'auth.signUp', {
      name: 'Leaving soon',
      email,
      password: 'a long enough password',
    })
    expect(up.error).toBeUndefined()
    const { id } = up.data as { id: string }
    await addMember(t.database.db, workspace.id, id, ['manager'])
    const cookie = sessionCookie(up.res)
    const created = await callTrpc(t, 'tokens.create', { name: 'sync' }, { cookie })
    const { token } = created.data as { token: string }
    const browser = await cookieSocket(cookie)
    const script = await raw(token)

    const started = Date.now()
    const out = await callTrpc(t, 'auth.signOut', null, { cookie })
    expect(out.data).toEqual({ ok: true })
    const info = await within(browser.closed, 'the signed-out socket stayed open', CLOSE_WITHIN_MS)
    expect(info).toEqual({ code: 4401, reason: 'signed out' })
    expect(Date.now() - started).toBeLessThan(CLOSE_WITHIN_MS)

    // The cookie no longer opens a board.
    const again = new WebSocket(`${t.wsUrl}/${boardId}`, { headers: { cookie } })
    const refused = await within(
      new Promise<number>((resolve) => again.on('close', (code) => resolve(code))),
      'a socket with the old cookie was not refused',
    )
    expect(refused).toBe(4401)
    // Past a read of the access log, the token socket is still open and still writes.
    await sleep(1500)
    expect(script.open).toBe(true)
    const card = await write(script, id, 'by script')
    expect(getCard((await storedBoard(t, boardId)).doc, card)).not.toBeNull()
  })
})

describe('the admin CLI', { timeout: 60_000 }, () => {
  it('member add --role client: the open board reconnects (4001) read-only; member remove: closed (4403)', async () => {
    const person = await addTestUser(t, workspace.id, ['cm'])
    const client = connect(t, boardId, person.token)
    cleanups.push(() => client.provider.destroy())
    await waitForSync(client.provider)
    const mine = () => t.server.sync.connections(boardId).filter((c) => c.user.id === person.id)
    expect(mine().map((c) => c.readOnly)).toEqual([false])

    const rolesChanged = nextClose(client.provider)
    const add = await pauta('member', 'add', workspace.name, person.email, '--role', 'client')
    expect(add.stderr).toBe('')
    expect(add.code).toBe(0)
    expect(await getMemberRoles(t.database.db, workspace.id, person.id)).toEqual(['client'])
    const info = await within(rolesChanged, 'the board did not reconnect', CLOSE_WITHIN_MS)
    expect(info).toEqual({ code: 4001, reason: 'your roles changed' })

    // It reconnects by itself, read-only: what it writes is dropped.
    await eventually(() => {
      expect(mine().map((c) => [c.readOnly, c.user.roles])).toEqual([[true, ['client']]])
      expect(client.provider.synced).toBe(true)
    })
    const card = createCard(client.doc, { title: 'from a client' }, { userId: person.id })
    await syncBarrier(providerSocket(client.provider), Y.encodeStateVector(client.doc))
    expect(getCard(await storedAfterSettle(), card.id)).toBeNull()

    const removed = nextClose(client.provider)
    const remove = await pauta('member', 'remove', workspace.name, person.email)
    expect(remove.stderr).toBe('')
    expect(remove.stdout).toContain(`${person.email} is no longer a member of ${workspace.name}`)
    expect(
      await within(removed, 'the removed member’s board stayed open', CLOSE_WITHIN_MS),
    ).toEqual({ code: 4403, reason: 'removed from this workspace' })
    expect(await getMemberRoles(t.database.db, workspace.id, person.id)).toEqual([])
  })
})

/** `notifications.live` read with plain fetch: its SSE events, and whether it ended. */
async function openLive(headers: Record<string, string>) {
  const controller = new AbortController()
  const res = await fetch(`${t.url}/trpc/notifications.live`, {
    headers,
    signal: controller.signal,
  })
  expect(res.status).toBe(200)
  cleanups.push(() => controller.abort())
  const stream = { events: [] as Array<{ event: string; data: string }>, ended: false }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n')
        buffer = buffer.slice(end + 2)
        const event =
          lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim() ?? 'message'
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim())
        stream.events.push({ event, data: data.join('\n') })
      }
    }
    stream.ended = true
  })().catch(() => {})
  await eventually(() => expect(stream.events.map((e) => e.event)).toContain('message'))
  return stream
}

describe('live notification streams', () => {
  it('end when the sign-in they were opened with goes, so the client reconnects and signs in again', async () => {
    const up = await callTrpc(t, 'auth.signUp', {
      name: 'Listener',
      email: `listener${++accounts}-${Date.now()}@example.com`,
      password: 'a long enough password',
    })
    const cookie = sessionCookie(up.res)
    const tokens = await Promise.all(
      ['bell', 'admin'].map(
        async (name) =>
          (await callTrpc(t, 'tokens.create', { name }, { cookie })).data as {
            id: string
            token: string
          },
      ),
    )
    const [bell, admin] = tokens as [{ id: string; token: string }, { token: string }]
    const browser = await openLive({ cookie })
    const script = await openLive({ authorization: `Bearer ${bell.token}` })

    const ended = (stream: typeof browser) => {
      expect(stream.ended).toBe(true)
      // A retryable error: the client's EventSource reconnects, authenticating again.
      expect(stream.events.at(-1)).toMatchObject({
        event: 'serialized-error',
        data: expect.stringContaining('SERVICE_UNAVAILABLE'),
      })
    }
    await callTrpc(t, 'auth.signOut', null, { cookie })
    await eventually(() => ended(browser), CLOSE_WITHIN_MS)
    expect(script.ended).toBe(false)

    await callTrpc(t, 'tokens.revoke', { id: bell.id }, { token: admin.token })
    await eventually(() => ended(script), CLOSE_WITHIN_MS)
    // Reconnecting with what was revoked is refused.
    const again = await callTrpc(t, 'auth.me', null, { token: bell.token, query: true })
    expect(again.data).toBeNull()
  })
})

describe('reading the access log', () => {
  /** Sockets as the sync server lists them; each remembers how it was closed. */
  const sockets: Array<Connection<BoardUser> & { closedWith: SyncCloseInfo | null }> = []
  let watch: AccessWatch | undefined
  afterEach(async () => {
    await watch?.stop()
    sockets.length = 0
  })

  async function revokedSocket() {
    const person = await addTestUser(t, workspace.id, ['cm'])
    const { id } = await createApiToken(t.database.db, person.id, 'sync')
    await revokeApiToken(t.database.db, person.id, id)
    const socket = {
      id: `socket-${person.id}`,
      boardId,
      readOnly: false,
      user: {
        id: person.id,
        name: person.name,
        email: person.email,
        color: '#000000',
        workspaceId: workspace.id,
        roles: ['cm' as const],
        credential: { kind: 'token' as const, id },
      },
      closedWith: null as SyncCloseInfo | null,
      close(info: SyncCloseInfo) {
        this.closedWith ??= info
      },
    }
    return { person, socket }
  }

  function start() {
    watch = createAccessWatch({
      database: t.database,
      sync: { connections: () => sockets.filter((s) => s.closedWith === null) },
      pollMs: 20,
      onError: (error) => {
        throw error
      },
    })
    return watch.start()
  }

  it('handles a row whose seq became visible after a higher one (PostgreSQL commits out of seq order)', async () => {
    const early = await revokedSocket()
    const late = await revokedSocket()
    sockets.push(early.socket, late.socket)
    await start()
    // Seq n+1 is taken but not yet committed while n+2 is: n+2 shows up first.
    const next = (await latestAccessChangeSeq(t.database.db)) + 1
    await t.database.db
      .insertInto('accessChange')
      .values({ seq: next + 1, userId: late.person.id, at: new Date().toISOString() })
      .execute()
    await eventually(() =>
      expect(late.socket.closedWith).toEqual({ code: 4401, reason: 'token revoked' }),
    )
    expect(early.socket.closedWith).toBeNull()
    await t.database.db
      .insertInto('accessChange')
      .values({ seq: next, userId: early.person.id, at: new Date().toISOString() })
      .execute()
    await eventually(() =>
      expect(early.socket.closedWith).toEqual({ code: 4401, reason: 'token revoked' }),
    )
  })

  it('checks a socket that joined after its person was checked (it was still authenticating)', async () => {
    const { person, socket } = await revokedSocket()
    const bystander = await revokedSocket()
    sockets.push(bystander.socket)
    await start()
    await recordAccessChange(t.database.db, person.id)
    await recordAccessChange(t.database.db, bystander.person.id)
    await eventually(() => expect(bystander.socket.closedWith).not.toBeNull())
    // The person had no socket here when the log named them; one joins now.
    sockets.push(socket)
    await eventually(() =>
      expect(socket.closedWith).toEqual({ code: 4401, reason: 'token revoked' }),
    )
  })

  it('leaves alone the sockets of people the log does not name', async () => {
    const { socket } = await revokedSocket()
    const named = await revokedSocket()
    sockets.push(socket, named.socket)
    await start()
    await recordAccessChange(t.database.db, named.person.id)
    await eventually(() => expect(named.socket.closedWith).not.toBeNull())
    await sleep(100)
    expect(socket.closedWith).toBeNull()
  })
})
