import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MAX_VALUE_DEPTH, valueDepthExceeds } from './value-depth.ts'

/** Outer message types of the y-websocket protocol. */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const

/** Inner types of a sync message (y-protocols/sync). */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const

/** One awareness entry as it travels on the wire; `state: null` means "this client left". */
export type AwarenessEntry = {
  clientId: number
  clock: number
  state: Record<string, unknown> | null
}

/** A client frame, fully decoded and checked. Nothing downstream touches raw bytes. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array; empty: boolean }
  | { type: 'sync-update'; update: Uint8Array; empty: boolean }
  | { type: 'awareness'; entries: AwarenessEntry[] }
  | { type: 'query-awareness' }
  | { type: 'auth' }

export type DecodeResult =
  | { ok: true; message: ClientMessage }
  /** `tooDeep`: readable, but a value nests deeper than `MAX_VALUE_DEPTH` ([BAD3]). */
  | { ok: false; error: string; tooDeep?: true }

/** [BAD3] Thrown while decoding a frame whose values nest too deep. */
class TooDeepError extends Error {}

/**
 * Decodes one client frame. Never throws: anything that is not exactly one well-formed
 * message (unknown type, truncated, trailing bytes, an update Yjs cannot read) is an error.
 * Updates are decoded once here so that a broken one is refused before any hook sees it
 * or the room document is touched.
 */
export function decodeClientMessage(data: Uint8Array): DecodeResult {
  try {
    const decoder = decoding.createDecoder(data)
    const message = readMessage(decoder)
    // Auth messages are ignored whole; for the rest, leftovers mean we misread the frame.
    if (message.type !== 'auth' && decoding.hasContent(decoder)) {
      return { ok: false, error: 'trailing bytes' }
    }
    return { ok: true, message }
  } catch (error) {
    // Yjs reads nested values recursively: one nested thousands deep overflows the stack.
    const overflow = error instanceof RangeError && /call stack/i.test(error.message)
    if (error instanceof TooDeepError || overflow) {
      return { ok: false, error: error.message, tooDeep: true }
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.Sync:
      return readSync(decoder)
    case MessageType.Awareness:
      return {
        type: 'awareness',
        entries: decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)),
      }
    case MessageType.Auth:
      return { type: 'auth' }
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' }
    default:
      throw new Error(`unknown message type ${type}`)
  }
}

function readSync(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder)
  const payload = decoding.readVarUint8Array(decoder)
  switch (syncType) {
    case SyncType.Step1:
      Y.decodeStateVector(payload)
      return { type: 'sync-step1', stateVector: payload }
    case SyncType.Step2:
      return { type: 'sync-step2', update: payload, empty: readUpdate(payload) }
    case SyncType.Update:
      return { type: 'sync-update', update: payload, empty: readUpdate(payload) }
    default:
      throw new Error(`unknown sync message type ${syncType}`)
  }
}

/**
 * Decodes the whole update, throwing if Yjs cannot read it or a value in it nests too deep
 * ([BAD3]), and says whether it carries nothing at all: an up-to-date client's sync step 2
 * on every connect, for one.
 */
function readUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (struct instanceof Y.Item && contentTooDeep(struct.content)) {
      throw new TooDeepError(`a value nests deeper than ${MAX_VALUE_DEPTH}`)
    }
  }
  return structs.length === 0 && ds.clients.size === 0
}

/**
 * Decodes a Yjs update (throwing if it cannot be read) and says whether a plain value in it
 * nests deeper than `max` ([BAD3]). For tools that inspect stored updates.
 */
export function updateValueTooDeep(update: Uint8Array, max: number = MAX_VALUE_DEPTH): boolean {
  const { structs } = Y.decodeUpdate(update)
  return structs.some((struct) => struct instanceof Y.Item && contentTooDeep(struct.content, max))
}

/** The plain values an item carries: map and array entries, embeds, formats, subdocument options. */
function contentTooDeep(content: Y.Item['content'], max: number = MAX_VALUE_DEPTH): boolean {
  let values: readonly unknown[]
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) values = content.arr
  else if (content instanceof Y.ContentEmbed) values = [content.embed]
  else if (content instanceof Y.ContentFormat) values = [content.value]
  else if (content instanceof Y.ContentDoc) values = [content.opts]
  else return false
  return values.some((value) => valueDepthExceeds(value, max))
}

/**
 * [STORE3] Whether an update the room is about to store can be read back: it decodes and no
 * value in it nests too deep. Throws nothing.
 */
export function canReadBack(update: Uint8Array): boolean {
  try {
    readUpdate(update)
    return true
  } catch {
    return false
  }
}

/** Decodes an awareness update (y-protocols/awareness wire format). Throws when malformed. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state: unknown = JSON.parse(decoding.readVarString(decoder))
    if (state !== null && !isPlainObject(state)) throw new Error('awareness state is not an object')
    // [BAD3] Relaying it means JSON.stringify, which recurses.
    if (valueDepthExceeds(state, MAX_VALUE_DEPTH)) {
      throw new TooDeepError(`an awareness state nests deeper than ${MAX_VALUE_DEPTH}`)
    }
    entries.push({ clientId, clock, state })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update')
  return entries
}

/** Encodes awareness entries in the wire format `applyAwarenessUpdate` reads. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Step1, stateVector)
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Step2, update)
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.Update, update)
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, awarenessUpdate)
  return encoding.toUint8Array(encoder)
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/**
 * The document as stored: Yjs keeps updates whose dependencies are missing in
 * `store.pendingStructs`/`pendingDs` and `encodeStateAsUpdate` includes them, but they were
 * never integrated, so never stored. Leaving them out keeps sync-step-2 replies and
 * compaction snapshots to exactly what the store holds.
 */
export function encodeStoredState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc
  const { pendingStructs, pendingDs } = store
  if (pendingStructs === null && pendingDs === null) {
    return Y.encodeStateAsUpdate(doc, stateVector)
  }
  store.pendingStructs = null
  store.pendingDs = null
  try {
    return Y.encodeStateAsUpdate(doc, stateVector)
  } finally {
    store.pendingStructs = pendingStructs
    store.pendingDs = pendingDs
  }
}
