import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { addMember, createApiToken, createBoard, createWorkspace, type Database } from '@pauta/db'
import type { Role } from '@pauta/domain'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createServer, type PautaServer } from './app.ts'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

/** A real Pauta server on a free loopback port, over a real SQLite file in a temp dir. */
export interface TestServer {
  url: string
  wsUrl: string
  dataDir: string
  database: Database
  server: PautaServer
  /** Closes the server and database, keeping the data directory. */
  stop(): Promise<void>
  /** Closes everything and removes the data directory. */
  dispose(): Promise<void>
}

export async function startTestServer(
  opts: { dataDir?: string; port?: number; webDist?: string } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pauta-server-'))
  const env = loadEnv({
    DATA_DIR: dataDir,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${opts.port ?? 3999}`,
    PAUTA_DEMO: 'off',
    LOG_LEVEL: 'silent',
    AUTH_SECRET: 'test-secret-that-is-long-enough-to-sign-cookies',
    ...(opts.webDist ? { WEB_DIST: opts.webDist } : {}),
  })
  const database = await openStorage(env)
  const server = await createServer(env, database)
  const url = await server.listen()
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await server.close()
    await database.close()
  }
  return {
    url,
    wsUrl: `${url.replace('http', 'ws')}/sync`,
    dataDir,
    database,
    server,
    stop,
    async dispose() {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface TestUser {
  id: string
  name: string
  email: string
  password: string
  token: string
}

let counter = 0

/** An account with an API token, member of the workspace with these roles. */
export async function addTestUser(
  t: TestServer,
  workspaceId: string | null,
  roles: Role[],
): Promise<TestUser> {
  counter++
  const email = `user${counter}-${Date.now()}@test.pauta`
  const password = 'correct horse battery'
  const auth = t.server.auth
  const name = `User ${counter}`
  const { user } = await auth.api.signUpEmail({ body: { email, password, name } })
  if (workspaceId) await addMember(t.database.db, workspaceId, user.id, roles)
  const { token } = await createApiToken(t.database.db, user.id, 'test')
  return { id: user.id, name, email, password, token }
}

export async function addTestBoard(t: TestServer, name = 'Test board') {
  const workspace = await createWorkspace(t.database.db, { name: `Workspace ${++counter}` })
  const board = await createBoard(t.database.db, { workspaceId: workspace.id, name })
  return { workspace, board }
}

/** The stock y-websocket client, with nothing shared between providers in this process. */
export function connect(t: TestServer, boardId: string, token: string | null, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(t.wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  })
  return { doc, provider }
}

/** Polls until `check` passes or the deadline runs out (then rethrows its last failure). */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

export function waitForSync(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve) => provider.once('sync', () => resolve()))
}
