import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { archivedCards } from './archived-list.ts'
import { isTypingTarget, undoKindOf } from './keys.ts'

describe('the archived list', () => {
  const cards = [
    sampleCard({
      id: 'a',
      title: 'Café de otoño',
      archived: true,
      createdAt: '2026-11-01T00:00:00Z',
      archivedAt: '2026-11-20T09:00:00.000Z',
      archivedBy: 'marco',
    }),
    sampleCard({
      id: 'b',
      title: 'Launch',
      archived: true,
      createdAt: '2026-11-03T00:00:00Z',
      archivedAt: '2026-11-10T09:00:00.000Z',
      archivedBy: 'estela',
    }),
    // archived before the server stamped archives: after the stamped ones
    sampleCard({ id: 'd', title: 'Old', archived: true, createdAt: '2026-11-05T00:00:00Z' }),
    sampleCard({ id: 'e', title: 'Older', archived: true, createdAt: '2026-10-05T00:00:00Z' }),
    sampleCard({ id: 'c', title: 'Cafe live', archived: false }),
  ]

  it('lists only archived cards, last archived first, and finds titles whatever the case and accents', () => {
    expect(archivedCards(cards, '').map((c) => c.id)).toEqual(['a', 'b', 'd', 'e'])
    expect(archivedCards(cards, ' CAFE ').map((c) => c.id)).toEqual(['a'])
    expect(archivedCards(cards, 'café').map((c) => c.id)).toEqual(['a'])
    expect(archivedCards(cards, 'nothing')).toEqual([])
  })
})

describe('undo keys', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>,
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  })

  it('read Ctrl/Cmd+Z as undo, Shift+Ctrl/Cmd+Z and Ctrl+Y as redo, nothing else', () => {
    expect(undoKindOf(key('z', { ctrlKey: true }))).toBe('undo')
    expect(undoKindOf(key('z', { metaKey: true }))).toBe('undo')
    expect(undoKindOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo')
    expect(undoKindOf(key('Z', { metaKey: true, shiftKey: true }))).toBe('redo')
    expect(undoKindOf(key('y', { ctrlKey: true }))).toBe('redo')
    expect(undoKindOf(key('z', {}))).toBeNull()
    expect(undoKindOf(key('z', { ctrlKey: true, altKey: true }))).toBeNull()
    // without a DOM, nothing is a field being typed in
    expect(isTypingTarget(null)).toBe(false)
  })
})
