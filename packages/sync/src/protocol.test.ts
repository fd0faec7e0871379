import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeStoredState,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './protocol.ts'

function mapDoc(entries: Record<string, string>): Y.Doc {
  const doc = new Y.Doc()
  for (const [key, value] of Object.entries(entries)) doc.getMap('board').set(key, value)
  return doc
}

describe('decodeClientMessage', () => {
  it('[BAD1] reads every message the stock client sends', () => {
    const doc = mapDoc({ title: 'x' })
    const update = Y.encodeStateAsUpdate(doc)
    expect(decodeClientMessage(encodeSyncStep1(Y.encodeStateVector(doc)))).toMatchObject({
      ok: true,
      message: { type: 'sync-step1' },
    })
    expect(decodeClientMessage(encodeSyncStep2(update))).toMatchObject({
      ok: true,
      message: { type: 'sync-step2', empty: false },
    })
    expect(decodeClientMessage(encodeSyncUpdate(update))).toMatchObject({
      ok: true,
      message: { type: 'sync-update', update, empty: false },
    })
    const awareness = encodeAwarenessUpdate([
      { clientId: 1, clock: 2, state: { cursor: 3 } },
      { clientId: 4, clock: 5, state: null },
    ])
    expect(decodeClientMessage(encodeAwarenessMessage(awareness))).toEqual({
      ok: true,
      message: {
        type: 'awareness',
        entries: [
          { clientId: 1, clock: 2, state: { cursor: 3 } },
          { clientId: 4, clock: 5, state: null },
        ],
      },
    })
    expect(decodeClientMessage(Uint8Array.of(3))).toEqual({
      ok: true,
      message: { type: 'query-awareness' },
    })
    expect(decodeClientMessage(Uint8Array.of(2, 0, 1, 65))).toEqual({
      ok: true,
      message: { type: 'auth' },
    })
  })

  it('[CHANGE2] an update with neither structs nor deletions is marked empty', () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc())
    expect(decodeClientMessage(encodeSyncStep2(empty))).toMatchObject({
      ok: true,
      message: { empty: true },
    })
  })

  it('[BAD1] refuses what is not exactly one well-formed message, without throwing', () => {
    const bad = [
      new Uint8Array(0),
      Uint8Array.of(9),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      Uint8Array.of(0, 3, 0),
      Uint8Array.of(0, 2, 5, 1),
      encodeSyncUpdate(Uint8Array.of(1, 2, 3, 4, 5)),
      Uint8Array.of(...encodeSyncStep1(new Uint8Array([0])), 0),
      encodeAwarenessMessage(Uint8Array.of(1, 1, 1, 4, 0x6e, 0x75, 0x6c)),
      // States must be objects (or null): a number, a string, an array are not.
      encodeAwarenessMessage(encodeAwarenessUpdateRaw('42')),
      encodeAwarenessMessage(encodeAwarenessUpdateRaw('[1]')),
    ]
    for (const frame of bad) {
      const result = decodeClientMessage(frame)
      expect(result.ok, `frame ${Array.from(frame).join(',')}`).toBe(false)
    }
  })
})

/** One awareness entry whose state is the given raw JSON text. */
function encodeAwarenessUpdateRaw(json: string): Uint8Array {
  const text = new TextEncoder().encode(json)
  return Uint8Array.of(1, 1, 1, text.length, ...text)
}

describe('encodeStoredState', () => {
  it('[SYNC2] [COMPACT1] leaves out updates Yjs holds back for missing dependencies', () => {
    const source = mapDoc({ first: '1' })
    const before = Y.encodeStateVector(source)
    source.getMap('board').set('second', '2')
    const dependent = Y.encodeStateAsUpdate(source, before)

    const server = new Y.Doc()
    Y.applyUpdate(server, dependent)
    expect(server.store.pendingStructs).not.toBeNull()
    // Yjs itself would hand the pending structs out; the stored state must not.
    expect(Y.encodeStateAsUpdate(server).byteLength).toBeGreaterThan(
      encodeStoredState(server).byteLength,
    )
    const replica = new Y.Doc()
    Y.applyUpdate(replica, encodeStoredState(server))
    expect(replica.store.pendingStructs).toBeNull()
    // And the held-back structs are still there for when the dependency arrives.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(mapDoc({})))
    expect(server.store.pendingStructs).not.toBeNull()
  })
})
