import { cardsMap } from '@pauta/board'
import { CloseCode } from '@pauta/sync/close-codes'
import { IndexeddbPersistence } from 'y-indexeddb'
import { Awareness } from 'y-protocols/awareness'
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
 * How long the socket waits for the offline copy before connecting anyway (a copy that cannot
 * be read must not keep the board from the server).
 */
const LOCAL_COPY_WAIT_MS = 3000

/**
 * One open board: its document, the offline copy in IndexedDB, the sync connection, and the
 * stores the components read. Framework-free; `useBoardDoc` owns its lifetime.
 *
 * Local first: the offline copy is read before the socket connects, so the board shows from it
 * while the server is still being asked (status `syncing`). Reading it first also keeps the
 * copy off the wire: the sync step 1 then carries the copy's state vector and the server sends
 * only what the copy lacks, where a socket opened alongside would have had the whole board
 * sent down again, and the copy pushed back up as an update the moment it was read.
 */
export class BoardSession {
  readonly doc = new Y.Doc()
  readonly store: BoardStore
  readonly presence: PresenceStore
  /** the sync connection, made once the offline copy is read (or could not be) */
  private provider: WebsocketProvider | null = null
  /** presence: who is here, what they drag, where their cursor is in a text being written */
  readonly awareness: Awareness
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
    this.awareness = new Awareness(this.doc)
    this.presence = new PresenceStore(this.awareness, userId)
    this.persistence = new IndexeddbPersistence(offlineCopyName(boardId), this.doc)
    // y-indexeddb stores every document update; while it reads the copy there is nothing new
    // to store, and any 'update' listener makes Yjs encode the whole copy once more as one
    // update (a few hundred milliseconds on a 5,000-card board). It listens again once read.
    const storeUpdate = this.persistence._storeUpdate
    this.doc.off('update', storeUpdate)
    const waited = setTimeout(() => this.connect(), LOCAL_COPY_WAIT_MS)
    this.cleanups.push(() => clearTimeout(waited))
    this.persistence.on('synced', () => {
      if (this.destroyed) return
      clearTimeout(waited)
      this.doc.on('update', storeUpdate)
      this.localCopyLoaded = true
      const timer = setTimeout(() => {
        this.graceOver = true
        this.update()
      }, EMPTY_COPY_GRACE_MS)
      this.cleanups.push(() => clearTimeout(timer))
      this.update()
      // the board paints from the copy first, and the socket opens right after that frame;
      // with nothing to paint it opens now
      if (cardsMap(this.doc).size > 0) this.connectAfterPaint()
      else this.connect()
    })
    // The browser knows before the socket does: stop and resume the connection with it, so
    // edits made offline stay local until the network is back, then merge.
    const goOffline = () => {
      this.provider?.disconnect()
      this.update()
    }
    const goOnline = () => {
      this.connect()
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
    this.provider?.disconnect()
    await this.persistence.clearData()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const cleanup of this.cleanups) cleanup()
    this.listeners.clear()
    this.presence.destroy()
    this.provider?.destroy()
    this.awareness.destroy()
    void this.persistence.destroy()
    this.store.destroy()
    this.doc.destroy()
  }

  /** Opens the sync connection (once), unless the browser is offline or the server closed it. */
  private connect(): void {
    if (this.destroyed || this.state.closed || !navigator.onLine) return
    if (this.provider) {
      this.provider.connect()
      return
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const provider = new WebsocketProvider(
      `${scheme}://${location.host}/sync`,
      this.boardId,
      this.doc,
      {
        awareness: this.awareness,
        // tabs of one browser sync through the server; a BroadcastChannel would have the
        // whole board encoded and posted to the other tabs on every connection
        disableBc: true,
      },
    )
    this.provider = provider
    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.state = { ...this.state, connections: this.state.connections + 1 }
        this.update(true)
      } else {
        this.update()
      }
    })
    provider.on('sync', () => this.update())
    provider.on('closed', (event) => {
      this.state = {
        ...this.state,
        closed: { kind: classifyClose(event.code), code: event.code, reason: event.reason },
      }
      this.update(true)
    })
    this.update()
  }

  /**
   * `connect` once the frame that shows the offline copy is painted: a task posted from the
   * next animation frame, or a timer where no frame comes (a tab in the background).
   */
  private connectAfterPaint(): void {
    const connect = () => this.connect()
    const timer = setTimeout(connect, 100)
    const frame = requestAnimationFrame(() => setTimeout(connect, 0))
    this.cleanups.push(() => {
      clearTimeout(timer)
      cancelAnimationFrame(frame)
    })
  }

  private update(force = false): void {
    if (this.destroyed) return
    const status = this.computeStatus()
    const serverSynced = this.provider?.synced ?? false
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
    const provider = this.provider
    // still reading the offline copy: the socket opens right after
    if (!provider) return 'syncing'
    if (provider.wsconnected) return provider.synced ? 'online' : 'syncing'
    return provider.wsconnecting ? 'syncing' : 'offline'
  }
}
