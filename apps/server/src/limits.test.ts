import { columns, createCard } from '@pauta/board'
import { loadDocument } from '@pauta/db'
import { decodeRefusal } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  startTestServer,
  waitForSync,
} from './test-server.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('board size cap', () => {
  it('[SIZE1] refuses the change that would pass the cap with a clear reason, and keeps the board', async () => {
    const t = await startTestServer({ maxBoardBytes: 64 * 1024 })
    cleanups.push(() => t.dispose())
    const { workspace, board } = await addTestBoard(t)
    const manager = await addTestUser(t, workspace.id, ['manager'])
    const { doc, provider } = connect(t, board.id, manager.token)
    cleanups.push(() => provider.destroy())
    await waitForSync(provider)
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      provider.on('closed', resolve),
    )
    const description = 'x'.repeat(9_000)
    for (let i = 0; i < 10; i++)
      createCard(doc, { title: `card ${i}`, description }, { userId: manager.id })
    const close = await closed
    expect(close.code).toBe(4413)
    expect(decodeRefusal(close.reason)).toEqual({ code: 'board-full' })

    // Everything stored fits the cap; the board still opens with what was accepted.
    const stored = await loadDocument(t.database.db, board.id)
    const kept = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(kept, update)
    const count = columns(kept).strategy.length
    expect(count).toBeGreaterThan(3)
    expect(count).toBeLessThan(10)
    expect(Y.encodeStateAsUpdate(kept).length).toBeLessThanOrEqual(64 * 1024)
    const again = connect(t, board.id, manager.token)
    cleanups.push(() => again.provider.destroy())
    await eventually(() => expect(columns(again.doc).strategy).toHaveLength(count))
  })
})
