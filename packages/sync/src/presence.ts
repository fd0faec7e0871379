import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { type ClientConnection, PreparedMessage } from './connection.ts'
import { ELSEWHERE } from './origin.ts'
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
} from './protocol.ts'
import type { Fanout, SyncLog } from './types.ts'

export type PresenceOptions<U> = {
  boardId: string
  log: SyncLog
  awarenessBatchFrom: number
  /** Other instances serving the same boards; undefined for a single instance. */
  fanout: Fanout | undefined
  instanceId: string
  /** The room's members: presence goes to those that are open. */
  members: ReadonlySet<ClientConnection<U>>
}

/** [AWARE6] How long a batched presence change waits: members/8 ms within these bounds. */
const MIN_AWARENESS_BATCH_MS = 20
const MAX_AWARENESS_BATCH_MS = 250

/**
 * The presence (awareness) half of a room: who claimed which client id, relaying changes to
 * members and other instances. It never touches the document. See SPEC.md for the rules.
 */
export class RoomPresence<U> {
  readonly awareness: awarenessProtocol.Awareness
  readonly #options: PresenceOptions<U>
  #disposed = false
  /** Who claimed each awareness client id. */
  readonly #awarenessOwners = new Map<number, ClientConnection<U>>()
  /** [AWARE6] Client ids whose presence changed since the last batch went out. */
  readonly #awarenessDue = new Set<number>()
  #awarenessTimer: NodeJS.Timeout | undefined

  constructor(doc: Y.Doc, options: PresenceOptions<U>) {
    this.#options = options
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server publishes no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.#onAwarenessUpdate)
  }

