import type { IncomingMessage } from 'node:http'
import type { SessionUser } from '@pauta/api'
import { type CardDiff, writeStamps } from '@pauta/board'
import {
  appendUpdate,
  type Board,
  boardAccessByToken,
  compactDocument,
  type Database,
  getBoardForUser,
  loadDocument,
  loadDocumentSince,
  type StoredDocument,
} from '@pauta/db'
import { type BoardRules, canEdit, DEFAULT_RULES, type Role } from '@pauta/domain'
import type { StoredUpdates, SyncHooks } from '@pauta/sync'
import { CloseCode, type CloseInfo } from '@pauta/sync/close-codes'
import type * as Y from 'yjs'
import {
  authenticateWithCredential,
  type BetterAuth,
  type Credential,
  presentedToken,
  toSessionUser,
} from './auth.ts'
import { BoardRulesCache } from './board-rules.ts'
import { ChangeJudge, type Judged, recordHistory, TextActivityWindow } from './change-judge.ts'

/** The app's reconnect closes live with every other close code; re-exported for its callers. */
export { Reconnect } from '@pauta/sync/close-codes'

export interface BoardUser extends SessionUser {
  color: string
  workspaceId: string
  roles: Role[]
  /** What the socket authenticated with: revoking it or signing out closes the socket. */
  credential: Credential
}

// Presence avatars write white initials on these: each reads at 4.5:1 or more (WCAG AA).
const COLORS = [
  '#c2410c',
  '#0f766e',
  '#6d28d9',
  '#a16207',
  '#0e7490',
  '#4d7c0f',
  '#be123c',
  '#b45309',
]

/** A stable colour per user, so a person looks the same in every browser. */
export function colorFor(userId: string): string {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return COLORS[hash % COLORS.length]!
}

export function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}

/** An accepted change, once stored: the cards it touched, before and after. */
export interface CardsChanged {
  boardId: string
  workspaceId: string
  actor: BoardUser
  diffs: readonly CardDiff[]
  at: Date
}

/**
 * What else the server derives from board documents (a SQL projection of the cards,
 * notifications). Called after the change is stored; an observer that throws is logged and
 * does not affect the change.
 */
export interface BoardObservers {
  cardsChanged?(change: CardsChanged): void
  /** A board came into memory: its whole document, to rebuild what is derived from it. Read only. */
  boardLoaded?(boardId: string, doc: Y.Doc): void
  /** A write derived from an accepted change (its stage history) started; settles, never rejects. */
  writing?(boardId: string, write: Promise<void>): void
}

/** Several observers as one, each called in turn; one that throws does not stop the rest. */
export function combineObservers(
  list: readonly BoardObservers[],
  onError: (error: unknown) => void,
): BoardObservers {
  const each = (call: (observer: BoardObservers) => void) => {
    for (const observer of list) {
      try {
        call(observer)
      } catch (error) {
        onError(error)
      }
    }
  }
  return {
    cardsChanged: (change) => each((o) => o.cardsChanged?.(change)),
    boardLoaded: (boardId, doc) => each((o) => o.boardLoaded?.(boardId, doc)),
    writing: (boardId, write) => each((o) => o.writing?.(boardId, write)),
  }
}

/** The snapshot first, then the log, each with its seq: a room names the one that fails ([LOAD4]). */
function storedUpdates(stored: StoredDocument): StoredUpdates {
  if (stored.snapshot === null || stored.snapshotSeq === null) {
    return { updates: stored.updates, seqs: stored.seqs, lastSeq: stored.lastSeq }
  }
  return {
    updates: [stored.snapshot, ...stored.updates],
    seqs: [stored.snapshotSeq, ...stored.seqs],
    lastSeq: stored.lastSeq,
  }
}

export type { Judged }

export interface BoardGate extends SyncHooks<BoardUser, Judged> {
  /** The rules a board is judged by; read from the database if no one has opened it yet. */
  rulesFor(boardId: string): Promise<BoardRules>
  /** The rules the judge applies to a board; kept fresh by the API when a strategist edits them. */
  setRules(boardId: string, rules: BoardRules): void
  /**
   * Another instance changed a board's settings: read its rules again, if this instance
   * judges that board at all. Resolves to whether they changed.
   */
  reloadRules(boardId: string): Promise<boolean>
}

