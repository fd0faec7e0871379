import { compareCards, getCard, listCards, observeCards } from '@pauta/board'
import { type Card, STAGES, type Stage } from '@pauta/domain'
import type * as Y from 'yjs'

type Listener = () => void

/** Where a card being dragged is shown before it is dropped. */
export interface DragPreview {
  id: string
  stage: Stage
  /** index in the stage's column as listed without the card itself */
  index: number
}

const EMPTY: readonly string[] = Object.freeze([])

/**
 * A framework-free view of the board document for React's `useSyncExternalStore`.
 *
 * Components subscribe to exactly what they render: a card to its own `Card`, a column to its
 * list of ids. Snapshots keep their reference while their content is unchanged, so a remote
 * edit of one card re-renders that card only, and a move re-renders the columns it touched.
 */
export class BoardStore {
  private readonly cards = new Map<string, Card>()
  /** ids of the visible (not archived) cards per stage, in board order */
  private readonly members = new Map<Stage, Set<string>>()
  private readonly base = new Map<Stage, readonly string[]>()
  /** `base` with the drag preview applied: what the columns show */
  private readonly views = new Map<Stage, readonly string[]>()
  private readonly cardListeners = new Map<string, Set<Listener>>()
  private readonly columnListeners = new Map<Stage, Set<Listener>>()
  private preview: DragPreview | null = null
  private readonly allListeners = new Set<Listener>()
  /** Every card, archived ones included; a new array after any card changes. */
  private all: readonly Card[] | null = null
  private readonly unobserve: () => void

  constructor(readonly doc: Y.Doc) {
    for (const stage of STAGES) this.members.set(stage, new Set())
    for (const card of listCards(doc)) {
      this.cards.set(card.id, card)
      if (!card.archived) this.members.get(card.stage)?.add(card.id)
    }
    for (const stage of STAGES) {
      const ids = this.sortedIds(stage)
      this.base.set(stage, ids)
      this.views.set(stage, ids)
    }
    this.unobserve = observeCards(doc, (ids) => this.applyChanges(ids))
  }

  destroy(): void {
    this.unobserve()
    this.cardListeners.clear()
    this.columnListeners.clear()
    this.allListeners.clear()
  }

  getCard(id: string): Card | undefined {
    return this.cards.get(id)
  }

  /** The ids a column shows, drag preview included. Same array while the column is unchanged. */
  getColumn(stage: Stage): readonly string[] {
    return this.views.get(stage) ?? EMPTY
  }

  /** The stage a card is shown in (the preview's, while it is dragged across columns). */
  stageOf(id: string): Stage | undefined {
    if (this.preview?.id === id) return this.preview.stage
    const card = this.cards.get(id)
    return card && !card.archived ? card.stage : undefined
  }

  getPreview(): DragPreview | null {
    return this.preview
  }

  /**
   * Every card the document holds (archived ones too), for views that cut across stages
   * (a queue, a calendar, an inbox). Same array until some card changes.
   */
  getAll(): readonly Card[] {
    if (this.all === null) this.all = Object.freeze([...this.cards.values()])
    return this.all
  }

  subscribeAll(listener: Listener): () => void {
    this.allListeners.add(listener)
    return () => this.allListeners.delete(listener)
  }

  subscribeCard(id: string, listener: Listener): () => void {
    return addListener(this.cardListeners, id, listener)
  }

  subscribeColumn(stage: Stage, listener: Listener): () => void {
    return addListener(this.columnListeners, stage, listener)
  }

  /** Show a dragged card in another place without writing to the document. */
  setPreview(preview: DragPreview | null): void {
    const previous = this.preview
    if (
      previous === preview ||
      (previous &&
        preview &&
        previous.id === preview.id &&
        previous.stage === preview.stage &&
        previous.index === preview.index)
    ) {
      return
    }
    this.preview = preview
    const touched = new Set<Stage>()
    for (const p of [previous, preview]) {
      if (!p) continue
      touched.add(p.stage)
      const card = this.cards.get(p.id)
      if (card) touched.add(card.stage)
    }
    this.notifyColumns(this.refreshViews(touched))
  }

