/**
 * Worker thread of `pnpm bench fuzz`: says whether a frame is one well-formed y-websocket
 * client message, independently of Pauta's decoder (the protocol as y-protocols writes it:
 * a varuint type; sync = varuint subtype + varUint8Array that Yjs can read as a state vector
 * or an update; awareness = varUint8Array of entries whose states are JSON objects or null;
 * query-awareness; auth; nothing left over). In a thread of its own so that a frame that
 * sends Yjs into an endless loop (yjs/yjs#479) can be timed out and reported, not hang us.
 */
import { parentPort } from 'node:worker_threads'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

function wellFormed(frame: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(frame)
    const type = decoding.readVarUint(d)
    if (type === 2) return true // auth: ignored whole
    if (type === 3) return !decoding.hasContent(d)
    if (type === 0) {
      const sub = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (sub === 0) Y.decodeStateVector(payload)
      else if (sub === 1 || sub === 2) Y.decodeUpdate(payload)
      else return false
      return !decoding.hasContent(d)
    }
    if (type === 1) {
      const inner = decoding.createDecoder(decoding.readVarUint8Array(d))
      const count = decoding.readVarUint(inner)
      for (let i = 0; i < count; i++) {
        decoding.readVarUint(inner)
        decoding.readVarUint(inner)
        const state: unknown = JSON.parse(decoding.readVarString(inner))
        if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return false
      }
      return !decoding.hasContent(inner) && !decoding.hasContent(d)
    }
    return false
  } catch {
    return false
  }
}

parentPort!.on('message', ({ id, frames }: { id: number; frames: Array<Uint8Array | string> }) => {
  parentPort!.postMessage({
    id,
    wellFormed: frames.map((f) => typeof f !== 'string' && wellFormed(f)),
  })
})
