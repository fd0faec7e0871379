import { describe, expect, it } from 'vitest'
import {
  CARD_FIELDS,
  cardDefaults,
  cardEditSchema,
  cardSchema,
  moveFieldsSchema,
  storedFieldProblem,
} from './index.ts'

/** What whoever creates a card must give: the fields without a default. */
const GIVEN = ['id', 'title', 'stage', 'order', 'createdAt']

describe('the card shape, from the card schema alone', () => {
  it('lists every field of the schema once, in its order', () => {
    expect(CARD_FIELDS).toEqual(Object.keys(cardSchema.shape))
    expect(new Set(CARD_FIELDS).size).toBe(CARD_FIELDS.length)
    expect(Object.isFrozen(CARD_FIELDS)).toBe(true)
  })

  it('gives a default for every field but the ones a new card must be given', () => {
    expect(Object.keys(cardDefaults()).sort()).toEqual(
      CARD_FIELDS.filter((field) => !GIVEN.includes(field)).sort(),
    )
  })

  it('keeps each default in the form the schema stores', () => {
    for (const [field, value] of Object.entries(cardDefaults()))
      expect(storedFieldProblem(field, value), field).toBeNull()
  })

  it('hands out a fresh object every time, sharing no list', () => {
    const first = cardDefaults()
    first.tags.push('changed')
    first.monitoring.push({
      at: '2026-11-01T00:00:00.000Z',
      by: 'u1',
      reach: null,
      engagement: null,
      comments: null,
      sentiment: null,
      text: '',
    })
    const second = cardDefaults()
    expect(second.tags).toEqual([])
    expect(second.monitoring).toEqual([])
    expect(second).not.toBe(first)
  })

  it('reads an entry holding only the given fields as a card with every default', () => {
    const given = {
      id: 'c1',
      title: 'Post',
      stage: 'plan',
      order: 'a0',
      createdAt: '2026-11-01T00:00:00.000Z',
    }
    expect(cardSchema.parse(given)).toEqual({ ...cardDefaults(), ...given })
  })

  it('never writes a default into an edit or a move that leaves a field out', () => {
    expect(cardEditSchema.parse({ title: 'New title' })).toEqual({ title: 'New title' })
    expect(moveFieldsSchema.parse({})).toEqual({})
  })

  it('judges a stored field by its schema without the default: a missing value is no value', () => {
    expect(storedFieldProblem('description', undefined)).not.toBeNull()
    expect(storedFieldProblem('monitoring', undefined)).not.toBeNull()
  })
})

describe('[MEDIA1] the media a card lists', () => {
  const photo = { id: 'm1', kind: 'image', alt: 'A beach at dawn' }

  it('stores ids, kinds and alt text, nothing else', () => {
    expect(storedFieldProblem('media', [photo, { id: 'm2', kind: 'video', alt: '' }])).toBeNull()
    // where the bytes live is the server's business: no URL, no size, no type in the document
    expect(storedFieldProblem('media', [{ ...photo, url: 'https://x.test/a.jpg' }])).not.toBeNull()
    expect(storedFieldProblem('media', [{ ...photo, kind: 'svg' }])).not.toBeNull()
    expect(storedFieldProblem('media', [{ ...photo, id: '../etc' }])).not.toBeNull()
  })

  it('lists each file once, at most 20, each alt text at most 1,000 characters', () => {
    expect(storedFieldProblem('media', [photo, photo])).not.toBeNull()
    const many = Array.from({ length: 21 }, (_, i) => ({ ...photo, id: `m${i}` }))
    expect(storedFieldProblem('media', many)).not.toBeNull()
    expect(storedFieldProblem('media', many.slice(0, 20))).toBeNull()
    expect(storedFieldProblem('media', [{ ...photo, alt: 'a'.repeat(1001) }])).not.toBeNull()
  })
})
