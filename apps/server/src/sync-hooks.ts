import type { IncomingMessage } from 'node:http'
import type { SessionUser } from '@pauta/api'
import { observeStageChanges } from '@pauta/board'
import {
  appendUpdate,
  compactDocument,
  type Database,
  getBoardForUser,
  loadDocument,
  type NewStageEvent,
  recordStageEvents,
} from '@pauta/db'
import { canEdit } from '@pauta/domain'
import { CloseCode, type Connection, type SyncHooks } from '@pauta/sync'
import type * as Y from 'yjs'
import { authenticate, type BetterAuth } from './auth.ts'

export interface BoardUser extends SessionUser {
  color: string
}

const COLORS = [
  '#e4572e',
  '#17bebb',
  '#7768ae',
  '#ffc914',
  '#2e86ab',
  '#76b041',
  '#d7263d',
  '#f18f01',
]

/** A stable colour per user, so a person looks the same in every browser. */
export function colorFor(userId: string): string {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return COLORS[hash % COLORS.length]!
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}

/**
 * The sync server's hooks for Pauta: who may open a board (members of its workspace; the
 * client role reads only), where its document lives (the SQL log), and the stage history
 * written from every accepted change.
 */
export function createSyncHooks(
  database: Database,
  auth: BetterAuth,
  onError: (error: unknown) => void,
): SyncHooks<BoardUser> {
  const watched = new WeakSet<Y.Doc>()
  const pending = new Map<string, NewStageEvent[]>()

  // Stage changes are read from the room document as each accepted update is applied; the
  // transaction's origin is the connection that sent it.
  const watch = (boardId: string, doc: Y.Doc) => {
    if (watched.has(doc)) return
    watched.add(doc)
    observeStageChanges(doc, (changes, tr) => {
      const origin = tr.origin as Partial<Connection<BoardUser>> | null
      const userId = origin?.user?.id ?? null
      const at = new Date()
      const rows = pending.get(boardId) ?? []
      for (const change of changes) {
        rows.push({
          boardId,
          cardId: change.cardId,
          fromStage: change.from,
          toStage: change.to,
          userId,
          at,
        })
      }
      pending.set(boardId, rows)
    })
  }

  return {
    async authenticate(req, boardId) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const user = await authenticate(
        auth,
        database,
        requestHeaders(req),
        url.searchParams.get('token'),
      )
      if (!user) return { reject: CloseCode.Unauthorized }
      const found = await getBoardForUser(database.db, user.id, boardId)
      if (!found) return { reject: CloseCode.Forbidden }
      return { user: { ...user, color: colorFor(user.id) }, readOnly: !canEdit(found.roles) }
    },

    async load(boardId) {
      const stored = await loadDocument(database.db, boardId)
      return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
    },

    async store(boardId, update) {
      await appendUpdate(database.db, boardId, update)
    },

    judge({ boardId, doc }) {
      watch(boardId, doc)
      // Changes of one room are judged, applied and stored one at a time: what is pending
      // now belongs to a change that was never stored (its store failed), so drop it.
      pending.delete(boardId)
      return null
    },

    applied({ boardId }) {
      const rows = pending.get(boardId)
      if (!rows || rows.length === 0) return
      pending.delete(boardId)
      recordStageEvents(database.db, rows).catch(onError)
    },

    async compact(boardId, state) {
      await compactDocument(database.db, boardId, state)
    },

    presence(user) {
      return { id: user.id, name: user.name, color: user.color }
    },
  }
}
