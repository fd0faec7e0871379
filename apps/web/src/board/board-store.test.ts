import { archiveCard, createCard, moveCard, updateCard } from '@pauta/board'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardStore } from './board-store.ts'

const ctx = { userId: 'u1' }

function boardWith(titles: Record<string, string[]>): { doc: Y.Doc; ids: Record<string, string> } {
  const doc = new Y.Doc()
  const ids: Record<string, string> = {}
  for (const [stage, list] of Object.entries(titles)) {
    for (const title of list) {
      ids[title] = createCard(doc, { title, stage: stage as 'strategy' }, { ...ctx, id: title }).id
    }
  }
  return { doc, ids }
}

/** Counts how often each subscription fired. */
function spy() {
  const calls = new Map<string, number>()
  return {
    fn: (name: string) => () => calls.set(name, (calls.get(name) ?? 0) + 1),
    count: (name: string) => calls.get(name) ?? 0,
    fired: () => [...calls.keys()].sort(),
  }
}

describe('BoardStore', () => {
  it('lists each stage in board order and keeps the same arrays between reads', () => {
    const { doc } = boardWith({ strategy: ['a', 'b', 'c'], plan: ['d'] })
    const store = new BoardStore(doc)
    expect(store.getColumn('strategy')).toEqual(['a', 'b', 'c'])
    expect(store.getColumn('plan')).toEqual(['d'])
    expect(store.getColumn('escalated')).toEqual([])
    expect(store.getColumn('strategy')).toBe(store.getColumn('strategy'))
    expect(store.getCard('a')).toBe(store.getCard('a'))
    expect(store.getCard('a')?.title).toBe('a')
  })

  it('re-renders only the edited card on a title edit: no column, no other card', () => {
    const { doc } = boardWith({ strategy: ['a', 'b'], plan: ['c'] })
    const store = new BoardStore(doc)
    const s = spy()
    for (const id of ['a', 'b', 'c']) store.subscribeCard(id, s.fn(`card:${id}`))
    store.subscribeColumn('strategy', s.fn('col:strategy'))
    store.subscribeColumn('plan', s.fn('col:plan'))
    const columnBefore = store.getColumn('strategy')
    const bBefore = store.getCard('b')
    const aBefore = store.getCard('a')

    updateCard(doc, 'a', { title: 'A, renamed' })

    expect(s.fired()).toEqual(['card:a'])
    expect(store.getCard('a')?.title).toBe('A, renamed')
    expect(store.getCard('a')).not.toBe(aBefore)
    expect(store.getCard('b')).toBe(bBefore)
    expect(store.getColumn('strategy')).toBe(columnBefore)
  })

  it('treats an edit that writes the same values as no change', () => {
    const { doc } = boardWith({ strategy: ['a'] })
    const store = new BoardStore(doc)
    const s = spy()
    store.subscribeCard('a', s.fn('card:a'))
    const before = store.getCard('a')
    // a raw write of an equal value still makes a transaction that touches the card
    doc.transact(() => doc.getMap<Y.Map<unknown>>('cards').get('a')?.set('title', 'a'))
    expect(s.fired()).toEqual([])
    expect(store.getCard('a')).toBe(before)
  })

  it('re-renders one column on a move within it, and both columns on a move across', () => {
    const { doc } = boardWith({ strategy: ['a', 'b', 'c'], plan: ['d'], calendar: ['e'] })
    const store = new BoardStore(doc)
    const s = spy()
    for (const stage of ['strategy', 'plan', 'calendar'] as const) {
      store.subscribeColumn(stage, s.fn(`col:${stage}`))
    }
    store.subscribeCard('b', s.fn('card:b'))
    const planBefore = store.getColumn('plan')
    const aBefore = store.getCard('a')

    moveCard(doc, 'c', { stage: 'strategy', index: 0 })
    expect(store.getColumn('strategy')).toEqual(['c', 'a', 'b'])
    expect(s.fired()).toEqual(['col:strategy'])
    expect(store.getColumn('plan')).toBe(planBefore)
    expect(store.getCard('a')).toBe(aBefore)

    moveCard(doc, 'a', { stage: 'plan', index: 1 })
    expect(store.getColumn('strategy')).toEqual(['c', 'b'])
    expect(store.getColumn('plan')).toEqual(['d', 'a'])
    expect(store.getCard('a')?.stage).toBe('plan')
    expect(s.count('col:strategy')).toBe(2)
    expect(s.count('col:plan')).toBe(1)
    expect(s.count('col:calendar')).toBe(0)
    expect(s.count('card:b')).toBe(0)
  })

  it('drops archived cards from their column and brings them back when restored', () => {
    const { doc } = boardWith({ strategy: ['a', 'b'] })
    const store = new BoardStore(doc)
    const s = spy()
    store.subscribeColumn('strategy', s.fn('col:strategy'))
    archiveCard(doc, 'a')
    expect(store.getColumn('strategy')).toEqual(['b'])
    expect(store.stageOf('a')).toBeUndefined()
    archiveCard(doc, 'a', false)
    expect(store.getColumn('strategy')).toEqual(['a', 'b'])
    expect(s.count('col:strategy')).toBe(2)
  })

  it('applies remote updates the same way as local ones', () => {
    const { doc } = boardWith({ strategy: ['a', 'b'], plan: ['c'] })
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc))
    const store = new BoardStore(doc)
    const s = spy()
    store.subscribeCard('a', s.fn('card:a'))
    store.subscribeCard('b', s.fn('card:b'))
    store.subscribeColumn('strategy', s.fn('col:strategy'))
    store.subscribeColumn('plan', s.fn('col:plan'))
    const sync = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)))

    updateCard(remote, 'b', { tags: ['launch'] })
    sync()
    expect(s.fired()).toEqual(['card:b'])
    expect(store.getCard('b')?.tags).toEqual(['launch'])

    createCard(remote, { title: 'new', stage: 'plan' }, { ...ctx, id: 'n' })
    sync()
    expect(store.getColumn('plan')).toEqual(['c', 'n'])
    expect(s.count('col:plan')).toBe(1)
    expect(s.count('col:strategy')).toBe(0)
  })

  it('loads a document that arrives after the store was created (IndexedDB, first sync)', () => {
    const { doc: source } = boardWith({ strategy: ['a'], published: ['p'] })
    const doc = new Y.Doc()
    const store = new BoardStore(doc)
    const s = spy()
    store.subscribeColumn('published', s.fn('col:published'))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
    expect(store.getColumn('strategy')).toEqual(['a'])
    expect(store.getColumn('published')).toEqual(['p'])
    expect(s.count('col:published')).toBe(1)
  })

  describe('a board arriving at once (the offline copy, a first sync)', () => {
    /** `n` cards in strategy and plan, plus an archived one and an entry that is no card. */
    function arriving(n: number) {
      const source = new Y.Doc()
      const cards = source.getMap<Y.Map<unknown>>('cards')
      source.transact(() => {
        for (let i = 0; i < n; i++) {
          const id = `c${String(i).padStart(4, '0')}`
          const entry = new Y.Map<unknown>()
          const fields = {
            id,
            title: `Card ${i}`,
            stage: i % 2 === 0 ? 'strategy' : 'plan',
            order: `a${String(i).padStart(4, '0')}`,
            archived: i === 1,
            createdAt: '2026-01-01T00:00:00.000Z',
          }
          for (const [k, v] of Object.entries(fields)) entry.set(k, v)
          cards.set(id, entry)
        }
        // in its place by stage and order, but an empty title is not a card's ([DOC3])
        const bad = new Y.Map<unknown>()
        for (const [k, v] of Object.entries({ id: 'bad', title: ' ', stage: 'plan', order: 'a' }))
          bad.set(k, v)
        cards.set('bad', bad)
      })
      return Y.encodeStateAsUpdate(source)
    }

    it('shows the columns at once, reads a card when asked, and leaves non-cards out once read', async () => {
      const doc = new Y.Doc()
      const store = new BoardStore(doc)
      const s = spy()
      store.subscribeColumn('plan', s.fn('col:plan'))
      Y.applyUpdate(doc, arriving(400))
      expect(store.getColumn('strategy')).toHaveLength(200)
      expect(store.getColumn('strategy')[0]).toBe('c0000')
      expect(store.getCard('c0002')?.title).toBe('Card 2')
      expect(store.getCard('c0002')).toBe(store.getCard('c0002'))
      // archived: known, not shown
      expect(store.getColumn('plan')).not.toContain('c0001')
      expect(store.getCard('c0001')?.archived).toBe(true)
      // the entry that is no card: placed first, gone from its column once read
      expect(store.getColumn('plan')[0]).toBe('bad')
      expect(s.count('col:plan')).toBe(1)
      expect(store.getCard('bad')).toBeUndefined()
      await Promise.resolve()
      expect(store.getColumn('plan')).not.toContain('bad')
      expect(store.getColumn('plan')).toHaveLength(199)
      expect(s.count('col:plan')).toBe(2)
      store.destroy()
    })

    it('reads the rest in the background, and every card for getAll', async () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, arriving(600))
      const store = new BoardStore(doc)
      expect(store.getColumn('plan')).toContain('bad')
      // nobody asks: it is read in steps between other work, and its column told
      await new Promise<void>((resolve) => {
        const stop = store.subscribeColumn('plan', () => {
          stop()
          resolve()
        })
      })
      expect(store.getColumn('plan')).not.toContain('bad')
      expect(store.getColumn('plan')).toHaveLength(299)

      // what waits for the whole board (the filter lists) gets it once read
      const waiting = new BoardStore(doc)
      expect(waiting.hasCards()).toBe(true)
      expect(waiting.getAllWhenRead()).toEqual([])
      await new Promise<void>((resolve) => {
        const stop = waiting.subscribeAll(() => {
          if (waiting.getAllWhenRead().length === 0) return
          stop()
          resolve()
        })
      })
      expect(waiting.getAllWhenRead()).toHaveLength(600)
      waiting.destroy()

      const again = new BoardStore(doc)
      const all = again.getAll()
      expect(all).toHaveLength(600)
      expect(all.map((card) => card.id)).toContain('c0001')
      expect(all).toBe(again.getAll())
      store.destroy()
      again.destroy()
    })

    it('takes small changes one card at a time afterwards', () => {
      const doc = new Y.Doc()
      const store = new BoardStore(doc)
      Y.applyUpdate(doc, arriving(300))
      const s = spy()
      store.subscribeCard('c0004', s.fn('card:c0004'))
      store.subscribeColumn('strategy', s.fn('col:strategy'))
      store.subscribeColumn('plan', s.fn('col:plan'))
      moveCard(doc, 'c0004', { stage: 'plan', index: 0 })
      expect(store.getColumn('plan')[0]).toBe('c0004')
      expect(store.getColumn('strategy')).not.toContain('c0004')
      expect(store.getCard('c0004')?.stage).toBe('plan')
      expect(s.fired()).toEqual(['card:c0004', 'col:plan', 'col:strategy'])
      store.destroy()
    })
  })

  it('shows a drag preview across columns without writing, and restores the same arrays', () => {
    const { doc } = boardWith({ strategy: ['a', 'b'], plan: ['c', 'd'], calendar: ['e'] })
    const store = new BoardStore(doc)
    const s = spy()
    for (const stage of ['strategy', 'plan', 'calendar'] as const) {
      store.subscribeColumn(stage, s.fn(`col:${stage}`))
    }
    const strategyBefore = store.getColumn('strategy')
    const planBefore = store.getColumn('plan')
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))

    store.setPreview({ id: 'a', stage: 'plan', index: 1 })
    expect(store.getColumn('strategy')).toEqual(['b'])
    expect(store.getColumn('plan')).toEqual(['c', 'a', 'd'])
    expect(store.stageOf('a')).toBe('plan')
    expect(s.fired()).toEqual(['col:plan', 'col:strategy'])

    store.setPreview({ id: 'a', stage: 'plan', index: 1 })
    expect(s.count('col:plan')).toBe(1)

    store.setPreview(null)
    expect(store.getColumn('strategy')).toBe(strategyBefore)
    expect(store.getColumn('plan')).toBe(planBefore)
    expect(store.stageOf('a')).toBe('strategy')
    expect(s.count('col:calendar')).toBe(0)
    expect(updates).toHaveLength(0)
  })

  it('keeps a preview in place while remote changes arrive, and clamps its index', () => {
    const { doc } = boardWith({ strategy: ['a'], plan: ['c'] })
    const store = new BoardStore(doc)
    store.setPreview({ id: 'a', stage: 'plan', index: 99 })
    expect(store.getColumn('plan')).toEqual(['c', 'a'])
    createCard(doc, { title: 'x', stage: 'plan' }, { ...ctx, id: 'x' })
    expect(store.getColumn('plan')).toEqual(['c', 'x', 'a'])
    expect(store.getColumn('strategy')).toEqual([])
  })

  it('stops notifying after unsubscribe and after destroy', () => {
    const { doc } = boardWith({ strategy: ['a'] })
    const store = new BoardStore(doc)
    const s = spy()
    const off = store.subscribeCard('a', s.fn('card:a'))
    off()
    updateCard(doc, 'a', { title: 'one' })
    store.subscribeCard('a', s.fn('card:a2'))
    store.destroy()
    updateCard(doc, 'a', { title: 'two' })
    expect(s.fired()).toEqual([])
    expect(store.getCard('a')?.title).toBe('one')
  })

  it('handles a 5,000-card board: a single edit touches one card, a move one column', () => {
    const doc = new Y.Doc()
    const cards = doc.getMap<Y.Map<unknown>>('cards')
    doc.transact(() => {
      for (let i = 0; i < 5000; i++) {
        const entry = new Y.Map<unknown>()
        const id = `c${i}`
        const fields = {
          id,
          title: `Card ${i}`,
          stage: ['strategy', 'plan', 'calendar'][i % 3],
          order: `a${String(i).padStart(5, '0')}`,
          createdAt: '2026-01-01T00:00:00.000Z',
        }
        for (const [k, v] of Object.entries(fields)) entry.set(k, v)
        cards.set(id, entry)
      }
    })
    const store = new BoardStore(doc)
    expect(store.getColumn('strategy')).toHaveLength(1667)
    const s = spy()
    store.subscribeColumn('strategy', s.fn('col:strategy'))
    store.subscribeColumn('plan', s.fn('col:plan'))
    store.subscribeCard('c3', s.fn('card:c3'))
    const started = performance.now()
    updateCard(doc, 'c0', { title: 'edited' })
    expect(s.fired()).toEqual([])
    cards.get('c3')?.set('order', 'Zz')
    expect(s.fired()).toEqual(['card:c3', 'col:strategy'])
    expect(store.getColumn('strategy')[0]).toBe('c3')
    expect(performance.now() - started).toBeLessThan(500)
  })
})
