import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { cardsMap, listCards, moveCard, updateCard } from '@pauta/board'
import { createApiToken, findUserByEmail, listAllBoards } from '@pauta/db'
import { seededRandom } from '@pauta/domain'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

import { eventually } from './test-server.ts'

/**
 * Crash safety: the server is killed with SIGKILL at a random moment while a client makes
 * moves; after a restart, everything another client had received is still there, and all
 * clients converge. CRASH_ROUNDS sets the rounds (`pnpm bench crash` runs 50).
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3)
const SEED = Number(process.env.PAUTA_SEED ?? Date.now() % 1_000_000)
const root = path.resolve(import.meta.dirname, '../../..')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-crash-'))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

async function startPauta(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PAUTA_DEMO: 'on',
      LOG_LEVEL: 'error',
      AUTH_SECRET: 'crash-test-secret-that-is-long-enough-to-sign',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  await eventually(async () => {
    expect(child.exitCode).toBeNull()
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
  }, 60_000)
  return child
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

function client(port: number, boardId: string, token: string) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  return { doc, provider }
}

/** True when `doc` holds every change `other` holds (their state vectors, client by client). */
function covers(doc: Y.Doc, other: Y.Doc): boolean {
  const mine = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(other))) {
    if ((mine.get(clientId) ?? 0) < clock) return false
  }
  return true
}

const boardState = (doc: Y.Doc) => JSON.stringify(cardsMap(doc).toJSON())

describe('crash safety', { timeout: 120_000 + ROUNDS * 30_000 }, () => {
  const children: ChildProcess[] = []
  afterAll(async () => {
    for (const child of children) await kill(child)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(`keeps every relayed move through ${ROUNDS} SIGKILLs, and everyone converges (seed ${SEED})`, async () => {
    const random = seededRandom(SEED)
    const port = await freePort()
    children.push(await startPauta(port))
    const database = await openStorage(loadEnv({ DATA_DIR: dataDir }))
    const user = await findUserByEmail(database.db, 'demo@pauta.app')
    const { token } = await createApiToken(database.db, user!.id, 'crash')
    const [board] = await listAllBoards(database.db)
    await database.close()

    const mover = client(port, board!.id, token)
    const watcher = client(port, board!.id, token)
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await eventually(
          () => expect(mover.provider.synced && watcher.provider.synced).toBe(true),
          30_000,
        )
        const deadline = Date.now() + 100 + random() * 700
        let moves = 0
        // Moves the rules allow the demo user anywhere: reorder within a stage, rename.
        while (Date.now() < deadline) {
          const cards = listCards(mover.doc).filter((c) => !c.archived)
          const card = cards[Math.floor(random() * cards.length)]!
          if (random() < 0.7)
            moveCard(mover.doc, card.id, { stage: card.stage, index: Math.floor(random() * 8) })
          else updateCard(mover.doc, card.id, { title: `Round ${round} move ${moves}` })
          moves++
          await new Promise((resolve) => setTimeout(resolve, random() * 15))
        }
        await kill(children.at(-1)!)
        // What the watcher received was relayed, and so stored before: it must survive.
        const received = new Y.Doc()
        Y.applyUpdate(received, Y.encodeStateAsUpdate(watcher.doc))
        children.push(await startPauta(port))

        const fresh = client(port, board!.id, token)
        try {
          await eventually(() => expect(fresh.provider.synced).toBe(true), 30_000)
          expect(
            covers(fresh.doc, received),
            `round ${round}: a relayed update was lost (seed ${SEED})`,
          ).toBe(true)
          await eventually(() => {
            expect(boardState(mover.doc)).toBe(boardState(fresh.doc))
            expect(boardState(watcher.doc)).toBe(boardState(fresh.doc))
          }, 30_000)
        } finally {
          fresh.provider.destroy()
          fresh.doc.destroy()
        }
      }
    } finally {
      for (const c of [mover, watcher]) {
        c.provider.destroy()
        c.doc.destroy()
      }
    }
  })
})
