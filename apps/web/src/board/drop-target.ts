import type { Stage } from '@pauta/domain'
import type { BoardStore } from './board-store.ts'

/**
 * Where a dragged card lands when dropped over `overId`: its stage as shown (the drag preview's
 * when it was dragged across) and its index in that column as listed without the card, which
 * is what the move command takes. Over another card of the same column it takes that card's place
 * (dnd-kit's arrayMove semantics); over a column or nothing in particular it stays where shown.
 */
export function dropTarget(
  store: BoardStore,
  activeId: string,
  overId: string | number | null,
): { stage: Stage; index: number } | null {
  const stage = store.stageOf(activeId)
  if (!stage) return null
  const view = store.getColumn(stage)
  const from = view.indexOf(activeId)
  if (from < 0) return null
  if (typeof overId === 'string' && overId !== activeId && store.stageOf(overId) === stage) {
    const to = view.indexOf(overId)
    if (to >= 0) return { stage, index: to }
  }
  return { stage, index: from }
}
