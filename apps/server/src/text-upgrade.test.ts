import { cardsMap, createCard, getCard } from '@pauta/board'
import { appendUpdate } from '@pauta/db'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  connect,
  eventually,
  serverPerTest,
  startTestServer,
  storedBoard,
  waitForSync,
} from './test-server.ts'

const start = serverPerTest()

/** A board as an older Pauta stored it: descriptions as strings, no copy. */
function olderBoard(userId: string): Uint8Array {
  const doc = new Y.Doc()
  createCard(
    doc,
    { title: 'Autumn reel', description: 'Brief: 15 s, warm light' },
    {
      userId,
      id: 'reel',
    },
  )
  createCard(doc, { title: 'Carousel', stage: 'plan' }, { userId, id: 'carousel' })
  for (const entry of cardsMap(doc).values()) {
    const text = entry.get('description')
    entry.set('description', text instanceof Y.Text ? text.toString() : '')
    entry.delete('copy')
  }
  return Y.encodeStateAsUpdate(doc)
}

describe('text fields on the server', () => {
  it('[TEXT4] turns an older board’s string descriptions into Y.Text once, stored and relayed', async () => {
    const t = await start()
    const { workspace, board } = await addTestBoard(t)
    const manager = await addTestUser(t, workspace.id, ['manager'])
    await appendUpdate(t.database.db, board.id, olderBoard(manager.id))
    const before = await storedBoard(t, board.id)
    expect(cardsMap(before.doc).get('reel')!.get('description')).toBe('Brief: 15 s, warm light')

    const { doc, provider } = connect(t, board.id, manager.token)
    await waitForSync(provider)
    await eventually(() => {
      for (const id of ['reel', 'carousel']) {
        expect(cardsMap(doc).get(id)!.get('description')).toBeInstanceOf(Y.Text)
        expect(cardsMap(doc).get(id)!.get('copy')).toBeInstanceOf(Y.Text)
      }
    })
    expect(getCard(doc, 'reel')).toEqual(getCard(before.doc, 'reel'))
    // the client types in the upgraded text, and the server takes it
    ;(cardsMap(doc).get('reel')!.get('copy') as Y.Text).insert(0, 'Autumn is here 🍂')
    await eventually(async () => {
      const stored = await storedBoard(t, board.id)
      expect(getCard(stored.doc, 'reel')?.copy).toBe('Autumn is here 🍂')
      expect(cardsMap(stored.doc).get('reel')!.get('description')).toBeInstanceOf(Y.Text)
    })
    provider.destroy()

    // loaded again (a restart): nothing left to upgrade, nothing written
    const { dataDir } = t
    const { lastSeq } = await storedBoard(t, board.id)
    await t.stop()
    const again = await startTestServer({ dataDir })
    try {
      const second = connect(again, board.id, manager.token)
      await waitForSync(second.provider)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect((await storedBoard(again, board.id)).lastSeq).toBe(lastSeq)
      expect(getCard(second.doc, 'reel')?.description).toBe('Brief: 15 s, warm light')
      second.provider.destroy()
    } finally {
      await again.dispose()
    }
  })
})
