import * as Y from 'yjs'
import type { CardMap } from './doc.ts'

/**
 * [TEXT1] The card fields held as `Y.Text`: several people type in them at once and every
 * keystroke merges, where a plain value would keep only the last writer's text. They read as
 * their text (a string), like every other field.
 */
export const TEXT_FIELDS = ['description', 'copy'] as const
export type TextField = (typeof TEXT_FIELDS)[number]

const TEXT_FIELD_SET: ReadonlySet<string> = new Set(TEXT_FIELDS)

export function isTextField(field: string): field is TextField {
  return TEXT_FIELD_SET.has(field)
}

/** A stored value as readers see it: a `Y.Text` reads as its text. */
export function plainValue(value: unknown): unknown {
  return value instanceof Y.Text ? value.toString() : value
}

/**
 * Writes `value` into a card's `field`. A text field that holds a `Y.Text` is changed in
 * place, only where the new text differs (its common start and end are kept), so that what
 * someone else is typing elsewhere in it survives; a text field without one gets a new
 * `Y.Text` ([TEXT2]). Any other field is set.
 */
export function writeField(entry: CardMap, field: string, value: unknown): void {
  if (isTextField(field) && typeof value === 'string') {
    const current = entry.get(field)
    if (current instanceof Y.Text) replaceText(current, value)
    else entry.set(field, new Y.Text(value))
    return
  }
  entry.set(field, value)
}

/** Makes `text` read `value`, deleting and inserting only the part between what they share. */
export function replaceText(text: Y.Text, value: string): void {
  const old = text.toString()
  if (old === value) return
  const shorter = Math.min(old.length, value.length)
  let start = 0
  while (start < shorter && old.charCodeAt(start) === value.charCodeAt(start)) start++
  // never cut between the two halves of a character outside the basic plane (an emoji)
  if (start > 0 && isHighSurrogate(old.charCodeAt(start - 1))) start--
  let end = 0
  while (
    end < shorter - start &&
    old.charCodeAt(old.length - 1 - end) === value.charCodeAt(value.length - 1 - end)
  )
    end++
  if (end > 0 && isLowSurrogate(old.charCodeAt(old.length - end))) end--
  const removed = old.length - start - end
  if (removed > 0) text.delete(start, removed)
  const inserted = value.slice(start, value.length - end)
  if (inserted.length > 0) text.insert(start, inserted)
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/** [TEXT3] Plain text only: no formatting attributes and no embedded objects or types. */
export function isPlainText(text: Y.Text): boolean {
  for (const op of text.toDelta() as Array<{ insert?: unknown; attributes?: unknown }>) {
    if (typeof op.insert !== 'string' || op.attributes !== undefined) return false
  }
  return true
}

/**
 * [TEXT4] Turns every text field of the board that is not a `Y.Text` (a card written before
 * text fields were, or by a client that writes strings) into one holding the same text. A
 * missing field gets an empty one: an editor then always has a text to bind to, and two
 * people never each create one (a map keeps only one of two values set at once).
 * Returns how many fields it wrote.
 */
export function upgradeTextFields(cards: Iterable<[string, unknown]>): number {
  let written = 0
  for (const [, entry] of cards) {
    if (!(entry instanceof Y.Map)) continue
    for (const field of TEXT_FIELDS) {
      const value = entry.get(field)
      if (value instanceof Y.Text) continue
      if (value !== undefined && typeof value !== 'string') continue // not a card's value: the judge's to refuse
      entry.set(field, new Y.Text(value ?? ''))
      written++
    }
  }
  return written
}
