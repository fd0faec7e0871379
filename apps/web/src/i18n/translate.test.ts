import { describe, expect, it } from 'vitest'
import { translator } from './translate.ts'

const STRINGS = {
  board: {
    title: 'Board',
    greeting: 'Hello {{name}}, {{ name }} again',
    cards_one: '{{count}} card',
    cards_other: '{{count}} cards',
  },
}
const ES = { tarjetas_one: '{{count}} tarjeta', tarjetas_other: '{{count}} tarjetas' }

describe('translate', () => {
  const t = translator(STRINGS, 'en')

  it('finds a string by its dotted key and fills in its values', () => {
    expect(t('board.title')).toBe('Board')
    expect(t('board.greeting', { name: 'Ana' })).toBe('Hello Ana, Ana again')
    // a value not given leaves its place as written
    expect(t('board.greeting')).toBe('Hello {{name}}, {{ name }} again')
  })

  it("chooses the plural form by count, under the language's rules", () => {
    expect(t('board.cards', { count: 1 })).toBe('1 card')
    expect(t('board.cards', { count: 0 })).toBe('0 cards')
    expect(t('board.cards', { count: 12 })).toBe('12 cards')
    // Spanish says "many" of a million: the "other" form serves
    const es = translator(ES, 'es')
    expect(es('tarjetas', { count: 1 })).toBe('1 tarjeta')
    expect(es('tarjetas', { count: 1_000_000 })).toBe('1000000 tarjetas')
  })

  it('gives the default value, or the key, for a key that names no string', () => {
    expect(t('board.nothing', { defaultValue: 'assigneeId' })).toBe('assigneeId')
    expect(t('board.nothing')).toBe('board.nothing')
    // a section is not a string
    expect(t('board')).toBe('board')
  })
})
