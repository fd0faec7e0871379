import * as prng from 'lib0/prng'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAwarenessUpdate } from './protocol.ts'
import type { TestUser } from './test-harness.ts'
import {
  boardOf,
  cleanup,
  connect,
  connectSynced,
  docFrom,
  mapUpdate,
  presenceOf,
  startServer,
  type TestServer,
  waitFor,
} from './test-harness.ts'
import type { Fanout, FanoutMessage, StoredUpdates, SyncHooks, SyncServerOptions } from './types.ts'

type TestUserHooks = (base: SyncHooks<TestUser>) => Partial<SyncHooks<TestUser>>

afterEach(cleanup)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A board log as PostgreSQL keeps it: numbered updates, folded now and then into a snapshot. */
class SeqStore {
  readonly boards = new Map<
    string,
    { snapshot: Uint8Array | null; snapshotSeq: number; log: { seq: number; update: Uint8Array }[] }
  >()
  stores = 0
  compactions: { boardId: string; uptoSeq: number | undefined }[] = []

  #board(boardId: string) {
    let board = this.boards.get(boardId)
    if (!board) {
      board = { snapshot: null, snapshotSeq: 0, log: [] }
      this.boards.set(boardId, board)
    }
    return board
  }

  lastSeq(boardId: string): number {
    const board = this.#board(boardId)
    return board.log.at(-1)?.seq ?? board.snapshotSeq
  }

  store(boardId: string, update: Uint8Array): number {
    this.stores++
    const seq = this.lastSeq(boardId) + 1
    this.#board(boardId).log.push({ seq, update })
    return seq
  }

  loadSince(boardId: string, seq: number): StoredUpdates {
    const board = this.#board(boardId)
    const lastSeq = this.lastSeq(boardId)
    if (board.snapshot && board.snapshotSeq > seq) {
      return { updates: [board.snapshot, ...board.log.map((u) => u.update)], lastSeq }
    }
    return { updates: board.log.filter((u) => u.seq > seq).map((u) => u.update), lastSeq }
  }

  compact(boardId: string, state: Uint8Array, uptoSeq: number | undefined): void {
    this.compactions.push({ boardId, uptoSeq })
    const board = this.#board(boardId)
    const upto = uptoSeq ?? this.lastSeq(boardId)
    if (upto < board.snapshotSeq) return
    board.snapshot = state
    board.snapshotSeq = upto
    board.log = board.log.filter((u) => u.seq > upto)
  }

  /** The document rebuilt from storage alone. */
  doc(boardId: string): Y.Doc {
    return docFrom(this.loadSince(boardId, 0).updates)
  }
}

type Sent = { from: string; boardId: string; message: FanoutMessage }

/**
 * Redis pub/sub in miniature: every subscriber of a board (the publisher included, as with
 * Redis) gets each message asynchronously, unless the test drops it.
 */
class MemoryBus {
  readonly #subscribers = new Map<string, Map<string, (message: FanoutMessage) => void>>()
  readonly sent: Sent[] = []
  /** Return true to lose a message on its way (to every subscriber). */
  drop: (sent: Sent) => boolean = () => false
  dropped = 0

