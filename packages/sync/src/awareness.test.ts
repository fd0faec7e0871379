import { afterEach, describe, expect, it } from 'vitest'
import {
  cleanup,
  connectRaw,
  connectSynced,
  frames,
  presenceOf,
  startServer,
  waitFor,
} from './test-harness.ts'

afterEach(cleanup)

const alice = presenceOf({ id: 'alice', name: 'Alice' })
const bob = presenceOf({ id: 'bob', name: 'Bob' })
const carol = presenceOf({ id: 'carol', name: 'Carol' })

describe('presence', () => {
  it('[AWARE1] a client cannot claim to be someone else: the server stamps its identity', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    a.provider.awareness.setLocalStateField('user', { name: 'Mallory' })
    a.provider.awareness.setLocalStateField('cursor', { card: 'c1' })
    await waitFor(() => {
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
        user: alice,
        cursor: { card: 'c1' },
      })
    })
    // And the other way round, for a client that never set a user at all.
    await waitFor(() => {
      expect(a.provider.awareness.getStates().get(b.doc.clientID)).toEqual({ user: bob })
    })
  })

  it('[AWARE2] [AWARE3] entries for client ids a connection does not own are dropped; its own leave with it', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID))
    const raw = connectRaw(server, '/sync/b1?token=carol')
    await raw.opened
    // Its first id claims it; Bob's id, and a second id of its own, are not its to publish.
    raw.send(
      frames.awareness([
        { clientId: 990001, clock: 1, state: { cursor: 'here' } },
        { clientId: b.doc.clientID, clock: 1000, state: { user: bob, hijacked: true } },
        { clientId: 990002, clock: 1, state: { cursor: 'there' } },
      ]),
    )
    const states = () => a.provider.awareness.getStates()
    // The accepted entries travel in one message, so once one is seen all of them are.
    await waitFor(() => states().has(990001))
    expect(states().get(990001)).toEqual({ user: carol, cursor: 'here' })
    expect(states().get(b.doc.clientID)).toEqual({ user: bob })
    expect(states().has(990002)).toBe(false)

    // Gone without saying goodbye: the server removes its state for everyone.
    raw.socket.terminate()
    await waitFor(() => !states().has(990001), { what: 'presence removed' })
    expect(states().get(b.doc.clientID)).toEqual({ user: bob })
  })

  it('[AWARE3] a stock client that disconnects disappears for the others', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID))
    b.provider.disconnect()
    await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID))
  })

  it('[AWARE4] a new connection gets the current states after sync step 1; query-awareness gets them again', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    a.provider.awareness.setLocalStateField('cursor', 7)
    const b = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => {
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
        user: alice,
        cursor: 7,
      })
    })
    const raw = connectRaw(server, '/sync/b1?token=carol')
    await waitFor(() => raw.awareness.some((e) => e.clientId === b.doc.clientID))
    raw.awareness.length = 0
    raw.send(frames.queryAwareness())
    await waitFor(() => raw.awareness.some((e) => e.clientId === a.doc.clientID))
    expect(raw.awareness.map((e) => e.clientId).sort()).toEqual(
      [a.doc.clientID, b.doc.clientID].sort(),
    )
  })

  it('[RO1] a read-only connection publishes no presence but sees everyone', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const viewer = connectRaw(server, '/sync/b1?token=viewer')
    await viewer.opened
    viewer.send(frames.awareness([{ clientId: 880001, clock: 1, state: { cursor: 1 } }]))
    viewer.send(frames.step1())
    await waitFor(() => viewer.step2Count === 1)

    // A later presence change by someone else reaches Alice after anything the viewer caused.
    const b = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => a.provider.awareness.getStates().has(b.doc.clientID))
    expect(a.provider.awareness.getStates().has(880001)).toBe(false)
    await waitFor(() => viewer.awareness.some((e) => e.clientId === b.doc.clientID))
    expect(viewer.close).toBeNull()
  })

  it('[AWARE5] presence is relayed to the others, never echoed back to its sender', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const raw = connectRaw(server, '/sync/b1?token=carol')
    await raw.opened
    raw.send(frames.awareness([{ clientId: 660001, clock: 1, state: { cursor: 'x' } }]))
    await waitFor(() => a.provider.awareness.getStates().has(660001))
    // Alice's change is sent to the raw socket after anything the raw socket's own update caused.
    a.provider.awareness.setLocalStateField('cursor', 'moved')
    await waitFor(() => raw.awareness.some((e) => e.state?.cursor === 'moved'))
    expect(raw.awareness.some((e) => e.clientId === 660001)).toBe(false)
  })

  it('[QUEUE2] presence does not wait behind a slow store', async () => {
    let release: () => void = () => {}
    const storing = new Promise<void>((resolve) => {
      release = resolve
    })
    let storeStarted = false
    const server = await startServer({
      hooks: (base) => ({
        async store(boardId, update, origin) {
          storeStarted = true
          await storing
          await base.store(boardId, update, origin)
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    a.doc.getMap('board').set('title', 'slow to store')
    await waitFor(() => storeStarted)
    a.provider.awareness.setLocalStateField('cursor', 'fast')
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 'fast')
    expect(b.doc.getMap('board').has('title')).toBe(false)
    release()
    await waitFor(() => b.doc.getMap('board').get('title') === 'slow to store')
  })

  it('[AWARE2] the same person reconnecting takes over their client id', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const first = connectRaw(server, '/sync/b1?token=bob')
    await first.opened
    first.send(frames.awareness([{ clientId: 770001, clock: 1, state: { tab: 'old' } }]))
    await waitFor(() => a.provider.awareness.getStates().get(770001)?.tab === 'old')
    // The old socket is half-open (not noticed as closed yet) when the new one arrives.
    const second = connectRaw(server, '/sync/b1?token=bob')
    const stranger = connectRaw(server, '/sync/b1?token=carol')
    await Promise.all([second.opened, stranger.opened])
    stranger.send(frames.awareness([{ clientId: 770001, clock: 5, state: { tab: 'stolen' } }]))
    stranger.send(frames.step1())
    // Handled before the step-2 reply; had it been accepted, clock 5 would beat clock 2 below.
    await waitFor(() => stranger.step2Count === 1)
    second.send(frames.awareness([{ clientId: 770001, clock: 2, state: { tab: 'new' } }]))
    await waitFor(() => a.provider.awareness.getStates().get(770001)?.tab === 'new')
    expect(a.provider.awareness.getStates().get(770001)).toEqual({ user: bob, tab: 'new' })
  })

  it('[AWARE6] a big room sends presence changes in batches, to every member, the senders too', async () => {
    const server = await startServer({ options: { awarenessBatchFrom: 4 } })
    const watcher = await connectSynced(server, 'b1', 'viewer')
    const raws = ['alice', 'bob', 'carol'].map((user) =>
      connectRaw(server, `/sync/b1?token=${user}`),
    )
    await Promise.all(raws.map((raw) => raw.opened))
    await waitFor(() => server.sync.connections('b1').length === 4)
    const before = raws.map((raw) => raw.awarenessMessages)
    // three people change their presence at once
    for (const [i, raw] of raws.entries())
      raw.send(frames.awareness([{ clientId: 880001 + i, clock: 1, state: { cursor: i } }]))
    const states = () => watcher.provider.awareness.getStates()
    await waitFor(() => [880001, 880002, 880003].every((id) => states().has(id)))
    expect(states().get(880002)).toEqual({ user: bob, cursor: 1 })
    // one message each carried all three (not three messages to each of four members)
    await waitFor(() => raws.every((raw, i) => raw.awarenessMessages > before[i]!))
    for (const [i, raw] of raws.entries()) {
      expect(raw.awarenessMessages - before[i]!).toBe(1)
      expect(
        raw.awareness
          .filter((e) => e.clientId >= 880001)
          .map((e) => e.clientId)
          .sort(),
      ).toEqual([880001, 880002, 880003])
    }
  })
})
