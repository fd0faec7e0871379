import {
  type Actor,
  type BoardRules,
  CARD_FIELDS,
  type Card,
  type CardField,
  isLead,
  judgeCardChange,
  sameJson,
  storedFieldProblem,
  type Verdict,
} from '@pauta/domain'
import * as Y from 'yjs'
import { type CardsMap, cardsMap, readCard } from './doc.ts'
import { isPlainText, isTextField, type TextField } from './text-fields.ts'

/** One card as a change would leave it. `before` is null when the change creates it. */
export interface CardDiff {
  id: string
  before: Card | null
  after: Card
}

export interface Judgement {
  verdict: Verdict
  diffs: CardDiff[]
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(CARD_FIELDS)
const invalid = (detail: string): Judgement => ({
  verdict: { ok: false, refusal: { code: 'invalid', detail } },
  diffs: [],
})

/**
 * [JUDGE1] Judges client updates before the server stores them, on a shadow copy of the
 * room's document: the update is applied to the shadow, the cards it touched are read
 * before (from the real document, still untouched) and after (from the shadow), and each
 * change is judged against the sender's roles and the board's rules. An accepted update is
 * then applied to the real document too, so both stay equal; after a refusal the shadow is
 * thrown away and rebuilt from the real document when next needed.
 *
 * The shadow follows the real document: every update the real document reports
 * is applied to the shadow as well. For an accepted change that is a no-op (the shadow has
 * it already); for a change that reached the real document without being judged here —
 * another server instance's, or one caught up from storage — it keeps the shadow equal,
 * so the next judgement reads the right "before".
 */
export class ShadowJudge {
  #shadow: Y.Doc | null = null

  constructor(readonly doc: Y.Doc) {
    doc.on('update', this.#follow)
    doc.on('destroy', this.#onDestroy)
  }

  #follow = (update: Uint8Array): void => {
    if (!this.#shadow) return
    try {
      Y.applyUpdate(this.#shadow, update)
    } catch {
      // Cannot happen for an update the real document took; rebuild rather than drift.
      this.#dropShadow()
    }
  }

  #onDestroy = (): void => {
    this.destroy()
  }

  /** `now`: the server's clock, which a take-back's time runs by ([BACK1]). */
  judge(update: Uint8Array, actor: Actor, rules: BoardRules, now: Date = new Date()): Judgement {
    const shadow = this.#ensureShadow()
    // Card id → the fields this update wrote (new cards: every field they hold).
    const touched = new Map<string, Set<string>>()
    const rootKeys = new Set<string>()
    const problems: string[] = []
    const cards = cardsMap(shadow)
    const collect = (tr: Y.Transaction) => {
      for (const [type, keys] of tr.changed) {
        // [TEXT3] Text changes only inside a card's text field (its content is checked below).
        if (type instanceof Y.Text) {
          const field = textFieldOf(type, cards)
          if (field === null) {
            problems.push('text outside a card text field')
            continue
          }
          const written = touched.get(field.cardId) ?? new Set<string>()
          written.add(field.field)
          touched.set(field.cardId, written)
          continue
        }
        // [JUDGE2] Maps hold keyed entries only: list content (a null key) slipped into
        // `cards` or a card would be stored without ever being read, let alone judged.
        if (keys.has(null)) {
          problems.push('list content in a map')
          continue
        }
        if ((type as unknown) === cards) {
          for (const key of keys) if (key !== null) rootKeys.add(key)
          continue
        }
        const item = type._item
        // [JUDGE2] Only a card's own fields change: no other root, no nested types.
        if (item === null || item.parent !== cards || typeof item.parentSub !== 'string') {
          problems.push('only cards may change')
          continue
        }
        const written = touched.get(item.parentSub) ?? new Set<string>()
        for (const key of keys) if (key !== null) written.add(key)
        touched.set(item.parentSub, written)
      }
    }
    shadow.on('afterTransaction', collect)
    try {
      Y.applyUpdate(shadow, update)
    } catch {
      problems.push('unreadable update')
    } finally {
      shadow.off('afterTransaction', collect)
    }
    // [JUDGE6] An update that depends on changes the server does not have is held back by
    // Yjs and would come alive later inside someone else's change, judged as theirs. A
    // real client never sends one (it only builds on what it received or made itself).
    if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
      problems.push('depends on changes the server does not have')
    }

    const judgement =
      problems.length > 0
        ? invalid(problems[0]!)
        : this.#judgeCards(actor, rules, now, touched, rootKeys)
    if (!judgement.verdict.ok) this.#dropShadow()
    return judgement
  }

  #judgeCards(
    actor: Actor,
    rules: BoardRules,
    now: Date,
    touched: Map<string, Set<string>>,
    rootKeys: Set<string>,
  ): Judgement {
    const real = cardsMap(this.doc)
    const shadowCards = cardsMap(this.#shadow!)
    const diffs: CardDiff[] = []
    for (const id of new Set([...touched.keys(), ...rootKeys])) {
      const existed = real.has(id)
      // [JUDGE3] Cards are archived, never deleted or swapped for another map.
      if (rootKeys.has(id) && existed) return invalid(`card ${id} deleted or rootKeys`)
      const entry = shadowCards.get(id)
      if (!(entry instanceof Y.Map)) return invalid(`card ${id} is not a map`)
      for (const key of entry.keys())
        if (!KNOWN_FIELDS.has(key)) return invalid(`unknown field ${key}`)
      // [JUDGE7] What is stored is what is judged: each field written holds exactly the
      // value the card schema reads from it (no extra keys, limits on the text as written).
      const written = rootKeys.has(id) ? [...entry.keys()] : (touched.get(id) ?? [])
      for (const field of written) {
        if (!entry.has(field)) continue
        let value = entry.get(field)
        if (value instanceof Y.Text && isTextField(field)) {
          if (!isPlainText(value)) return invalid(`field ${field} holds more than plain text`)
          value = value.toString()
        }
        const problem = storedFieldProblem(field, value)
        if (problem) return invalid(problem)
      }
      const after = readCard(entry)
      // [JUDGE4] Every field of the card satisfies the card schema.
      if (!after || after.id !== id) return invalid(`card ${id} does not satisfy the card schema`)
      const before = existed ? readCard(real.get(id)) : null
      if (existed && before === null && !isLead(actor.roles)) {
        return invalid(`card ${id} is unreadable; a manager may repair it`)
      }
      // [JUDGE5] The rules, exactly as the interface applies them.
      const verdict = judgeCardChange(actor, before, after, rules, now)
      if (!verdict.ok) return { verdict, diffs: [] }
      diffs.push({ id, before, after })
    }
    return { verdict: { ok: true }, diffs }
  }

  #ensureShadow(): Y.Doc {
    if (this.#shadow) return this.#shadow
    const shadow = new Y.Doc({ gc: this.doc.gc })
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc))
    this.#shadow = shadow
    return shadow
  }

