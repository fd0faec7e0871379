/**
 * The reference for `pnpm bench sync`: a bare y-websocket relay on y-protocols and ws, the
 * least a server must do to speak the protocol. One Y.Doc and one Awareness per room (the
 * path after the last `/`); it answers sync step 1, applies every sync step 2 and update and
 * relays it, applies and relays awareness. No auth, no validation, no storage: a room lives
 * while it has connections. Like Pauta it relays to everyone but the sender, encodes each
 * relayed message once, and uses ws's defaults otherwise.
 *
 * Run as its own process (so its CPU and memory are measured like Pauta's):
 *   PORT=0 node --import tsx bench/src/bare-relay.ts   → prints "listening <port>"
 * Only ever binds 127.0.0.1.
 */
import { createServer } from 'node:http'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const MESSAGE_QUERY_AWARENESS = 3

type Room = {
  name: string
  doc: Y.Doc
  awareness: awarenessProtocol.Awareness
  /** Each connection and the awareness client ids it published. */
  conns: Map<WebSocket, Set<number>>
}

const rooms = new Map<string, Room>()

function send(conn: WebSocket, message: Uint8Array): void {
  if (conn.readyState !== conn.OPEN) return
  conn.send(message, (error) => {
    if (error) conn.terminate()
  })
}

function getRoom(name: string): Room {
  const existing = rooms.get(name)
  if (existing) return existing
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(null)
  const room: Room = { name, doc, awareness, conns: new Map() }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeUpdate(encoder, update)
    const message = encoding.toUint8Array(encoder)
    for (const conn of room.conns.keys()) if (conn !== origin) send(conn, message)
  })
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      const changed = [...added, ...updated, ...removed]
      const ids = origin instanceof Object ? room.conns.get(origin as WebSocket) : undefined
      if (ids) {
        for (const id of added) ids.add(id)
        for (const id of removed) ids.delete(id)
      }
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, changed),
      )
      const message = encoding.toUint8Array(encoder)
      for (const conn of room.conns.keys()) if (conn !== origin) send(conn, message)
    },
  )
  rooms.set(name, room)
  return room
}

function onMessage(room: Room, conn: WebSocket, data: Uint8Array): void {
  const decoder = decoding.createDecoder(data)
  const encoder = encoding.createEncoder()
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MESSAGE_SYNC: {
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      // Step 1 → writes step 2 into encoder; step 2 / update → applied with origin conn.
      syncProtocol.readSyncMessage(decoder, encoder, room.doc, conn)
      if (encoding.length(encoder) > 1) send(conn, encoding.toUint8Array(encoder))
      break
    }
    case MESSAGE_AWARENESS:
      awarenessProtocol.applyAwarenessUpdate(
        room.awareness,
        decoding.readVarUint8Array(decoder),
        conn,
      )
      break
    case MESSAGE_QUERY_AWARENESS: {
      const ids = [...room.awareness.getStates().keys()]
      if (ids.length === 0) break
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids),
      )
      send(conn, encoding.toUint8Array(encoder))
      break
    }
    default:
      break // auth and unknown types are ignored
  }
}

function onConnection(conn: WebSocket, roomName: string): void {
  conn.binaryType = 'nodebuffer'
  const room = getRoom(roomName)
  room.conns.set(conn, new Set())
  conn.on('message', (data: RawData) => {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data
    try {
      onMessage(room, conn, bytes)
    } catch {
      conn.close(1003, 'malformed message')
    }
  })
  conn.on('error', () => conn.terminate())
  conn.on('close', () => {
    const ids = room.conns.get(conn)
    room.conns.delete(conn)
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null)
    if (room.conns.size === 0) {
      rooms.delete(room.name)
      room.awareness.destroy()
      room.doc.destroy()
    }
  })
  // Greeting, as y-websocket's server does: our step 1, then everyone's presence.
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  syncProtocol.writeSyncStep1(encoder, room.doc)
  send(conn, encoding.toUint8Array(encoder))
  const ids = [...room.awareness.getStates().keys()]
  if (ids.length > 0) {
    const aw = encoding.createEncoder()
    encoding.writeVarUint(aw, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids))
    send(conn, encoding.toUint8Array(aw))
  }
}

const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
})
const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 })
http.on('upgrade', (req, socket, head) => {
  const name = (req.url ?? '/').split('?', 1)[0]!.split('/').pop() || 'default'
  wss.handleUpgrade(req, socket, head, (conn) => onConnection(conn, name))
})
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = http.address()
  if (typeof address === 'object' && address) console.log(`listening ${address.port}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const client of wss.clients) client.terminate()
    http.close()
    process.exit(0)
  })
}
// Never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0))
