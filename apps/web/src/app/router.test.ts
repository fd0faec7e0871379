import { describe, expect, it } from 'vitest'
import {
  type BoardFilter,
  boardFilterSearch,
  boardPath,
  boardSettingsPath,
  boardViewPath,
  NO_BOARD_FILTER,
  parseBoardFilter,
  parseRoute,
  roundsPath,
  safeNext,
  searchWithout,
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

  it('knows the review rounds and the review link page', () => {
    expect(parseRoute('/b/abc/rounds')).toEqual({ name: 'rounds', boardId: 'abc' })
    expect(parseRoute('/b/abc/rounds/')).toEqual({ name: 'rounds', boardId: 'abc' })
    expect(parseRoute('/b/abc/rounds/r1')).toEqual({ name: 'round', boardId: 'abc', roundId: 'r1' })
    expect(parseRoute(roundsPath('a b', 'r/1'))).toEqual({
      name: 'round',
      boardId: 'a b',
      roundId: 'r/1',
    })
    expect(roundsPath('a b')).toBe('/b/a%20b/rounds')
    expect(parseRoute('/b/abc/rounds/r1/more')).toEqual({ name: 'not-found' })
    expect(parseRoute('/b/abc/rounds/%E0%A4%A')).toEqual({ name: 'not-found' })
    // a link for someone without an account: its token is the whole path
    expect(parseRoute('/review/tok_1-AZ')).toEqual({ name: 'review', token: 'tok_1-AZ' })
    expect(parseRoute('/review/')).toEqual({ name: 'not-found' })
    expect(parseRoute('/review/a/b')).toEqual({ name: 'not-found' })
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

  it("reads the board's filter from the query string, beside an open card", () => {
    const search = '?q=caf%C3%A9+de+olla&assignee=u1&network=instagram&mine=1&card=c9'
    expect(parseBoardFilter(search)).toEqual({
      q: 'café de olla',
      assignee: 'u1',
      network: 'instagram',
      campaign: null,
      objective: null,
      tag: null,
      approval: null,
      mine: true,
    })
    // the card link still opens its card
    expect(parseRoute('/b/abc', search)).toEqual({
      name: 'board',
      boardId: 'abc',
      view: 'board',
      cardId: 'c9',
    })
    expect(parseBoardFilter('')).toEqual(NO_BOARD_FILTER)
  })

  it('reads an unknown network, a stray mine or blank values as no filter', () => {
    expect(
      parseBoardFilter('?network=myspace&mine=yes&assignee=%20&tag=&campaign=&approval=maybe'),
    ).toEqual(NO_BOARD_FILTER)
    expect(parseBoardFilter(`?q=${'a'.repeat(500)}`).q).toHaveLength(200)
  })

  it("round-trips the board's filter and keeps the other parameters", () => {
    const filter: BoardFilter = {
      q: 'Día del café',
      assignee: 'none',
      network: 'tiktok',
      campaign: 'Navidad 2026',
      objective: 'Alcance & más',
      tag: 'a=b',
      approval: 'in-review',
      mine: true,
    }
    const search = boardFilterSearch(filter, '?card=c1&q=old&network=x')
    expect(new URLSearchParams(search).get('card')).toBe('c1')
    expect(parseBoardFilter(search)).toEqual(filter)
    expect(parseRoute('/b/abc', search)).toMatchObject({ name: 'board', cardId: 'c1' })
    // no filter, no parameters: a plain board has a plain URL
    expect(boardFilterSearch(NO_BOARD_FILTER, '?q=x&mine=1')).toBe('')
    expect(boardFilterSearch({ ...NO_BOARD_FILTER, q: '  ' }, '?card=c1')).toBe('?card=c1')
    expect(boardFilterSearch({ ...NO_BOARD_FILTER, network: 'x', mine: true })).toBe(
      '?network=x&mine=1',
    )
    expect(boardFilterSearch({ ...NO_BOARD_FILTER, approval: 'client' })).toBe('?approval=client')
  })

  it('takes one parameter out and leaves the rest (closing a linked card keeps the filter)', () => {
    expect(searchWithout('?q=cafe&card=c1&mine=1', 'card')).toBe('?q=cafe&mine=1')
    expect(searchWithout('?card=c1', 'card')).toBe('')
    // other views' parameters are not the board's filter
    expect(boardFilterSearch(NO_BOARD_FILTER, '?period=90&card=c2')).toBe('?period=90&card=c2')
  })
})
