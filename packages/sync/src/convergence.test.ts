import * as prng from 'lib0/prng'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { boardOf, cleanup, connect, docFrom, startServer, waitFor } from './test-harness.ts'

afterEach(cleanup)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const snapshot = (doc: Y.Doc) => ({
  board: boardOf(doc).toJSON(),
  cards: doc.getArray('cards').toJSON(),
})

describe('convergence', () => {
  // The operations and store delays come from the seed; socket timing does not, which is
  // the point: whatever the interleaving, every replica and the stored log must agree.
  it.each([1, 2, 3])(
    '[CONVERGE1] seed %i: random edits, slow stores and offline periods converge with storage',
    async (seed) => {
      const gen = prng.create(seed)
      const server = await startServer({
        options: { compactEvery: 7 },
        hooks: (base) => ({
          async store(boardId, update, origin) {
            await sleep(prng.uint32(gen, 0, 3))
            await base.store(boardId, update, origin)
          },
        }),
      })
      const clients = ['alice', 'bob', 'carol'].map((token) => connect(server, 'b1', token))
      await waitFor(() => clients.every((c) => c.provider.synced))

      for (let step = 0; step < 60; step++) {
        const client = prng.oneOf(gen, clients)
        const cards = client.doc.getArray<number>('cards')
        const roll = prng.uint32(gen, 0, 9)
        if (roll < 4) boardOf(client.doc).set(`k${prng.uint32(gen, 0, 5)}`, `${seed}:${step}`)
        else if (roll < 6) cards.insert(prng.uint32(gen, 0, cards.length), [step])
        else if (roll < 8 && cards.length > 0) cards.delete(prng.uint32(gen, 0, cards.length - 1))
        else if (client.provider.shouldConnect) client.provider.disconnect()
        else client.provider.connect()
        if (prng.bool(gen)) await sleep(prng.uint32(gen, 0, 4))
      }
      for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()

      await waitFor(
        () => {
          const stored = snapshot(docFrom(server.memory.stored.get('b1') ?? []))
          for (const client of clients) {
            expect(client.provider.synced, `seed ${seed}`).toBe(true)
            expect(snapshot(client.doc), `seed ${seed}`).toEqual(stored)
          }
        },
        { timeout: 5000, what: `convergence with seed ${seed}` },
      )
    },
  )
})
