import { describe, expect, it } from 'vitest'
import { offeredViews } from './offered-views.ts'

describe('the board’s tabs fit the role', () => {
  it('a community manager gets My posts and no Team posts', () => {
    const views = offeredViews(['cm'], 'board')
    expect(views).toContain('queue')
    expect(views).not.toContain('team')
    expect(views).not.toContain('flow')
  })

  it('a manager or strategist gets Team posts instead of an always-empty My posts', () => {
    for (const role of ['manager', 'strategist'] as const) {
      const views = offeredViews([role], 'board')
      expect(views).toContain('team')
      expect(views).not.toContain('queue')
      expect(views).toContain('flow')
    }
    // someone who is both lead and community manager gets both
    expect(offeredViews(['manager', 'cm'], 'board')).toEqual(
      expect.arrayContaining(['queue', 'team']),
    )
  })

  it('a client gets neither queue, but the board, calendar, escalations and pipeline', () => {
    expect(offeredViews(['client'], 'board')).toEqual([
      'board',
      'calendar',
      'escalations',
      'pipeline',
    ])
  })

  it('keeps the view being shown, and offers only the shared ones while roles load', () => {
    expect(offeredViews(['client'], 'queue')).toContain('queue')
    expect(offeredViews(undefined, 'board')).toEqual([
      'board',
      'calendar',
      'escalations',
      'pipeline',
    ])
  })
})
