import type { STAGES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addMonitoringNote,
  archiveCard,
  CardNotFoundError,
  cardsMap,
  columns,
  createCard,
  getCard,
  moveCard,
  observeCards,
  updateCard,
} from './index.ts'
import { sync } from './test-helpers.ts'

const ctx = { userId: 'u1', now: new Date('2026-11-23T10:00:00Z') }
const titles = (doc: Y.Doc, stage: (typeof STAGES)[number]) =>
  columns(doc)[stage].map((card) => card.title)

function boardWith(...names: string[]): Y.Doc {
  const doc = new Y.Doc()
  for (const title of names) createCard(doc, { title }, { ...ctx, id: title })
  return doc
}

describe('board document', () => {
  it('[DOC1] stores each card as a map of its fields under the cards root, keyed by id', () => {
    const doc = new Y.Doc()
    const card = createCard(doc, { title: 'Launch teaser', network: 'instagram' }, ctx)
    const entry = cardsMap(doc).get(card.id)
    expect(entry).toBeInstanceOf(Y.Map)
    expect(entry?.get('title')).toBe('Launch teaser')
    expect(entry?.get('stage')).toBe('strategy')
    expect(getCard(doc, card.id)).toEqual(card)
  })

  it('[DOC3] skips an entry that is not a valid card', () => {
    const doc = boardWith('a')
    const bad = new Y.Map<unknown>()
    bad.set('title', 42)
    cardsMap(doc).set('broken', bad)
    expect(columns(doc).strategy.map((card) => card.id)).toEqual(['a'])
  })

  it('[ORD3] appends new cards at the bottom of their stage', () => {
    const doc = boardWith('a', 'b', 'c')
    expect(titles(doc, 'strategy')).toEqual(['a', 'b', 'c'])
  })

  it('[MOVE1] moves a card to an index of another stage', () => {
    const doc = boardWith('a', 'b', 'c')
    moveCard(doc, 'a', { stage: 'plan', index: 0 })
    moveCard(doc, 'b', { stage: 'plan', index: 0 })
    moveCard(doc, 'c', { stage: 'plan', index: 1 })
    expect(titles(doc, 'plan')).toEqual(['b', 'c', 'a'])
    expect(titles(doc, 'strategy')).toEqual([])
  })

  it('[MOVE2] reorders within a stage, clamping the index', () => {
    const doc = boardWith('a', 'b', 'c', 'd')
    moveCard(doc, 'd', { stage: 'strategy', index: 1 })
    expect(titles(doc, 'strategy')).toEqual(['a', 'd', 'b', 'c'])
    moveCard(doc, 'a', { stage: 'strategy', index: 99 })
    expect(titles(doc, 'strategy')).toEqual(['d', 'b', 'c', 'a'])
  })

  it('[ORD2] a move writes only the stage and order of the moved card', () => {
    const doc = boardWith('a', 'b')
    const written: string[] = []
    cardsMap(doc).observeDeep((events) => {
      for (const event of events) {
        for (const key of event.changes.keys.keys()) written.push(`${event.path[0]}.${key}`)
      }
    })
    moveCard(doc, 'b', { stage: 'calendar', index: 0 })
    expect(written.sort()).toEqual(['b.order', 'b.stage'])
  })

  it('[ORD2] spreads out tied keys when a card is dropped between them', () => {
    const left = boardWith('a', 'z')
    const right = new Y.Doc()
    sync(left, right)
    createCard(left, { title: 'x', stage: 'plan' }, { ...ctx, id: 'x' })
    createCard(right, { title: 'y', stage: 'plan' }, { ...ctx, id: 'y' })
    sync(left, right)
    // Both replicas chose the same key for the first slot of an empty column.
    expect(getCard(left, 'x')?.order).toBe(getCard(left, 'y')?.order)
    expect(titles(left, 'plan')).toEqual(['x', 'y'])
    moveCard(left, 'a', { stage: 'plan', index: 1 })
    expect(titles(left, 'plan')).toEqual(['x', 'a', 'y'])
    sync(left, right)
    expect(titles(right, 'plan')).toEqual(['x', 'a', 'y'])
  })

  it('[ORD2] recovers from an order key that is not a fractional key', () => {
    const doc = boardWith('a', 'b')
    cardsMap(doc).get('a')?.set('order', '!!')
    moveCard(doc, 'b', { stage: 'strategy', index: 0 })
    expect(titles(doc, 'strategy')).toEqual(['b', 'a'])
  })

  it('[EDIT1] refuses an invalid edit and changes nothing', () => {
    const doc = boardWith('a')
    expect(() => updateCard(doc, 'a', { title: '' })).toThrow(/a card needs a title/)
    expect(() => updateCard(doc, 'a', { scheduledAt: 'next tuesday' })).toThrow(/datetime/i)
    expect(getCard(doc, 'a')?.title).toBe('a')
    expect(() => updateCard(doc, 'nope', { title: 'x' })).toThrow(CardNotFoundError)
  })

  it('[EDIT2] writes only the fields that change', () => {
    const doc = boardWith('a')
    let updates = 0
    doc.on('update', () => updates++)
    updateCard(doc, 'a', { title: 'a', tags: [] })
    expect(updates).toBe(0)
    updateCard(doc, 'a', { title: 'Launch', tags: ['promo', 'promo', 'q4'], network: 'tiktok' })
    expect(updates).toBe(1)
    expect(getCard(doc, 'a')).toMatchObject({
      title: 'Launch',
      tags: ['promo', 'q4'],
      network: 'tiktok',
    })
  })

  it('[DOC4] archives instead of deleting', () => {
    const doc = boardWith('a', 'b')
    archiveCard(doc, 'a')
    expect(titles(doc, 'strategy')).toEqual(['b'])
    expect(columns(doc, { includeArchived: true }).strategy).toHaveLength(2)
    archiveCard(doc, 'a', false)
    expect(titles(doc, 'strategy')).toEqual(['a', 'b'])
  })

  it('[OBS1] reports the ids each transaction touched, local or remote', () => {
    const doc = boardWith('a', 'b')
    const remote = new Y.Doc()
    sync(doc, remote)
    const seen: string[][] = []
    observeCards(remote, (ids) => seen.push([...ids].sort()))
    updateCard(doc, 'b', { title: 'B' })
    createCard(doc, { title: 'c' }, { ...ctx, id: 'c' })
    sync(doc, remote)
    expect(seen).toEqual([['b', 'c']])
  })
})

