import type { CommentFeed, CommentsLiveEvent } from '@pauta/api'
import {
  type CardCommentChange,
  commentChangesSince,
  type Database,
  getMemberRoles,
} from '@pauta/db'
import { TRPCError } from '@trpc/server'
import type { Credential } from './auth.ts'
import { accessEnded, credentialEnded, sameCredential, shuttingDown } from './stream-ends.ts'

export interface CommentLive extends CommentFeed {
  /** How many subscriptions are open on this instance. */
  readonly listeners: number
  /** The feed for one request: its subscriptions remember what the caller signed in with. */
  withCredential(credential: Credential): CommentFeed
  /** What `userId`'s open subscriptions here signed in with. */
  credentialsOf(userId: string): Credential[]
  /** Ends `userId`'s subscriptions opened with this credential (revoked, signed out). */
  end(userId: string, credential: Credential): void
  /** The workspaces of the boards `userId` listens to here. */
  workspacesOf(userId: string): string[]
  /** Ends `userId`'s subscriptions to the boards of this workspace (no longer a member). */
  endWorkspace(userId: string, workspaceId: string): void
  /** Everyone with a subscription open here. */
  people(): Set<string>
  /** Ends every open subscription (the server is stopping) and stops polling. */
  close(): void
}

export interface CommentLiveOptions {
  /**
   * While anyone listens, the changes of their boards are read from SQL this often (3 s), so
   * comments written on another server instance reach them too.
   */
  pollMs?: number
  onError(error: unknown): void
  now?: () => Date
}

/**
 * How far back each read looks: further than the clocks of two server instances differ plus
 * the time a write takes to commit, so a change stamped "earlier" by another instance is not
 * missed. What was already told is known by its version and not told again.
 */
const WINDOW_MS = 10_000

interface Listener {
  userId: string
  boardId: string
  workspaceId: string
  credential: Credential | null
  /** Why the stream ends: its credential went, or its person left the workspace. */
  ended: 'credential' | 'access' | null
  /** Cards changed and not yet sent, the latest change of each. */
  pending: Map<string, CardCommentChange>
  wake: (() => void) | null
}

/** One board listened to on this instance: its streams, and the versions already told. */
interface Room {
  listeners: Set<Listener>
  known: Map<string, { version: number; changedAt: number }>
}

/**
 * A board's live comments on one server instance ([COM4] in @pauta/db). Each
 * `comments.live` subscription hears which card's comments changed: at once when it
 * happened on this instance, within `pollMs` when it happened on another one (one query for
 * every board listened to here, and only while someone listens). A change is told once per
 * stream, by its card's version, however often it is read.
 */
