import { randomBytes } from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import { openDatabase } from '@pauta/db'
import { CloseCode } from '@pauta/sync'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CONNECTION_DEFAULTS } from './connection-guard.ts'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  sleep,
  startTestServer,
  type TestServer,
  waitForSync,
} from './test-server.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const t = await startTestServer(opts)
  cleanups.push(() => t.dispose())
  return t
}

/** A raw TCP connection to the server, recording when (after `begun`) it was closed. */
interface RawConnection {
  socket: net.Socket
  begun: number
  /** ms from `begun` to the close, or null while open. */
  closedAfter: number | null
  connected: Promise<void>
}

function rawConnection(t: TestServer): RawConnection {
  const { port } = new URL(t.url)
  const begun = Date.now()
  const socket = net.connect(Number(port), '127.0.0.1')
  const raw: RawConnection = {
    socket,
    begun,
    closedAfter: null,
    connected: new Promise((resolve) => socket.once('connect', () => resolve())),
  }
  socket.on('error', () => {})
  socket.on('close', () => {
    raw.closedAfter = Date.now() - begun
  })
  cleanups.push(() => socket.destroy())
  return raw
}

/** Writes `first`, then one more header line every `everyMs` while the socket is open. */
function trickle(raw: RawConnection, first: string, everyMs: number): void {
  raw.socket.write(first)
  let n = 0
  const timer = setInterval(() => {
    if (raw.socket.destroyed) clearInterval(timer)
    else raw.socket.write(`X-Slow-${n++}: still coming\r\n`)
  }, everyMs)
  cleanups.push(() => clearInterval(timer))
}