/**
 * The sync server's hooks for Pauta: who may open a board (members of its workspace; the
 * client role reads only), the judge of every change (the sender's roles against the
 * board's rules, on a shadow copy of the document), where the document lives (the SQL
 * log), and the history written from every accepted change.
 */
export function createSyncHooks(
  database: Database,
  auth: BetterAuth,
  onError: (error: unknown) => void,
  maxBoardBytes: number,
  observers: BoardObservers = {},
  now?: () => Date,
): BoardGate {
  const rules = new BoardRulesCache(database)
  const judge = new ChangeJudge(database, maxBoardBytes, now)
  const texts = new TextActivityWindow()

  /**
   * Who opens the socket and what they hold on the board. A token (scripts, and every
   * socket of a crowd of them) is checked together with the board in one read ([ACCESS4]);
   * a browser's session cookie through better-auth, then the board.
   */
  async function socketAccess(
    token: string | null,
    req: IncomingMessage,
    boardId: string,
  ): Promise<
    | { user: SessionUser; credential: Credential; access: { board: Board; roles: Role[] } | null }
    | { reject: CloseInfo }
  > {
    if (token) {
      const found = await boardAccessByToken(database.db, token, boardId)
      if (!found) return { reject: CloseCode.Unauthorized }
      return {
        user: toSessionUser(found.user),
        credential: { kind: 'token', id: found.tokenId },
        access: found.access,
      }
    }
    const who = await authenticateWithCredential(auth, database, requestHeaders(req), null)
    if (!who) return { reject: CloseCode.Unauthorized }
    return { ...who, access: await getBoardForUser(database.db, who.user.id, boardId) }
  }

  return {
    setRules: (boardId, next) => rules.set(boardId, next),
    reloadRules: (boardId) => rules.reload(boardId),
    rulesFor: (boardId) => rules.rulesFor(boardId),

    async authenticate(req, boardId) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const seen = rules.version(boardId)
      const found = await socketAccess(
        presentedToken(req.headers.authorization, url.searchParams.get('token')),
        req,
        boardId,
      )
      if ('reject' in found) return found
      const { user, credential, access } = found
      if (!access) return { reject: CloseCode.Forbidden }
      rules.setIfUnchanged(boardId, access.board.settings.rules, seen)
      return {
        user: {
          ...user,
          color: colorFor(user.id),
          workspaceId: access.board.workspaceId,
          roles: access.roles,
          credential,
        },
        readOnly: !canEdit(access.roles),
      }
    },

    async load(boardId) {
      // A server-side change may load a board nobody has opened: it is judged by its rules too.
      await rules.rulesFor(boardId)
      return storedUpdates(await loadDocument(database.db, boardId))
    },

    // Several instances: what this one missed (the snapshot first if compacted past `seq`).
    async loadSince(boardId, seq) {
      return storedUpdates(await loadDocumentSince(database.db, boardId, seq))
    },

    judge(ctx) {
      return judge.judge(ctx, rules.get(ctx.boardId) ?? DEFAULT_RULES)
    },

    amend({ judged }) {
      const stamps = judged?.stamps ?? []
      return stamps.length > 0 ? (doc) => writeStamps(doc, stamps) : null
    },

    store(boardId, update) {
      return appendUpdate(database.db, boardId, update)
    },

    loaded(boardId, doc) {
      observers.boardLoaded?.(boardId, doc)
    },

    applied({ boardId, connection, judged: change }) {
      if (!change) return
      const { at } = change
      if (change.diffs.length > 0 && observers.cardsChanged) {
        try {
          observers.cardsChanged({
            boardId,
            workspaceId: connection.user.workspaceId,
            actor: connection.user,
            diffs: change.diffs,
            at,
          })
        } catch (error) {
          onError(error)
        }
      }
      const history = recordHistory(database, boardId, connection.user.id, change, texts).catch(
        onError,
      )
      try {
        observers.writing?.(boardId, history)
      } catch (error) {
        onError(error)
      }
    },

    // Only up to the seq the room holds: another instance may have stored more meanwhile.
    async compact(boardId, state, uptoSeq) {
      await compactDocument(database.db, boardId, state, uptoSeq)
    },

    presence(user) {
      return { id: user.id, name: user.name, color: user.color }
    },
  }
}
