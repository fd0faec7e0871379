import { describe, expect, it } from 'vitest'
import { boardPath, parseRoute, safeNext, signInPath } from './router.ts'

describe('router', () => {
  it('knows the three routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'boards' })
    expect(parseRoute('/sign-in')).toEqual({ name: 'sign-in', next: null })
    expect(parseRoute('/b/abc_123')).toEqual({ name: 'board', boardId: 'abc_123' })
    expect(parseRoute('/b/abc/')).toEqual({ name: 'board', boardId: 'abc' })
    expect(parseRoute('/b/')).toEqual({ name: 'not-found' })
    expect(parseRoute('/elsewhere')).toEqual({ name: 'not-found' })
  })

  it('round-trips board ids through the path', () => {
    expect(parseRoute(boardPath('a b/c'))).toEqual({ name: 'board', boardId: 'a b/c' })
  })

  it('only returns to paths of this app after sign-in', () => {
    expect(parseRoute('/sign-in', `?next=${encodeURIComponent('/b/x')}`)).toEqual({
      name: 'sign-in',
      next: '/b/x',
    })
    expect(safeNext('https://evil.example')).toBeNull()
    expect(safeNext('//evil.example')).toBeNull()
    expect(safeNext('/\\evil.example')).toBeNull()
    expect(signInPath('/')).toBe('/sign-in')
    expect(signInPath('/b/x')).toBe('/sign-in?next=%2Fb%2Fx')
  })
})
