import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from './close-codes.ts'
import {
  boardOf,
  cleanup,
  connect,
  connectRaw,
  connectSynced,
  docFrom,
  frames,
  mapUpdate,
  startServer,
  waitFor,
} from './test-harness.ts'

afterEach(cleanup)

/** A promise with its resolve exposed: lets a test hold a hook until it decides. */
function gate() {
  let open: () => void = () => {}
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

/** A stored update cut off mid-struct: Yjs throws when it reads it, every time. */
function truncated(): Uint8Array {
  const whole = mapUpdate('lost', 'a value long enough to be cut in the middle')
  return whole.slice(0, Math.floor(whole.length / 2))
}

const storedKeys = (log: readonly Uint8Array[] | undefined) =>
  Object.keys(boardOf(docFrom(log ?? [])).toJSON()).sort()

describe('document sync', () => {
  it('[SYNC3] a client holding nothing gets the whole board as it is now, each time', async () => {
    const server = await startServer()
    const writer = await connectSynced(server, 'b1', 'alice')
    boardOf(writer.doc).set('one', '1')
    await waitFor(() => server.memory.stored.get('b1')?.length === 1)
    // Two empty clients in a row: the second is served the kept encoding.
    for (const _ of [1, 2]) {
      const raw = connectRaw(server, '/sync/b1?token=bob')
      await raw.opened
      raw.send(frames.step1())
      await waitFor(() => raw.step2Count === 1)
      expect(boardOf(raw.doc).toJSON()).toEqual({ one: '1' })
    }
    // A change in between: the next empty client gets it too.
    boardOf(writer.doc).set('two', '2')
    await waitFor(() => server.memory.stored.get('b1')?.length === 2)
    const late = connectRaw(server, '/sync/b1?token=carol')
    await late.opened
    late.send(frames.step1())
    await waitFor(() => late.step2Count === 1)
    expect(boardOf(late.doc).toJSON()).toEqual({ one: '1', two: '2' })
  })

  it('[SYNC1] [CHANGE1] [FAN1] an edit by one client reaches the other and is stored', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(a.doc).set('title', 'Launch week')
    await waitFor(() => boardOf(b.doc).get('title') === 'Launch week')
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['title'])
    boardOf(b.doc).set('subtitle', 'from Bob')
    await waitFor(() => boardOf(a.doc).get('subtitle') === 'from Bob')
  })

  it('[UNLOAD1] [LOAD1] a late joiner gets the state from storage after the room unloaded', async () => {
    const server = await startServer({ options: { idleUnloadMs: 10 } })
    const a = await connectSynced(server, 'b1', 'alice')
    boardOf(a.doc).set('title', 'persisted')
    await waitFor(() => server.memory.stored.get('b1')?.length === 1)
    a.provider.destroy()
    await waitFor(() => server.sync.rooms().length === 0, { what: 'room unloaded' })

    const late = await connectSynced(server, 'b1', 'carol')
    expect(boardOf(late.doc).get('title')).toBe('persisted')
    expect(server.memory.loads).toEqual(['b1', 'b1'])
  })

  it('[UNLOAD1] a connection arriving before the idle timeout keeps the room loaded', async () => {
    const server = await startServer({ options: { idleUnloadMs: 50 } })
    const a = await connectSynced(server, 'b1', 'alice')
    a.provider.destroy()
    await waitFor(() => server.sync.connections('b1').length === 0)
    await connectSynced(server, 'b1', 'bob')
    // A negative check needs a window: wait past the idle timeout.
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(server.sync.rooms()).toEqual(['b1'])
    expect(server.memory.loads).toEqual(['b1'])
  })

  it('[LOAD3] the loaded hook sees the stored document once, before anyone is greeted', async () => {
    const seen: Array<{ boardId: string; title: unknown; synced: boolean[] }> = []
    const clients: Array<ReturnType<typeof connect>> = []
    const server = await startServer({
      hooks: () => ({
        loaded(boardId, doc) {
          seen.push({
            boardId,
            title: doc.getMap('board').get('title'),
            synced: clients.map((c) => c.provider.synced),
          })
        },
      }),
    })
    server.memory.stored.set('b1', [mapUpdate('title', 'from disk')])
    clients.push(connect(server, 'b1', 'alice'))
    await waitFor(() => clients[0]!.provider.synced)
    await connectSynced(server, 'b1', 'bob')
    expect(seen).toEqual([{ boardId: 'b1', title: 'from disk', synced: [false] }])
  })

  it('[LOAD3] a loaded hook that writes to the document fails the room', async () => {
    const server = await startServer({
      hooks: () => ({
        loaded(_boardId, doc) {
          doc.getMap('board').set('title', 'not from storage')
        },
      }),
    })
    const a = connect(server, 'b1', 'alice')
    const code = await new Promise<number>((resolve) =>
      a.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    )
    expect(code).toBe(4500)
  })

  it('[LOAD1] concurrent first connections share one load and nobody syncs before it finished', async () => {
    const loading = gate()
    const server = await startServer({
      hooks: (base) => ({
        async load(boardId) {
          const updates = await base.load(boardId)
          await loading.promise
          return updates
        },
      }),
    })
    server.memory.stored.set('b1', [mapUpdate('title', 'from disk')])
    const clients = [connect(server, 'b1', 'alice'), connect(server, 'b1', 'bob')]
    const titleAtSync: unknown[] = []
    for (const client of clients) {
      client.provider.on('sync', (synced: boolean) => {
        if (synced) titleAtSync.push(boardOf(client.doc).get('title'))
      })
    }
    await waitFor(() => server.sync.connections('b1').length === 2)
    expect(clients.map((c) => c.provider.synced)).toEqual([false, false])
    loading.open()
    await waitFor(() => titleAtSync.length === 2)
    expect(titleAtSync).toEqual(['from disk', 'from disk'])
    expect(server.memory.loads).toEqual(['b1'])
  })

  it('[LOAD2] a failing load closes with 4500 and the next connection loads again', async () => {
    let failing = true
    const server = await startServer({
      hooks: (base) => ({
        async load(boardId) {
          if (failing) throw new Error('database down')
          return base.load(boardId)
        },
      }),
    })
    const a = connect(server, 'b1', 'alice')
    await waitFor(() => a.closeCodes.includes(CloseCode.Unavailable.code))
    expect(a.finalCloses).toEqual([])
    failing = false
    await waitFor(() => a.provider.synced, { what: 'reconnect after load failure' })
  })

  it('[LOAD4] a stored update that does not apply closes with 4423 for good and the log names its seq', async () => {
    let repaired = false
    const server = await startServer({
      hooks: (base) => ({
        async load(boardId) {
          if (boardId !== 'b1') return base.load(boardId)
          const good = [mapUpdate('title', 'kept'), mapUpdate('subtitle', 'kept too')]
          if (repaired) return { updates: good, lastSeq: 8, seqs: [5, 7] }
          return { updates: [good[0]!, truncated(), good[1]!], lastSeq: 7, seqs: [5, 6, 7] }
        },
      }),
    })
    const a = connect(server, 'b1', 'alice')
    await waitFor(() => a.finalCloses.length === 1, { what: 'a final close' })
    expect(a.finalCloses[0]).toMatchObject({
      code: CloseCode.Damaged.code,
      reason: CloseCode.Damaged.reason,
    })
    expect(a.closeCodes).toEqual([CloseCode.Damaged.code])
    expect(a.provider.shouldConnect).toBe(false)
    const logged = server.memory.logs.find((entry) => entry.level === 'error')
    expect(logged?.details).toMatchObject({ boardId: 'b1', seq: 6, index: 1 })
    expect(logged?.details?.error).toBeInstanceOf(Error)
    expect(server.sync.rooms()).not.toContain('b1')

    // Every other board is served as usual.
    const other = await connectSynced(server, 'b2', 'bob')
    boardOf(other.doc).set('title', 'fine')
    await waitFor(() => server.memory.stored.get('b2')?.length === 1)

    // The next connection loads again: still damaged, then repaired.
    const b = connect(server, 'b1', 'bob')
    await waitFor(() => b.finalCloses.length === 1, { what: 'a second final close' })
    expect(b.finalCloses[0]?.code).toBe(CloseCode.Damaged.code)
    repaired = true
    const c = await connectSynced(server, 'b1', 'carol')
    expect(boardOf(c.doc).toJSON()).toEqual({ title: 'kept', subtitle: 'kept too' })
  })

  it('[LOAD4] without seqs the log names the index of the update that does not apply', async () => {
    const server = await startServer()
    server.memory.stored.set('b1', [mapUpdate('title', 'kept'), truncated()])
    const a = connect(server, 'b1', 'alice')
    await waitFor(() => a.finalCloses.length === 1, { what: 'a final close' })
    expect(a.finalCloses[0]?.code).toBe(CloseCode.Damaged.code)
    const logged = server.memory.logs.find((entry) => entry.level === 'error')
    expect(logged?.details).toMatchObject({ boardId: 'b1', index: 1 })
    expect(logged?.details).not.toHaveProperty('seq')
  })

  it('[LOAD4] [CATCHUP1] a caught-up stored update that does not apply closes with 4423 instead of retrying forever', async () => {
    let catchUps = 0
    const server = await startServer({
      hooks: () => ({
        async load() {
          return { updates: [mapUpdate('title', 'kept')], lastSeq: 1, seqs: [1] }
        },
        async loadSince() {
          catchUps++
          return { updates: [truncated()], lastSeq: 2, seqs: [2] }
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    server.sync.catchUp('b1')
    await waitFor(() => a.finalCloses.length === 1, { what: 'a final close' })
    expect(a.finalCloses[0]?.code).toBe(CloseCode.Damaged.code)
    expect(server.memory.logs.find((entry) => entry.level === 'error')?.details).toMatchObject({
      boardId: 'b1',
      seq: 2,
    })
    expect(server.sync.rooms()).toEqual([])
    expect(catchUps).toBe(1)
  })
})

describe('store before broadcast', () => {
  it('[QUEUE1] [STORE1] nobody sees an update before store resolved, neither by relay nor by a step-2 reply', async () => {
    const events: string[] = []
    const storing = gate()
    const server = await startServer({
      hooks: (base) => ({
        async store(boardId, update, origin) {
          events.push('store started')
          await storing.promise
          await base.store(boardId, update, origin)
          events.push('stored')
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(b.doc).observe(() => events.push('bob saw it'))

    boardOf(a.doc).set('title', 'slow')
    await waitFor(() => events.includes('store started'))
    // A late joiner's sync step 1 is answered from the same queue: it waits too.
    const late = connect(server, 'b1', 'carol')
    boardOf(late.doc).observe(() => events.push('carol saw it'))
    await waitFor(() => server.sync.connections('b1').length === 3)
    setTimeout(storing.open, 200)

    await waitFor(() => events.includes('bob saw it') && events.includes('carol saw it'))
    expect(events.indexOf('stored')).toBeGreaterThan(-1)
    expect(events.indexOf('stored')).toBeLessThan(events.indexOf('bob saw it'))
    expect(events.indexOf('stored')).toBeLessThan(events.indexOf('carol saw it'))
  })

  it('[STORE2] a throwing store relays nothing, resets the room, and the edit comes back in step 2', async () => {
    let failing = true
    const server = await startServer({
      hooks: (base) => ({
        async store(boardId, update, origin) {
          if (failing && boardOf(docFrom([update])).has('boom')) throw new Error('disk full')
          await base.store(boardId, update, origin)
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(a.doc).set('boom', 'unsaved')

    // Bob's socket is closed by the reset; a relay would have arrived before the close frame.
    await waitFor(() => b.closeCodes.includes(CloseCode.Unavailable.code))
    expect(a.closeCodes).toContain(CloseCode.Unavailable.code)
    expect(boardOf(b.doc).has('boom')).toBe(false)
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual([])
    expect(a.finalCloses).toEqual([])

    // Storage recovers: Alice's reconnect carries the edit in its sync step 2.
    failing = false
    await waitFor(() => boardOf(b.doc).get('boom') === 'unsaved', { what: 'edit after recovery' })
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['boom'])
  })

  it('[CHANGE2] [CHANGE3] [FAN1] only what is new is stored, and exactly that is relayed', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const raw = connectRaw(server, '/sync/b1?token=bob')
    const relayed: Uint8Array[] = []
    raw.socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2) relayed.push(new Uint8Array(data))
    })
    await raw.opened
    boardOf(a.doc).set('title', 'once')
    await waitFor(() => relayed.length === 1)
    const stored = server.memory.stored.get('b1') ?? []
    expect(stored).toHaveLength(1)
    expect(relayed[0]).toEqual(frames.update(stored[0] ?? new Uint8Array()))

    // The same change again, and an empty update: nothing new, nothing stored or relayed.
    raw.send(frames.update(Y.encodeStateAsUpdate(a.doc)))
    raw.send(frames.sync(1, Y.encodeStateAsUpdate(new Y.Doc())))
    raw.send(frames.step1())
    await waitFor(() => raw.step2Count === 1)
    // [FAN1] A new change of its own is stored and relayed to Alice, never echoed back.
    raw.send(frames.update(mapUpdate('from raw', 'new')))
    await waitFor(() => boardOf(a.doc).has('from raw'))
    boardOf(a.doc).set('marker', 'after')
    await waitFor(() => boardOf(raw.doc).has('marker'))
    expect(relayed).toHaveLength(2)
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['from raw', 'marker', 'title'])
  })
})

describe('read-only connections and the judge', () => {
  it('[RO1] [FAN1] a read-only update is dropped, yet the read-only client receives updates', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const viewer = await connectSynced(server, 'b1', 'viewer')
    const raw = connectRaw(server, '/sync/b1?token=viewer')
    await raw.opened
    raw.send(frames.update(mapUpdate('sneaky', 'edit')))
    raw.send(frames.step1())
    // The step-2 reply is the whole stored document, computed after the update was handled.
    await waitFor(() => raw.step2Count === 1)
    expect(boardOf(raw.doc).has('sneaky')).toBe(false)
    expect(server.memory.stored.get('b1')).toBeUndefined()

    boardOf(a.doc).set('title', 'for everyone')
    await waitFor(() => boardOf(raw.doc).get('title') === 'for everyone')
    await waitFor(() => boardOf(viewer.doc).get('title') === 'for everyone')
    expect(boardOf(a.doc).has('sneaky')).toBe(false)
    expect(raw.close).toBeNull()
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['title'])
  })

  it('[VERDICT1] a refused change is not stored nor relayed and the sender is closed with the verdict', async () => {
    const judged: string[][] = []
    const server = await startServer({
      hooks: () => ({
        judge({ doc, update }) {
          // The way the board package judges: apply to a shadow copy of the room document.
          const shadow = docFrom([Y.encodeStateAsUpdate(doc), update])
          judged.push(Object.keys(boardOf(doc).toJSON()))
          return boardOf(shadow).has('forbidden') ? CloseCode.Rejected : null
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    const c = await connectSynced(server, 'b1', 'carol')
    boardOf(a.doc).set('allowed', 'yes')
    await waitFor(() => boardOf(b.doc).has('allowed'))

    boardOf(a.doc).set('forbidden', 'no')
    await waitFor(() => a.finalCloses.length === 1)
    expect(a.finalCloses[0]).toEqual(CloseCode.Rejected)

    // Carol's marker is relayed after anything Alice's messages could have caused.
    boardOf(c.doc).set('marker', 'now')
    await waitFor(() => boardOf(b.doc).has('marker'))
    expect(Object.keys(boardOf(b.doc).toJSON()).sort()).toEqual(['allowed', 'marker'])
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['allowed', 'marker'])
    // The judge saw the room document as it was before each change.
    expect(judged).toContainEqual(['allowed'])
  })

  it('[CLOSE2] once the server closed a connection, its still-queued messages are dropped', async () => {
    const server = await startServer({
      hooks: () => ({
        async judge({ update }) {
          // Slow enough that the frames sent behind the refused one are queued meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 30))
          return boardOf(docFrom([update])).has('forbidden') ? CloseCode.Rejected : null
        },
      }),
    })
    const b = await connectSynced(server, 'b1', 'bob')
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await raw.opened
    // Independent updates (each from its own document), so Yjs cannot hold one back for another.
    raw.send(frames.update(mapUpdate('forbidden', 'no')))
    raw.send(frames.update(mapUpdate('independent', 'but queued behind it')))
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.Rejected)

    boardOf(b.doc).set('marker', 'now')
    await waitFor(() => server.memory.stored.get('b1')?.length === 1)
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['marker'])
  })

  it('[VERDICT2] a judge that throws closes the sender with 4500 and stores nothing', async () => {
    const server = await startServer({
      hooks: () => ({
        judge() {
          throw new Error('bug in judge')
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    boardOf(a.doc).set('title', 'x')
    await waitFor(() => a.closeCodes.includes(CloseCode.Unavailable.code))
    expect(server.memory.stored.get('b1')).toBeUndefined()
  })
})

describe('compaction, shutdown and closing', () => {
  it('[COMPACT1] compaction gets a state that, loaded alone, reproduces the stored document', async () => {
    const logBeforeCompaction: string[][] = []
    const server = await startServer({
      options: { compactEvery: 3 },
      hooks: (base, memory) => ({
        async compact(boardId, state) {
          logBeforeCompaction.push(storedKeys(memory.stored.get(boardId)))
          await base.compact?.(boardId, state)
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) boardOf(a.doc).set(key, key)
    await waitFor(() => storedKeys(server.memory.stored.get('b1')).length === 5)
    await waitFor(() => server.memory.compactions.length >= 1)

    const first = server.memory.compactions[0]
    expect(first?.boardId).toBe('b1')
    const snapshot = docFrom(first ? [first.state] : [])
    expect(Object.keys(boardOf(snapshot).toJSON()).sort()).toEqual(logBeforeCompaction[0])
    expect(logBeforeCompaction[0]?.length).toBeGreaterThanOrEqual(3)

    // What the log holds now (snapshot + later updates) is the whole document.
    expect(boardOf(docFrom(server.memory.stored.get('b1') ?? [])).toJSON()).toEqual(
      boardOf(a.doc).toJSON(),
    )
  })

  it('[COMPACT4] compacts once the log outgrows the state, keeping storage within about twice the document', async () => {
    const server = await startServer({ options: { compactEvery: 10_000 } })
    const a = await connectSynced(server, 'b1', 'alice')
    // Rewriting one big value: the document stays small while the log grows.
    for (let i = 0; i < 40; i++) boardOf(a.doc).set('draft', `${i}`.padEnd(8 * 1024, '.'))
    await waitFor(() => (server.memory.stored.get('b1')?.length ?? 0) >= 1)
    await waitFor(() => server.memory.compactions.length >= 1)
    const live = Y.encodeStateAsUpdate(a.doc).length
    await waitFor(() => {
      const stored = (server.memory.stored.get('b1') ?? []).reduce((n, u) => n + u.length, 0)
      return stored <= 2 * Math.max(live, 64 * 1024) + 16 * 1024
    })
  })

  it('[COMPACT2] a room compacts when it unloads, and a failing compaction is only logged', async () => {
    let failCompaction = true
    const server = await startServer({
      options: { idleUnloadMs: 10 },
      hooks: (base) => ({
        async compact(boardId, state) {
          if (failCompaction) throw new Error('compaction failed')
          await base.compact?.(boardId, state)
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    boardOf(a.doc).set('one', '1')
    boardOf(a.doc).set('two', '2')
    await waitFor(() => server.memory.stored.get('b1')?.length === 2)
    a.provider.destroy()
    await waitFor(() => server.sync.rooms().length === 0)
    expect(server.memory.logs).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'compaction failed' }),
    )
    expect(server.memory.stored.get('b1')).toHaveLength(2)

    failCompaction = false
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(b.doc).set('three', '3')
    await waitFor(() => server.memory.stored.get('b1')?.length === 3)
    b.provider.destroy()
    await waitFor(() => server.memory.stored.get('b1')?.length === 1, { what: 'compacted log' })
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['one', 'three', 'two'])
  })

  it('[CLOSE1] close() closes sockets with 1001 and waits for pending stores, queued ones included', async () => {
    const storing = gate()
    let storeStarted = false
    const server = await startServer({
      hooks: (base) => ({
        async store(boardId, update, origin) {
          storeStarted = true
          await storing.promise
          await base.store(boardId, update, origin)
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    boardOf(a.doc).set('first', '1')
    boardOf(a.doc).set('second', '2')
    await waitFor(() => storeStarted)

    let closed = false
    const closing = server.sync.close().then(() => {
      closed = true
    })
    await waitFor(() => a.closeCodes.includes(CloseCode.ShuttingDown.code))
    expect(closed).toBe(false)
    storing.open()
    await closing
    expect(storedKeys(server.memory.stored.get('b1'))).toEqual(['first', 'second'])
    expect(server.sync.rooms()).toEqual([])
  })

  it('[CLOSE2] closeWhere closes the matching connections only', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    const other = await connectSynced(server, 'b2', 'bob')
    const count = server.sync.closeWhere(
      (c) => c.user.id === 'bob' && c.boardId === 'b1',
      CloseCode.Forbidden,
    )
    expect(count).toBe(1)
    await waitFor(() => b.finalCloses.length === 1)
    expect(b.finalCloses[0]).toEqual(CloseCode.Forbidden)
    expect(server.sync.connections('b1').map((c) => c.user.id)).toEqual(['alice'])
    expect(other.provider.wsconnected).toBe(true)
    expect(a.provider.wsconnected).toBe(true)
  })
})