  fanout(name: string): Fanout {
    return {
      publish: (boardId, message) => {
        const sent = { from: name, boardId, message }
        this.sent.push(sent)
        if (this.drop(sent)) {
          this.dropped++
          return
        }
        setTimeout(() => {
          for (const deliver of this.#subscribers.get(boardId)?.values() ?? []) deliver(message)
        }, 1)
      },
      subscribe: async (boardId, onMessage) => {
        const subscribers = this.#subscribers.get(boardId) ?? new Map()
        subscribers.set(name, onMessage)
        this.#subscribers.set(boardId, subscribers)
      },
      unsubscribe: (boardId) => {
        this.#subscribers.get(boardId)?.delete(name)
      },
    }
  }

  /** Hand a message to one instance's subscription as if it came over the bus. */
  inject(name: string, boardId: string, message: FanoutMessage): void {
    this.#subscribers.get(boardId)?.get(name)?.(message)
  }

  subscribed(boardId: string): string[] {
    return [...(this.#subscribers.get(boardId)?.keys() ?? [])]
  }
}

type Options = Omit<SyncServerOptions<TestUser>, 'hooks' | 'log' | 'fanout' | 'instanceId'>

/** One instance of the sync server on the shared bus and store. */
function startInstance(
  name: string,
  bus: MemoryBus,
  store: SeqStore,
  options: Options & { hooks?: TestUserHooks } = {},
): Promise<TestServer> {
  const { hooks, ...rest } = options
  return startServer({
    options: { ...rest, fanout: bus.fanout(name), instanceId: name },
    hooks: (base) => ({
      async load(boardId) {
        return store.loadSince(boardId, 0)
      },
      async store(boardId, update) {
        return store.store(boardId, update)
      },
      async loadSince(boardId, seq) {
        return store.loadSince(boardId, seq)
      },
      async compact(boardId, state, uptoSeq) {
        store.compact(boardId, state, uptoSeq)
      },
      ...hooks?.(base),
    }),
  })
}

const updatesFrom = (bus: MemoryBus, from: string) =>
  bus.sent.filter((s) => s.from === from && s.message.type === 'update')

describe('several instances (fan-out)', () => {
  it('[FANOUT1] a change made on instance A reaches a client of instance B; it is stored once', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const b = await startInstance('B', bus, store)
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')

    boardOf(onA.doc).set('card', 'moved on A')
    await waitFor(() => expect(boardOf(onB.doc).get('card')).toBe('moved on A'))
    boardOf(onB.doc).set('other', 'moved on B')
    await waitFor(() => expect(boardOf(onA.doc).get('other')).toBe('moved on B'))

    // Judged and stored by the instance that received it, applied only by the other.
    expect(store.stores).toBe(2)
    expect(boardOf(store.doc('b1')).toJSON()).toEqual({ card: 'moved on A', other: 'moved on B' })
    expect(updatesFrom(bus, 'A').map((s) => s.message)).toMatchObject([{ type: 'update', seq: 1 }])
    expect(updatesFrom(bus, 'B').map((s) => s.message)).toMatchObject([{ type: 'update', seq: 2 }])
  })

  it('[FANOUT1] a remote change is not judged again on the receiving instance', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const judged: string[] = []
    const judging = (name: string) => () => ({
      judge: () => {
        judged.push(name)
        return null
      },
    })
    const a = await startInstance('A', bus, store, { hooks: judging('A') })
    const b = await startInstance('B', bus, store, { hooks: judging('B') })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    boardOf(onA.doc).set('card', '1')
    await waitFor(() => expect(boardOf(onB.doc).get('card')).toBe('1'))
    expect(judged).toEqual(['A'])
  })

  it('[FANOUT1] no echo: one change is published once, by its instance; its own copy is ignored', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const b = await startInstance('B', bus, store)
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    const relayedToA: Uint8Array[] = []
    onA.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === onA.provider) relayedToA.push(update)
    })

