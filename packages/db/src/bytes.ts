/**
 * Drivers hand back Node Buffers. Return a plain Uint8Array over the same memory when the
 * Buffer owns its whole ArrayBuffer (better-sqlite3 does), and a copy when it is a slice of a
 * shared pool (pg's small bytea values), so callers that reach for `.buffer` see only their bytes.
 */
export function toUint8Array(value: Uint8Array): Uint8Array {
  if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
    return new Uint8Array(value.buffer, 0, value.byteLength)
  }
  return new Uint8Array(value)
}

/** What the drivers bind as a blob/bytea: pg wants a Buffer; better-sqlite3 takes either. */
export function toDriverBytes(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}
