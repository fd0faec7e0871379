import { type Actor, DEFAULT_RULES, LIMITS } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  cardsMap,
  createCard,
  getCard,
  replaceText,
  ShadowJudge,
  updateCard,
  upgradeTextFields,
} from './index.ts'
import { sync } from './test-helpers.ts'

const manager: Actor = { id: 'marco', roles: ['manager'] }
const client: Actor = { id: 'lucia', roles: ['client'] }

function board() {
  const doc = new Y.Doc()
  createCard(doc, { title: 'reel', description: 'brief' }, { userId: 'marco', id: 'reel' })
  return doc
}

const textOf = (doc: Y.Doc, field: 'description' | 'copy', id = 'reel') =>
  cardsMap(doc).get(id)!.get(field)

/** A replica of `doc`, `edit` run on it, and the update it made. */
function changeOf(doc: Y.Doc, edit: (replica: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
  const vector = Y.encodeStateVector(replica)
  edit(replica)
  return Y.encodeStateAsUpdate(replica, vector)
}

describe('text fields', () => {
  it('[TEXT1] [TEXT2] a new card holds its description and copy as Y.Text, read as strings', () => {
    const doc = board()
    expect(textOf(doc, 'description')).toBeInstanceOf(Y.Text)
    expect(textOf(doc, 'copy')).toBeInstanceOf(Y.Text)
    expect(getCard(doc, 'reel')).toMatchObject({ description: 'brief', copy: '' })
  })

  it('[TEXT1] two people typing in one copy at once both keep their text', () => {
    const ana = board()
    const ben = new Y.Doc()
    sync(ana, ben)
    ;(textOf(ana, 'copy') as Y.Text).insert(0, 'New reel! ')
    ;(textOf(ben, 'copy') as Y.Text).insert(0, '#autumn')
    sync(ana, ben)
    const merged = getCard(ana, 'reel')!.copy
    expect(merged).toContain('New reel! ')
    expect(merged).toContain('#autumn')
    expect(getCard(ben, 'reel')!.copy).toBe(merged)
  })

  it('[TEXT2] an edit command changes only what differs, so typing elsewhere survives', () => {
    const ana = board()
    updateCard(ana, 'reel', { copy: 'Autumn is here. Shop the look.' })
    const ben = new Y.Doc()
    sync(ana, ben)
    const before = textOf(ana, 'copy')
    // Ana's form saves a new ending while Ben types at the start
    updateCard(ana, 'reel', { copy: 'Autumn is here. Shop the new look 🍂' })
    ;(textOf(ben, 'copy') as Y.Text).insert(0, '🎉 ')
    sync(ana, ben)
    expect(textOf(ana, 'copy')).toBe(before) // the same Y.Text, edited in place
    expect(getCard(ana, 'reel')!.copy).toBe('🎉 Autumn is here. Shop the new look 🍂')
    expect(getCard(ben, 'reel')!.copy).toBe('🎉 Autumn is here. Shop the new look 🍂')
  })

  it('[TEXT2] never cuts an emoji in two', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    for (const [from, to] of [
      ['a🍂b', 'a🍁b'],
      ['🍂', '🍁'],
      ['x🍂', 'x'],
      ['', '👋🏽 hola'],
      ['👋🏽 hola', '👋🏻 hola'],
    ] as const) {
      text.delete(0, text.length)
      text.insert(0, from)
      replaceText(text, to)
      expect(text.toString()).toBe(to)
      expect(text.toString()).not.toContain('\ufffd')
    }
  })

  it('[TEXT3] judges a text edit like any edit of the card', () => {
    const doc = board()
    const judge = new ShadowJudge(doc)
    const typed = changeOf(doc, (r) => (textOf(r, 'copy') as Y.Text).insert(0, 'hello'))
    const ok = judge.judge(typed, manager, DEFAULT_RULES)
    expect(ok.verdict).toEqual({ ok: true })
    expect(ok.diffs.map((d) => [d.before?.copy, d.after.copy])).toEqual([['', 'hello']])
    // a client reads the board and writes nothing
    const refused = new ShadowJudge(doc).judge(typed, client, DEFAULT_RULES)
    expect(refused.verdict).toEqual({ ok: false, refusal: { code: 'read-only' } })
  })

  it('[TEXT3] refuses formatting, embeds, text past its limit and text anywhere else', () => {
    const doc = board()
    const judge = new ShadowJudge(doc)
    const refusal = (edit: (r: Y.Doc) => void) => {
      const verdict = judge.judge(changeOf(doc, edit), manager, DEFAULT_RULES).verdict
      return verdict.ok ? null : (verdict.refusal as { code: string; detail?: string })
    }
    const copy = (r: Y.Doc) => textOf(r, 'copy') as Y.Text
    const plain = { code: 'invalid', detail: 'field copy holds more than plain text' }
    expect(refusal((r) => copy(r).insert(0, 'bold', { bold: true }))).toEqual(plain)
    expect(refusal((r) => copy(r).insertEmbed(0, { image: 'x' }))).toEqual(plain)
    expect(refusal((r) => copy(r).insertEmbed(0, new Y.Map()))).toEqual(plain)
    expect(refusal((r) => copy(r).insert(0, 'x'.repeat(LIMITS.copy + 1)))).toEqual({
      code: 'invalid',
      detail: 'field copy does not satisfy the card schema',
    })
    expect(refusal((r) => cardsMap(r).get('reel')!.set('title', new Y.Text('a title')))).toEqual({
      code: 'invalid',
      detail: 'field title does not satisfy the card schema',
    })
    // a root of its own reaches the server as an unknown type: list content outside a card
    expect(refusal((r) => r.getText('elsewhere').insert(0, 'x'))?.code).toBe('invalid')
    expect(refusal((r) => cardsMap(r).get('reel')!.set('tags', new Y.Text('a tag')))?.code).toBe(
      'invalid',
    )
    // and the judge is not left half-way: a plain edit still goes through
    expect(refusal((r) => copy(r).insert(0, 'fine'))).toBeNull()
  })

  it('[TEXT4] upgrades strings and missing text fields to Y.Text with the same text, once', () => {
    const doc = new Y.Doc()
    const cards = cardsMap(doc)
    doc.transact(() => {
      const old = new Y.Map<unknown>()
      cards.set('old', old)
      for (const [key, value] of Object.entries({
        id: 'old',
        title: 'an older card',
        description: 'written before text fields',
        stage: 'plan',
        order: 'a0',
        createdAt: '2026-01-05T10:00:00.000Z',
      }))
        old.set(key, value)
    })
    createCard(doc, { title: 'new' }, { userId: 'marco', id: 'new' })
    const before = getCard(doc, 'old')
    expect(doc.transact(() => upgradeTextFields(cards.entries()))).toBe(2)
    expect(textOf(doc, 'description', 'old')).toBeInstanceOf(Y.Text)
    expect(textOf(doc, 'copy', 'old')).toBeInstanceOf(Y.Text)
    expect(getCard(doc, 'old')).toEqual(before)
    expect(upgradeTextFields(cards.entries())).toBe(0)
  })
})