    boardOf(onA.doc).set('card', 'x')
    await waitFor(() => expect(boardOf(onB.doc).get('card')).toBe('x'))
    await sleep(50)
    expect(bus.sent.filter((s) => s.message.type === 'update').map((s) => s.from)).toEqual(['A'])
    // A's copy came back to A over the bus and was ignored: nothing relayed back to its sender.
    expect(relayedToA).toEqual([])
    expect(store.stores).toBe(1)
  })

  it('[FANOUT1] a message carrying the instance’s own origin is ignored', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const b = await startInstance('B', bus, store)
    const onB = await connectSynced(b, 'b1', 'bob')
    bus.inject('B', 'b1', {
      type: 'update',
      seq: 1,
      update: mapUpdate('forged', 'by B itself'),
      origin: 'B',
    })
    bus.inject('B', 'b1', {
      type: 'update',
      seq: 1,
      update: mapUpdate('real', 'from C'),
      origin: 'C',
    })
    await waitFor(() => expect(boardOf(onB.doc).get('real')).toBe('from C'))
    expect(boardOf(onB.doc).has('forged')).toBe(false)
  })

  it('[CATCHUP2] a lost message is noticed at the next seq and recovered from storage', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    // No periodic catch-up: only the hole in the seqs can bring the lost change back.
    const a = await startInstance('A', bus, store, { catchUpIntervalMs: 60_000 })
    const b = await startInstance('B', bus, store, { catchUpIntervalMs: 60_000 })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')

    let dropNext = true
    bus.drop = (s) => {
      if (s.message.type !== 'update' || !dropNext) return false
      dropNext = false
      return true
    }
    boardOf(onA.doc).set('lost', 'in transit')
    await waitFor(() => expect(bus.dropped).toBe(1))
    await sleep(50)
    expect(boardOf(onB.doc).has('lost')).toBe(false)

    boardOf(onA.doc).set('next', 'arrives')
    await waitFor(() => {
      expect(boardOf(onB.doc).get('next')).toBe('arrives')
      expect(boardOf(onB.doc).get('lost')).toBe('in transit')
    })
  })

  it('[CATCHUP1] a lost last message is recovered by the periodic catch-up', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store, { catchUpIntervalMs: 100 })
    const b = await startInstance('B', bus, store, { catchUpIntervalMs: 100 })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    bus.drop = (s) => s.message.type === 'update'
    boardOf(onA.doc).set('lost', 'in transit')
    await waitFor(() => expect(boardOf(onB.doc).get('lost')).toBe('in transit'))
    expect(bus.dropped).toBe(1)
  })

  it('[CATCHUP1] catchUp() reads storage on demand, e.g. after the bus reconnected', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store, { catchUpIntervalMs: 60_000 })
    const b = await startInstance('B', bus, store, { catchUpIntervalMs: 60_000 })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    bus.drop = () => true
    boardOf(onA.doc).set('lost', 'while B was away')
    await waitFor(() => expect(store.lastSeq('b1')).toBe(1))
    await sleep(200)
    expect(boardOf(onB.doc).has('lost')).toBe(false)
    b.sync.catchUp()
    await waitFor(() => expect(boardOf(onB.doc).get('lost')).toBe('while B was away'))
  })

  it('[CATCHUP1] catch-up after compaction past the room’s seq starts from the snapshot', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store, { catchUpIntervalMs: 60_000, compactEvery: 2 })
    const b = await startInstance('B', bus, store, { catchUpIntervalMs: 60_000 })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    bus.drop = () => true
    for (const key of ['k1', 'k2', 'k3']) boardOf(onA.doc).set(key, key)
    await waitFor(() => expect(store.boards.get('b1')?.snapshotSeq).toBeGreaterThanOrEqual(2))
    b.sync.catchUp()
    await waitFor(() => expect(boardOf(onB.doc).toJSON()).toEqual({ k1: 'k1', k2: 'k2', k3: 'k3' }))
  })

  it('[CATCHUP3] a client arriving with changes this instance missed is not judged for them', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    // Only Bob may write the key 'bob-only': a change to it in anyone else's update is refused.
    const strict: TestUserHooks = () => ({
      judge: ({ doc, update, connection }) => {
        const scratch = new Y.Doc()
        Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc))
        Y.applyUpdate(scratch, update)
        const changed = boardOf(scratch).get('bob-only') !== boardOf(doc).get('bob-only')
        return changed && connection.user.id !== 'bob'
          ? { code: 4422, reason: 'only Bob writes that' }
          : null
      },
    })
    const options = { catchUpIntervalMs: 60_000, hooks: strict }
    const a = await startInstance('A', bus, store, options)
    const b = await startInstance('B', bus, store, options)
    const watcher = await connectSynced(a, 'b1', 'carol')
    // A never hears of anything B stores.
    bus.drop = (s) => s.from === 'B'
    const bob = await connectSynced(b, 'b1', 'bob')
    const alice = await connectSynced(b, 'b1', 'alice')
    boardOf(bob.doc).set('bob-only', 'set by Bob on B')
    await waitFor(() => expect(boardOf(alice.doc).get('bob-only')).toBe('set by Bob on B'))
    // Alice goes offline, edits, and the balancer sends her to A, which missed Bob's change:
    // her sync step 2 carries it. A reads storage first, so only her edit is hers.
    alice.provider.disconnect()
    boardOf(alice.doc).set('card', 'edited offline')
    const again = connect(a, 'b1', 'alice', alice.doc)
    await waitFor(() => {
      expect(boardOf(watcher.doc).get('card')).toBe('edited offline')
      expect(boardOf(watcher.doc).get('bob-only')).toBe('set by Bob on B')
    })
    expect(again.finalCloses).toEqual([])
    expect(store.stores).toBe(2)
  })

  it('[COMPACT3] the seq passed to compact never covers an update the room has not applied', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const seen: { uptoSeq: number | undefined; hadB: boolean }[] = []
    const a = await startInstance('A', bus, store, {
      catchUpIntervalMs: 60_000,
      compactEvery: 1,
      hooks: () => ({
        // Storage that does not answer catch-ups: A cannot learn about B's change at all.
        async loadSince(_boardId, seq) {
          return { updates: [], lastSeq: seq }
        },
        async compact(boardId, state, uptoSeq) {
          seen.push({ uptoSeq, hadB: boardOf(docFrom([state])).has('from B') })
          store.compact(boardId, state, uptoSeq)
        },
      }),
    })
    const b = await startInstance('B', bus, store, { catchUpIntervalMs: 60_000 })
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    bus.drop = (s) => s.from === 'B'
    boardOf(onB.doc).set('from B', 'x')
    await waitFor(() => expect(store.lastSeq('b1')).toBe(1))
    boardOf(onA.doc).set('a1', '1')
    await waitFor(() => expect(seen.length).toBe(1))
    // Seq 2 is A's own, but A never saw seq 1: it may fold nothing.
    expect(seen[0]).toEqual({ uptoSeq: 0, hadB: false })
    expect(boardOf(store.doc('b1')).toJSON()).toEqual({ 'from B': 'x', a1: '1' })
  })

  it('[FANOUT2] presence crosses instances, stamped by the instance that serves the person; leaving crosses too', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const b = await startInstance('B', bus, store)
    const onA = await connectSynced(a, 'b1', 'alice')
    const onB = await connectSynced(b, 'b1', 'bob')
    onA.provider.awareness.setLocalStateField('cursor', { card: 'c1' })
    await waitFor(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        user: presenceOf({ id: 'alice', name: 'Alice' }),
        cursor: { card: 'c1' },
      }),
    )
    await waitFor(() =>
      expect(onA.provider.awareness.getStates().get(onB.doc.clientID)).toEqual({
        user: presenceOf({ id: 'bob', name: 'Bob' }),
      }),
    )
    // No echo: B did not publish what it received from A.
    const awarenessFromB = () =>
      bus.sent.filter((s) => s.from === 'B' && s.message.type === 'awareness').length
    const before = awarenessFromB()
    onA.provider.awareness.setLocalStateField('cursor', { card: 'c2' })
    await waitFor(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({
        cursor: { card: 'c2' },
      }),
    )
    await sleep(30)
    expect(awarenessFromB()).toBe(before)

    onA.provider.destroy()
    await waitFor(() =>
      expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false),
    )
  })

  it('[FANOUT3] a room loading on a new instance asks for the presence already on the board', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const b = await startInstance('B', bus, store)
    const onA = await connectSynced(a, 'b1', 'alice')
    onA.provider.awareness.setLocalStateField('cursor', { card: 'c1' })
    await waitFor(() => expect(bus.sent.some((s) => s.message.type === 'awareness')).toBe(true))
    // B loads the room only now: it has missed A's presence, and asks.
    const onB = await connectSynced(b, 'b1', 'bob')
    await waitFor(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({
        cursor: { card: 'c1' },
      }),
    )
  })

  it('[FANOUT2] another instance cannot overwrite or remove presence of a connection served here', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const b = await startInstance('B', bus, store)
    const onB = await connectSynced(b, 'b1', 'bob')
    const watcher = await connectSynced(b, 'b1', 'carol')
    await waitFor(() =>
      expect(watcher.provider.awareness.getStates().has(onB.doc.clientID)).toBe(true),
    )
    bus.inject('B', 'b1', {
      type: 'awareness',
      update: encodeAwarenessUpdate([{ clientId: onB.doc.clientID, clock: 10_000, state: null }]),
      origin: 'A',
    })
    await sleep(50)
    expect(watcher.provider.awareness.getStates().has(onB.doc.clientID)).toBe(true)
  })

  it('[FANOUT1] a room subscribes when it loads and unsubscribes when it unloads', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store, { idleUnloadMs: 10 })
    const onA = await connectSynced(a, 'b1', 'alice')
    expect(bus.subscribed('b1')).toEqual(['A'])
    onA.provider.destroy()
    await waitFor(() => expect(a.sync.rooms()).toEqual([]))
    expect(bus.subscribed('b1')).toEqual([])
  })

  it('a fanout without loadSince is refused at start', async () => {
    const bus = new MemoryBus()
    await expect(startServer({ options: { fanout: bus.fanout('A') } })).rejects.toThrow(/loadSince/)
  })

  it.each([1, 2, 3])(
    '[CONVERGE1] seed %i: random edits on two instances over a lossy bus converge with storage',
    async (seed) => {
      const gen = prng.create(seed)
      const bus = new MemoryBus()
      const store = new SeqStore()
      bus.drop = () => prng.uint32(gen, 0, 9) < 3
      const options = { catchUpIntervalMs: 150, compactEvery: 5 }
      const instances = [
        await startInstance('A', bus, store, options),
        await startInstance('B', bus, store, options),
      ]
      const clients = ['alice', 'bob', 'carol', 'alice'].map((token, i) =>
        connect(instances[i % 2]!, 'b1', token),
      )
      await waitFor(() => clients.every((c) => c.provider.synced))
      for (let step = 0; step < 60; step++) {
        const client = prng.oneOf(gen, clients)
        const cards = client.doc.getArray<number>('cards')
        const roll = prng.uint32(gen, 0, 9)
        if (roll < 5) boardOf(client.doc).set(`k${prng.uint32(gen, 0, 5)}`, `${seed}:${step}`)
        else if (roll < 7) cards.insert(prng.uint32(gen, 0, cards.length), [step])
        else if (roll < 9 && cards.length > 0) cards.delete(prng.uint32(gen, 0, cards.length - 1))
        else if (client.provider.shouldConnect) client.provider.disconnect()
        else client.provider.connect()
        if (prng.bool(gen)) await sleep(prng.uint32(gen, 0, 4))
      }
      for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
      const snapshot = (doc: Y.Doc) => ({
        board: boardOf(doc).toJSON(),
        cards: doc.getArray('cards').toJSON(),
      })
      await waitFor(
        () => {
          const stored = snapshot(store.doc('b1'))
          for (const client of clients) {
            expect(client.provider.synced).toBe(true)
            expect(snapshot(client.doc)).toEqual(stored)
          }
        },
        { timeout: 8000, what: `convergence with seed ${seed}` },
      )
    },
  )
})

