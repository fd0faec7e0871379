import { type CardsMap, cardsMap, plainValue, readCard } from '@pauta/board'
import {
  type Actor,
  type BoardRules,
  type Card,
  type CardField,
  cardDefaults,
  cardSchema,
  judgeCardChange,
  type Refusal,
  sameJson,
} from '@pauta/domain'
import * as Y from 'yjs'

/** One card as a tracked change (a command, or an undo of one) left it. */
export interface CardStep {
  id: string
  /** null: the change created the card */
  before: Card | null
  after: Card
}

/** What a stack item remembers: the cards it touched, and when it was made (this device's clock). */
export interface StepMeta {
  cards: CardStep[]
  at: number
}

type MapChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown }

/**
 * The card an entry held before a transaction, from its map event's old values and the old
 * text of the text fields it changed.
 */
function cardBefore(
  entry: Y.Map<unknown>,
  keys: Map<string, MapChange>,
  texts: Map<string, string>,
): Card | null {
  const raw: Record<string, unknown> = cardDefaults()
  for (const [key, value] of entry.entries()) raw[key] = plainValue(value)
  for (const [key, change] of keys) {
    if (change.action === 'add') delete raw[key]
    else raw[key] = plainValue(change.oldValue)
  }
  for (const [field, text] of texts) if (!keys.has(field)) raw[field] = text
  const parsed = cardSchema.safeParse({ ...cardDefaults(), ...raw })
  return parsed.success ? parsed.data : null
}

/** What a text read before the transaction of `event`: its items then, deleted ones included. */
function textBefore(event: Y.YTextEvent): string {
  let text = ''
  for (let item = event.target._start; item !== null; item = item.right) {
    if (event.adds(item) || (item.deleted && !event.deletes(item))) continue
    if (item.content instanceof Y.ContentString) text += item.content.str
  }
  return text
}

/**
 * The cards a transaction touched, before and after, read from its events (called while the
 * transaction is still being cleaned up, when the events can still say what changed).
 */
export function stepsOf(
  doc: Y.Doc,
  // biome-ignore lint/suspicious/noExplicitAny: Y.UndoManager's own event type
  changedParentTypes: Map<Y.AbstractType<Y.YEvent<any>>, Y.YEvent<any>[]>,
): CardStep[] {
  const cards = cardsMap(doc)
  const events = new Set<Y.YEvent<Y.AbstractType<unknown>>>()
  for (const list of changedParentTypes.values()) for (const event of list) events.add(event)
  const created = new Map<string, CardStep>()
  // card id → its field changes and the old text of its text fields
  const touched = new Map<string, { keys: Map<string, MapChange>; texts: Map<string, string> }>()
  const touch = (id: string) => {
    const found = touched.get(id) ?? { keys: new Map(), texts: new Map() }
    touched.set(id, found)
    return found
  }
  for (const event of events) {
    if (event instanceof Y.YTextEvent) {
      const field = event.target._item?.parentSub
      const id =
        event.target._item?.parent instanceof Y.Map
          ? cardIdOf(event.target._item.parent, cards)
          : null
      if (typeof field === 'string' && id !== null) touch(id).texts.set(field, textBefore(event))
      continue
    }
    if (!(event instanceof Y.YMapEvent)) continue
    const keys = event.keys as Map<string, MapChange>
    if ((event.target as unknown) === cards) {
      for (const [id, change] of keys) {
        const after = change.action === 'add' ? readCard(cards.get(id)) : null
        if (after) created.set(id, { id, before: null, after })
      }
      continue
    }
    const id = cardIdOf(event.target, cards)
    if (id !== null) for (const [key, change] of keys) touch(id).keys.set(key, change)
  }
  const steps = new Map(created)
  for (const [id, { keys, texts }] of touched) {
    const entry = cards.get(id)
    if (steps.has(id) || !(entry instanceof Y.Map)) continue
    const after = readCard(entry)
    const before = cardBefore(entry, keys, texts)
    if (after && before) steps.set(id, { id, before, after })
  }
  return [...steps.values()]
}

/** The id of the card `type` is (a map in the board's cards), or null when it is not one. */
function cardIdOf(type: { _item: Y.Item | null }, cards: CardsMap): string | null {
  const item = type._item
  if (item === null || (item.parent as unknown) !== cards) return null
  return typeof item.parentSub === 'string' ? item.parentSub : null
}

/** Fields a step changed. */
function changedFields(step: CardStep & { before: Card }): CardField[] {
  return (Object.keys(step.after) as CardField[]).filter(
    (field) => !sameJson(step.before[field], step.after[field]),
  )
}

/** Why reverting a step would be refused; `new-card`: a card is never deleted ([DOC4]). */
export type StepRefusal = { kind: 'new-card' } | { kind: 'rules'; refusal: Refusal }

export interface JudgeContext {
  actor: Actor
  rules: BoardRules
  now: Date
}

/**
 * Whether reverting these steps — what Y.UndoManager does with the stack item that holds
 * them — passes the rules the server judges by: each card now, against the card with the
 * step's changed fields back at their values before it. A move whose stamps ([STAMP2]) the
 * server has not sent back yet is judged as if they had arrived.
 */
export function judgeRevert(
  current: (id: string) => Card | null,
  meta: StepMeta,
  ctx: JudgeContext,
): StepRefusal | null {
  for (const step of meta.cards) {
    if (step.before === null) return { kind: 'new-card' }
    const now = current(step.id)
    if (!now) continue
    const fields = changedFields({ ...step, before: step.before })
    const from = pendingStamps(now, { ...step, before: step.before }, meta.at, ctx.actor.id)
    const patch = Object.fromEntries(fields.map((field) => [field, step.before?.[field]]))
    const to = cardSchema.parse({ ...from, ...patch })
    if (sameJson(from, to)) continue
    const verdict = judgeCardChange(
      ctx.actor,
      from,
      to,
      ctx.rules,
      serverNow(from, step, meta, ctx),
    )
    if (!verdict.ok) return { kind: 'rules', refusal: verdict.refusal }
  }
  return null
}

/**
 * The server's clock now, as near as this device can tell: a take-back's two minutes run from
 * the server's stamp of the move ([BACK1]), so for the step's own move the time elapsed here
 * since it was made is added to that stamp, whatever this device's clock is set to.
 */
function serverNow(from: Card, step: CardStep, meta: StepMeta, ctx: JudgeContext): Date {
  const own =
    step.before !== null &&
    step.before.stage !== step.after.stage &&
    from.stage === step.after.stage &&
    from.movedBy === ctx.actor.id &&
    from.movedFrom === step.before.stage &&
    from.movedAt !== null
  if (!own || from.movedAt === null) return ctx.now
  return new Date(Date.parse(from.movedAt) + Math.max(0, ctx.now.getTime() - meta.at))
}

/** The card as the server holds it once it has stamped the step's move ([STAMP2]). */
function pendingStamps(now: Card, step: CardStep & { before: Card }, at: number, actorId: string) {
  const moved = step.before.stage !== step.after.stage && now.stage === step.after.stage
  const stamped = now.movedBy === actorId && now.movedFrom === step.before.stage
  if (!moved || stamped) return now
  return {
    ...now,
    movedBy: actorId,
    movedFrom: step.before.stage,
    movedAt: new Date(at).toISOString(),
  }
}
