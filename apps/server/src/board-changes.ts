import { type Command, type CommandResult, runCommand } from '@pauta/board'
import { type Database, getBoardForUser, getUser } from '@pauta/db'
import { decodeRefusal } from '@pauta/domain'
import type { SyncServer } from '@pauta/sync'
import type * as Y from 'yjs'
import type { BoardGate, BoardUser } from './sync-hooks.ts'
import { colorFor } from './sync-hooks.ts'

/**
 * Changes the server makes to boards itself ([SERVER1]): a card command run on the server,
 * on behalf of a member, judged and stored exactly like a change from a browser — relayed to
 * everyone on the board (on every instance), recorded in history, projected. Approvals by
 * link, crisis pauses and imports are built on this.
 */
export interface BoardChanges {
  /** The member `userId` as they act on `boardId`; null when they may not open it. */
  actorFor(boardId: string, userId: string): Promise<BoardUser | null>
  /** Runs `command` on the board as `actor`; resolves once it is stored, or refused. */
  run(boardId: string, actor: BoardUser, command: Command): Promise<CommandResult>
  /**
   * Reads the board's document as the server holds it now, in turn with its changes; null
   * when the board cannot be opened. `read` runs on the live document: it must not write.
   */
  read<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T | null>
}

export function createBoardChanges(
  database: Database,
  sync: SyncServer<BoardUser>,
  gate: BoardGate,
): BoardChanges {
  return {
    async actorFor(boardId, userId) {
      const [user, found] = await Promise.all([
        getUser(database.db, userId),
        getBoardForUser(database.db, userId, boardId),
      ])
      if (!user || !found) return null
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        color: colorFor(user.id),
        workspaceId: found.board.workspaceId,
        roles: found.roles,
        credential: { kind: 'server', id: boardId },
      }
    },

    async run(boardId, actor, command) {
      const rules = await gate.rulesFor(boardId)
      // The command judges against the rules it read; the room's judge, inside the queue,
      // judges the written update again against the rules of that moment.
      // [APPR5] the server's own command: it may write a review step on the actor's behalf
      const outcome = await sync.change(boardId, actor, (doc) =>
        runCommand(doc, { actor: { ...actor, server: true }, rules }, command),
      )
      if (outcome.ok) return outcome.result
      const refusal = decodeRefusal(outcome.close.reason)
      return {
        ok: false,
        refusal: refusal ?? {
          code: 'invalid',
          detail: outcome.close.reason || 'board unavailable',
        },
      }
    },

    read(boardId, read) {
      return sync.read(boardId, read)
    },
  }
}