export function createCommentLive(database: Database, options: CommentLiveOptions): CommentLive {
  const db = database.db
  const pollMs = options.pollMs ?? 3000
  const now = options.now ?? (() => new Date())
  const rooms = new Map<string, Room>()
  let timer: NodeJS.Timeout | null = null
  let closed = false
  let count = 0

  function tell(room: Room, change: CardCommentChange): void {
    const known = room.known.get(change.cardId)
    if (known && known.version >= change.version) return
    room.known.set(change.cardId, {
      version: change.version,
      changedAt: Date.parse(change.changedAt),
    })
    for (const listener of room.listeners) {
      listener.pending.set(change.cardId, change)
      listener.wake?.()
    }
  }

  /** Reads what changed lately on these boards and tells their streams what is new. */
  async function refresh(boardIds: readonly string[]): Promise<void> {
    const listened = boardIds.filter((id) => rooms.has(id))
    if (listened.length === 0) return
    const at = now().getTime()
    const changes = await commentChangesSince(db, listened, new Date(at - WINDOW_MS))
    for (const change of changes) {
      const room = rooms.get(change.boardId)
      if (room) tell(room, change)
    }
    // what no read reaches any more need not be remembered: a newer change has a newer version
    for (const boardId of listened) {
      const room = rooms.get(boardId)
      if (!room) continue
      for (const [cardId, known] of room.known)
        if (known.changedAt < at - 2 * WINDOW_MS) room.known.delete(cardId)
    }
  }

  function poll(): void {
    refresh([...rooms.keys()]).catch(options.onError)
  }

  function roomOf(boardId: string): Room {
    let room = rooms.get(boardId)
    if (!room) {
      room = { listeners: new Set(), known: new Map() }
      rooms.set(boardId, room)
    }
    if (!timer) {
      timer = setInterval(poll, pollMs)
      timer.unref()
    }
    return room
  }

  function leave(boardId: string, listener: Listener | null): void {
    const room = rooms.get(boardId)
    if (listener && room?.listeners.delete(listener)) count--
    if (room && room.listeners.size === 0) rooms.delete(boardId)
    if (rooms.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }

  function listenersOf(userId: string): Listener[] {
    const found: Listener[] = []
    for (const room of rooms.values())
      for (const listener of room.listeners) if (listener.userId === userId) found.push(listener)
    return found
  }

  function stop(listener: Listener, why: NonNullable<Listener['ended']>): void {
    listener.ended ??= why
    listener.wake?.()
  }

  async function* watch(
    board: { id: string; workspaceId: string },
    userId: string,
    signal: AbortSignal | undefined,
    credential: Credential | null,
  ): AsyncGenerator<CommentsLiveEvent> {
    if (closed) throw shuttingDown()
    const listener: Listener = {
      userId,
      boardId: board.id,
      workspaceId: board.workspaceId,
      credential,
      ended: null,
      pending: new Map(),
      wake: null,
    }
    const onAbort = () => listener.wake?.()
    signal?.addEventListener('abort', onAbort)
    roomOf(board.id)
    try {
      // What changed until now is told to the streams already open, and is what this one's
      // reader reads when told `listening`; from here on every change reaches this one too.
      await refresh([board.id])
      // (the room again: it may have been emptied and dropped meanwhile)
      roomOf(board.id).listeners.add(listener)
      count++
      // Checked by the caller, and again now that access changes reach this stream: someone
      // removed in between is refused here rather than told about the board.
      if ((await getMemberRoles(db, board.workspaceId, userId)).length === 0)
        throw new TRPCError({ code: 'NOT_FOUND', message: 'no such board' })
      yield { kind: 'listening' }
      for (;;) {
        if (signal?.aborted) return
        if (closed) throw shuttingDown()
        if (listener.ended === 'credential') throw credentialEnded()
        if (listener.ended === 'access') throw accessEnded()
        const next = listener.pending.values().next()
        if (!next.done) {
          const change = next.value
          listener.pending.delete(change.cardId)
          yield {
            kind: 'changed',
            cardId: change.cardId,
            version: change.version,
            changedAt: change.changedAt,
          }
          continue
        }
        await new Promise<void>((resolve) => {
          listener.wake = resolve
        })
        listener.wake = null
      }
    } finally {
      signal?.removeEventListener('abort', onAbort)
      leave(board.id, listener)
    }
  }

  function changed(boardId: string): void {
    if (closed) return
    refresh([boardId]).catch(options.onError)
  }

  return {
    get listeners() {
      return count
    },

    watch: (board, userId, signal) => watch(board, userId, signal, null),

    withCredential(credential) {
      return { watch: (board, userId, signal) => watch(board, userId, signal, credential), changed }
    },

    credentialsOf(userId) {
      const found: Credential[] = []
      for (const { credential, ended } of listenersOf(userId)) {
        if (credential && !ended && !found.some((c) => sameCredential(c, credential)))
          found.push(credential)
      }
      return found
    },

    end(userId, credential) {
      for (const listener of listenersOf(userId))
        if (sameCredential(listener.credential, credential)) stop(listener, 'credential')
    },

    workspacesOf(userId) {
      const open = listenersOf(userId).filter((listener) => !listener.ended)
      return [...new Set(open.map((listener) => listener.workspaceId))]
    },

    endWorkspace(userId, workspaceId) {
      for (const listener of listenersOf(userId))
        if (listener.workspaceId === workspaceId) stop(listener, 'access')
    },

    people() {
      const found = new Set<string>()
      for (const room of rooms.values()) for (const { userId } of room.listeners) found.add(userId)
      return found
    },

    changed,

    close() {
      closed = true
      if (timer) clearInterval(timer)
      timer = null
      for (const room of rooms.values()) for (const listener of room.listeners) listener.wake?.()
    },
  }
}