  get #boardId(): string {
    return this.#options.boardId
  }

  get #members(): ReadonlySet<ClientConnection<U>> {
    return this.#options.members
  }

  /** A connection left the room: its client ids are released and their states removed. */
  release(connection: ClientConnection<U>): void {
    const owned = [...connection.clientIds]
    connection.clientIds.clear()
    for (const clientId of owned) this.#awarenessOwners.delete(clientId)
    // [AWARE3] Broadcast by #onAwarenessUpdate to everyone still here.
    if (!this.#disposed) awarenessProtocol.removeAwarenessStates(this.awareness, owned, 'close')
  }

  /** [FANOUT3] Asks other instances for the presence of the board's people there. */
  queryOtherInstances(): void {
    const { fanout, instanceId } = this.#options
    fanout?.publish(this.#boardId, { type: 'query-awareness', origin: instanceId })
  }

  // --- other instances ---------------------------------------------------------------------

  /** [FANOUT2] Presence of other instances' connections; theirs to say, never ours to change. */
  receive(update: Uint8Array): void {
    let entries: AwarenessEntry[]
    try {
      entries = decodeAwarenessUpdate(update)
    } catch (error) {
      this.#options.log.warn('malformed awareness from another instance', {
        boardId: this.#boardId,
        error,
      })
      return
    }
    // A person who moved to this instance owns their client id here now: a late removal
    // from the instance they left must not erase them.
    const foreign = entries.filter((entry) => !this.#awarenessOwners.has(entry.clientId))
    if (foreign.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(
      this.awareness,
      encodeAwarenessUpdate(foreign),
      ELSEWHERE,
    )
  }

  /** [FANOUT3] Answers another instance's query with the states of this instance's connections. */
  publishOwn(): void {
    const { fanout, instanceId } = this.#options
    const states = this.awareness.getStates()
    const own = [...this.#awarenessOwners.keys()].filter((clientId) => states.has(clientId))
    if (!fanout || own.length === 0) return
    fanout.publish(this.#boardId, {
      type: 'awareness',
      update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, own),
      origin: instanceId,
    })
  }

  // --- awareness ---------------------------------------------------------------------------

  /** [AWARE1] [AWARE2] Stamp the server's identity, keep only the connection's own client id. */
  publish(connection: ClientConnection<U>, entries: readonly AwarenessEntry[]): void {
    if (this.#disposed || connection.state === 'closed') return
    const accepted: AwarenessEntry[] = []
    for (const entry of entries) {
      if (!this.#claim(connection, entry.clientId)) continue
      accepted.push(
        entry.state === null
          ? entry
          : { ...entry, state: { ...entry.state, user: connection.presence } },
      )
    }
    if (accepted.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(
      this.awareness,
      encodeAwarenessUpdate(accepted),
      connection,
    )
  }

  /**
   * A connection owns the first client id it publishes. Another connection's id is taken
   * over only when both have the same presence identity: the same person reconnecting
   * before the server noticed the old socket was gone.
   */
  #claim(connection: ClientConnection<U>, clientId: number): boolean {
    const owner = this.#awarenessOwners.get(clientId)
    if (owner === connection) return true
    if (owner !== undefined) {
      if (!samePresence(owner, connection)) return false
      owner.clientIds.delete(clientId)
    } else if (connection.clientIds.size > 0) {
      return false
    }
    this.#awarenessOwners.set(clientId, connection)
    connection.clientIds.add(clientId)
    return true
  }

  /** [AWARE4] */
  sendAll(connection: ClientConnection<U>): void {
    const clientIds = [...this.awareness.getStates().keys()]
    if (clientIds.length === 0) return
    connection.send(
      encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds)),
    )
  }

  /** [AWARE5] Every accepted change, removal or timeout goes to the other open members. */
  #onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    // Destroying the document makes y-protocols announce the server's own (empty) state.
    if (this.#disposed) return
    const changed = [...changes.added, ...changes.updated, ...changes.removed]
    if (changed.length === 0) return
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    if (this.#members.size >= this.#options.awarenessBatchFrom) {
      this.#batchAwareness(changed)
    } else {
      const message = new PreparedMessage(encodeAwarenessMessage(update))
      for (const member of this.#members) {
        if (member !== origin && member.state === 'open') member.sendPrepared(message)
      }
    }
    // [FANOUT2] Only what this instance's own connections said (a removal on close included);
    // never what came from elsewhere, nor a timeout of someone another instance serves.
    const { fanout, instanceId } = this.#options
    if (!fanout || origin === ELSEWHERE) return
    const own = origin === 'close' ? changed : changed.filter((id) => this.#awarenessOwners.has(id))
    if (own.length === 0) return
    fanout.publish(this.#boardId, {
      type: 'awareness',
      update:
        own.length === changed.length
          ? update
          : awarenessProtocol.encodeAwarenessUpdate(this.awareness, own),
      origin: instanceId,
    })
  }

  /**
   * [AWARE6] In a big room every client renews its presence every 15 s, and relaying each
   * renewal to everyone costs members² messages. Changes wait a short window (longer the
   * bigger the room) and go out as one update to every open member; a sender getting its own
   * state back ignores it (same clock).
   */
  #batchAwareness(changed: readonly number[]): void {
    for (const clientId of changed) this.#awarenessDue.add(clientId)
    if (this.#awarenessTimer !== undefined) return
    const windowMs = Math.min(
      MAX_AWARENESS_BATCH_MS,
      Math.max(MIN_AWARENESS_BATCH_MS, Math.ceil(this.#members.size / 8)),
    )
    this.#awarenessTimer = setTimeout(() => this.#flushAwareness(), windowMs)
    this.#awarenessTimer.unref()
  }

  #flushAwareness(): void {
    this.#awarenessTimer = undefined
    if (this.#disposed || this.#awarenessDue.size === 0) return
    const due = [...this.#awarenessDue]
    this.#awarenessDue.clear()
    const message = new PreparedMessage(
      encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, due)),
    )
    for (const member of this.#members) if (member.state === 'open') member.sendPrepared(message)
  }

  /**
   * The room left memory: nothing more is relayed. Called before the room unsubscribes from
   * the fan-out and destroys the document.
   */
  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    clearTimeout(this.#awarenessTimer)
    const { fanout, instanceId } = this.#options
    if (!fanout) return
    // [FANOUT2] A reset room's people leave other instances' presence too.
    const left = [...this.#awarenessOwners.keys()].map((clientId) => ({
      clientId,
      clock: (this.awareness.meta.get(clientId)?.clock ?? 0) + 1,
      state: null,
    }))
    if (left.length > 0) {
      fanout.publish(this.#boardId, {
        type: 'awareness',
        update: encodeAwarenessUpdate(left),
        origin: instanceId,
      })
    }
  }
}

function samePresence<U>(a: ClientConnection<U>, b: ClientConnection<U>): boolean {
  return JSON.stringify(a.presence) === JSON.stringify(b.presence)
}
