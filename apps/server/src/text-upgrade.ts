import { cardsMap, TEXT_FIELDS, upgradeTextFields } from '@pauta/board'
import { type Database, findBoard } from '@pauta/db'
import type { SyncServer } from '@pauta/sync'
import * as Y from 'yjs'
import { type BoardObservers, type BoardUser, colorFor } from './sync-hooks.ts'

/** Who the server's upgrade of a board's text fields is written by (history, logs). */
export const TEXT_UPGRADE_USER = { id: 'pauta', name: 'Pauta', email: 'pauta@localhost' } as const

/**
 * [TEXT4] When a board loads, a card whose description or copy is not a `Y.Text` (written
 * before text fields were, or by a client that writes strings) gets one with the same text:
 * once, as a change of the server's own, judged and stored like any other, so every replica
 * and every instance gets it. The change alters no card as anyone reads it.
 *
 * `sync` is late-bound: the observers are made before the sync server they observe.
 */
export function createTextUpgrade(
  database: Database,
  sync: () => SyncServer<BoardUser> | null,
  onError: (error: unknown) => void,
): BoardObservers {
  const upgrading = new Set<string>()
  const upgrade = async (boardId: string) => {
    const server = sync()
    const board = await findBoard(database.db, boardId)
    if (!server || !board) return
    const actor: BoardUser = {
      ...TEXT_UPGRADE_USER,
      color: colorFor(TEXT_UPGRADE_USER.id),
      workspaceId: board.workspaceId,
      roles: ['strategist', 'manager'],
      credential: { kind: 'server', id: boardId },
    }
    const outcome = await server.change(boardId, actor, (doc) =>
      doc.transact(() => upgradeTextFields(cardsMap(doc).entries())),
    )
    if (!outcome.ok) throw new Error(`text fields of board ${boardId}: ${outcome.close.reason}`)
  }
  return {
    boardLoaded(boardId, doc) {
      if (upgrading.has(boardId) || !needsUpgrade(doc)) return
      upgrading.add(boardId)
      upgrade(boardId)
        .catch(onError)
        .finally(() => upgrading.delete(boardId))
    },
  }
}

function needsUpgrade(doc: Y.Doc): boolean {
  for (const entry of cardsMap(doc).values()) {
    if (!(entry instanceof Y.Map)) continue
    for (const field of TEXT_FIELDS) if (!(entry.get(field) instanceof Y.Text)) return true
  }
  return false
}
