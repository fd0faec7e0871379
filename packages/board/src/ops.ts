import {
  type Card,
  type CardEdit,
  cardEditSchema,
  type MonitoringNote,
  type MoveFields,
  monitoringNoteSchema,
  moveFieldsSchema,
  type NewCard,
  newCardSchema,
  type Stage,
  stageSchema,
} from '@pauta/domain'
import * as Y from 'yjs'
import { type CardMap, cardsMap, type Slot, stageSlots } from './doc.ts'
import { keyBetween, keysBetween } from './order.ts'

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** A short random id; works in browsers outside secure contexts, where randomUUID does not. */
export function newCardId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  let id = ''
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length]
  return id
}

export class CardNotFoundError extends Error {
  constructor(readonly cardId: string) {
    super(`no card ${cardId} on this board`)
  }
}

function cardEntry(doc: Y.Doc, id: string): CardMap {
  const entry = cardsMap(doc).get(id)
  if (!(entry instanceof Y.Map)) throw new CardNotFoundError(id)
  return entry
}

/**
 * The card `createCard` writes for this input, before it is written: the interface judges
 * it with the board's rules first.
 */
export function buildCard(
  input: NewCard,
  ctx: { userId: string | null; now?: Date; id?: string; order?: string },
): Card {
  const fields = newCardSchema.parse(input)
  return {
    id: ctx.id ?? newCardId(),
    title: fields.title,
    description: fields.description ?? '',
    stage: fields.stage,
    order: ctx.order ?? keysBetween(null, null, 1)[0]!,
    network: fields.network ?? null,
    assigneeId: fields.assigneeId ?? null,
    scheduledAt: fields.scheduledAt ?? null,
    publishedAt: null,
    tags: fields.tags ?? [],
    campaign: fields.campaign ?? null,
    objective: fields.objective ?? null,
    escalationReason: null,
    severity: null,
    resolutionNote: null,
    publishedUrl: fields.publishedUrl ?? null,
    escalationUrl: null,
    escalatedAt: null,
    monitoring: [],
    archived: false,
    createdAt: (ctx.now ?? new Date()).toISOString(),
    createdBy: ctx.userId,
  }
}

/** [ORD3] A new card goes to the bottom of its stage. */
export function createCard(
  doc: Y.Doc,
  input: NewCard,
  ctx: { userId: string | null; now?: Date; id?: string },
): Card {
  const stage = newCardSchema.shape.stage.parse(input.stage)
  const last = stageSlots(doc, stage, { includeArchived: true }).at(-1)?.order ?? null
  const card = buildCard(input, { ...ctx, order: keyBetween(last, null) ?? undefined })
  doc.transact(() => {
    const entry: CardMap = new Y.Map()
    for (const [key, value] of Object.entries(card)) entry.set(key, value)
    cardsMap(doc).set(card.id, entry)
  })
  return card
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** [EDIT1] Validated before anything is written; [EDIT2] only fields that change are written. */
export function updateCard(doc: Y.Doc, id: string, patch: CardEdit): void {
  const fields = cardEditSchema.parse(patch)
  const entry = cardEntry(doc, id)
  doc.transact(() => {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue
      if (!sameValue(entry.get(key), value)) entry.set(key, value)
    }
  })
}

/**
 * [NOTE1] Appends a monitoring note signed by `userId`; the list is a log (the server refuses
 * any other change to it). The oldest notes give way past the cap.
 */
export function addMonitoringNote(
  doc: Y.Doc,
  id: string,
  note: Omit<MonitoringNote, 'at' | 'by'>,
  ctx: { userId: string; now?: Date },
): void {
  const fresh = monitoringNoteSchema.parse({
    ...note,
    at: (ctx.now ?? new Date()).toISOString(),
    by: ctx.userId,
  })
  const entry = cardEntry(doc, id)
  const current = entry.get('monitoring')
  const notes = Array.isArray(current) ? (current as MonitoringNote[]) : []
  doc.transact(() => entry.set('monitoring', [...notes, fresh]))
}

/** [DOC4] Cards are archived, never deleted. */
export function archiveCard(doc: Y.Doc, id: string, archived = true): void {
  const entry = cardEntry(doc, id)
  if (entry.get('archived') !== archived) doc.transact(() => entry.set('archived', archived))
}

/**
 * [MOVE1] Put a card at `index` of the target stage's column, as that column is listed
 * without the card itself. [ORD2] A move writes the card's stage and order only, unless the
 * neighbours' keys leave no gap; then the run of tied keys around the gap is spread out.
 * [MOVE4] `fields` are what the target stage asks for (a calendar slot, an escalation's
 * severity, a resolution note); they are written in the same transaction as the move, so
 * the server judges the move with them.
 */
export function moveCard(
  doc: Y.Doc,
  id: string,
  to: { stage: Stage; index: number },
  fields: MoveFields = {},
): void {
  const stage = stageSchema.parse(to.stage)
  const extra = moveFieldsSchema.parse(fields)
  const entry = cardEntry(doc, id)
  // [MOVE6] Entering escalated starts the SLA clock.
  if (stage === 'escalated' && entry.get('stage') !== 'escalated' && !extra.escalatedAt)
    extra.escalatedAt = new Date().toISOString()
  const column = stageSlots(doc, stage).filter((slot) => slot.id !== id)
  const index = Math.max(0, Math.min(Math.trunc(to.index), column.length))
  doc.transact(() => {
    const key =
      keyBetween(column[index - 1]?.order ?? null, column[index]?.order ?? null) ??
      spreadRun(doc, column, index)
    for (const [field, value] of Object.entries(extra)) {
      if (value !== undefined && !sameValue(entry.get(field), value)) entry.set(field, value)
    }
    if (entry.get('stage') !== stage) entry.set('stage', stage)
    if (entry.get('order') !== key) entry.set('order', key)
  })
}

/**
 * Concurrent inserts into one gap can give two cards the same key, and a foreign writer may
 * leave a key that is not a fractional key at all. Widen the window around the gap until its
 * bounds leave room, re-key the cards inside it, and return the key for the slot at `index`.
 */
function spreadRun(doc: Y.Doc, column: Slot[], index: number): string {
  let start = index
  let end = index
  for (;;) {
    start = Math.max(0, start - 1)
    end = Math.min(column.length, end + 1)
    const lower = column[start - 1]?.order ?? null
    const upper = column[end]?.order ?? null
    let fresh: string[]
    try {
      fresh = keysBetween(lower, upper, end - start + 1)
    } catch {
      continue // both bounds are open once the window spans the column, and that cannot fail
    }
    for (let i = start; i < end; i++) {
      cardEntry(doc, column[i]!.id).set('order', fresh[i - start + (i >= index ? 1 : 0)]!)
    }
    return fresh[index - start]!
  }
}
