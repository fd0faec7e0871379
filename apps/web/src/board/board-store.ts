import { cardsMap, compareCards, getCard, listCards, observeCards } from '@pauta/board'
import { type Card, STAGES, type Stage } from '@pauta/domain'
import * as Y from 'yjs'

type Listener = () => void

/** Where a card being dragged is shown before it is dropped. */
export interface DragPreview {
  id: string
  stage: Stage
  /** index in the stage's column as listed without the card itself */
  index: number
}

const EMPTY: readonly string[] = Object.freeze([])
const NO_CARDS: readonly Card[] = Object.freeze([])

/** Where a card sits, from its raw `stage`, `order` and `archived` fields. */
interface Slot {
  stage: Stage
  order: string
  archived: boolean
}

const STAGE_SET: ReadonlySet<unknown> = new Set(STAGES)

/** The slot of an entry that may be a card; null for one that surely is not. */
function readSlot(entry: unknown): Slot | null {
  if (!(entry instanceof Y.Map)) return null
  const stage: unknown = entry.get('stage')
  const order: unknown = entry.get('order')
  const archived: unknown = entry.get('archived') ?? false
  if (!STAGE_SET.has(stage) || typeof order !== 'string' || order === '') return null
  if (typeof archived !== 'boolean') return null
  return { stage: stage as Stage, order, archived }
}

const slotOf = (card: Card): Slot => ({
  stage: card.stage,
  order: card.order,
  archived: card.archived,
})

/**
 * How many cards one transaction must bring for the store to place them by their raw fields
 * and read them in full only when asked (a board loading from the offline copy or the
 * server); below it, every touched card is read at once.
 */
const BULK = 200
/** Cards read in full per background step after a bulk change. */
const READ_STEP = 250

/**
 * A framework-free view of the board document for React's `useSyncExternalStore`.
 *
 * Components subscribe to exactly what they render: a card to its own `Card`, a column to its
 * list of ids. Snapshots keep their reference while their content is unchanged, so a remote
 * edit of one card re-renders that card only, and a move re-renders the columns it touched.
 *
 * A bulk change (the board arriving) places its cards by their raw `stage`, `order` and
 * `archived` and reads each card in full (the card schema) when something asks for it, and
 * the rest in the background: the columns of a 5,000-card board show after reading the few
 * cards in view, not all 5,000. An entry that turns out not to be a card ([DOC3]) leaves its
 * column as soon as it is read.
 */
export class BoardStore {
  /** the cards read in full so far: every card once `pending` is empty */
  private readonly cards = new Map<string, Card>()
  /** where every entry that is (or may be) a card sits, in document order */
  private readonly slots = new Map<string, Slot>()
  /** entries placed by their raw fields, not read in full yet */
  private readonly pending = new Set<string>()
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
  /** stages that lost an entry found not to be a card, to refresh after the current read */
  private readonly dropped = new Set<Stage>()
  private backgroundRead: ReturnType<typeof setTimeout> | null = null
  private destroyed = false
  private readonly unobserve: () => void

  constructor(readonly doc: Y.Doc) {
    for (const stage of STAGES) this.members.set(stage, new Set())
    const ids = new Set(cardsMap(doc).keys())
    if (ids.size >= BULK) this.placeBulk(ids)
    else {
      for (const card of listCards(doc)) {
        this.cards.set(card.id, card)
        this.slots.set(card.id, slotOf(card))
        if (!card.archived) this.members.get(card.stage)?.add(card.id)
      }
    }
    for (const stage of STAGES) {
      const ids = this.sortedIds(stage)
      this.base.set(stage, ids)
      this.views.set(stage, ids)
    }
    this.unobserve = observeCards(doc, (ids) => this.applyChanges(ids))
  }

  destroy(): void {
    this.destroyed = true
    if (this.backgroundRead !== null) clearTimeout(this.backgroundRead)
    this.unobserve()
    this.cardListeners.clear()
    this.columnListeners.clear()
    this.allListeners.clear()
  }

  getCard(id: string): Card | undefined {
    return this.cards.get(id) ?? (this.pending.has(id) ? this.read(id) : undefined)
  }

  /** The ids a column shows, drag preview included. Same array while the column is unchanged. */
  getColumn(stage: Stage): readonly string[] {
    return this.views.get(stage) ?? EMPTY
  }

  /** The stage a card is shown in (the preview's, while it is dragged across columns). */
  stageOf(id: string): Stage | undefined {
    if (this.preview?.id === id) return this.preview.stage
    const slot = this.slots.get(id)
    return slot && !slot.archived ? slot.stage : undefined
  }

  getPreview(): DragPreview | null {
    return this.preview
  }

  /**
   * Every card the document holds (archived ones too), for views that cut across stages
   * (a queue, a calendar, an inbox). Same array until some card changes.
   */
  getAll(): readonly Card[] {
    if (this.all === null) {
      for (const id of [...this.pending]) this.read(id)
      const all: Card[] = []
      for (const id of this.slots.keys()) {
        const card = this.cards.get(id)
        if (card) all.push(card)
      }
      this.all = Object.freeze(all)
    }
    return this.all
  }

