import type { SyncSettings } from './options.ts'
import { Room } from './room.ts'

/** The rooms in memory, one per board; a room leaves this map when it unloads. */
export class Rooms<U> {
  readonly #rooms = new Map<string, Room<U>>()
  readonly #settings: SyncSettings<U>

  constructor(settings: SyncSettings<U>) {
    this.#settings = settings
  }

  /** [LOAD1] Connections that arrive while a room loads share that room and its one load. */
  roomFor(boardId: string): Room<U> {
    const existing = this.#rooms.get(boardId)
    if (existing && !existing.disposed) return existing
    const { hooks, log, compactEvery, idleUnloadMs, awarenessBatchFrom } = this.#settings
    const { fanout, instanceId, catchUpIntervalMs } = this.#settings
    const room = new Room<U>({
      boardId,
      hooks,
      log,
      compactEvery,
      idleUnloadMs,
      awarenessBatchFrom,
      fanout,
      instanceId,
      catchUpIntervalMs,
      onDispose: (disposed) => {
        if (this.#rooms.get(boardId) === disposed) this.#rooms.delete(boardId)
        log.info('room unloaded', { boardId })
      },
    })
    this.#rooms.set(boardId, room)
    return room
  }

  /** The boards in memory. */
  boardIds(): string[] {
    return [...this.#rooms.keys()]
  }

  /** [CATCHUP1] Every room, or the one of `boardId`, reads storage for missed changes. */
  catchUp(boardId?: string): void {
    for (const room of this.#rooms.values()) {
      if (boardId === undefined || room.boardId === boardId) room.catchUp()
    }
  }

  /** [CLOSE1] Each room finishes its queue, compacts and leaves memory; resolves when all did. */
  shutdown(): Promise<unknown> {
    return Promise.all([...this.#rooms.values()].map((room) => room.shutdown()))
  }
}
