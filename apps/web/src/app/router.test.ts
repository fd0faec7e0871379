import { describe, expect, it } from 'vitest'
import {
  boardPath,
  boardSettingsPath,
  boardViewPath,
  parseRoute,
  safeNext,
  signInPath,
  workspacePath,
} from './router.ts'

describe('router', () => {
  it('knows the three routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'boards' })
    expect(parseRoute('/sign-in')).toEqual({ name: 'sign-in', next: null })
    const board = { name: 'board', view: 'board', cardId: null }
    expect(parseRoute('/b/abc_123')).toEqual({ ...board, boardId: 'abc_123' })
    expect(parseRoute('/b/abc/')).toEqual({ ...board, boardId: 'abc' })
    expect(parseRoute('/b/abc/queue')).toEqual({ ...board, boardId: 'abc', view: 'queue' })
    expect(parseRoute('/b/abc/calendar', '?card=c1')).toEqual({
      ...board,
      boardId: 'abc',
      view: 'calendar',
      cardId: 'c1',
    })
    expect(parseRoute('/b/abc/escalations')).toEqual({
      ...board,
      boardId: 'abc',
      view: 'escalations',
    })
    expect(parseRoute('/b/abc/flow')).toEqual({ ...board, boardId: 'abc', view: 'flow' })
    // a dashboard's filter rides in the query string, beside an open card
    expect(parseRoute('/b/abc/pipeline', '?period=90&card=c2')).toEqual({
      ...board,
      boardId: 'abc',
      view: 'pipeline',
      cardId: 'c2',
    })
    expect(parseRoute('/b/abc/elsewhere')).toEqual({ name: 'not-found' })
    expect(parseRoute('/b/')).toEqual({ name: 'not-found' })
    expect(parseRoute('/elsewhere')).toEqual({ name: 'not-found' })
  })

  it('knows the workspace, invitation, settings and account pages', () => {
    expect(parseRoute('/w/ws1')).toEqual({ name: 'workspace', workspaceId: 'ws1' })
    expect(parseRoute(workspacePath('a/b'))).toEqual({ name: 'workspace', workspaceId: 'a/b' })
    expect(parseRoute('/invite/tok_1')).toEqual({ name: 'invite', token: 'tok_1' })
    expect(parseRoute(boardSettingsPath('b 1'))).toEqual({ name: 'board-settings', boardId: 'b 1' })
    expect(parseRoute('/account')).toEqual({ name: 'account' })
    expect(parseRoute('/b/%E0%A4%A')).toEqual({ name: 'not-found' })
  })

  it('round-trips board ids through the path', () => {
    expect(parseRoute(boardPath('a b/c'))).toEqual({
      name: 'board',
      boardId: 'a b/c',
      view: 'board',
      cardId: null,
    })
    expect(boardViewPath('a b', 'flow')).toBe('/b/a%20b/flow')
    expect(boardViewPath('a b', 'pipeline')).toBe('/b/a%20b/pipeline')
    const calendar = new URL(boardViewPath('a b', 'calendar', 'c 1'), 'http://x')
    expect(parseRoute(calendar.pathname, calendar.search)).toEqual({
      name: 'board',
      boardId: 'a b',
      view: 'calendar',
      cardId: 'c 1',
    })
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
