import * as Y from 'yjs'
import { cardsMap } from './doc.ts'
import type { CardDiff } from './judge.ts'

/** A time the server writes into a card from its own clock ([STAMP1]). */
export interface Stamp {
  cardId: string
  escalatedAt: string
}

/**
 * [STAMP1] The times that measure people, for the cards an accepted change touched: a card
 * that entered escalated starts its SLA at `now`, the server's time, whatever the client
 * wrote.
 */
export function stampsFor(diffs: readonly CardDiff[], now: Date): Stamp[] {
  const at = now.toISOString()
  return diffs
    .filter(({ before, after }) => after.stage === 'escalated' && before?.stage !== 'escalated')
    .map(({ id }) => ({ cardId: id, escalatedAt: at }))
}

/** Writes the stamps into the document (the server's amendment of the change). */
export function writeStamps(doc: Y.Doc, stamps: readonly Stamp[]): void {
  const cards = cardsMap(doc)
  doc.transact(() => {
    for (const { cardId, escalatedAt } of stamps) {
      const entry = cards.get(cardId)
      if (entry instanceof Y.Map && entry.get('escalatedAt') !== escalatedAt)
        entry.set('escalatedAt', escalatedAt)
    }
  })
}

/** The diffs as they read once the stamps are written. */
export function withStamps(diffs: readonly CardDiff[], stamps: readonly Stamp[]): CardDiff[] {
  if (stamps.length === 0) return [...diffs]
  const byCard = new Map(stamps.map((stamp) => [stamp.cardId, stamp]))
  return diffs.map((diff) => {
    const stamp = byCard.get(diff.id)
    return stamp ? { ...diff, after: { ...diff.after, escalatedAt: stamp.escalatedAt } } : diff
  })
}
