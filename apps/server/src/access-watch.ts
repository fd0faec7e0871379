import {
  type Database,
  getMemberRoles,
  isApiTokenActive,
  isSessionActive,
  latestAccessChangeSeq,
  listAccessChangesAfter,
  pruneAccessChanges,
} from '@pauta/db'
import type { Connection, SyncServer } from '@pauta/sync'
import { AccessClose, Reconnect } from '@pauta/sync/close-codes'
import type { Credential } from './auth.ts'
import type { BoardUser } from './sync-hooks.ts'

/** Rows read from the log per query; a burst bigger than this is read in several pages. */
const PAGE = 500
/**
 * On PostgreSQL a seq is taken when a row is inserted, not when it commits: seq 7 may be
 * visible before seq 6. The log is read again from the last seq below which nothing is
 * missing, for this long, before a missing seq is taken for one that will never come (a
 * rolled-back insert).
 */
const HOLE_GRACE_MS = 10_000
/**
 * A socket that was still authenticating when its person was checked (with the credential
 * or roles from before the change) joins within the sync server's authentication timeout
 * (10 s): new sockets of a person named in the log are checked until then.
 */
const RECHECK_NEW_MS = 10_000
const DAY_MS = 24 * 60 * 60 * 1000
/** The log is pruned of day-old rows at start and then this often. */
const PRUNE_EVERY_MS = 60 * 60 * 1000

export interface AccessWatch {
  /** Checks this person's open sockets on this instance again, now. */
  check(userId: string): Promise<void>
  /** Checks everyone connected to this instance (after the fan-out may have lost messages). */
  checkEveryone(): Promise<void>
  /** Starts reading the log from its current end. */
  start(): Promise<void>
  /** Stops reading; resolves once a read under way has finished. */
  stop(): Promise<void>
}

/**
 * Live streams (server-sent events: the bell, a board's comments) that follow access as the
 * sockets do: one opened with a credential that went ends, and so does one about a workspace
 * its person is no longer a member of.
 */
export interface LiveStreams {
  /** What `userId`'s open streams here signed in with. */
  credentialsOf(userId: string): Credential[]
  /** Ends `userId`'s streams opened with this credential. */
  end(userId: string, credential: Credential): void
  /** The workspaces `userId`'s open streams here are about (none for a stream of one's own). */
  workspacesOf?(userId: string): string[]
  /** Ends `userId`'s streams about this workspace. */
  endWorkspace?(userId: string, workspaceId: string): void
  /** Everyone with such a stream open here (checked again after the fan-out lost messages). */
  people?(): Iterable<string>
}

export interface AccessWatchOptions {
  database: Database
  sync: Pick<SyncServer<BoardUser>, 'connections'>
  /** Live streams, ended as the sockets are closed. */
  streams?: readonly LiveStreams[]
  /** How often the access log is read (1 s). */
  pollMs?: number
  onError(error: unknown): void
  now?: () => Date
}

const credentialKey = (credential: Credential) => `${credential.kind}:${credential.id}`

/**
 * Open sockets follow access changes made anywhere: every instance reads the access log
 * (`accessChange`, written by the API and the admin CLI after each change) every second and
 * checks again the sockets of the people it names: a revoked token or an ended session
 * closes the socket for good (4401), a member removed from the board's workspace too
 * (4403), and one whose roles changed reconnects (4001) and authenticates with the new
 * ones. Live streams (`streams`) follow the same way: one whose credential went ends, and so
 * does one about a workspace its person left. Database work happens only for people named in
 * the log who have sockets or streams here.
 */
