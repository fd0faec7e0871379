import { afterEach, describe, expect, it, vi } from 'vitest'
import { cmLoadKey, initialValues, toAnswers } from './move-answers.ts'

const MX = 'America/Mexico_City'

describe('move dialog answers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('starts every asked field empty, but a publication time, which is now', () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T15:30:00.000Z') })
    expect(initialValues(['scheduledAt', 'network'], MX)).toEqual({ scheduledAt: '', network: '' })
    // now, on the workspace's clock
    expect(initialValues(['publishedAt'], MX).publishedAt).toBe('2026-11-23T09:30')
    expect(initialValues(['publishedAt'], 'Europe/Madrid').publishedAt).toBe('2026-11-23T16:30')
  })

  it('reads the typed strings as the fields a move writes', () => {
    const local = '2026-11-23T10:30'
    const { answers, badDates } = toAnswers(
      {
        scheduledAt: local,
        network: 'instagram',
        severity: 'high',
        assigneeId: '',
        escalationReason: '  Angry customer  ',
        tags: 'a, b,,c',
        campaign: ' Spring ',
      },
      MX,
    )
    expect(badDates).toEqual([])
    expect(answers).toEqual({
      // typed on the workspace's clock: 10:30 in Mexico City is 16:30 UTC
      scheduledAt: '2026-11-23T16:30:00.000Z',
      network: 'instagram',
      severity: 'high',
      assigneeId: null,
      escalationReason: 'Angry customer',
      tags: ['a', 'b', 'c'],
      campaign: 'Spring',
    })
  })

  it('leaves out unreadable dates and names them; unknown choices are null', () => {
    const { answers, badDates } = toAnswers(
      {
        publishedAt: 'yesterday',
        network: 'myspace',
        severity: 'urgent',
      },
      MX,
    )
    expect(badDates).toEqual(['publishedAt'])
    expect(answers).toEqual({ network: null, severity: null })
  })

  it('words a community manager’s load against the board’s limit', () => {
    expect(cmLoadKey(2, 3)).toBe('moveFields.cmLoadLimit')
    expect(cmLoadKey(3, 3)).toBe('moveFields.cmLoadFull')
    expect(cmLoadKey(4, 3)).toBe('moveFields.cmLoadOver')
  })
})
