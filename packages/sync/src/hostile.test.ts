import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from './close-codes.ts'
import { MessageType } from './protocol.ts'
import {
  boardOf,
  cleanup,
  connectRaw,
  connectSynced,
  docFrom,
  frames,
  startServer,
  waitFor,
} from './test-harness.ts'
import { MAX_VALUE_DEPTH, valueDepthExceeds } from './value-depth.ts'

afterEach(cleanup)

/** `[[[…0…]]]`, `depth` arrays deep. */
function nested(depth: number): unknown {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** An update that sets `key` to `value` (any plain value) in the map `board`. */
function valueUpdate(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  boardOf(doc).set(key, value as string)
  return Y.encodeStateAsUpdate(doc)
}

/** An awareness frame whose state is given as raw JSON text (so any depth can be sent). */
function awarenessJson(clientId: number, json: string): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, json)
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, MessageType.Awareness)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

describe('values nested too deep', () => {
  it('[BAD3] the depth walker measures any depth without recursion', () => {
    expect(valueDepthExceeds('text', 0)).toBe(false)
    expect(valueDepthExceeds([1], 0)).toBe(true)
    expect(valueDepthExceeds([{ a: [1] }], 3)).toBe(false)
    expect(valueDepthExceeds([{ a: [1] }], 2)).toBe(true)
    expect(valueDepthExceeds({ a: 1, b: { c: { d: {} } } }, 4)).toBe(false)
    expect(valueDepthExceeds({ a: 1, b: { c: { d: {} } } }, 3)).toBe(true)
    expect(valueDepthExceeds(nested(200_000), MAX_VALUE_DEPTH)).toBe(true)
  })

  it('[BAD3] an update with a value nested too deep closes its sender with 4400 and stores nothing', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    for (const depth of [MAX_VALUE_DEPTH + 1, 5000]) {
      const raw = connectRaw(server, '/sync/b1?token=bob')
      await raw.opened
      raw.send(frames.update(valueUpdate(`deep${depth}`, nested(depth))))
      await waitFor(() => raw.close !== null, { what: `closed after depth ${depth}` })
      expect(raw.close).toEqual(CloseCode.TooDeep)
    }
    // Exactly at the bound is fine.
    const raw = connectRaw(server, '/sync/b1?token=carol')
    await raw.opened
    raw.send(frames.update(valueUpdate('atBound', nested(MAX_VALUE_DEPTH))))
    await waitFor(() => boardOf(a.doc).has('atBound'))
    expect(raw.close).toBeNull()
    const stored = docFrom(server.memory.stored.get('b1') ?? [])
    expect([...boardOf(stored).keys()]).toEqual(['atBound'])
  })

  it('[BAD3] [BAD4] presence nested too deep closes its sender; the server and the room go on', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    const raw = connectRaw(server, '/sync/b1?token=carol')
    await raw.opened
    // JSON.parse reads this fine; relaying it would need a recursive JSON.stringify.
    const depth = 100_000
    raw.send(awarenessJson(4242, `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`))
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.TooDeep)

    boardOf(a.doc).set('still', 'serving')
    await waitFor(() => boardOf(b.doc).get('still') === 'serving')
    expect(b.provider.awareness.getStates().has(4242)).toBe(false)
  })
})

describe('the server amends a change', () => {
  it('[AMEND1] [FAN1] the amendment is stored with the change, in one update, and reaches the sender too', async () => {
    const server = await startServer({
      hooks: () => ({
        amend({ doc }) {
          // Stamp every change with a marker of the server's own.
          return boardOf(doc).has('stamp') ? null : (d) => boardOf(d).set('stamp', 'server')
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(a.doc).set('title', 'from alice')
    await waitFor(() => boardOf(b.doc).get('stamp') === 'server')
    expect(boardOf(b.doc).get('title')).toBe('from alice')
    await waitFor(() => boardOf(a.doc).get('stamp') === 'server')

    const log = server.memory.stored.get('b1') ?? []
    expect(log).toHaveLength(1)
    expect(boardOf(docFrom(log)).toJSON()).toEqual({ title: 'from alice', stamp: 'server' })
  })

  it('[AMEND1] an amend hook that throws resets the room and stores nothing', async () => {
    const server = await startServer({
      hooks: () => ({
        amend() {
          throw new Error('bug in amend')
        },
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    boardOf(a.doc).set('title', 'x')
    await waitFor(() => a.closeCodes.includes(CloseCode.Unavailable.code))
    expect(server.memory.stored.get('b1')).toBeUndefined()
  })

  it('[STORE3] a change that would not read back is not stored: the sender is closed and the room reset', async () => {
    const server = await startServer({
      hooks: () => ({
        // A server bug writing a value no client could send: the last line must hold anyway.
        amend: () => (d) => boardOf(d).set('bad', nested(MAX_VALUE_DEPTH + 1) as string),
      }),
    })
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    boardOf(a.doc).set('title', 'x')
    await waitFor(() => a.finalCloses.length === 1)
    expect(a.finalCloses[0]).toEqual(CloseCode.BadRequest)
    await waitFor(() => b.closeCodes.includes(CloseCode.Unavailable.code))
    expect(server.memory.stored.get('b1')).toBeUndefined()
  })
})

describe('an accepted change', () => {
  it('[VERDICT3] is stored even when its sender was closed while the judge was thinking', async () => {
    let release: () => void = () => {}
    const judging = new Promise<void>((resolve) => {
      release = resolve
    })
    let started = false
    const server = await startServer({
      hooks: () => ({
        async judge() {
          started = true
          await judging
          return null
        },
      }),
    })
    const b = await connectSynced(server, 'b1', 'bob')
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await raw.opened
    raw.send(frames.update(valueUpdate('title', 'accepted')))
    await waitFor(() => started)
    server.sync.closeWhere((c) => c.user.id === 'alice', CloseCode.Forbidden)
    release()
    await waitFor(() => boardOf(b.doc).get('title') === 'accepted')
    expect(boardOf(docFrom(server.memory.stored.get('b1') ?? [])).get('title')).toBe('accepted')
  })
})
