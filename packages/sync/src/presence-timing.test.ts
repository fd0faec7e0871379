import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  cleanup,
  connectSynced,
  frames,
  startServer,
  type TestServer,
  waitFor,
} from './test-harness.ts'

afterEach(cleanup)

/** Presence must be gone for the others within this long of someone leaving. */
const PRESENCE_GONE_MS = 5_000

/**
 * A browser whose network may vanish: it answers the server's pings until `drop()`, then
 * says nothing more, as a laptop whose Wi-Fi went away (no close frame, no FIN).
 */
async function droppable(server: TestServer, token: string, clientId: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/sync/b1?token=${token}`, {
    autoPong: false,
  })
  let dropped = false
  socket.on('ping', (data) => {
    if (!dropped) socket.pong(data)
  })
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.send(frames.awareness([{ clientId, clock: 1, state: { here: true } }]))
  return {
    drop: () => {
      dropped = true
      socket.pause() // nothing more is read, so nothing is answered
    },
    close: () => socket.terminate(),
  }
}

describe('[AWARE7] presence leaves with the person', () => {
  it('someone who closes the board is gone from the others’ presence at once', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    const seen = () => b.provider.awareness.getStates().has(a.doc.clientID)
    await waitFor(seen, { what: 'Bob sees Alice' })

    const left = Date.now()
    a.provider.destroy()
    await waitFor(() => !seen(), { timeout: PRESENCE_GONE_MS, what: 'Alice gone for Bob' })
    const took = Date.now() - left
    console.log(`[AWARE7] presence gone ${took} ms after the socket closed`)
    expect(took).toBeLessThan(PRESENCE_GONE_MS)
  })

  it('someone whose network vanishes is gone within 5 s, with the default settings', async () => {
    const server = await startServer()
    const b = await connectSynced(server, 'b1', 'bob')
    const clientId = 424242
    const a = await droppable(server, 'alice', clientId)
    try {
      const seen = () => b.provider.awareness.getStates().has(clientId)
      await waitFor(seen, { what: 'Bob sees Alice' })

      const dropped = Date.now()
      a.drop()
      await waitFor(() => !seen(), { timeout: PRESENCE_GONE_MS, what: 'Alice gone for Bob' })
      const took = Date.now() - dropped
      console.log(`[AWARE7] presence gone ${took} ms after the network went silent`)
      expect(took).toBeLessThan(PRESENCE_GONE_MS)
      // Bob, who answers every ping, stays
      expect(b.provider.wsconnected).toBe(true)
    } finally {
      a.close()
    }
  }, 15_000)
})
