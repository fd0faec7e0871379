import { cardsMap } from '@pauta/board'
import { CloseCode } from '@pauta/sync/close-codes'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { BoardStore } from './board-store.ts'
import { offlineCopyName } from './offline-copies.ts'
import { PresenceStore } from './presence-store.ts'

export type ConnectionStatus = 'online' | 'offline' | 'syncing'

/** Why the server ended the connection for good (close codes of `@pauta/sync/close-codes`). */
export type CloseKind = 'signed-out' | 'access-lost' | 'rejected' | 'damaged' | 'closed'

const { BadRequest, Damaged, Forbidden, NotFound, Rejected, TooLarge, Unauthorized } = CloseCode

export function classifyClose(code: number): CloseKind {
  if (code === Unauthorized.code) return 'signed-out'
  if (code === Forbidden.code || code === NotFound.code) return 'access-lost'
  // the server cannot load the board until an administrator repairs it; the offline copy
  // stays, it may hold the only copy of someone's changes
  if (code === Damaged.code) return 'damaged'
  // a refused or unreadable change: the local copy holds something the server will never take
  if (code === Rejected.code || code === BadRequest.code || code === TooLarge.code)
    return 'rejected'
  return 'closed'
}

export interface SessionState {
  status: ConnectionStatus
  /** the board has something worth showing: the server's state, or a non-empty offline copy */
  loaded: boolean
  closed: { kind: CloseKind; code: number; reason: string } | null
  /** how many times the socket has connected; above 1 means it came back (roles or rules may have changed) */
  connections: number
}

/** How long an empty offline copy waits for the server before the board shows as empty. */
const EMPTY_COPY_GRACE_MS = 4000

/**
 * One open board: its document, the offline copy in IndexedDB, the sync connection, and the
 * stores the components read. Framework-free; `useBoardSession` owns its lifetime.
 */
export class BoardSession {
  readonly doc = new Y.Doc()
  readonly store: BoardStore
  readonly presence: PresenceStore
  readonly provider: WebsocketProvider
  private readonly persistence: IndexeddbPersistence
  private state: SessionState = { status: 'syncing', loaded: false, closed: null, connections: 0 }
  private readonly listeners = new Set<() => void>()
  private readonly cleanups: (() => void)[] = []
  private localCopyLoaded = false
  private graceOver = false
  private destroyed = false

  constructor(
    readonly boardId: string,
    userId: string,
  ) {
    this.store = new BoardStore(this.doc)
    this.persistence = new IndexeddbPersistence(offlineCopyName(boardId), this.doc)
    this.persistence.on('synced', () => {
      this.localCopyLoaded = true
      const timer = setTimeout(() => {
        this.graceOver = true
        this.update()
      }, EMPTY_COPY_GRACE_MS)
      this.cleanups.push(() => clearTimeout(timer))
      this.update()
    })
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, boardId, this.doc, {
      connect: navigator.onLine,
    })
    this.presence = new PresenceStore(this.provider.awareness, userId)
    const update = () => this.update()
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.state = { ...this.state, connections: this.state.connections + 1 }
        this.update(true)
      } else {
        this.update()
      }
    })
    this.provider.on('sync', update)
    this.provider.on('closed', (event) => {
      this.state = {
        ...this.state,
        closed: { kind: classifyClose(event.code), code: event.code, reason: event.reason },
      }
      this.update(true)
    })
    // The browser knows before the socket does: stop and resume the connection with it, so
    // edits made offline stay local until the network is back, then merge.
    const goOffline = () => {
      this.provider.disconnect()
      this.update()
    }
    const goOnline = () => {
      if (!this.state.closed) this.provider.connect()
      this.update()
    }
    window.addEventListener('offline', goOffline)
    window.addEventListener('online', goOnline)
    this.cleanups.push(() => {
      window.removeEventListener('offline', goOffline)
      window.removeEventListener('online', goOnline)
    })
    this.update()
  }

  getState(): SessionState {
    return this.state
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Forget the offline copy (its content was refused, or access is gone). */
  async discardLocalCopy(): Promise<void> {
    this.provider.disconnect()
    await this.persistence.clearData()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const cleanup of this.cleanups) cleanup()
    this.listeners.clear()
    this.presence.destroy()
    this.provider.destroy()
    void this.persistence.destroy()
    this.store.destroy()
    this.doc.destroy()
  }

  private update(force = false): void {
    if (this.destroyed) return
    const status = this.computeStatus()
    const serverSynced = this.provider.synced
    const loaded =
      this.state.loaded ||
      serverSynced ||
      (this.localCopyLoaded &&
        (cardsMap(this.doc).size > 0 || status === 'offline' || this.graceOver))
    if (!force && status === this.state.status && loaded === this.state.loaded) return
    this.state = { ...this.state, status, loaded }
    for (const listener of [...this.listeners]) listener()
  }

  private computeStatus(): ConnectionStatus {
    if (!navigator.onLine || this.state.closed) return 'offline'
    if (this.provider.wsconnected) return this.provider.synced ? 'online' : 'syncing'
    return this.provider.wsconnecting ? 'syncing' : 'offline'
  }
}