  #dropShadow(): void {
    this.#shadow?.destroy()
    this.#shadow = null
  }

  /** Stops following the real document and drops the shadow. */
  destroy(): void {
    this.doc.off('update', this.#follow)
    this.doc.off('destroy', this.#onDestroy)
    this.#dropShadow()
  }
}

/** The card and field a `Y.Text` is the value of, or null when it is anywhere else. */
function textFieldOf(text: Y.Text, cards: CardsMap): { cardId: string; field: string } | null {
  const item = text._item
  if (item === null || typeof item.parentSub !== 'string' || !isTextField(item.parentSub))
    return null
  const card = item.parent
  if (!(card instanceof Y.Map)) return null
  const cardItem = card._item
  if (
    cardItem === null ||
    (cardItem.parent as unknown) !== cards ||
    typeof cardItem.parentSub !== 'string'
  )
    return null
  return { cardId: cardItem.parentSub, field: item.parentSub }
}

export interface CardEvents {
  /** [EVT3] everything else that happened to the cards */
  activity: CardActivityEvent[]
  /** [EVT4] the copy of each card that entered another stage, as it entered it */
  versions: Array<{ cardId: string; stage: Card['stage']; copy: string }>
  stages: Array<{
    cardId: string
    from: Card['stage'] | null
    to: Card['stage']
    detail: Record<string, string> | null
  }>
  assignments: Array<{ cardId: string; from: string | null; to: string | null }>
}

/** [EVT2] The history an accepted change writes: stage changes (with escalation details) and assignments. */
export function cardEvents(diffs: readonly CardDiff[]): CardEvents {
  const events: CardEvents = { stages: [], assignments: [], activity: [], versions: [] }
  for (const { id, before, after } of diffs) {
    events.activity.push(...activityOf(id, before, after))
    if (before?.stage !== after.stage) {
      let detail: Record<string, string> | null = null
      if (after.stage === 'escalated') {
        detail = { severity: after.severity ?? '', reason: after.escalationReason ?? '' }
      } else if (before?.stage === 'escalated') {
        detail = { resolution: after.resolutionNote ?? '' }
      }
      events.stages.push({ cardId: id, from: before?.stage ?? null, to: after.stage, detail })
      if (after.copy !== '')
        events.versions.push({ cardId: id, stage: after.stage, copy: after.copy })
    }
    const from = before?.assigneeId ?? null
    if (from !== after.assigneeId)
      events.assignments.push({ cardId: id, from, to: after.assigneeId })
  }
  return events
}

/** One entry of a card's activity: created, a short field changed, a text written, archived. */
export type CardActivityEvent =
  | { cardId: string; kind: 'created' | 'archived' | 'restored' }
  | { cardId: string; kind: 'text'; field: TextField }
  | { cardId: string; kind: 'field'; field: CardField; from: string | null; to: string | null }

/**
 * Fields whose changes are history of their own (stage and assignee, [EVT2]), the server's
 * stamps, a card's identity, and monitoring notes (listed on the card as they are): not
 * activity.
 */
const NOT_ACTIVITY: ReadonlySet<CardField> = new Set<CardField>([
  'id',
  'stage',
  'order',
  'assigneeId',
  'movedBy',
  'movedAt',
  'movedFrom',
  'escalatedAt',
  'archivedAt',
  'archivedBy',
  'createdAt',
  'createdBy',
  'monitoring',
])

/**
 * A short field's value as the history shows it. The media list is shown as how many files
 * the card has: the history says files were added, removed or rearranged.
 */
function shown(field: CardField, value: Card[CardField]): string | null {
  if (value === null || value === undefined) return null
  if (field === 'media') return Array.isArray(value) ? String(value.length) : null
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : null
  return String(value)
}

/** [EVT3] What else a change did to one card, field by field, in the card schema's order. */
function activityOf(cardId: string, before: Card | null, after: Card): CardActivityEvent[] {
  if (before === null) return [{ cardId, kind: 'created' }]
  const activity: CardActivityEvent[] = []
  for (const field of CARD_FIELDS) {
    if (NOT_ACTIVITY.has(field) || sameJson(before[field], after[field])) continue
    if (field === 'archived')
      activity.push({ cardId, kind: after.archived ? 'archived' : 'restored' })
    else if (isTextField(field)) activity.push({ cardId, kind: 'text', field })
    else
      activity.push({
        cardId,
        kind: 'field',
        field,
        from: shown(field, before[field]),
        to: shown(field, after[field]),
      })
  }
  return activity
}
