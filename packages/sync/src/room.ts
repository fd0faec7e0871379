import * as Y from 'yjs'
import { CloseCode, type CloseInfo } from './close-codes.ts'
import { type ClientConnection, PreparedMessage } from './connection.ts'
import { ELSEWHERE } from './origin.ts'
import { RoomPresence } from './presence.ts'
import {
  type ClientMessage,
  canReadBack,
  encodeStoredState,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './protocol.ts'
import { SeqWindow } from './seq-window.ts'
import { SerialQueue } from './serial-queue.ts'
import type {
  ChangeContext,
  ChangeOutcome,
  Connection,
  Fanout,
  FanoutMessage,
  JudgeResult,
  ServerChangeOutcome,
  StoredUpdates,
  SyncHooks,
  SyncLog,
} from './types.ts'

export type RoomOptions<U> = {
  boardId: string
  hooks: SyncHooks<U>
  log: SyncLog
  compactEvery: number
  idleUnloadMs: number
  awarenessBatchFrom: number
  /** Other instances serving the same boards; undefined for a single instance. */
  fanout: Fanout | undefined
  instanceId: string
  catchUpIntervalMs: number
  /** Called once when the room leaves memory (unloaded, failed or shut down). */
  onDispose: (room: Room<U>) => void
}

/** Below this much log, byte size alone never triggers a compaction. */
const MIN_COMPACTION_BYTES = 64 * 1024

type RoomState = 'loading' | 'ready' | 'disposed'

/**
 * One board in memory: its document, its presence, its members and the serial queue every
 * document message goes through. See SPEC.md for the rules this implements.
 */
export class Room<U> {
  readonly boardId: string
  readonly doc = new Y.Doc()
  /** Connections attached to the room: joining (waiting for their greeting) or open. */
  readonly members = new Set<ClientConnection<U>>()
  readonly #queue: SerialQueue
  readonly #presence: RoomPresence<U>
  readonly #options: RoomOptions<U>
  #state: RoomState = 'loading'
  /** Document updates captured while we apply a client's change; null when we are not applying. */
  #captured: Uint8Array[] | null = null
  /** The document changed outside our own apply (a hook wrote to it): memory ran ahead of disk. */
  #changedBehindOurBack = false
  /** [SERVER1] The client id the server writes its own changes under, in this room. */
  readonly #serverClientId = globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!
  #storedSinceCompaction = 0
  /** Bytes stored since the last compaction, and the size of the state it wrote. [COMPACT4] */
  #bytesSinceCompaction = 0
  #stateBytes = 0
  /** Compact when #storedSinceCompaction reaches this; pushed back after a failed compaction. */
  #compactionDueAt: number
  #compactionQueued = false
  #idleTimer: NodeJS.Timeout | undefined
  /** [SEQ1] Which stored updates the document holds. */
  readonly #seqs = new SeqWindow(() => this.catchUp())
  #catchUpQueued = false
  #catchUpTimer: NodeJS.Timeout | undefined
  /**
   * [SYNC3] The greeting (step 1) and the whole document as a step 2, each framed once and
   * kept until the document changes: a crowd joining (or reconnecting after a deploy) costs
   * one encoding of the board, not one per socket.
   */
  #greeting: PreparedMessage | null = null
  #wholeState: PreparedMessage | null = null

  constructor(options: RoomOptions<U>) {
    this.#options = options
    this.boardId = options.boardId
    this.#compactionDueAt = options.compactEvery
    this.#queue = new SerialQueue((error) =>
      options.log.error('sync room task failed', { boardId: this.boardId, error }),
    )
    this.#presence = new RoomPresence(this.doc, { ...options, members: this.members })
    this.doc.on('update', this.#onDocUpdate)
    this.#queue.push(() => this.#load())
    if (options.fanout && options.hooks.loadSince) {
      // [CATCHUP1] The fan-out may lose a message and no later one may reveal the hole.
      this.#catchUpTimer = setInterval(() => {
        if (this.members.size > 0) this.catchUp()
      }, options.catchUpIntervalMs)
      this.#catchUpTimer.unref()
    }
  }

  /** [SEQ1] The seq up to which the room holds every stored update (null: storage gives none). */
  get seq(): number | null {
    return this.#seqs.held
  }

  get disposed(): boolean {
    return this.#state === 'disposed'
  }

  /** [UNLOAD1] A member arriving cancels a scheduled unload. */
  attach(connection: ClientConnection<U>): void {
    this.members.add(connection)
    this.#cancelUnload()
    this.#enqueue(connection, () => this.#greet(connection))
  }

  /** Idempotent: called when the server closes a connection and again when its socket closes. */
  detach(connection: ClientConnection<U>): void {
    if (!this.members.delete(connection)) return
    this.#presence.release(connection)
    if (this.members.size === 0) this.#scheduleUnload()
  }

  receive(connection: ClientConnection<U>, message: ClientMessage): void {
    switch (message.type) {
      case 'auth':
        return
      case 'query-awareness':
        if (connection.state === 'open') this.#presence.sendAll(connection)
        else this.#enqueue(connection, () => this.#presence.sendAll(connection))
        return
      case 'awareness':
        // [RO1] Read-only connections publish no presence.
        if (connection.readOnly) return
        // [QUEUE2] Awareness does not touch the document: once a connection is open it skips
        // the queue, so presence does not wait behind a slow store. Clocks keep it ordered.
        if (connection.state === 'open') this.#presence.publish(connection, message.entries)
        else this.#enqueue(connection, () => this.#presence.publish(connection, message.entries))
        return
      case 'sync-step1':
        this.#enqueue(connection, () => this.#answerStep1(connection, message.stateVector))
        return
      case 'sync-step2':
      case 'sync-update':
        // [RO1] Dropped, not an error: a read-only client may still hold local edits.
        // [CHANGE2] An empty update (every up-to-date client's step 2) has nothing to judge.
        if (connection.readOnly || message.empty) return
        this.#enqueue(connection, async () => {
          await this.#change(connection, message.update)
        })
        return
    }
  }

  /** [CATCHUP1] Queue a read of what storage holds beyond the held seqs (at most one waits at a time). */
  catchUp(): void {
    if (this.disposed || this.#catchUpQueued || !this.#options.hooks.loadSince) return
    this.#catchUpQueued = true
    this.#queue.push(async () => {
      this.#catchUpQueued = false
      await this.#catchUp()
    })
  }

  /** [CLOSE1] Last task of the room: waits for everything queued, compacts, leaves memory. */
  shutdown(): Promise<void> {
    this.#cancelUnload()
    return this.#queue.push(async () => {
      if (this.disposed) return
      await this.#compact()
      this.#dispose()
    })
  }

  // --- queue tasks -------------------------------------------------------------------------

  /** [LOAD1] First task of every room: nobody is greeted before it finished. */
  async #load(): Promise<void> {
    const { fanout, log } = this.#options
    if (fanout) {
      // [FANOUT1] Subscribe before reading storage, so nothing stored after the read is missed.
      try {
        await fanout.subscribe(this.boardId, this.#onFanout)
      } catch (error) {
        log.warn('subscribing to the fan-out failed; the room relies on catch-up', {
          boardId: this.boardId,
          error,
        })
      }
    }
    let loaded: Uint8Array[] | StoredUpdates
    try {
      loaded = await this.#options.hooks.load(this.boardId)
    } catch (error) {
      // [LOAD2] Storage could not be read: transient, clients retry.
      return this.#fail('loading the board failed', error)
    }
    const updates = Array.isArray(loaded) ? loaded : loaded.updates
    const seqs = Array.isArray(loaded) ? undefined : loaded.seqs
    if (!Array.isArray(loaded)) this.#seqs.start(loaded.lastSeq)
    // [LOAD4] One at a time (in one transaction), so the one that throws is known.
    let index = 0
    this.#captured = []
    try {
      Y.transact(this.doc, () => {
        for (; index < updates.length; index++) Y.applyUpdate(this.doc, updates[index]!)
      })
    } catch (error) {
      this.#captured = null
      const seq = seqs?.[index]
      return this.#damaged('a stored update of the board does not apply', {
        ...(seq === undefined ? {} : { seq }),
        index,
        error,
      })
    }
    this.#captured = null
    try {
      // [COMPACT4] What storage holds beyond one snapshot of the live document.
      this.#stateBytes = encodeStoredState(this.doc).length
    } catch (error) {
      // [LOAD4] Applied, yet Yjs cannot write it out again (a value nested too deep for
      // this stack): no reply or compaction could be made from it.
      return this.#damaged('the loaded board cannot be encoded', { error })
    }
    const loadedBytes = updates.reduce((sum, update) => sum + update.length, 0)
    this.#bytesSinceCompaction = Math.max(0, loadedBytes - this.#stateBytes)
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      this.#options.log.warn('stored updates of a board have missing dependencies', {
        boardId: this.boardId,
      })
    }
    if (this.#state === 'loading') this.#state = 'ready'
    // [LOAD3]
    try {
      this.#options.hooks.loaded?.(this.boardId, this.doc)
    } catch (error) {
      this.#options.log.error('loaded hook threw', { boardId: this.boardId, error })
    }
    if (this.#changedBehindOurBack) return this.#fail('the loaded hook modified the room document')
    // [FANOUT3] Presence of the board's people on other instances.
    this.#presence.queryOtherInstances()
  }

  /** [SYNC1] The server's step 1 and everyone's presence, once the room is loaded. */
  #greet(connection: ClientConnection<U>): void {
    if (connection.state !== 'joining') return
    connection.state = 'open'
    this.#greeting ??= new PreparedMessage(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    connection.sendPrepared(this.#greeting)
    this.#presence.sendAll(connection)
  }

  /** [SYNC2] Allowed for read-only connections too. */
  async #answerStep1(connection: ClientConnection<U>, stateVector: Uint8Array): Promise<void> {
    // [CATCHUP3] A client that knows changes this room lacks (it came from another instance,
    // or this one missed a message) would send edits built on them: judged against a room
    // without them they would be refused. Read storage first; its step 2 is queued behind.
    if (this.#options.fanout && this.#behind(stateVector)) {
      await this.#catchUp()
      if (this.disposed || connection.voided) return
    }
    // [SYNC3] A client that holds nothing (a state vector of no clients) gets the whole document.
    const holdsNothing = stateVector.length === 1 && stateVector[0] === 0
    if (holdsNothing && this.#wholeState) return connection.sendPrepared(this.#wholeState)
    let update: Uint8Array
    try {
      update = encodeStoredState(this.doc, stateVector)
    } catch (error) {
      this.#refuse(connection, 'state vector rejected by Yjs', error)
      return
    }
    const message = new PreparedMessage(encodeSyncStep2(update))
    if (holdsNothing) this.#wholeState = message
    connection.sendPrepared(message)
  }

  /**
   * [SERVER1] A change the server makes itself, on behalf of `actor`: `write` runs on a copy
   * of the room document (with a client id of the server's) and what it writes goes through
   * exactly what a client's update goes through, in the room's queue — judged, stored before
   * anyone sees it, relayed, fanned out, and reported to `applied`. Resolves once stored (or
   * refused); `result` is what `write` returned.
   */
  serverChange<R>(actor: U, write: (doc: Y.Doc) => R): Promise<ServerChangeOutcome<R>> {
    const author = new ServerAuthor(this.boardId, actor)
    return new Promise((resolve, reject) => {
      this.#queue
        .push(async () => {
          if (this.disposed) return resolve({ ok: false, close: CloseCode.Unavailable })
          const fork = new Y.Doc({ gc: this.doc.gc })
          fork.clientID = this.#serverClientId
          Y.applyUpdate(fork, Y.encodeStateAsUpdate(this.doc))
          const written: Uint8Array[] = []
          fork.on('update', (update: Uint8Array) => written.push(update))
          let result: R
          try {
            result = write(fork)
          } finally {
            fork.destroy()
          }
          const update = mergeCaptured(written)
          if (update === null) {
            resolve({ ok: true, seq: null, result })
          } else {
            const outcome = await this.#change(author, update, true)
            resolve(outcome.ok ? { ...outcome, result } : outcome)
          }
          // a room loaded for the server alone (a read included) does not stay loaded
          if (this.members.size === 0) this.#scheduleUnload()
        })
        .catch(reject)
    })
  }

  /**
   * [SERVER2] The server reads the room document in turn with its changes: no copy, nothing
   * written. A room loaded for the read alone does not stay loaded.
   */
  serverRead<R>(read: (doc: Y.Doc) => R): Promise<R | null> {
    return new Promise((resolve, reject) => {
      this.#queue
        .push(async () => {
          if (this.disposed) return resolve(null)
          resolve(read(this.doc))
          if (this.members.size === 0) this.#scheduleUnload()
        })
        .catch(reject)
    })
  }

  /** [CHANGE1] judge → apply (capturing what is new) → store → applied → relay. */
  async #change(
    author: Connection<U>,
    update: Uint8Array,
    byServer = false,
  ): Promise<ChangeOutcome> {
    // [CTX1] One context per change, from the judge to `applied`: what the judge accepted
    // the change with travels in it.
    const context: ChangeContext<U> = {
      boardId: this.boardId,
      connection: author,
      doc: this.doc,
      update,
      byServer,
      judged: undefined,
    }
    const refused = await this.#judgeChange(context)
    if (refused) return refused
    const amended = this.#amendment(context)
    if ('ok' in amended) return amended
    const applied = this.#applyChange(author, update, amended.amend)
    if ('ok' in applied) return applied
    if (applied.stored === null) return { ok: true, seq: null }
    return this.#storeChange(context, applied.stored, amended.amend !== null)
  }

  /** [VERDICT1] [VERDICT2] [VERDICT3] Null when the change may go on; else how it ended. */
  async #judgeChange(context: ChangeContext<U>): Promise<ChangeOutcome | null> {
    const { hooks, log } = this.#options
    if (!hooks.judge) return null
    const author = context.connection
    let verdict: JudgeResult<unknown>
    try {
      verdict = await hooks.judge(context)
    } catch (error) {
      log.error('judge hook threw', { boardId: this.boardId, connection: author.id, error })
      return this.#refused(author, CloseCode.Unavailable)
    }
    if (this.#changedBehindOurBack) return this.#failed('the judge hook modified the room document')
    if (verdict && 'code' in verdict) {
      log.info('change refused', { boardId: this.boardId, connection: author.id, verdict })
      return this.#refused(author, verdict)
    }
    if (verdict) context.judged = verdict.accept
    // The room may have been reset while the judge was thinking. A sender closed meanwhile
    // does not undo an accepted change: a judge may count on what it accepted being
    // applied (the app's shadow copy does), so only a reset drops it.
    return this.disposed ? { ok: false, close: CloseCode.Unavailable } : null
  }

  /** [AMEND1] What the server adds to the change, written right after it. */
  #amendment(context: ChangeContext<U>): { amend: ((doc: Y.Doc) => void) | null } | ChangeOutcome {
    const { amend } = this.#options.hooks
    if (!amend) return { amend: null }
    try {
      return { amend: amend(context) }
    } catch (error) {
      // The judge accepted a change that will not be applied now: start again from storage.
      return this.#failed('amend hook threw', error)
    }
  }

  /**
   * [CHANGE2] Applies the change and its amendment, capturing what is really new (what the
   * document's 'update' event reports): the update to store, or null when nothing was new.
   */
  #applyChange(
    author: Connection<U>,
    update: Uint8Array,
    amend: ((doc: Y.Doc) => void) | null,
  ): { stored: Uint8Array | null } | ChangeOutcome {
    const captured: Uint8Array[] = []
    this.#captured = captured
    try {
      Y.applyUpdate(this.doc, update, author)
    } catch (error) {
      this.#captured = null
      // A half-applied update would leave memory ahead of disk.
      if (captured.length > 0) return this.#failed('a client update failed half-way', error)
      this.#options.log.warn('update rejected by Yjs', {
        boardId: this.boardId,
        connection: author.id,
        error,
      })
      return this.#refused(author, CloseCode.BadRequest)
    }
    if (amend && captured.length > 0) {
      try {
        // Its own (local) transaction: Yjs marks a transaction that applies an update as
        // remote, would take the server's writes in it for someone else's and give the
        // document a new client id. Both updates are captured and stored as one.
        Y.transact(this.doc, () => amend(this.doc), author)
      } catch (error) {
        this.#captured = null
        return this.#failed('the amendment of a change failed', error)
      }
    }
    this.#captured = null
    const stored = mergeCaptured(captured)
    // [STORE3] The last line: never store what could not be loaded again.
    if (stored !== null && !canReadBack(stored)) {
      author.close(CloseCode.BadRequest)
      return this.#failed('an accepted change would not read back; nothing was stored')
    }
    return { stored }
  }

  /** [STORE1] store → `applied` → relay → fan out; then maybe compact. */
  async #storeChange(
    context: ChangeContext<U>,
    stored: Uint8Array,
    amended: boolean,
  ): Promise<ChangeOutcome> {
    const { hooks, log } = this.#options
    const author = context.connection
    // The update is in memory but nobody else can see it: relays and step-2 replies come
    // from this queue, which waits here.
    let seq: number | undefined
    try {
      seq = (await hooks.store(this.boardId, stored, author, context)) ?? undefined
    } catch (error) {
      // [STORE2]
      return this.#failed('storing an update failed', error)
    }
    if (this.disposed) return { ok: false, close: CloseCode.Unavailable }
    this.#storedSinceCompaction++
    this.#bytesSinceCompaction += stored.length
    if (typeof seq === 'number') this.#seqs.holds(seq)

    if (hooks.applied) {
      try {
        hooks.applied({ ...context, update: stored })
      } catch (error) {
        log.error('applied hook threw', { boardId: this.boardId, error })
      }
      if (this.#changedBehindOurBack)
        return this.#failed('the applied hook modified the room document')
    }

    // [FAN1] [CHANGE3] Exactly the stored bytes, to every other open member — and to the
    // sender too when the server amended its change ([AMEND1]): it lacks the amendment.
    const message = new PreparedMessage(encodeSyncUpdate(stored))
    for (const member of this.members) {
      if ((member !== author || amended) && member.state === 'open') member.sendPrepared(message)
    }
    // [FANOUT1] Judged and stored here: other instances only apply and relay it.
    this.#options.fanout?.publish(this.boardId, {
      type: 'update',
      seq: typeof seq === 'number' ? seq : 0,
      update: stored,
      origin: this.#options.instanceId,
    })
    this.#compactIfDue()
    return { ok: true, seq: seq ?? null }
  }

  /** [COMPACT1] Queues a compaction once enough was stored since the last. */
  #compactIfDue(): void {
    if (
      !this.#options.hooks.compact ||
      this.#compactionQueued ||
      (this.#storedSinceCompaction < this.#compactionDueAt && !this.#logOutgrewState())
    )
      return
    this.#compactionQueued = true
    this.#queue.push(async () => {
      this.#compactionQueued = false
      if (!this.disposed) await this.#compact()
    })
  }

  #refused(author: Connection<U>, close: CloseInfo): ChangeOutcome {
    author.close(close)
    return { ok: false, close }
  }

  #failed(message: string, error?: unknown): ChangeOutcome {
    this.#fail(message, error)
    return { ok: false, close: CloseCode.Unavailable }
  }

  /** [COMPACT1] [COMPACT2] Inside the queue: no store runs meanwhile, the state is exactly what is stored. */
  async #compact(): Promise<void> {
    const { compact } = this.#options.hooks
    if (!compact || (this.#storedSinceCompaction === 0 && this.#bytesSinceCompaction === 0)) return
    const covered = this.#storedSinceCompaction
    const coveredBytes = this.#bytesSinceCompaction
    try {
      const state = encodeStoredState(this.doc)
      // [COMPACT3] Never past a seq this room may not hold.
      await compact(this.boardId, state, this.#seqs.held ?? undefined)
      this.#storedSinceCompaction -= covered
      this.#bytesSinceCompaction -= coveredBytes
      this.#stateBytes = state.length
      this.#compactionDueAt = this.#options.compactEvery
    } catch (error) {
      // Not fatal: the log is still complete. Try again after another round of stores.
      this.#options.log.error('compaction failed', { boardId: this.boardId, error })
      this.#compactionDueAt = this.#storedSinceCompaction + this.#options.compactEvery
    }
  }

  /**
   * [COMPACT4] Storage holds one snapshot plus the log since: compacting once the log is as
   * big as the snapshot keeps it within about twice the live document (small boards get a
   * floor, so they are not compacted every few edits).
   */
  #logOutgrewState(): boolean {
    return this.#bytesSinceCompaction > Math.max(this.#stateBytes, MIN_COMPACTION_BYTES)
  }

  /** [UNLOAD1] */
  async #unloadIfIdle(): Promise<void> {
    if (this.disposed || this.members.size > 0) return
    await this.#compact()
    if (this.members.size > 0) return
    // Anything queued behind us (there should be nothing) gets its turn first.
    if (this.#queue.size > 1) return this.#scheduleUnload()
    this.#dispose()
  }

  // --- other instances ---------------------------------------------------------------------

  /** [FANOUT1] [FANOUT2] What another instance says about this board; our own echoes are ignored. */
  #onFanout = (message: FanoutMessage): void => {
    if (this.disposed || message.origin === this.#options.instanceId) return
    switch (message.type) {
      case 'update':
        this.#queue.push(() => this.#receiveUpdate(message.seq, message.update))
        return
      case 'awareness':
        this.#presence.receive(message.update)
        return
      case 'query-awareness':
        this.#presence.publishOwn()
        return
    }
  }

  /** [FANOUT1] In the queue: judged and stored by its instance, so only applied and relayed here. */
  #receiveUpdate(seq: number, update: Uint8Array): void {
    if (this.disposed) return
    if (seq > 0 && this.#seqs.has(seq)) return
    if (this.#applyFromElsewhere([update], 'an update from another instance') && seq > 0)
      this.#seqs.holds(seq)
  }

  /** [CATCHUP1] In the queue: what storage has beyond the held seqs (snapshot first if compacted past it). */
  async #catchUp(): Promise<void> {
    const { loadSince } = this.#options.hooks
    if (this.disposed || !loadSince) return
    const since = this.#seqs.held ?? 0
    let found: StoredUpdates
    try {
      found = await loadSince(this.boardId, since)
    } catch (error) {
      // Not fatal: the next catch-up tries again.
      this.#options.log.warn('catching up from storage failed', { boardId: this.boardId, error })
      return
    }
    const held = this.#seqs.held
    if (this.disposed || (held !== null && found.lastSeq <= held)) return
    if (!this.#applyFromElsewhere(found.updates, 'stored updates', found.seqs ?? [])) return
    this.#seqs.caughtUpTo(found.lastSeq)
  }

  /**
   * Applies updates that are already stored, with their own origin, and relays to every open
   * member what was new to this room. Not judged, not stored, not published.
   */
  #applyFromElsewhere(
    updates: readonly Uint8Array[],
    what: string,
    /** Given for updates read from storage: those that throw make the board damaged. */
    storedSeqs?: readonly number[],
  ): boolean {
    const captured: Uint8Array[] = []
    this.#captured = captured
    let index = 0
    try {
      Y.transact(
        this.doc,
        () => {
          for (; index < updates.length; index++)
            Y.applyUpdate(this.doc, updates[index]!, ELSEWHERE)
        },
        ELSEWHERE,
      )
    } catch (error) {
      this.#captured = null
      if (storedSeqs) {
        // [LOAD4] Reading storage again would fail the same way, without end.
        const seq = storedSeqs[index]
        this.#damaged(`${what} of the board do not apply`, {
          ...(seq === undefined ? {} : { seq }),
          index,
          error,
        })
        return false
      }
      // Half-applied: memory no longer matches storage; reload it.
      if (captured.length > 0) {
        this.#fail(`applying ${what} failed half-way`, error)
        return false
      }
      this.#options.log.error(`${what} did not apply; catching up from storage`, {
        boardId: this.boardId,
        error,
      })
      this.catchUp()
      return false
    }
    this.#captured = null
    const merged = mergeCaptured(captured)
    if (merged !== null) {
      const message = new PreparedMessage(encodeSyncUpdate(merged))
      for (const member of this.members) if (member.state === 'open') member.sendPrepared(message)
    }
    return true
  }

  /** Does a client's state vector know changes this document does not have? */
  #behind(stateVector: Uint8Array): boolean {
    let theirs: Map<number, number>
    try {
      theirs = Y.decodeStateVector(stateVector)
    } catch {
      return false
    }
    for (const [client, clock] of theirs) {
      if (clock > Y.getState(this.doc.store, client)) return true
    }
    return false
  }

  // --- plumbing ----------------------------------------------------------------------------

  #onDocUpdate = (update: Uint8Array): void => {
    this.#greeting = null
    this.#wholeState = null
    if (this.#captured === null) this.#changedBehindOurBack = true
    else this.#captured.push(update)
  }

  #enqueue(connection: ClientConnection<U>, task: () => void | Promise<void>): void {
    connection.taskQueued()
    this.#queue.push(async () => {
      try {
        // [CLOSE2] A connection the server closed on purpose gets nothing more processed.
        if (this.disposed || connection.voided) return
        await task()
      } finally {
        connection.taskDone()
      }
    })
  }

  #refuse(connection: ClientConnection<U>, message: string, error: unknown): void {
    this.#options.log.warn(message, { boardId: this.boardId, connection: connection.id, error })
    connection.close(CloseCode.BadRequest)
  }

  /**
   * [STORE2] [LOAD2] Memory may no longer match storage (or never loaded): close everyone
   * with a transient code and drop the room. Clients reconnect, the next connection loads
   * the board again, and a sender's unstored edit comes back in its sync step 2.
   */
  #fail(message: string, error?: unknown): void {
    this.#options.log.error(message, { boardId: this.boardId, error })
    this.#dispose()
    for (const member of [...this.members]) member.close(CloseCode.Unavailable)
  }

  /**
   * [LOAD4] What storage holds for this board cannot be applied: every load would fail the
   * same way, so everyone is closed with a final code and the room dropped. The next
   * connection loads again (after a repair it works).
   */
  #damaged(message: string, details: Record<string, unknown>): void {
    this.#options.log.error(message, { boardId: this.boardId, ...details })
    this.#dispose()
    for (const member of [...this.members]) member.close(CloseCode.Damaged)
  }

  #dispose(): void {
    if (this.disposed) return
    this.#state = 'disposed'
    this.#cancelUnload()
    clearInterval(this.#catchUpTimer)
    this.#seqs.close()
    this.#presence.dispose()
    this.#options.fanout?.unsubscribe(this.boardId)
    this.#options.onDispose(this)
    this.doc.destroy()
  }

  #scheduleUnload(): void {
    if (this.disposed) return
    this.#cancelUnload()
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined
      this.#queue.push(() => this.#unloadIfIdle())
    }, this.#options.idleUnloadMs)
    this.#idleTimer.unref()
  }

  #cancelUnload(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
  }
}

function mergeCaptured(updates: readonly Uint8Array[]): Uint8Array | null {
  if (updates.length === 0) return null
  if (updates.length === 1) return updates[0] ?? null
  return Y.mergeUpdates([...updates])
}

/** [SERVER1] The author of a server-side change: the actor, with no socket to close. */
class ServerAuthor<U> implements Connection<U> {
  static #count = 0
  readonly id: string
  readonly readOnly = false
  constructor(
    readonly boardId: string,
    readonly user: U,
  ) {
    this.id = `server-change-${++ServerAuthor.#count}`
  }
  /** A refusal reaches the caller in the outcome instead. */
  close(): void {}
}
