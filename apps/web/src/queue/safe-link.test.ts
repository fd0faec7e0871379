import { describe, expect, it } from 'vitest'
import { safeLink } from './safe-link.ts'

describe('safe links', () => {
  it('opens only http(s) addresses', () => {
    expect(safeLink('https://instagram.com/p/1')).toBe('https://instagram.com/p/1')
    expect(safeLink('http://example.org')).toBe('http://example.org/')
    expect(safeLink('javascript:alert(1)')).toBeNull()
    expect(safeLink('data:text/html,hi')).toBeNull()
    expect(safeLink('not a url')).toBeNull()
    expect(safeLink(null)).toBeNull()
  })
})
