import { randomUUID } from 'node:crypto'

/** The longest a reader waits for writes under way: a stuck write or a lost message. */
export const MAX_SETTLE_MS = 2000

/** What an instance tells the others about its derived writes of a board. */
export type WritesMessage =
  | { type: 'writing'; boardId: string; id: string }
  | { type: 'written'; boardId: string; id: string }

/**
 * What the server derives from an accepted board change — the card projection and the stage
 * history — is written just after the change is relayed, so a member may hear of a move before
 * those rows are in. `settled` lets a reader (the dashboards) wait for the writes under way at
 * the moment it asks, on this instance or, with a fan-out, on any other.
 */
export interface BoardWrites {
  /** A write derived from a change of `boardId` started on this instance. */
  writing(boardId: string, write: Promise<unknown>): void
  /** Resolves once every derived write of `boardId` under way now has landed (at most `MAX_SETTLE_MS`). */
  settled(boardId: string): Promise<void>
  /** Another instance announced writes of a board (`writing`) or finished them (`written`). */
  heard(message: WritesMessage): void
}

export interface BoardWritesOptions {
  /**
   * With several instances: tells the others. Called while the change's `applied` hook runs,
   * before the change itself is fanned out, on the same Redis connection, so another instance
   * hears `writing` before it can relay the change to anyone.
   */
  publish?: (message: WritesMessage) => void
  maxSettleMs?: number
}

export function createBoardWrites(options: BoardWritesOptions = {}): BoardWrites {
  const maxSettleMs = options.maxSettleMs ?? MAX_SETTLE_MS
  /** This instance's writes under way, per board; each settles without throwing. */
  const local = new Map<string, Set<Promise<void>>>()
  /** Another instance's announced writes, by announcement id. */
  const remote = new Map<string, { boardId: string; done: Promise<void>; end: () => void }>()
  const remoteByBoard = new Map<string, Set<string>>()
  /** Writes of one board started in the same turn are announced once. */
  const announcing = new Map<string, Promise<void>[]>()

  function addLocal(boardId: string, write: Promise<void>): void {
    const set = local.get(boardId) ?? new Set()
    set.add(write)
    local.set(boardId, set)
    void write.then(() => {
      set.delete(write)
      if (set.size === 0 && local.get(boardId) === set) local.delete(boardId)
    })
  }

  function announce(boardId: string, write: Promise<void>): void {
    const publish = options.publish
    if (!publish) return
    const batch = announcing.get(boardId)
    if (batch) {
      batch.push(write)
      return
    }
    const writes = [write]
    announcing.set(boardId, writes)
    const id = randomUUID()
    publish({ type: 'writing', boardId, id })
    setImmediate(() => {
      announcing.delete(boardId)
      void Promise.all(writes).then(() => publish({ type: 'written', boardId, id }))
    })
  }

  function endRemote(id: string): void {
    const entry = remote.get(id)
    if (!entry) return
    remote.delete(id)
    const ids = remoteByBoard.get(entry.boardId)
    ids?.delete(id)
    if (ids?.size === 0) remoteByBoard.delete(entry.boardId)
    entry.end()
  }

  return {
    writing(boardId, write) {
      const settled = write.then(
        () => {},
        () => {},
      )
      addLocal(boardId, settled)
      announce(boardId, settled)
    },

    settled(boardId) {
      const waits = [...(local.get(boardId) ?? [])]
      for (const id of remoteByBoard.get(boardId) ?? []) waits.push(remote.get(id)!.done)
      if (waits.length === 0) return Promise.resolve()
      let timer: NodeJS.Timeout | undefined
      return Promise.race([
        Promise.all(waits).then(() => {}),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, maxSettleMs)
          timer.unref()
        }),
      ]).finally(() => clearTimeout(timer))
    },

    heard(message) {
      if (message.type === 'written') {
        endRemote(message.id)
        return
      }
      if (remote.has(message.id)) return
      let end = () => {}
      const done = new Promise<void>((resolve) => {
        end = resolve
      })
      // A `written` that never comes (lost, or its instance died) stops counting in time.
      const timer = setTimeout(() => endRemote(message.id), maxSettleMs)
      timer.unref()
      remote.set(message.id, {
        boardId: message.boardId,
        done,
        end: () => {
          clearTimeout(timer)
          end()
        },
      })
      const ids = remoteByBoard.get(message.boardId) ?? new Set()
      ids.add(message.id)
      remoteByBoard.set(message.boardId, ids)
    },
  }
}
