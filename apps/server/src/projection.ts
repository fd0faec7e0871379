import { listCards } from '@pauta/board'
import {
  type Database,
  replaceBoardCards,
  replaceBoardMediaRefs,
  replaceCardMediaRefs,
  upsertBoardCards,
} from '@pauta/db'
import { sameJson } from '@pauta/domain'
import type { BoardWrites } from './board-writes.ts'
import type { BoardObservers } from './sync-hooks.ts'

/**
 * Keeps the `boardCard` table (a SQL projection of every board document's cards) and the
 * `mediaRef` table (which card lists which upload, for freeing unused files) in step with
 * accepted changes, and rebuilds a board's rows from its document when it loads.
 *
 * The document stays the truth: a write that fails is reported and left for the next load of
 * the board to repair. Writes of one board run in order (one promise chain per board), so an
 * older state never lands after a newer one. Each write is reported to `writes`, for readers
 * that must see it (the dashboards).
 */
export function createCardProjection(
  database: Database,
  onError: (error: unknown) => void,
  writes?: Pick<BoardWrites, 'writing'>,
): BoardObservers & { idle(): Promise<void> } {
  const chains = new Map<string, Promise<void>>()

  const enqueue = (boardId: string, write: () => Promise<void>) => {
    const next = (chains.get(boardId) ?? Promise.resolve())
      .then(write)
      .catch(onError)
      .finally(() => {
        if (chains.get(boardId) === next) chains.delete(boardId)
      })
    chains.set(boardId, next)
    writes?.writing(boardId, next)
  }

  return {
    cardsChanged({ boardId, diffs, at }) {
      const cards = diffs.map((diff) => diff.after)
      const media = diffs.filter((diff) => !sameJson(diff.before?.media ?? [], diff.after.media))
      enqueue(boardId, async () => {
        await upsertBoardCards(database.db, boardId, cards, at)
        for (const { id, after } of media) {
          const ids = after.media.map((item) => item.id)
          await replaceCardMediaRefs(database.db, boardId, id, ids)
        }
      })
    },

    boardLoaded(boardId, doc) {
      // Read now: the document keeps changing (and is destroyed on unload) after this call.
      const cards = listCards(doc)
      const refs = cards
        .filter((card) => card.media.length > 0)
        .map((card) => ({ cardId: card.id, mediaIds: card.media.map((item) => item.id) }))
      enqueue(boardId, async () => {
        await replaceBoardCards(database.db, boardId, cards)
        await replaceBoardMediaRefs(database.db, boardId, refs)
      })
    },

    /** Resolves once every write queued so far has settled (for tests and shutdown). */
    async idle() {
      await Promise.all(chains.values())
    },
  }
}
