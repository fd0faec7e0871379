import type { ApiContext } from '@pauta/api'
import { type Database, type NotificationState, notificationStates } from '@pauta/db'
import type { Credential } from './auth.ts'
import { credentialEnded, sameCredential, shuttingDown } from './stream-ends.ts'

type NotificationFeed = ApiContext['notifications']

export interface NotificationLive extends NotificationFeed {
  /** How many subscriptions are open on this instance. */
  readonly listeners: number
  /** The feed for one request: its subscriptions remember what the caller signed in with. */
  withCredential(credential: Credential): NotificationFeed
  /** What `userId`'s open subscriptions here signed in with. */
  credentialsOf(userId: string): Credential[]
  /** Ends `userId`'s subscriptions opened with this credential (revoked, signed out). */
  end(userId: string, credential: Credential): void
  /** Ends every open subscription (the server is stopping) and stops polling. */
  close(): void
}

export interface NotificationLiveOptions {
  /**
   * While anyone listens, their state is read from SQL this often (5 s), so notifications
   * made or read on another server instance arrive too.
   */
  pollMs?: number
  onError(error: unknown): void
}

interface Listener {
  userId: string
  credential: Credential | null
  /** Its credential went: the stream ends, and the client's reconnect authenticates again. */
  ended: boolean
  /** The latest state read for this listener, not yet looked at by its stream. */
  pending: NotificationState | null
  wake: (() => void) | null
}

const sameState = (a: NotificationState | null, b: NotificationState) =>
  a !== null && a.unread === b.unread && a.newest === b.newest

/**
 * The bell's live channel on one server instance. Each `notifications.live` subscription
 * gets its user's unread state at once, then again whenever it changes: at once when this
 * instance stored a notification for them or they marked some read here, and within
 * `pollMs` when that happened on another instance (one grouped query for everyone listening,
 * and only while someone listens).
 */
export function createNotificationLive(
  database: Database,
  options: NotificationLiveOptions,
): NotificationLive {
  const pollMs = options.pollMs ?? 5000
  const byUser = new Map<string, Set<Listener>>()
  let timer: NodeJS.Timeout | null = null
  let closed = false
  let count = 0

  async function refresh(userIds: readonly string[]): Promise<void> {
    const listening = userIds.filter((id) => byUser.has(id))
    if (listening.length === 0) return
    const states = await notificationStates(database.db, listening)
    for (const [userId, state] of states) {
      for (const listener of byUser.get(userId) ?? []) {
        listener.pending = state
        listener.wake?.()
      }
    }
  }

  function poll(): void {
    refresh([...byUser.keys()]).catch(options.onError)
  }

  function add(listener: Listener): void {
    const set = byUser.get(listener.userId) ?? new Set()
    set.add(listener)
    byUser.set(listener.userId, set)
    count++
    if (!timer) {
      timer = setInterval(poll, pollMs)
      timer.unref()
    }
  }

  function remove(listener: Listener): void {
    const set = byUser.get(listener.userId)
    if (set?.delete(listener)) count--
    if (set && set.size === 0) byUser.delete(listener.userId)
    if (byUser.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }

  async function* watch(
    userId: string,
    signal: AbortSignal | undefined,
    credential: Credential | null,
  ): AsyncGenerator<NotificationState> {
    if (closed) throw shuttingDown()
    const listener: Listener = { userId, credential, ended: false, pending: null, wake: null }
    const onAbort = () => listener.wake?.()
    signal?.addEventListener('abort', onAbort)
    add(listener)
    try {
      let last: NotificationState | null = null
      const first = (await notificationStates(database.db, [userId])).get(userId)
      // A change that arrived while reading the first state is newer than it.
      listener.pending ??= first ?? { unread: 0, newest: null }
      for (;;) {
        if (signal?.aborted) return
        if (closed) throw shuttingDown()
        if (listener.ended) throw credentialEnded()
        const next = listener.pending
        if (next) {
          listener.pending = null
          if (!sameState(last, next)) {
            last = next
            yield next
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
      remove(listener)
    }
  }

  function changed(userIds: readonly string[]): void {
    if (closed) return
    refresh([...new Set(userIds)]).catch(options.onError)
  }

  return {
    get listeners() {
      return count
    },

    watch: (userId, signal) => watch(userId, signal, null),

    withCredential(credential) {
      return { watch: (userId, signal) => watch(userId, signal, credential), changed }
    },

    credentialsOf(userId) {
      const found: Credential[] = []
      for (const listener of byUser.get(userId) ?? []) {
        const { credential } = listener
        if (credential && !found.some((c) => sameCredential(c, credential))) found.push(credential)
      }
      return found
    },

    end(userId, credential) {
      for (const listener of byUser.get(userId) ?? []) {
        if (!sameCredential(listener.credential, credential)) continue
        listener.ended = true
        listener.wake?.()
      }
    },

    changed,

    close() {
      closed = true
      if (timer) clearInterval(timer)
      timer = null
      for (const set of byUser.values()) for (const listener of set) listener.wake?.()
    },
  }
}
