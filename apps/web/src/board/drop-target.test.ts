import { createCard, moveCard } from '@pauta/board'
import type { Stage } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardStore } from './board-store.ts'
import { columnDropId } from './dnd-ids.ts'
import { dropTarget } from './drop-target.ts'

function board(columns: Partial<Record<Stage, string[]>>) {
  const doc = new Y.Doc()
  for (const [stage, ids] of Object.entries(columns)) {
    for (const id of ids)
      createCard(doc, { title: id, stage: stage as Stage }, { userId: null, id })
  }
  return { doc, store: new BoardStore(doc) }
}

/** Drop as the board does: compute the target, clear the preview, move. */
function drop(doc: Y.Doc, store: BoardStore, id: string, overId: string | null) {
  const target = dropTarget(store, id, overId)
  store.setPreview(null)
  if (target) moveCard(doc, id, target)
}

describe('dropTarget', () => {
  it('moves down and up within a column like arrayMove', () => {
    const { doc, store } = board({ strategy: ['a', 'b', 'c', 'd'] })
    expect(dropTarget(store, 'a', 'c')).toEqual({ stage: 'strategy', index: 2 })
    drop(doc, store, 'a', 'c')
    expect(store.getColumn('strategy')).toEqual(['b', 'c', 'a', 'd'])
    drop(doc, store, 'd', 'b')
    expect(store.getColumn('strategy')).toEqual(['d', 'b', 'c', 'a'])
  })

  it('drops at the previewed place after a drag across columns', () => {
    const { doc, store } = board({ strategy: ['a', 'b'], plan: ['c', 'd'] })
    store.setPreview({ id: 'a', stage: 'plan', index: 1 })
    expect(dropTarget(store, 'a', columnDropId('plan'))).toEqual({ stage: 'plan', index: 1 })
    drop(doc, store, 'a', columnDropId('plan'))
    expect(store.getColumn('plan')).toEqual(['c', 'a', 'd'])
    expect(store.getColumn('strategy')).toEqual(['b'])
  })

  it('drops into an empty column', () => {
    const { doc, store } = board({ strategy: ['a'] })
    store.setPreview({ id: 'a', stage: 'escalated', index: 0 })
    drop(doc, store, 'a', columnDropId('escalated'))
    expect(store.getColumn('escalated')).toEqual(['a'])
    expect(store.getCard('a')?.stage).toBe('escalated')
  })

  it('keeps the place when dropped on itself', () => {
    const { store } = board({ strategy: ['a', 'b'] })
    expect(dropTarget(store, 'b', 'b')).toEqual({ stage: 'strategy', index: 1 })
    expect(dropTarget(store, 'missing', 'b')).toBeNull()
  })
})
