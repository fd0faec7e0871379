import { type Card, cardSchema, type Stage, sameJson } from '@pauta/domain'
import * as Y from 'yjs'
import { type CardMap, cardsMap, compareCards, readCard, type Slot, stageSlots } from './doc.ts'
import { keyBetween, keysBetween } from './order.ts'
import { writeField } from './text-fields.ts'

/**
 * What a change reads of the board: a card, and a column's order. A document is one view
 * (`docView`); a list of cards is another (`cardsView`), for models that judge a change
 * without a document at hand.
 */
export interface BoardView {
  /** The card as readers see it; null when there is none or it does not satisfy the schema. */
  card(id: string): Card | null
  /** Whether an entry with this id exists, readable or not. */
  has(id: string): boolean
  /** A stage's order ([ORD1]); archived cards only when asked. */
  slots(stage: Stage, opts?: { includeArchived?: boolean }): Slot[]
}

export function docView(doc: Y.Doc): BoardView {
  const cards = cardsMap(doc)
  return {
    card: (id) => readCard(cards.get(id)),
    has: (id) => cards.has(id),
    slots: (stage, opts) => stageSlots(doc, stage, opts),
  }
}

export function cardsView(list: Iterable<Card>): BoardView {
  const byId = new Map<string, Card>()
  for (const card of list) byId.set(card.id, card)
  return {
    card: (id) => byId.get(id) ?? null,
    has: (id) => byId.has(id),
    slots: (stage, opts) =>
      [...byId.values()]
        .filter((c) => c.stage === stage && (opts?.includeArchived || !c.archived))
        .map(({ id, order }) => ({ id, order }))
        .sort(compareCards),
  }
}

/**
 * One card's part of a change: the fields to write (every field, for a card the change
 * creates) and the card as readers will see it afterwards. `before` is null for a new card.
 */
export interface CardWrite {
  id: string
  before: Card | null
  after: Card
  fields: Partial<Card>
}

/**
 * The fields of `patch` that differ from the card ([EDIT2]: only fields that change are
 * written) and the card once they are written. `patch` holds values in their stored form;
 * the card schema reads them back unchanged, so `after` is what every replica will read.
 */
export function writeFields(before: Card, patch: Partial<Card>): CardWrite {
  const fields: Partial<Card> = {}
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && !sameJson(before[key as keyof Card], value))
      Object.assign(fields, { [key]: value })
  }
  return { id: before.id, before, after: cardSchema.parse({ ...before, ...fields }), fields }
}

export function writeNew(card: Card): CardWrite {
  return { id: card.id, before: null, after: card, fields: { ...card } }
}

/** [ORD3] The key of a card appended to the bottom of a stage. */
export function bottomKey(view: BoardView, stage: Stage): string {
  const last = view.slots(stage, { includeArchived: true }).at(-1)?.order ?? null
  return keyBetween(last, null) ?? keysBetween(null, null, 1)[0]!
}

/** Where a move puts a card: its new key, and fresh keys for neighbours when none fits ([ORD2]). */
export interface Placement {
  order: string
  rekeyed: Array<{ id: string; order: string }>
}

/**
 * [MOVE1] The key for `index` of the target column as listed without the card itself.
 * [ORD2] When the neighbours leave no gap (concurrent inserts chose the same key, or a foreign
 * writer left a key that is not a fractional key), the window around the gap is widened until
 * its bounds leave room and the cards inside it get fresh keys.
 */
export function placement(view: BoardView, id: string, stage: Stage, index: number): Placement {
  const column = view.slots(stage).filter((slot) => slot.id !== id)
  const at = Math.max(0, Math.min(Math.trunc(index), column.length))
  const key = keyBetween(column[at - 1]?.order ?? null, column[at]?.order ?? null)
  return key !== null ? { order: key, rekeyed: [] } : spreadRun(column, at)
}

function spreadRun(column: Slot[], index: number): Placement {
  let start = index
  let end = index
  for (;;) {
    start = Math.max(0, start - 1)
    end = Math.min(column.length, end + 1)
    let fresh: string[]
    try {
      fresh = keysBetween(
        column[start - 1]?.order ?? null,
        column[end]?.order ?? null,
        end - start + 1,
      )
    } catch {
      continue // both bounds are open once the window spans the column, and that cannot fail
    }
    const rekeyed = []
    for (let i = start; i < end; i++)
      rekeyed.push({ id: column[i]!.id, order: fresh[i - start + (i >= index ? 1 : 0)]! })
    return { order: fresh[index - start]!, rekeyed }
  }
}

/**
 * Writes a planned change in one transaction with `origin`: what a command judged is exactly
 * what is written. Neighbours that a move re-keys get only their `order` ([ORD2]).
 */
export function commitWrites(
  doc: Y.Doc,
  writes: readonly CardWrite[],
  rekeyed: Placement['rekeyed'],
  origin: unknown,
): void {
  if (writes.every((w) => Object.keys(w.fields).length === 0) && rekeyed.length === 0) return
  const cards = cardsMap(doc)
  doc.transact(() => {
    for (const { id, order } of rekeyed) {
      const entry = cards.get(id)
      if (entry instanceof Y.Map) entry.set('order', order)
    }
    for (const write of writes) {
      if (write.before === null) {
        const entry: CardMap = new Y.Map()
        cards.set(write.id, entry)
        for (const [key, value] of Object.entries(write.fields)) writeField(entry, key, value)
        continue
      }
      const entry = cards.get(write.id)
      if (!(entry instanceof Y.Map)) continue
      for (const [key, value] of Object.entries(write.fields)) writeField(entry, key, value)
    }
  }, origin)
}
