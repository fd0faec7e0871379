import type * as Y from 'yjs'
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
