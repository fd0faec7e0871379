import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type * as Y from 'yjs'
import type { CloseInfo } from './close-codes.ts'

/** One authenticated socket on one board, as hooks and the app see it. */
export interface Connection<U> {
  readonly id: string
  readonly user: U
  readonly boardId: string
  readonly readOnly: boolean
  /** Close this socket; messages it sent that are still queued are discarded. */
  close(info: CloseInfo): void
}

/** What the judge, `amend`, `store` and `applied` hooks get: one context per change. */
export type ChangeContext<U, J = unknown> = {
  boardId: string
  /** Who made the change; for a server-side change ([SERVER1]) the actor, with no socket. */
  connection: Connection<U>
  /** The room document. Hooks must not modify it (the room resets if one does). */
  doc: Y.Doc
  update: Uint8Array
  /** The server made this change itself, on the actor's behalf ([SERVER1]). */
  byServer: boolean
  /**
   * [CTX1] What the judge accepted the change with (`{ accept }`), for the hooks after it;
   * undefined until then, and without a judge.
   */
  judged: J | undefined
}

/** A judge's answer: refuse with a close, accept with what later hooks need, or just accept. */
export type JudgeResult<J> = CloseInfo | { accept: J } | null

/** How a change ended for whoever made it; `seq` is its place in the log (null: none, or nothing new). */
export type ChangeOutcome = { ok: true; seq: number | null } | { ok: false; close: CloseInfo }

/** `SyncServer.change`'s answer: the outcome, and on success what the write returned. */
export type ServerChangeOutcome<R> =
  | { ok: true; seq: number | null; result: R }
  | { ok: false; close: CloseInfo }

export type AuthResult<U> = { user: U; readOnly: boolean } | { reject: CloseInfo }

/**
 * Stored updates with the position they reach in the board's log: `lastSeq` is the highest
 * seq they include (snapshot + later updates), 0 for an empty board. `seqs`, when given,
 * has one entry per update (the snapshot's seq for a snapshot): a room that cannot apply
 * one logs which ([LOAD4]).
 */
export type StoredUpdates = { updates: Uint8Array[]; lastSeq: number; seqs?: number[] }

export interface SyncHooks<U, J = unknown> {
  /** Who is this, may they open this board? Called once per upgrade, before any message is processed. */
  authenticate(req: IncomingMessage, boardId: string): Promise<AuthResult<U>>
  /**
   * Persisted state of the board: Yjs updates to apply in order (snapshot first). The room
   * serves nobody until it resolves. Return `{ updates, lastSeq, seqs }` when the log numbers
   * its updates: the room then knows which seqs it holds ([SEQ1]), which a fan-out needs,
   * and which one failed if one does not apply ([LOAD4]). Throwing means storage could not
   * be read (transient, [LOAD2]).
   */
  load(boardId: string): Promise<Uint8Array[] | StoredUpdates>
  /**
   * Optional: the room holds what `load` returned, before its first client is greeted
   * ([LOAD3]). `doc` is the room's document: read it, never write to it.
   */
  loaded?(boardId: string, doc: Y.Doc): void
  /**
   * Durably store an accepted update. The core awaits this BEFORE the update is sent to any
   * other client. Resolve to the update's seq in the board's log when there is one ([SEQ1]);
   * with a `fanout`, other instances use it to notice a missed message.
   */
  store(
    boardId: string,
    update: Uint8Array,
    origin: Connection<U>,
    /** The change's context ([CTX1]); the room always passes it. */
    ctx?: ChangeContext<U, J>,
    // biome-ignore lint/suspicious/noConfusingVoidType: a store that returns nothing (`async () => {}`) must still fit
  ): Promise<number | void>
  /**
   * Needed with a `fanout` ([CATCHUP1]): everything stored after `seq`. When the log was
   * compacted past `seq`, the snapshot comes first, then the later updates. Applying what
   * the room already has is harmless.
   */
  loadSince?(boardId: string, seq: number): Promise<StoredUpdates>
  /**
   * Optional: judge an incoming change before it is stored. `doc` is the room document
   * before the change; `update` is the client's update as received (it may repeat what the
   * room already has). Return a CloseInfo to refuse it (nothing stored, nothing relayed,
   * sender closed with it), `{ accept }` to accept it with what the later hooks of this
   * change need (they find it in `ctx.judged`, [CTX1]), or null to accept it.
   */
  judge?(ctx: ChangeContext<U, J>): JudgeResult<J> | Promise<JudgeResult<J>>
  /**
   * Optional: the server's own additions to a change the judge accepted, such as a time
   * stamped from the server's clock ([AMEND1]). The returned function writes them to the
   * room document right after the client's update, and both are stored, relayed (to the
   * sender too) and fanned out as one update. Keep it small and deterministic; it is not
   * judged. Return null to add nothing.
   */
  amend?(ctx: ChangeContext<U, J>): ((doc: Y.Doc) => void) | null
  /** Optional: called after an update was stored and applied (the app records history from it). `update` is what was stored. */
  applied?(ctx: ChangeContext<U, J>): void
  /**
   * Optional: replace the room's persisted log with one snapshot. Runs as a task of the
   * room's queue, so no `store` of that room runs concurrently and the state covers exactly
   * what was stored; keep it to one transaction. `uptoSeq` (when the room tracks seqs) is
   * the last seq up to which the room holds every update: fold the log only that far, since
   * other instances may have stored updates this room has not applied yet ([COMPACT3]).
   */
  compact?(boardId: string, state: Uint8Array, uptoSeq?: number): Promise<void>
  /** The presence identity the server stamps into every awareness state of this connection, e.g. { id, name, color }. */
  presence(user: U): Record<string, unknown>
}

