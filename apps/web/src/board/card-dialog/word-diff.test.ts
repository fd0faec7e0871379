import { describe, expect, it } from 'vitest'
import { wordDiff } from './word-diff.ts'

const rebuilt = (parts: ReturnType<typeof wordDiff>, skip: 'added' | 'removed') =>
  parts
    .filter((p) => p.kind !== skip)
    .map((p) => p.text)
    .join('')

describe('comparing two versions of a copy word by word', () => {
  it('marks the words that went and came, and keeps the rest', () => {
    const before = 'Autumn is here. Shop the look 🍂 #autumn'
    const after = 'Autumn is finally here. Shop the new look 🍂 #autumn #sale'
    const parts = wordDiff(before, after)
    expect(parts).toEqual([
      { kind: 'same', text: 'Autumn is ' },
      { kind: 'added', text: 'finally ' },
      { kind: 'same', text: 'here. Shop the ' },
      { kind: 'added', text: 'new ' },
      { kind: 'same', text: 'look 🍂 #autumn' },
      { kind: 'added', text: ' #sale' },
    ])
    // each side is given back exactly
    expect(rebuilt(parts, 'added')).toBe(before)
    expect(rebuilt(parts, 'removed')).toBe(after)
  })

  it('handles empty texts and line breaks', () => {
    expect(wordDiff('', 'Hola')).toEqual([{ kind: 'added', text: 'Hola' }])
    expect(wordDiff('Hola', '')).toEqual([{ kind: 'removed', text: 'Hola' }])
    expect(wordDiff('same\nlines', 'same\nlines')).toEqual([{ kind: 'same', text: 'same\nlines' }])
    const parts = wordDiff('uno\ndos', 'uno\ntres')
    expect(rebuilt(parts, 'added')).toBe('uno\ndos')
    expect(rebuilt(parts, 'removed')).toBe('uno\ntres')
  })
})
