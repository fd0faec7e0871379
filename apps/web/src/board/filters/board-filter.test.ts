import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { foldText } from '../../app/fold-text.ts'
import { type BoardFilter, NO_BOARD_FILTER } from '../../app/router.ts'
import {
  activeFilterCount,
  cardPredicate,
  isFiltering,
  searchTerms,
  searchText,
} from './board-filter.ts'

const filter = (patch: Partial<BoardFilter>): BoardFilter => ({ ...NO_BOARD_FILTER, ...patch })

function matches(patch: Partial<BoardFilter>, card = sampleCard(), userId = 'me'): boolean {
  const predicate = cardPredicate(filter(patch), userId)
  if (!predicate) throw new Error('no filter')
  return predicate(card)
}

describe('board filter', () => {
  it('folds case and accents both ways', () => {
    expect(foldText('Café')).toBe('cafe')
    expect(foldText('CAFÉ con AZÚCAR y Ñandú')).toBe('cafe con azucar y nandu')
    // a decomposed "é" (e + combining acute) folds the same as a composed one
    expect(foldText('Cafe\u0301')).toBe('cafe')
    expect(searchTerms('  CAFÉ   de  olla ')).toEqual(['cafe', 'de', 'olla'])
  })

  it('finds "cafe" in "Café" and "CAFÉ" in "cafe", in title, copy, description, tags and campaign', () => {
    expect(matches({ q: 'cafe' }, sampleCard({ title: 'Video receta: Café de olla' }))).toBe(true)
    expect(matches({ q: 'CAFÉ' }, sampleCard({ title: 'mitos sobre la cafeína' }))).toBe(true)
    expect(matches({ q: 'grano' }, sampleCard({ description: 'Del GRANO a la taza' }))).toBe(true)
    expect(matches({ q: '#otono' }, sampleCard({ copy: 'Llega el #Otoño 🍂' }))).toBe(true)
    expect(matches({ q: 'origen' }, sampleCard({ tags: ['marca', 'Orígen'] }))).toBe(true)
    expect(matches({ q: 'dia del' }, sampleCard({ campaign: 'Día del café' }))).toBe(true)
    expect(matches({ q: 'te' }, sampleCard({ title: 'Post', objective: 'Interacción' }))).toBe(
      false,
    )
  })

  it('needs every word of the search, in any order', () => {
    const card = sampleCard({ title: 'Lanzamiento del cold brew', tags: ['lanzamiento'] })
    expect(matches({ q: 'brew lanzamiento' }, card)).toBe(true)
    expect(matches({ q: 'brew navidad' }, card)).toBe(false)
  })

  it('keeps the cards of one assignee, of nobody, or of whoever looks', () => {
    const carla = sampleCard({ assigneeId: 'carla' })
    const nobody = sampleCard({ assigneeId: null })
    expect(matches({ assignee: 'carla' }, carla)).toBe(true)
    expect(matches({ assignee: 'carla' }, nobody)).toBe(false)
    expect(matches({ assignee: 'none' }, nobody)).toBe(true)
    expect(matches({ assignee: 'none' }, carla)).toBe(false)
    expect(matches({ mine: true }, carla, 'carla')).toBe(true)
    expect(matches({ mine: true }, carla, 'diego')).toBe(false)
    expect(matches({ mine: true }, nobody, 'diego')).toBe(false)
  })

  it('matches network exactly, and campaign, objective and tag ignoring case and accents', () => {
    const card = sampleCard({
      network: 'instagram',
      campaign: 'Día del café',
      objective: 'Interacción',
      tags: ['Concurso', 'ugc'],
    })
    expect(matches({ network: 'instagram' }, card)).toBe(true)
    expect(matches({ network: 'x' }, card)).toBe(false)
    expect(matches({ campaign: 'dia del cafe' }, card)).toBe(true)
    expect(matches({ campaign: 'Navidad 2026' }, card)).toBe(false)
    expect(matches({ objective: 'Interacción' }, card)).toBe(true)
    expect(matches({ objective: 'Alcance' }, card)).toBe(false)
    expect(matches({ tag: 'concurso' }, card)).toBe(true)
    expect(matches({ tag: 'promo' }, card)).toBe(false)
    expect(matches({ campaign: 'Día del café' }, sampleCard({ campaign: null }))).toBe(false)
  })

  it('needs every condition set at once', () => {
    const card = sampleCard({ network: 'x', assigneeId: 'me', title: 'Hilo de café' })
    expect(matches({ network: 'x', mine: true, q: 'cafe' }, card)).toBe(true)
    expect(matches({ network: 'x', mine: true, q: 'té' }, card)).toBe(false)
    expect(matches({ network: 'tiktok', mine: true, q: 'cafe' }, card)).toBe(false)
  })

  it('is no filter at all when nothing is set (a search of spaces included)', () => {
    expect(cardPredicate(NO_BOARD_FILTER, 'me')).toBeNull()
    expect(cardPredicate(filter({ q: '   ' }), 'me')).toBeNull()
    expect(isFiltering(filter({ q: ' ' }))).toBe(false)
    expect(isFiltering(filter({ q: 'a' }))).toBe(true)
    expect(activeFilterCount(filter({ q: 'a', network: 'x', tag: 't', mine: true }))).toBe(3)
  })

  it('folds a card once, until the card changes', () => {
    const card = sampleCard({ title: 'Café' })
    expect(searchText(card)).toBe(searchText(card))
    expect(searchText(card)).toContain('cafe')
    expect(searchText({ ...card, title: 'Té' })).toContain('te')
  })
})
