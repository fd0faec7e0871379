import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { CloseCode, type CloseInfo } from './close-codes.ts'
import { resolveOptions } from './options.ts'
import { Rooms } from './rooms.ts'
import { PING_SLICES, Sessions } from './sessions.ts'
import type { Connection, SyncServer, SyncServerOptions } from './types.ts'

const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The sync server: settings from `options` (defaults applied, numbers checked), the sessions
 * of upgraded sockets, the rooms in memory, the pinger, and `close()` over all of them.
 */
export function createSyncServer<U>(options: SyncServerOptions<U>): SyncServer<U> {
  const settings = resolveOptions(options)
  // [BAD2] ws closes a bigger frame itself, with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload })
  const rooms = new Rooms(settings)
  let closing: Promise<void> | null = null
  const sessions = new Sessions(settings, {
    roomFor: (boardId) => rooms.roomFor(boardId),
    closing: () => closing !== null,
  })

  // [PING1] Each socket once per interval, a slice of them at each tick.
  const pinger = setInterval(() => sessions.ping(), settings.pingIntervalMs / PING_SLICES)
  pinger.unref()

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseTarget(req.url ?? '', settings.prefix)
    if (target === null) return false
    if (closing) {
      socket.destroy()
      return true
    }
    // [PATH2] Accept first even for a bad path: a refused upgrade is only 1006 to a browser.
    wss.handleUpgrade(req, socket, head, (ws) => sessions.accept(ws, req, target.boardId))
    return true
  }

  /** [CLOSE1] */
  async function shutdown(): Promise<void> {
    clearInterval(pinger)
    sessions.closeAll()
    await rooms.shutdown()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  }

  return {
    handleUpgrade,
    change(boardId, actor, write) {
      // [SERVER1] Not after shutdown began (a new room would outlive it), nor for a bad id.
      if (closing) return Promise.resolve({ ok: false, close: CloseCode.ShuttingDown })
      if (!BOARD_ID.test(boardId)) return Promise.resolve({ ok: false, close: CloseCode.NotFound })
      return rooms.roomFor(boardId).serverChange(actor, write)
    },
    read(boardId, read) {
      if (closing || !BOARD_ID.test(boardId)) return Promise.resolve(null)
      return rooms.roomFor(boardId).serverRead(read)
    },
    closeWhere(predicate: (c: Connection<U>) => boolean, info: CloseInfo): number {
      return sessions.closeWhere(predicate, info)
    },
    connections(boardId?: string): Connection<U>[] {
      return sessions
        .openConnections()
        .filter((c) => boardId === undefined || c.boardId === boardId)
    },
    rooms(): string[] {
      return rooms.boardIds()
    },
    instanceId: settings.instanceId,
    catchUp(boardId?: string): void {
      rooms.catchUp(boardId)
    },
    close(): Promise<void> {
      closing ??= shutdown()
      return closing
    },
  }
}

/**
 * [PATH1] null when the URL is not under the prefix (not ours); a null boardId when it is
 * under the prefix but not a board id. Matched on the raw path, never percent-decoded.
 */
export function parseTarget(url: string, prefix: string): { boardId: string | null } | null {
  const path = url.split('?', 1)[0] ?? ''
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return null
  const boardId = path.slice(prefix.length + 1)
  return { boardId: BOARD_ID.test(boardId) ? boardId : null }
}
