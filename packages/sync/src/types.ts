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

/** What a judge or `applied` hook gets: the room document is read-only for hooks. */
export type ChangeContext<U> = {
  boardId: string
  connection: Connection<U>
  /** The room document. Hooks must not modify it (the room resets if one does). */
  doc: Y.Doc
  update: Uint8Array
}

export type AuthResult<U> = { user: U; readOnly: boolean } | { reject: CloseInfo }

export interface SyncHooks<U> {
  /** Who is this, may they open this board? Called once per upgrade, before any message is processed. */
  authenticate(req: IncomingMessage, boardId: string): Promise<AuthResult<U>>
  /** Persisted state of the board: Yjs updates to apply in order (snapshot first). The room serves nobody until it resolves. */
  load(boardId: string): Promise<Uint8Array[]>
  /** Durably store an accepted update. The core awaits this BEFORE the update is sent to any other client. */
  store(boardId: string, update: Uint8Array, origin: Connection<U>): Promise<void>
  /**
   * Optional: judge an incoming change before it is stored. `doc` is the room document
   * before the change; `update` is the client's update as received (it may repeat what the
   * room already has). Return a CloseInfo to refuse it (nothing stored, nothing relayed,
   * sender closed with it).
   */
  judge?(ctx: ChangeContext<U>): CloseInfo | null | Promise<CloseInfo | null>
  /** Optional: called after an update was stored and applied (the app records history from it). `update` is what was stored. */
  applied?(ctx: ChangeContext<U>): void
  /**
   * Optional: replace the room's persisted log with one snapshot. Runs as a task of the
   * room's queue, so no `store` of that room runs concurrently and the state covers exactly
   * what was stored; keep it to one transaction.
   */
  compact?(boardId: string, state: Uint8Array): Promise<void>
  /** The presence identity the server stamps into every awareness state of this connection, e.g. { id, name, color }. */
  presence(user: U): Record<string, unknown>
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
  /** Stored updates per room between compactions; default 500. */
  compactEvery?: number
  /** Unload a room this long after its last connection left (default 30 s), only when nothing is pending. */
  idleUnloadMs?: number
  /** Ping every connection this often; one that has not answered the previous ping is terminated. Default 30 s. */
  pingIntervalMs?: number
  /** Default: info and warn are dropped, errors go to console.error. */
  log?: SyncLog
}

export interface SyncServer<U> {
  /** Call from the http server's 'upgrade' event; returns false (socket untouched) if the path is not under the sync prefix. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Close every connection the predicate selects (e.g. a removed member's); returns how many. */
  closeWhere(predicate: (c: Connection<U>) => boolean, info: CloseInfo): number
  /** Authenticated connections that are not closed, optionally of one board. */
  connections(boardId?: string): Connection<U>[]
  /** Ids of the boards whose rooms are in memory. */
  rooms(): string[]
  /** Stop accepting, close all sockets with 1001, wait for pending stores (and a last compaction). */
  close(): Promise<void>
}
