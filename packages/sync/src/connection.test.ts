import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { binaryFrame, ClientConnection, PreparedMessage } from './connection.ts'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

/** A server-side ClientConnection and a client socket recording every message it receives. */
async function pair() {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${port}`)
  const received: Buffer[] = []
  client.on('message', (data: Buffer) => received.push(data))
  const socket = await accepted
  await new Promise((resolve) => client.once('open', resolve))
  const connection = new ClientConnection('c1', 'user', 'b1', false, {}, socket, () => {})
  cleanups.push(() => {
    client.terminate()
    wss.close()
    http.close()
  })
  return { connection, received }
}

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256)

describe('[SYNC3] messages framed once', () => {
  it('arrive byte for byte as ws would send them, in order with plain sends', async () => {
    const { connection, received } = await pair()
    // Each length form of a frame header: 7-bit, 16-bit and 64-bit lengths, and empty.
    const payloads = [bytes(5, 1), bytes(125, 2), bytes(126, 3), bytes(65_535, 4), bytes(70_000, 5)]
    const expected: Uint8Array[] = []
    for (const [i, payload] of payloads.entries()) {
      connection.sendPrepared(new PreparedMessage(payload))
      const plain = bytes(10 + i, 100 + i)
      connection.send(plain)
      expected.push(payload, plain)
    }
    connection.sendPrepared(new PreparedMessage(new Uint8Array(0)))
    expected.push(new Uint8Array(0))
    const deadline = Date.now() + 5000
    while (received.length < expected.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(received.map((b) => new Uint8Array(b))).toEqual(expected)
  })

  it('one prepared message reaches many sockets intact', async () => {
    const pairs = await Promise.all([pair(), pair(), pair()])
    const message = new PreparedMessage(bytes(300, 7))
    for (const { connection } of pairs) connection.sendPrepared(message)
    const deadline = Date.now() + 5000
    while (pairs.some((p) => p.received.length === 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    for (const { received } of pairs)
      expect(received.map((b) => new Uint8Array(b))).toEqual([bytes(300, 7)])
  })

  it('frames by RFC 6455: final binary frame, unmasked, the shortest length form', () => {
    expect([...binaryFrame(Uint8Array.of(9, 8)).subarray(0, 2)]).toEqual([0x82, 2])
    expect([...binaryFrame(bytes(126, 0)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126])
    expect([...binaryFrame(bytes(65_536, 0)).subarray(0, 10)]).toEqual([
      0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0,
    ])
  })
})