  private applyChanges(ids: ReadonlySet<string>): void {
    const changedCards: string[] = []
    const dirtyStages = new Set<Stage>()
    for (const id of ids) {
      const previous = this.cards.get(id)
      const next = getCard(this.doc, id) ?? undefined
      if (previous && next && sameCard(previous, next)) continue
      const wasShown = previous !== undefined && !previous.archived
      const isShown = next !== undefined && !next.archived
      // a title edit leaves the column alone; only stage, order and archived reorder it
      const moved = previous?.stage !== next?.stage || previous?.order !== next?.order
      if (previous && wasShown && (!isShown || moved)) {
        this.members.get(previous.stage)?.delete(id)
        dirtyStages.add(previous.stage)
      }
      if (next && isShown && (!wasShown || moved)) {
        this.members.get(next.stage)?.add(id)
        dirtyStages.add(next.stage)
      }
      if (next) this.cards.set(id, next)
      else this.cards.delete(id)
      changedCards.push(id)
    }
    for (const stage of dirtyStages) {
      const ids = this.sortedIds(stage)
      if (!sameIds(ids, this.base.get(stage) ?? EMPTY)) this.base.set(stage, ids)
    }
    const changedColumns = this.refreshViews(dirtyStages)
    for (const id of changedCards) notify(this.cardListeners.get(id))
    this.notifyColumns(changedColumns)
    if (changedCards.length > 0) {
      this.all = null
      notify(this.allListeners)
    }
  }

  private sortedIds(stage: Stage): readonly string[] {
    const cards: Card[] = []
    for (const id of this.members.get(stage) ?? []) {
      const card = this.cards.get(id)
      if (card) cards.push(card)
    }
    cards.sort(compareCards)
    return cards.map((card) => card.id)
  }

  /** Recomputes the shown columns of these stages; returns the stages whose list changed. */
  private refreshViews(stages: Iterable<Stage>): Stage[] {
    const changed: Stage[] = []
    for (const stage of stages) {
      const base = this.base.get(stage) ?? EMPTY
      const view = this.applyPreview(stage, base)
      const current = this.views.get(stage) ?? EMPTY
      if (view === current || sameIds(view, current)) continue
      this.views.set(stage, view)
      changed.push(stage)
    }
    return changed
  }

  private applyPreview(stage: Stage, base: readonly string[]): readonly string[] {
    const preview = this.preview
    if (!preview || !this.cards.has(preview.id)) return base
    const without = base.includes(preview.id) ? base.filter((id) => id !== preview.id) : base
    if (preview.stage !== stage) return without
    const index = Math.max(0, Math.min(preview.index, without.length))
    return [...without.slice(0, index), preview.id, ...without.slice(index)]
  }

  private notifyColumns(stages: readonly Stage[]): void {
    for (const stage of stages) notify(this.columnListeners.get(stage))
  }
}

function addListener<K>(map: Map<K, Set<Listener>>, key: K, listener: Listener): () => void {
  let set = map.get(key)
  if (!set) {
    set = new Set()
    map.set(key, set)
  }
  set.add(listener)
  return () => {
    const current = map.get(key)
    if (!current) return
    current.delete(listener)
    if (current.size === 0) map.delete(key)
  }
}

function notify(listeners: Set<Listener> | undefined): void {
  if (!listeners) return
  for (const listener of [...listeners]) listener()
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sameCard(a: Card, b: Card): boolean {
  for (const key of Object.keys(a) as (keyof Card)[]) {
    const x = a[key]
    const y = b[key]
    if (key === 'monitoring') {
      // A log that only grows: same length, same notes.
      if (
        a.monitoring.length !== b.monitoring.length ||
        a.monitoring.at(-1)?.at !== b.monitoring.at(-1)?.at
      )
        return false
    } else if (Array.isArray(x) && Array.isArray(y)) {
      if (!sameIds(x as string[], y as string[])) return false
    } else if (x !== y) {
      return false
    }
  }
  return Object.keys(a).length === Object.keys(b).length
}