describe('connections that never finish their headers', () => {
  it('closes idle TCP connections that never send a byte, at the headers timeout', async () => {
    const timeoutMs = 400
    const t = await server({ serverOptions: { connections: { headersTimeoutMs: timeoutMs } } })
    const idle = Array.from({ length: 50 }, () => rawConnection(t))
    await Promise.all(idle.map((raw) => raw.connected))
    await eventually(() => expect(idle.filter((raw) => raw.closedAfter === null)).toEqual([]), 5000)
    // Timers never fire early: each lasted at least the timeout.
    for (const raw of idle) expect(raw.closedAfter).toBeGreaterThanOrEqual(timeoutMs)
    expect(t.server.connections.waiting()).toBe(0)
  })

  it('closes a request, or a WebSocket upgrade, whose header lines trickle in, at the timeout', async () => {
    const timeoutMs = 500
    const t = await server({ serverOptions: { connections: { headersTimeoutMs: timeoutMs } } })
    const page = rawConnection(t)
    trickle(page, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 100)
    const upgrade = rawConnection(t)
    trickle(
      upgrade,
      'GET /sync/board1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n',
      100,
    )
    await eventually(() => {
      expect(page.closedAfter).not.toBeNull()
      expect(upgrade.closedAfter).not.toBeNull()
    }, 5000)
    expect(page.closedAfter).toBeGreaterThanOrEqual(timeoutMs)
    expect(upgrade.closedAfter).toBeGreaterThanOrEqual(timeoutMs)
  })

  it('closes a keep-alive connection whose next request trickles in, at the timeout', async () => {
    const timeoutMs = 500
    const t = await server({ serverOptions: { connections: { headersTimeoutMs: timeoutMs } } })
    const raw = rawConnection(t)
    let received = ''
    raw.socket.on('data', (chunk: Buffer) => {
      received += chunk.toString()
    })
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await eventually(() => expect(received).toMatch(/^HTTP\/1\.1 200[\s\S]*\{"ok":true\}$/))
    const secondBegun = Date.now()
    trickle(raw, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 100)
    await eventually(() => expect(raw.closedAfter).not.toBeNull(), 5000)
    expect(raw.begun + (raw.closedAfter ?? 0) - secondBegun).toBeGreaterThanOrEqual(timeoutMs)
  })

  it('leaves an established WebSocket and a keep-alive connection alone past the timeout', async () => {
    const timeoutMs = 300
    const t = await server({ serverOptions: { connections: { headersTimeoutMs: timeoutMs } } })
    const { workspace, board } = await addTestBoard(t)
    const user = await addTestUser(t, workspace.id, ['manager'])
    const { provider } = connect(t, board.id, user.token)
    cleanups.push(() => provider.destroy())
    const closes: number[] = []
    provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    await waitForSync(provider)

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    cleanups.push(() => agent.destroy())
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${t.url}/healthz`, { agent }, (res) => {
          res.resume()
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }))
        })
        req.on('error', reject)
      })
    expect(await get()).toEqual({ status: 200, reused: false })

    // Nothing is expected to happen here: both outlive several timeouts.
    await sleep(timeoutMs * 4)
    expect(await get()).toEqual({ status: 200, reused: true })
    expect(closes).toEqual([])
    expect(provider.wsconnected).toBe(true)
    expect(t.server.sync.connections(board.id)).toHaveLength(1)
  })

  it('destroys connections of one address beyond the cap at once, and counts them down', async () => {
    // A long timeout: whatever closes within the test was refused by the cap.
    const t = await server({
      serverOptions: { connections: { headersTimeoutMs: 10_000, maxWaitingPerAddress: 5 } },
    })
    const sockets: RawConnection[] = []
    for (let i = 0; i < 12; i++) {
      const raw = rawConnection(t)
      await raw.connected
      sockets.push(raw)
    }
    await eventually(() =>
      expect(sockets.filter((raw) => raw.closedAfter !== null)).toHaveLength(7),
    )
    expect(sockets.slice(0, 5).every((raw) => raw.closedAfter === null)).toBe(true)
    expect(t.server.connections.waiting('127.0.0.1')).toBe(5)

    // One of the five sends a request: it no longer counts, and a new connection fits.
    sockets[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await eventually(() => expect(t.server.connections.waiting('127.0.0.1')).toBe(4))
    const another = rawConnection(t)
    await another.connected
    await eventually(() => expect(t.server.connections.waiting('127.0.0.1')).toBe(5))
    expect(another.closedAfter).toBeNull()
    for (const raw of [...sockets, another]) raw.socket.destroy()
    await eventually(() => expect(t.server.connections.waiting()).toBe(0))
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200)
  })

  it('closes a request whose body trickles in at the body timeout, but lets an upload take its time', async () => {
    const bodyTimeoutMs = 600
    const t = await server({ serverOptions: { connections: { bodyTimeoutMs } } })
    const { workspace, board } = await addTestBoard(t)
    const cm = await addTestUser(t, workspace.id, ['cm'])
    const slowBody = (path: string, type: string) => {
      const raw = rawConnection(t)
      raw.socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${cm.token}\r\nContent-Type: ${type}\r\nContent-Length: 100000\r\n\r\n`,
      )
      const timer = setInterval(() => {
        if (raw.socket.destroyed) clearInterval(timer)
        else raw.socket.write('x')
      }, 50)
      cleanups.push(() => clearInterval(timer))
      return raw
    }
    const api = slowBody('/trpc/boards.create', 'application/json')
    const upload = slowBody(`/api/boards/${board.id}/media`, 'multipart/form-data; boundary=x1')
    await eventually(() => expect(api.closedAfter).not.toBeNull(), 5000)
    expect(api.closedAfter).toBeGreaterThanOrEqual(bodyTimeoutMs)
    // the upload is still being received, twice the body timeout later
    await new Promise((resolve) => setTimeout(resolve, bodyTimeoutMs * 2))
    expect(upload.closedAfter).toBeNull()
  })

  it('production defaults: headers within 10 s (Node checks every second), 64 waiting per address, bodies within 30 s (uploads 1 h)', async () => {
    const t = await server()
    expect(CONNECTION_DEFAULTS).toEqual({
      headersTimeoutMs: 10_000,
      maxWaitingPerAddress: 64,
      bodyTimeoutMs: 30_000,
      uploadTimeoutMs: 3_600_000,
    })
    expect(t.server.connections.limits).toEqual(CONNECTION_DEFAULTS)
    const node = t.server.app.server
    expect(node.headersTimeout).toBe(10_000)
    // Node's cut-off is the upload's; every other body is held to 30 s by the guard
    expect(node.requestTimeout).toBe(3_600_000)
    expect(node.keepAliveTimeout).toBe(72_000)
  })
})