export function createAccessWatch(options: AccessWatchOptions): AccessWatch {
  const { database, sync, onError } = options
  const db = database.db
  const pollMs = options.pollMs ?? 1000
  const now = options.now ?? (() => new Date())

  /** Every seq up to here has been handled (or given up as a hole). */
  let watermark = 0
  /** Seqs above the watermark already handled. */
  const handled = new Set<number>()
  /** Since when the seq after the watermark has been missing while later ones were seen. */
  let stuckSince: number | null = null
  /** People named lately: their sockets checked so far, and until when new ones are checked. */
  const recent = new Map<string, { until: number; seen: Set<string> }>()
  let lastPrune = 0
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = true

  async function credentialActive(credential: Credential): Promise<boolean> {
    if (credential.kind === 'server') return true
    return credential.kind === 'token'
      ? isApiTokenActive(db, credential.id)
      : isSessionActive(db, credential.id, now())
  }

  const streams = options.streams ?? []

  /** Checks these sockets of `userId`, and their live streams when `withStreams`. */
  async function checkConnections(
    userId: string,
    connections: readonly Connection<BoardUser>[],
    withStreams = false,
  ): Promise<void> {
    const seen = recent.get(userId)?.seen
    for (const c of connections) seen?.add(c.id)
    const open = withStreams ? streams : []
    const streamCredentials = open.flatMap((s) => s.credentialsOf(userId))
    const streamWorkspaces = open.flatMap((s) => s.workspacesOf?.(userId) ?? [])
    if (connections.length === 0 && streamCredentials.length === 0 && streamWorkspaces.length === 0)
      return

    const credentials = new Map<string, Credential>()
    for (const c of connections)
      credentials.set(credentialKey(c.user.credential), c.user.credential)
    for (const credential of streamCredentials)
      credentials.set(credentialKey(credential), credential)
    const gone = new Set<string>()
    for (const [key, credential] of credentials) {
      if (await credentialActive(credential)) continue
      gone.add(key)
      for (const stream of open) stream.end(userId, credential)
    }
    const stillOpen: Connection<BoardUser>[] = []
    for (const c of connections) {
      if (!gone.has(credentialKey(c.user.credential))) stillOpen.push(c)
      else
        c.close(
          c.user.credential.kind === 'token' ? AccessClose.TokenRevoked : AccessClose.SignedOut,
        )
    }

    const workspaces = new Set([...stillOpen.map((c) => c.user.workspaceId), ...streamWorkspaces])
    for (const workspaceId of workspaces) {
      const roles = await getMemberRoles(db, workspaceId, userId)
      const current = [...roles].sort().join()
      for (const c of stillOpen) {
        if (c.user.workspaceId !== workspaceId) continue
        if (roles.length === 0) c.close(AccessClose.Removed)
        else if ([...c.user.roles].sort().join() !== current) c.close(Reconnect.RolesChanged)
      }
      if (roles.length === 0) for (const stream of open) stream.endWorkspace?.(userId, workspaceId)
    }
  }

  const connectionsOf = (userId: string) => sync.connections().filter((c) => c.user.id === userId)

  async function check(userId: string): Promise<void> {
    await checkConnections(userId, connectionsOf(userId), true)
  }

  async function checkEveryone(): Promise<void> {
    const people = new Set(sync.connections().map((c) => c.user.id))
    for (const stream of streams) for (const userId of stream.people?.() ?? []) people.add(userId)
    for (const userId of people) await check(userId)
  }

  /** Moves the watermark over handled seqs, and over holes that waited long enough. */
  function advance(at: number): void {
    for (;;) {
      if (handled.delete(watermark + 1)) {
        watermark++
        stuckSince = null
        continue
      }
      if (handled.size === 0) {
        stuckSince = null
        return
      }
      stuckSince ??= at
      if (at - stuckSince < HOLE_GRACE_MS) return
      watermark = Math.min(...handled) - 1
      stuckSince = null
    }
  }

  async function round(): Promise<void> {
    const at = now().getTime()
    const named = new Set<string>()
    let cursor = watermark
    for (;;) {
      const rows = await listAccessChangesAfter(db, cursor, PAGE)
      for (const row of rows) {
        cursor = row.seq
        if (handled.has(row.seq)) continue
        handled.add(row.seq)
        named.add(row.userId)
      }
      if (rows.length < PAGE) break
    }
    advance(at)

    for (const userId of named) {
      recent.set(userId, { until: at + RECHECK_NEW_MS, seen: new Set() })
      await check(userId)
    }
    for (const [userId, entry] of recent) {
      if (entry.until < at) {
        recent.delete(userId)
        continue
      }
      if (named.has(userId)) continue
      const fresh = connectionsOf(userId).filter((c) => !entry.seen.has(c.id))
      if (fresh.length > 0) await checkConnections(userId, fresh)
    }

    if (at - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = at
      await pruneAccessChanges(db, new Date(at - DAY_MS))
    }
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      timer = null
      running = round()
        .catch(onError)
        .finally(() => {
          running = null
          schedule()
        })
    }, pollMs)
    timer.unref()
  }

  return {
    check,
    checkEveryone,

    async start() {
      if (!stopped) return
      // Sockets open after this; what the log held before concerns none of them.
      watermark = await latestAccessChangeSeq(db)
      stopped = false
      schedule()
    },

    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
    },
  }
}