/** What instances of the sync server tell each other about one board ([FANOUT1]). */
export type FanoutMessage =
  /** A change the origin instance judged and stored with this seq. */
  | { type: 'update'; seq: number; update: Uint8Array; origin: string }
  /** A y-protocols awareness update of connections of the origin instance. */
  | { type: 'awareness'; update: Uint8Array; origin: string }
  /** A room was loaded on the origin instance: send it your connections' presence. */
  | { type: 'query-awareness'; origin: string }

/**
 * How several server processes serving the same boards reach each other (Redis pub/sub in
 * the app; an in-memory bus in tests). Delivery may be lossy: rooms catch up from storage.
 */
export interface Fanout {
  publish(boardId: string, message: FanoutMessage): void
  /** Called when a room loads, before it reads storage; may resolve once the subscription is active. */
  subscribe(boardId: string, onMessage: (message: FanoutMessage) => void): void | Promise<void>
  /** Called when the room leaves memory. */
  unsubscribe(boardId: string): void
}

export type SyncLogDetails = Record<string, unknown>

/** Where the core reports what happened. Errors are hook failures or bugs; warnings are misbehaving clients. */
export interface SyncLog {
  info(message: string, details?: SyncLogDetails): void
  warn(message: string, details?: SyncLogDetails): void
  error(message: string, details?: SyncLogDetails): void
}

export interface SyncServerOptions<U> {
  hooks: SyncHooks<U>
  /** URL prefix the server answers under; default `/sync` (boards at `/sync/<boardId>`). */
  path?: string
  /** If given, a browser upgrade whose Origin header is not in the list is closed (OriginNotAllowed). A request without Origin (Node clients) passes. */
  allowedOrigins?: readonly string[]
  /** Largest frame `ws` accepts (bigger → ws closes with 1009); also the byte budget before authentication. Default 2 MiB. */
  maxPayload?: number
  /** Default 10 s. */
  authTimeoutMs?: number
  /** Messages an unauthenticated socket may queue; default 32, beyond that it is closed (TooManyMessages). */
  maxPendingBeforeAuth?: number
  /**
   * [AUTH6] Sockets of one address (see `addressOf`) that may be authenticating at once;
   * default 32. One more is closed with 1013 (TryAgainLater), which clients retry.
   */
  maxAuthenticatingPerAddress?: number
  /**
   * The client's address for per-address limits; default the socket's remote address. Behind
   * a reverse proxy every client has the proxy's: pass the forwarded address instead (only
   * from a proxy you trust, or anyone can claim any address).
   */
  addressOf?: (req: IncomingMessage) => string
  /** Stored updates per room between compactions; default 500. */
  compactEvery?: number
  /** Unload a room this long after its last connection left (default 30 s), only when nothing is pending. */
  idleUnloadMs?: number
  /**
   * [AWARE6] Rooms with at least this many members (default 32) send presence changes in
   * batches, one message per short window, instead of one message per change per member.
   */
  awarenessBatchFrom?: number
  /**
   * Ping every connection this often; one that has not answered the previous ping is
   * terminated, and its presence removed. Default 1.5 s: a silent drop leaves presence within 3 s.
   */
  pingIntervalMs?: number
  /** Default: info and warn are dropped, errors go to console.error. */
  log?: SyncLog
  /**
   * Several instances serve the same boards: changes and presence travel through this.
   * Requires `hooks.loadSince`, and `store` should resolve to seqs.
   */
  fanout?: Fanout
  /** This instance's name in fan-out messages; default a random UUID. */
  instanceId?: string
  /** With a fanout, a room with connections catches up from storage this often; default 3 s. */
  catchUpIntervalMs?: number
}

export interface SyncServer<U> {
  /** Call from the http server's 'upgrade' event; returns false (socket untouched) if the path is not under the sync prefix. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /**
   * [SERVER1] Change a board from the server, on behalf of `actor`: `write` runs on a copy of
   * the board's document and what it writes is judged, stored, relayed, fanned out and
   * reported to `applied` exactly like a client's update. Loads the board if it is not in
   * memory. Resolves to the outcome and what `write` returned.
   */
  change<R>(boardId: string, actor: U, write: (doc: Y.Doc) => R): Promise<ServerChangeOutcome<R>>
  /**
   * [SERVER2] Read a board from the server: `read` runs on the room's document itself (no copy),
   * in turn with its changes, and must not write. Loads the board if it is not in memory.
   * Resolves to what `read` returned, or null when the board cannot be opened.
   */
  read<R>(boardId: string, read: (doc: Y.Doc) => R): Promise<R | null>
  /** Close every connection the predicate selects (e.g. a removed member's); returns how many. */
  closeWhere(predicate: (c: Connection<U>) => boolean, info: CloseInfo): number
  /** Authenticated connections that are not closed, optionally of one board. */
  connections(boardId?: string): Connection<U>[]
  /** Ids of the boards whose rooms are in memory. */
  rooms(): string[]
  /** This instance's id in fan-out messages. */
  readonly instanceId: string
  /**
   * Queue a catch-up from storage in every room in memory (or one board's): call it when the
   * fan-out may have lost messages, e.g. after a reconnect to Redis ([CATCHUP1]).
   */
  catchUp(boardId?: string): void
  /** Stop accepting, close all sockets with 1001, wait for pending stores (and a last compaction). */
  close(): Promise<void>
}