/**
 * The app's authenticate hook reads the database, so a stalled database is what makes it
 * slow in production: PostgreSQL lets a test hold a lock on the table it reads. Needs
 * PAUTA_TEST_POSTGRES_URL; skipped without it, saying so.
 */
const postgresUrl = process.env.PAUTA_TEST_POSTGRES_URL
if (!postgresUrl) {
  if (process.env.CI)
    throw new Error('CI runs the stalled-authentication tests: set PAUTA_TEST_POSTGRES_URL')
  console.warn(
    'stalled-authentication tests skipped: set PAUTA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run them',
  )
}

describe.skipIf(!postgresUrl)('sync sockets while authentication is stalled (PostgreSQL)', () => {
  /** A fresh database, a server on it, a manager's token, and a way to stall token lookups. */
  async function stalledSetup(opts: NonNullable<Parameters<typeof startTestServer>[0]>) {
    const name = `pauta_test_${randomBytes(6).toString('hex')}`
    const admin = await openDatabase({ databaseUrl: postgresUrl! })
    await sql.raw(`create database ${name}`).execute(admin.db)
    await admin.close()
    const url = new URL(postgresUrl!)
    url.pathname = `/${name}`
    cleanups.push(async () => {
      const again = await openDatabase({ databaseUrl: postgresUrl! })
      await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db)
      await again.close()
    })
    const t = await server({ ...opts, env: { ...opts.env, DATABASE_URL: url.toString() } })
    const { workspace, board } = await addTestBoard(t)
    const user = await addTestUser(t, workspace.id, ['manager'])

    // Another connection holds an exclusive lock on the token table until released.
    const locker = await openDatabase({ databaseUrl: url.toString() })
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let locked: () => void = () => {}
    const holding = new Promise<void>((resolve) => {
      locked = resolve
    })
    const transaction = locker.db.transaction().execute(async (trx) => {
      await sql`lock table "apiToken" in access exclusive mode`.execute(trx)
      locked()
      await released
    })
    await holding
    cleanups.push(async () => {
      release()
      await transaction
      await locker.close()
    })
    return { t, board, user, release }
  }

  function socket(t: TestServer, boardId: string, token: string, forwardedFor?: string) {
    const ws = new WebSocket(`${t.wsUrl}/${boardId}?token=${token}`, {
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    })
    const state = {
      ws,
      close: null as { code: number; reason: string } | null,
      opened: new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve())
        ws.once('error', reject)
      }),
    }
    ws.on('error', () => {})
    ws.on('close', (code, reason) => {
      state.close = { code, reason: reason.toString() }
    })
    cleanups.push(() => ws.terminate())
    return state
  }

  it('[AUTH3] a socket whose authentication does not settle in time is closed with 4408', async () => {
    const { t, board, user } = await stalledSetup({
      serverOptions: { sync: { authTimeoutMs: 300 } },
    })
    const stalled = socket(t, board.id, user.token)
    await stalled.opened
    await eventually(() => expect(stalled.close).toEqual(CloseCode.AuthTimeout), 5000)
  })

  it('[AUTH6] with TRUST_PROXY, sockets count against the forwarded address', async () => {
    const { t, board, user, release } = await stalledSetup({
      env: { TRUST_PROXY: 'on' },
      serverOptions: { sync: { authTimeoutMs: 10_000, maxAuthenticatingPerAddress: 1 } },
    })
    const first = socket(t, board.id, user.token, '203.0.113.1')
    await first.opened
    const other = socket(t, board.id, user.token, '203.0.113.2')
    await other.opened
    const second = socket(t, board.id, user.token, '198.51.100.9, 203.0.113.1')
    await eventually(() => expect(second.close).toEqual(CloseCode.TryAgainLater), 5000)
    expect([first.close, other.close]).toEqual([null, null])

    release()
    await eventually(() => expect(t.server.sync.connections(board.id)).toHaveLength(2), 5000)
  })
})
