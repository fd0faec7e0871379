// Test fixtures: Yjs updates as a damaged board's storage may hold them, written straight
// into the log with @pauta/db (the server would never store them itself).
import { createCard, updateCard } from '@pauta/board'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** One writer of the board: each `card`/`rename` returns exactly the update it made. */
export class Writer {
  readonly doc = new Y.Doc()

  /** Creates a card; the update depends on nothing. */
  card(title: string): { id: string; update: Uint8Array } {
    let id = ''
    const update = this.#edit(() => {
      id = createCard(this.doc, { title }, { userId: 'u1' }).id
    })
    return { id, update }
  }

  /** Renames a card: the update depends on this writer's earlier ones. */
  rename(id: string, title: string): Uint8Array {
    return this.#edit(() => updateCard(this.doc, id, { title }))
  }

  /** Any other edit of the document. */
  edit(change: (doc: Y.Doc) => void): Uint8Array {
    return this.#edit(() => change(this.doc))
  }

  #edit(change: () => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc)
    change()
    return Y.encodeStateAsUpdate(this.doc, before)
  }
}

/**
 * An update that decodes but throws whenever Yjs applies it: one map entry whose parent is
 * the entry itself. `client` must be new to the document.
 */
export function selfParentUpdate(client = 0x7ead): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 1) // structs of this client
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0) // first clock
  encoding.writeUint8(encoder, 0x28) // an item with a parentSub (map key) and ContentAny
  encoding.writeVarUint(encoder, 0) // its parent is an item, not a root type…
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0) // …namely itself
  encoding.writeVarString(encoder, 'title')
  encoding.writeVarUint(encoder, 1)
  encoding.writeAny(encoder, 'x')
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}

/** Bytes cut off mid-struct (disk trouble): Yjs cannot even decode them. */
export function truncated(update: Uint8Array): Uint8Array {
  return update.slice(0, Math.floor(update.length / 2))
}

/** A plain value nested `depth` levels deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = { next: value }
  return value
}
