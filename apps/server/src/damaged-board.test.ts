import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { createCard, listCards } from '@pauta/board'
import { appendUpdate, createBoard, loadDocument } from '@pauta/db'
import { CloseCode } from '@pauta/sync'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { nested, selfParentUpdate, Writer } from './damaged-updates.ts'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  startTestServer,
  type TestServer,
  waitForSync,
  within,
} from './test-server.ts'

const run = promisify(execFile)
const serverDir = path.resolve(import.meta.dirname, '..')

/** The admin CLI as a process on the server's data directory (SQLite takes both processes). */
async function pauta(dataDir: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: serverDir },
  })
  return stdout
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A server whose log lines (errors and worse) the test reads. */
async function serverWithLog(dataDir?: string) {
  const lines: string[] = []
  const t = await startTestServer({
    ...(dataDir ? { dataDir } : {}),
    env: { LOG_LEVEL: 'error' },
    serverOptions: { logStream: { write: (line) => void lines.push(line) } },
  })
  cleanups.push(() => t.dispose())
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  return { t, logged }
}

function open(t: TestServer, boardId: string, token: string) {
  const client = connect(t, boardId, token)
  cleanups.push(() => client.provider.destroy())
  return client
}

function finalClose(client: ReturnType<typeof connect>) {
  return within(
    new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.once('closed', (event) =>
        resolve({ code: event.code, reason: event.reason }),
      ),
    ),
    'a final close',
  )
}

const titles = (doc: Y.Doc) =>
  listCards(doc)
    .map((card) => card.title)
    .sort()

describe('a board that fails to load', { timeout: 60_000 }, () => {
  it('[LOAD4] closes its clients with 4423 for good, logs the seq, serves other boards, and loads again once repaired', async () => {
    const { t, logged } = await serverWithLog()
    const { workspace, board } = await addTestBoard(t, 'Damaged')
    const healthy = await createBoard(t.database.db, { workspaceId: workspace.id, name: 'Fine' })
    const alice = await addTestUser(t, workspace.id, ['manager'])
    await appendUpdate(t.database.db, board.id, new Writer().card('Kept one').update)
    await appendUpdate(t.database.db, board.id, selfParentUpdate())
    await appendUpdate(t.database.db, board.id, new Writer().card('Kept two').update)

    const damaged = open(t, board.id, alice.token)
    expect(await finalClose(damaged)).toEqual(CloseCode.Damaged)
    expect(damaged.provider.shouldConnect).toBe(false)
    await eventually(() =>
      expect(logged()).toContainEqual(
        expect.objectContaining({
          msg: 'a stored update of the board does not apply',
          boardId: board.id,
          seq: 2,
          err: expect.objectContaining({ type: 'TypeError' }),
        }),
      ),
    )

    // Every other board on the server syncs as usual.
    const a = open(t, healthy.id, alice.token)
    const b = open(t, healthy.id, alice.token)
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)])
    createCard(a.doc, { title: 'Still live' }, { userId: alice.id })
    await eventually(() => expect(titles(b.doc)).toEqual(['Still live']))

    // The next connection loads again: still damaged…
    expect(await finalClose(open(t, board.id, alice.token))).toEqual(CloseCode.Damaged)
    // …until an administrator repairs it (with the server running: nobody has the board open).
    const report = await pauta(t.dataDir, 'board', 'repair', board.id)
    expect(report).toMatch(/dropped seq 2, \d+ bytes: does not apply/)
    const repaired = open(t, board.id, alice.token)
    await waitForSync(repaired.provider)
    expect(titles(repaired.doc)).toEqual(['Kept one', 'Kept two'])
  })

  it('a server room that still holds the old board cannot write it back over a repair', async () => {
    const { t } = await serverWithLog()
    const { board } = await addTestBoard(t, 'Deep')
    const alice = await addTestUser(t, board.workspaceId, ['manager'])
    await appendUpdate(t.database.db, board.id, new Writer().card('Original').update)
    // Nested too deep: this process loads it, another day another stack may not.
    await appendUpdate(
      t.database.db,
      board.id,
      new Writer().edit((doc) => doc.getMap('extra').set('deep', nested(40))),
    )

    const client = open(t, board.id, alice.token)
    await waitForSync(client.provider)
    expect(client.doc.getMap('extra').has('deep')).toBe(true)
    createCard(client.doc, { title: 'Added live' }, { userId: alice.id })
    await eventually(async () =>
      expect((await loadDocument(t.database.db, board.id)).lastSeq).toBe(3),
    )

    // Repaired while the room holds seq 1–3 (what the README says not to do).
    const report = await pauta(t.dataDir, 'board', 'repair', board.id)
    expect(report).toContain('dropped seq 2')

    // The room leaves memory and compacts up to seq 3, the seq it holds: stale, ignored.
    client.provider.destroy()
    await t.stop()
    const database = await openStorage(loadEnv({ DATA_DIR: t.dataDir }))
    try {
      const stored = await loadDocument(database.db, board.id)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, stored.snapshot!)
      expect(doc.getMap('extra').has('deep')).toBe(false)
      expect(titles(doc)).toEqual(['Added live', 'Original'])
      // The repair took a fresh seq, above the one the room could compact up to.
      expect(stored).toMatchObject({ snapshotSeq: 4, updates: [], lastSeq: 4 })
    } finally {
      await database.close()
    }
  })
})
