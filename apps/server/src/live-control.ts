import type { LiveControl } from '@pauta/api'
import type { Database } from '@pauta/db'
import type { FastifyBaseLogger } from 'fastify'
import { type AccessWatch, createAccessWatch, type LiveStreams } from './access-watch.ts'
import type { BoardSync } from './board-sync.ts'
import type { RedisFanout } from './redis-fanout.ts'
import { Reconnect } from './sync-hooks.ts'

/** What open connections follow changes through. */
export interface LiveAccess {
  /** Reads the access log; started by `listen`, stopped by `close`. */
  access: AccessWatch
  /** What the API calls after a change of access or of a board's settings. */
  live: LiveControl
}

/**
 * Open connections follow access and rules: a revoked token, an ended session or a removed
 * member is closed for good, a member whose roles changed reconnects (and authenticates
 * with the new roles), and a board's members reconnect to pick up new rules. A change made
 * through the API is applied here at once and published for the other instances; every
 * instance also reads the access log every second, which covers the admin CLI and a lost
 * Redis message.
 */
export function followAccess(
  boards: Pick<BoardSync, 'sync' | 'gate' | 'fanout'>,
  parts: {
    database: Database
    log: FastifyBaseLogger
    /**
     * Live streams (the bell, boards' comments): one opened with a credential that went ends
     * too, and one about a workspace its person left.
     */
    streams: readonly LiveStreams[]
    /** How often the access log is read (1 s). */
    pollMs?: number | undefined
  },
): LiveAccess {
  const { sync, gate, fanout } = boards
  const logAccessError = (error: unknown) =>
    parts.log.error({ err: error }, 'following an access change failed')
  const access = createAccessWatch({
    database: parts.database,
    sync,
    streams: parts.streams,
    onError: logAccessError,
    ...(parts.pollMs ? { pollMs: parts.pollMs } : {}),
  })

  const live: LiveControl = {
    async accessChanged(userId) {
      fanout?.publishControl({ type: 'access', userId })
      await access.check(userId).catch(logAccessError)
    },
    settingsChanged(boardId, settings) {
      gate.setRules(boardId, settings.rules)
      sync.closeWhere((c) => c.boardId === boardId, Reconnect.SettingsChanged)
      fanout?.publishControl({ type: 'settings', boardId })
    },
  }
  return { access, live }
}

/**
 * Applies what the other instances publish (access and settings changes, catch-up requests,
 * the derived writes the dashboards wait for), and reconciles after the fan-out may have lost
 * messages.
 */
export function followOtherInstances(
  fanout: RedisFanout,
  boards: Pick<BoardSync, 'sync' | 'gate' | 'writes'>,
  access: AccessWatch,
  log: FastifyBaseLogger,
): void {
  const { sync, gate } = boards
  const logError = (error: unknown) =>
    log.error({ err: error }, 'following another instance failed')

  /**
   * After the fan-out may have lost messages: rooms catch up from storage, and every open
   * connection is checked against its credential, membership and rules again (a control
   * message may have been lost with the rest).
   */
  async function reconcile(): Promise<void> {
    sync.catchUp()
    const boardIds = new Set(sync.connections().map((c) => c.boardId))
    await access.checkEveryone()
    for (const boardId of boardIds) {
      if (await gate.reloadRules(boardId))
        sync.closeWhere((c) => c.boardId === boardId, Reconnect.SettingsChanged)
    }
  }

  fanout.onGap(() => {
    reconcile().catch(logError)
  })
  fanout.onControl((message) => {
    switch (message.type) {
      case 'access':
        access.check(message.userId).catch(logError)
        return
      case 'settings':
        gate
          .reloadRules(message.boardId)
          .then(() =>
            sync.closeWhere((c) => c.boardId === message.boardId, Reconnect.SettingsChanged),
          )
          .catch(logError)
        return
      case 'catch-up':
        reconcile().catch(logError)
        return
      case 'writing':
      case 'written':
        boards.writes.heard(message)
        return
    }
  })
}
