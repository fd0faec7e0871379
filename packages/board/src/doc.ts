import { type Card, cardDefaults, cardSchema, STAGES, type Stage } from '@pauta/domain'
import * as Y from 'yjs'
import { plainValue } from './text-fields.ts'

/** Root names of the board document ([DOC1]). Part of the public contract. */
export const ROOT = { cards: 'cards' } as const

export type CardMap = Y.Map<unknown>
export type CardsMap = Y.Map<CardMap>
export type Columns = Record<Stage, Card[]>

export function cardsMap(doc: Y.Doc): CardsMap {
  return doc.getMap<CardMap>(ROOT.cards)
}

/**
 * A typed read of one card entry. An entry that is not a Y.Map or does not satisfy the card
 * schema is not a card ([DOC3]): readers skip it rather than show something half-valid.
 */
export function readCard(entry: unknown): Card | null {
  if (!(entry instanceof Y.Map)) return null
  // A field an older or partial entry lacks reads as its default.
  const raw: Record<string, unknown> = cardDefaults()
  for (const [key, value] of entry.entries()) raw[key] = plainValue(value)
  const parsed = cardSchema.safeParse(raw)
  return parsed.success ? parsed.data : null
}

export function getCard(doc: Y.Doc, id: string): Card | null {
  return readCard(cardsMap(doc).get(id))
}

export function listCards(doc: Y.Doc): Card[] {
  const cards: Card[] = []
  for (const entry of cardsMap(doc).values()) {
    const card = readCard(entry)
    if (card) cards.push(card)
  }
  return cards
}

/** [ORD1] Within a stage: by fractional key, compared by code unit, then by id. */
export function compareCards(a: Pick<Card, 'order' | 'id'>, b: Pick<Card, 'order' | 'id'>): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1
  if (a.id === b.id) return 0
  return a.id < b.id ? -1 : 1
}

export function emptyColumns(): Columns {
  return Object.fromEntries(STAGES.map((stage) => [stage, []])) as unknown as Columns
}

export interface Slot {
  id: string
  order: string
}

/**
 * The order of one stage from the raw `stage`, `order` and `archived` fields only. Moves
 * and creates need just this; validating every card of a 5,000-card board would cost
 * them a hundred times more.
 */
export function stageSlots(
  doc: Y.Doc,
  stage: Stage,
  opts: { includeArchived?: boolean } = {},
): Slot[] {
  const slots: Slot[] = []
  for (const [id, entry] of cardsMap(doc).entries()) {
    if (!(entry instanceof Y.Map) || entry.get('stage') !== stage) continue
    if (entry.get('archived') === true && !opts.includeArchived) continue
    const order = entry.get('order')
    if (typeof order === 'string') slots.push({ id, order })
  }
  return slots.sort(compareCards)
}

/** The board as people see it: each stage's cards in order; archived cards left out by default. */
export function columns(doc: Y.Doc, opts: { includeArchived?: boolean } = {}): Columns {
  const result = emptyColumns()
  for (const card of listCards(doc)) {
    if (card.archived && !opts.includeArchived) continue
    result[card.stage].push(card)
  }
  for (const stage of STAGES) result[stage].sort(compareCards)
  return result
}
