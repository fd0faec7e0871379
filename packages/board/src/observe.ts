import { isStage, type Stage } from '@pauta/domain'
import * as Y from 'yjs'
import { cardsMap } from './doc.ts'

/** [OBS1] Calls `listener` once per transaction with the ids of the cards it touched. */
export function observeCards(
  doc: Y.Doc,
  listener: (changedIds: ReadonlySet<string>, transaction: Y.Transaction) => void,
): () => void {
  const cards = cardsMap(doc)
  const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const ids = new Set<string>()
    for (const event of events) {
      if (event.target === cards) for (const key of event.changes.keys.keys()) ids.add(key)
      else if (typeof event.path[0] === 'string') ids.add(event.path[0])
    }
    if (ids.size > 0) listener(ids, tr)
  }
  cards.observeDeep(handler)
  return () => cards.unobserveDeep(handler)
}

export interface StageChange {
  cardId: string
  /** null when the card was created by this transaction */
  from: Stage | null
  to: Stage
}

/**
 * [EVT1] The stage changes one transaction made: a new card (from null) or a card whose
 * `stage` field changed to another valid stage. Feeds the SQL history of stage changes.
 */
export function stageChanges(
  doc: Y.Doc,
  events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
): StageChange[] {
  const cards = cardsMap(doc)
  const changes = new Map<string, StageChange>()
  for (const event of events) {
    if (event.target === cards) {
      for (const [id, change] of event.changes.keys) {
        const entry = cards.get(id)
        const to = entry instanceof Y.Map ? entry.get('stage') : undefined
        if (change.action !== 'delete' && isStage(to)) {
          const previous = change.action === 'update' ? stageOf(change.oldValue) : null
          if (previous !== to) changes.set(id, { cardId: id, from: previous, to })
        }
      }
    } else if (event.target instanceof Y.Map && typeof event.path[0] === 'string') {
      const id = event.path[0]
      const stageChange = event.changes.keys.get('stage')
      const to = event.target.get('stage')
      if (!stageChange || changes.has(id) || !isStage(to)) continue
      const from = stageChange.action === 'add' ? null : stageOrNull(stageChange.oldValue)
      if (from !== to) changes.set(id, { cardId: id, from, to })
    }
  }
  return [...changes.values()]
}

function stageOrNull(value: unknown): Stage | null {
  return isStage(value) ? value : null
}

function stageOf(entry: unknown): Stage | null {
  return entry instanceof Y.Map ? stageOrNull(entry.get('stage')) : null
}

/** Listens for stage changes per transaction; the transaction's origin says who made them. */
export function observeStageChanges(
  doc: Y.Doc,
  listener: (changes: StageChange[], transaction: Y.Transaction) => void,
): () => void {
  const cards = cardsMap(doc)
  const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const changes = stageChanges(doc, events)
    if (changes.length > 0) listener(changes, tr)
  }
  cards.observeDeep(handler)
  return () => cards.unobserveDeep(handler)
}
