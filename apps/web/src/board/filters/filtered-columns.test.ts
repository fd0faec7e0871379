import { archiveCard, createCard, moveCard, updateCard } from '@pauta/board'
import { DEFAULT_RULES, type Stage } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NO_BOARD_FILTER } from '../../app/router.ts'
import { BoardStore } from '../board-store.ts'
import { dropTarget } from '../drop-target.ts'
import { cardPredicate } from './board-filter.ts'
import { FilteredColumns } from './filtered-columns.ts'

/** Cards named by id; a card whose id starts with "x" is about "café" (the filter's hits). */
function board(columns: Partial<Record<Stage, string[]>>) {
  const doc = new Y.Doc()
  for (const [stage, ids] of Object.entries(columns)) {
    for (const id of ids) {
      const title = id.startsWith('x') ? `Café ${id}` : `Té ${id}`
      createCard(doc, { title, stage: stage as Stage }, { userId: null, id })
    }
  }
  return { doc, store: new BoardStore(doc) }
}

const cafe = cardPredicate({ ...NO_BOARD_FILTER, q: 'cafe' }, 'me', DEFAULT_RULES)

describe('FilteredColumns', () => {
  it('shows the matching cards in board order, with the column total', () => {
    const { store } = board({ strategy: ['x1', 'a', 'x2', 'b'], plan: ['c'] })
    const columns = new FilteredColumns(store, cafe)
    expect(columns.getColumn('strategy')).toEqual({ ids: ['x1', 'x2'], total: 4, filtering: true })
    expect(columns.getColumn('plan')).toEqual({ ids: [], total: 1, filtering: true })
    expect(columns.getMatchCount()).toBe(2)
  })

  it('without a filter, is the store itself', () => {
    const { store } = board({ strategy: ['x1', 'a'] })
    const columns = new FilteredColumns(store, null)
    expect(columns.getColumn('strategy').ids).toBe(store.getColumn('strategy'))
    expect(columns.getColumn('strategy').filtering).toBe(false)
  })

  it('keeps a column snapshot while what it shows is unchanged, and follows edits', () => {
    const { doc, store } = board({ strategy: ['x1', 'a'], plan: ['b'] })
    const columns = new FilteredColumns(store, cafe)
    let calls = 0
    const stop = columns.subscribe(() => calls++)
    const before = columns.getColumn('strategy')
    updateCard(doc, 'a', { description: 'nada que ver' })
    expect(calls).toBeGreaterThan(0)
    expect(columns.getColumn('strategy')).toBe(before)
    // an edit makes a card match without moving it
    updateCard(doc, 'a', { tags: ['cafe'] })
    expect(columns.getColumn('strategy').ids).toEqual(['x1', 'a'])
    updateCard(doc, 'x1', { title: 'Mate' })
    expect(columns.getColumn('strategy').ids).toEqual(['a'])
    archiveCard(doc, 'a')
    expect(columns.getColumn('strategy')).toEqual({ ids: [], total: 1, filtering: true })
    moveCard(doc, 'b', { stage: 'strategy', index: 0 })
    expect(columns.getColumn('strategy').total).toBe(2)
    stop()
  })

  it('shows a dragged card where it is previewed', () => {
    const { store } = board({ strategy: ['x1'], plan: ['a', 'x2', 'b'] })
    const columns = new FilteredColumns(store, cafe)
    store.setPreview({ id: 'x1', stage: 'plan', index: 3 })
    expect(columns.getColumn('plan').ids).toEqual(['x2', 'x1'])
    expect(columns.getColumn('strategy').ids).toEqual([])
  })

  it('drops a card beside its visible neighbours, whatever the filter hides between them', () => {
    // strategy: x1 a x2 b x3 — the filter shows x1 x2 x3
    const { doc, store } = board({ strategy: ['x1', 'a', 'x2', 'b', 'x3'] })
    const columns = new FilteredColumns(store, cafe)
    // down: x1 over x3 (shown x2 x3 x1) lands right after x3
    const down = dropTarget(store, 'x1', 'x3')
    if (!down) throw new Error('no target')
    moveCard(doc, 'x1', down)
    expect(columns.getColumn('strategy').ids).toEqual(['x2', 'x3', 'x1'])
    expect(store.getColumn('strategy')).toEqual(['a', 'x2', 'b', 'x3', 'x1'])
    // up: x1 over x2 (shown x1 x2 x3) lands right before x2
    const up = dropTarget(store, 'x1', 'x2')
    if (!up) throw new Error('no target')
    moveCard(doc, 'x1', up)
    expect(columns.getColumn('strategy').ids).toEqual(['x1', 'x2', 'x3'])
    expect(store.getColumn('strategy')).toEqual(['a', 'x1', 'x2', 'b', 'x3'])
  })
})
