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
import { buildCard } from './commands.ts'
import { type CardMap, cardsMap } from './doc.ts'
import { bottomKey, commitWrites, docView, placement, writeNew } from './plan.ts'
import { plainValue, writeField } from './text-fields.ts'

export { newCardId } from './ids.ts'

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

/** [ORD3] A new card goes to the bottom of its stage. */
export function createCard(
  doc: Y.Doc,
  input: NewCard,
  ctx: { userId: string | null; now?: Date; id?: string },
): Card {
  const stage = newCardSchema.shape.stage.parse(input.stage)
  const card = buildCard(input, { ...ctx, order: bottomKey(docView(doc), stage) })
  commitWrites(doc, [writeNew(card)], [], null)
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
      if (!sameValue(plainValue(entry.get(key)), value)) writeField(entry, key, value)
    }
  })
}

/**
 * [NOTE1] Appends a monitoring note signed by `userId`; the list is a log (the server refuses
 * any other change to it). Unjudged: past the cap of notes the card would no longer satisfy
 * the schema; the `note` command refuses that ([CMD5]).
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
  const placed = placement(docView(doc), id, stage, to.index)
  doc.transact(() => {
    for (const { id: other, order } of placed.rekeyed) cardEntry(doc, other).set('order', order)
    for (const [field, value] of Object.entries(extra)) {
      if (value !== undefined && !sameValue(entry.get(field), value)) entry.set(field, value)
    }
    if (entry.get('stage') !== stage) entry.set('stage', stage)
    if (entry.get('order') !== placed.order) entry.set('order', placed.order)
  })
}