describe('server-side changes [SERVER1]', () => {
  it('a change the server makes on instance A is judged, stored, reaches a client of instance B and is reported to applied', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const judged: Array<{ by: string; byServer: boolean }> = []
    const applied: Array<{ judged: unknown; connection: string }> = []
    const a = await startInstance('A', bus, store, {
      hooks: () => ({
        judge: (ctx) => {
          judged.push({ by: ctx.connection.user.id, byServer: ctx.byServer })
          return { accept: `judged for ${ctx.connection.user.id}` }
        },
        applied: (ctx) => applied.push({ judged: ctx.judged, connection: ctx.connection.user.id }),
      }),
    })
    const b = await startInstance('B', bus, store)
    const onB = await connectSynced(b, 'b1', 'bob')

    const outcome = await a.sync.change('b1', { id: 'alice', name: 'Alice' }, (doc) => {
      boardOf(doc).set('card', 'approved by the server')
      return 'written'
    })
    expect(outcome).toEqual({ ok: true, seq: 1, result: 'written' })
    await waitFor(() => expect(boardOf(onB.doc).get('card')).toBe('approved by the server'))
    expect(boardOf(store.doc('b1')).toJSON()).toEqual({ card: 'approved by the server' })
    expect(judged).toEqual([{ by: 'alice', byServer: true }])
    // [CTX1] What the judge accepted the change with reaches `applied` in the same context.
    expect(applied).toEqual([{ judged: 'judged for alice', connection: 'alice' }])
    expect(updatesFrom(bus, 'A').map((s) => s.message)).toMatchObject([{ type: 'update', seq: 1 }])

    // B's client keeps working on top of the server's change, and A's next change too.
    boardOf(onB.doc).set('other', 'from bob')
    await waitFor(() => expect(boardOf(store.doc('b1')).get('other')).toBe('from bob'))
    const second = await a.sync.change('b1', { id: 'alice', name: 'Alice' }, (doc) => {
      boardOf(doc).set('card', 'edited again')
    })
    expect(second.ok).toBe(true)
    await waitFor(() => expect(boardOf(onB.doc).get('card')).toBe('edited again'))
  })

  it('a refused server-side change is stored nowhere and the caller gets the refusal', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const refusal = { code: 4403, reason: 'not yours' }
    const a = await startInstance('A', bus, store, {
      hooks: () => ({ judge: (ctx) => (ctx.byServer ? refusal : null) }),
    })
    const onA = await connectSynced(a, 'b1', 'alice')
    const outcome = await a.sync.change('b1', { id: 'bob', name: 'Bob' }, (doc) => {
      boardOf(doc).set('card', 'nope')
    })
    expect(outcome).toEqual({ ok: false, close: refusal })
    expect(store.stores).toBe(0)
    // The room and its members carry on: nobody was closed for the server's refused change.
    boardOf(onA.doc).set('card', 'fine')
    await waitFor(() => expect(boardOf(store.doc('b1')).get('card')).toBe('fine'))
    expect(onA.closeCodes).toEqual([])
    const nothing = await a.sync.change('b1', { id: 'bob', name: 'Bob' }, () => 'no write')
    expect(nothing).toEqual({ ok: true, seq: null, result: 'no write' })
  })

  it('refuses a bad board id, and any change once the server is shutting down', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const actor = { id: 'alice', name: 'Alice' }
    const bad = await a.sync.change('../etc', actor, () => 'never runs')
    expect(bad).toMatchObject({ ok: false, close: { code: 4404 } })
    const closing = a.sync.close()
    const late = await a.sync.change('b1', actor, (doc) => boardOf(doc).set('card', 'late'))
    expect(late).toMatchObject({ ok: false, close: { code: 1001 } })
    await closing
    expect(store.stores).toBe(0)
  })

  it('[SERVER2] reads a board as the room holds it, loading it from storage, never a bad id', async () => {
    const bus = new MemoryBus()
    const store = new SeqStore()
    const a = await startInstance('A', bus, store)
    const onA = await connectSynced(a, 'b1', 'alice')
    boardOf(onA.doc).set('card', 'written by alice')
    await waitFor(() => expect(boardOf(store.doc('b1')).get('card')).toBe('written by alice'))
    expect(await a.sync.read('b1', (doc) => boardOf(doc).get('card'))).toBe('written by alice')
    // another instance, with nobody on the board, loads it to read it
    const b = await startInstance('B', bus, store)
    expect(await b.sync.read('b1', (doc) => boardOf(doc).get('card'))).toBe('written by alice')
    expect(await b.sync.read('../etc', () => 'never runs')).toBeNull()
    expect(store.stores).toBe(1)
  })
})