  /**
   * Every card once the board is read in full; none while a board that just arrived is still
   * being read (in the background, see `BoardStore`). For what can wait for it, such as the
   * filter bar's lists, without reading 5,000 cards before the board paints.
   */
  getAllWhenRead(): readonly Card[] {
    return this.pending.size > 0 ? NO_CARDS : this.getAll()
  }

  /** Whether the document holds any card (archived ones too), without reading them. */
  hasCards(): boolean {
    return this.slots.size > 0
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
      const slot = this.slots.get(p.id)
      if (slot) touched.add(slot.stage)
    }
    this.notifyColumns(this.refreshViews(touched))
  }

  private applyChanges(ids: ReadonlySet<string>): void {
    if (ids.size >= BULK) {
      const dirtyStages = this.placeBulk(ids)
      this.finishChange([...ids], dirtyStages)
      return
    }
    const changedCards: string[] = []
    const dirtyStages = new Set<Stage>()
    for (const id of ids) {
      const previous = this.cards.get(id)
      const before = this.slots.get(id)
      this.pending.delete(id)
      const next = getCard(this.doc, id) ?? undefined
      if (previous && next && sameCard(previous, next)) continue
      this.move(id, before, next ? slotOf(next) : null, dirtyStages)
      if (next) this.cards.set(id, next)
      else this.cards.delete(id)
      changedCards.push(id)
    }
    this.finishChange(changedCards, dirtyStages)
  }

  /** Re-sorts the stages a change touched and tells whoever listens. */
  private finishChange(changedCards: readonly string[], dirtyStages: ReadonlySet<Stage>): void {
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

  /** Moves an entry from its old slot to its new one in the stages' members. */
  private move(id: string, before: Slot | undefined, after: Slot | null, dirty: Set<Stage>): void {
    const wasShown = before !== undefined && !before.archived
    const isShown = after !== null && !after.archived
    // a title edit leaves the column alone; only stage, order and archived reorder it
    const moved = before?.stage !== after?.stage || before?.order !== after?.order
    if (before && wasShown && (!isShown || moved)) {
      this.members.get(before.stage)?.delete(id)
      dirty.add(before.stage)
    }
    if (after && isShown && (!wasShown || moved)) {
      this.members.get(after.stage)?.add(id)
      dirty.add(after.stage)
    }
    if (after) this.slots.set(id, after)
    else this.slots.delete(id)
  }

  /**
   * Places many entries by their raw fields, to be read in full later (`read`), and starts
   * reading them in the background. Returns the stages whose members changed.
   */
  private placeBulk(ids: Iterable<string>): Set<Stage> {
    const dirty = new Set<Stage>()
    const entries = cardsMap(this.doc)
    for (const id of ids) {
      const slot = readSlot(entries.get(id))
      this.move(id, this.slots.get(id), slot, dirty)
      this.cards.delete(id)
      if (slot) this.pending.add(id)
      else this.pending.delete(id)
    }
    this.readInBackground()
    return dirty
  }

  /** Reads one placed entry in full: the card, or, when it is not one, takes it out of its column. */
  private read(id: string): Card | undefined {
    this.pending.delete(id)
    const card = getCard(this.doc, id) ?? undefined
    if (card) {
      this.cards.set(id, card)
      return card
    }
    const slot = this.slots.get(id)
    this.slots.delete(id)
    if (slot && !slot.archived && this.members.get(slot.stage)?.delete(id)) {
      // possibly asked while rendering: the column changes once that is over
      if (this.dropped.size === 0) queueMicrotask(() => this.refreshDropped())
      this.dropped.add(slot.stage)
    }
    return undefined
  }

  private refreshDropped(): void {
    const stages = new Set(this.dropped)
    this.dropped.clear()
    if (this.destroyed) return
    this.all = null
    this.finishChange([], stages)
    notify(this.allListeners)
  }

  /** Reads the placed entries a few hundred at a time, between other work. */
  private readInBackground(): void {
    if (this.backgroundRead !== null || this.destroyed) return
    const step = () => {
      this.backgroundRead = null
      if (this.destroyed) return
      let n = 0
      for (const id of this.pending) {
        this.read(id)
        if (++n === READ_STEP) break
      }
      if (this.pending.size > 0) this.backgroundRead = setTimeout(step, 0)
      else {
        // read in full: what waited for it (`getAllWhenRead`) may look now
        this.all = null
        notify(this.allListeners)
      }
    }
    this.backgroundRead = setTimeout(step, 0)
  }

  private sortedIds(stage: Stage): readonly string[] {
    const slots: Array<{ id: string; order: string }> = []
    for (const id of this.members.get(stage) ?? []) {
      const slot = this.slots.get(id)
      if (slot) slots.push({ id, order: slot.order })
    }
    slots.sort(compareCards)
    return slots.map((slot) => slot.id)
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
    if (!preview || !this.slots.has(preview.id)) return base
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
