import { type Card, STAGES, type Stage } from '@pauta/domain'
import type { BoardStore } from '../board-store.ts'
import type { CardPredicate } from './board-filter.ts'

/** What a column shows under a filter: the matching ids, in board order, and how many it holds. */
export interface FilteredColumn {
  ids: readonly string[]
  /** every card of the column, matching or not */
  total: number
  filtering: boolean
}

type Listener = () => void

/** What the filter reads of the board store. */
export type ColumnSource = Pick<
  BoardStore,
  'getColumn' | 'getAll' | 'getCard' | 'subscribeColumn' | 'subscribeAll'
>

/**
 * The board's columns seen through one filter, for `useSyncExternalStore`. Built on the store's
 * columns (drag preview included), so a dragged card shows where it is dragged.
 *
 * Each card is tested once per card object (the store hands out a new object only when the card
 * changes), and a column's snapshot keeps its reference while its ids and total are the same:
 * a title edit that does not change what matches re-renders no column.
 */
export class FilteredColumns {
  private readonly verdicts = new WeakMap<Card, boolean>()
  private readonly snapshots = new Map<
    Stage,
    { base: readonly string[]; cards: readonly Card[] | null; column: FilteredColumn }
  >()

  constructor(
    private readonly store: ColumnSource,
    private readonly predicate: CardPredicate | null,
  ) {}

  /** Calls `listener` when a column, or (while filtering) any card, changes. */
  subscribe = (listener: Listener): (() => void) => {
    const stops = STAGES.map((stage) => this.store.subscribeColumn(stage, listener))
    if (this.predicate) stops.push(this.store.subscribeAll(listener))
    return () => {
      for (const stop of stops) stop()
    }
  }

  getColumn(stage: Stage): FilteredColumn {
    const base = this.store.getColumn(stage)
    // an edit can make a card match or stop matching without moving it: while filtering, any
    // change of a card is a reason to look again
    const cards = this.predicate ? this.store.getAll() : null
    const previous = this.snapshots.get(stage)
    if (previous?.base === base && previous.cards === cards) return previous.column
    const ids = this.predicate ? base.filter((id) => this.matches(id)) : base
    const column =
      previous && previous.column.total === base.length && sameIds(previous.column.ids, ids)
        ? previous.column
        : { ids, total: base.length, filtering: this.predicate !== null }
    this.snapshots.set(stage, { base, cards, column })
    return column
  }

  /** How many cards the board shows under the filter (its "nothing matches" when 0). */
  getMatchCount = (): number => {
    let count = 0
    for (const stage of STAGES) count += this.getColumn(stage).ids.length
    return count
  }

  private matches(id: string): boolean {
    const card = this.store.getCard(id)
    if (!card || !this.predicate) return false
    let verdict = this.verdicts.get(card)
    if (verdict === undefined) {
      verdict = this.predicate(card)
      this.verdicts.set(card, verdict)
    }
    return verdict
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