describe('moves with fields', () => {
  it('[MOVE4] writes the fields a stage asks for in the same transaction as the move', () => {
    const doc = boardWith('a')
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    moveCard(
      doc,
      'a',
      { stage: 'calendar', index: 0 },
      { network: 'instagram', assigneeId: 'cm-1', scheduledAt: '2026-12-01T10:00:00.000Z' },
    )
    expect(transactions).toBe(1)
    expect(getCard(doc, 'a')).toMatchObject({
      stage: 'calendar',
      network: 'instagram',
      assigneeId: 'cm-1',
    })
    expect(() =>
      moveCard(doc, 'a', { stage: 'escalated', index: 0 }, { severity: 'urgent' as 'high' }),
    ).toThrow()
    expect(getCard(doc, 'a')?.stage).toBe('calendar')
  })

  it('[MOVE6] an escalation writes when it started; a later one writes a fresh time', () => {
    const doc = boardWith('a')
    moveCard(doc, 'a', { stage: 'monitored', index: 0 })
    const before = Date.now()
    moveCard(
      doc,
      'a',
      { stage: 'escalated', index: 0 },
      { severity: 'high', escalationReason: 'x' },
    )
    const first = getCard(doc, 'a')?.escalatedAt
    expect(Date.parse(first ?? '')).toBeGreaterThanOrEqual(before - 1)
    // reordering inside escalated is not a new escalation
    moveCard(doc, 'a', { stage: 'escalated', index: 0 })
    expect(getCard(doc, 'a')?.escalatedAt).toBe(first)
    moveCard(doc, 'a', { stage: 'monitored', index: 0 }, { resolutionNote: 'answered' })
    const at = '2030-01-01T00:00:00.000Z'
    moveCard(doc, 'a', { stage: 'escalated', index: 0 }, { escalatedAt: at })
    expect(getCard(doc, 'a')?.escalatedAt).toBe(at)
  })

  it('[NOTE1] appends signed monitoring notes and refuses a malformed one', () => {
    const doc = boardWith('a')
    const note = {
      reach: 1200,
      engagement: 85,
      comments: 12,
      sentiment: 'positive',
      text: 'ok',
    } as const
    addMonitoringNote(doc, 'a', note, { userId: 'cm-1', now: new Date('2026-11-23T12:00:00Z') })
    addMonitoringNote(doc, 'a', { ...note, sentiment: null, text: 'second' }, { userId: 'cm-2' })
    const notes = getCard(doc, 'a')?.monitoring ?? []
    expect(notes.map((n) => [n.by, n.text])).toEqual([
      ['cm-1', 'ok'],
      ['cm-2', 'second'],
    ])
    expect(notes[0]?.at).toBe('2026-11-23T12:00:00.000Z')
    expect(() => addMonitoringNote(doc, 'a', { ...note, reach: -1 }, { userId: 'cm-1' })).toThrow()
    expect(getCard(doc, 'a')?.monitoring).toHaveLength(2)
  })
})
