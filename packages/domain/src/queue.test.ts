import { describe, expect, it } from 'vitest'
import type { Card } from './card.ts'
import { dueSoon, groupQueue, QUEUE_GROUPS } from './queue.ts'
import { sampleCard } from './testing.ts'

function card(id: string, fields: Partial<Card> = {}): Card {
  return sampleCard({
    id,
    title: `Post ${id}`,
    stage: 'calendar',
    network: 'instagram',
    assigneeId: 'ana',
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'lead',
    ...fields,
  })
}

const ids = (cards: Card[]) => cards.map((c) => c.id)

describe('groupQueue', () => {
  // Friday 20 November 2026, 10:00 in Mexico City (UTC-6); the week runs Mon 16 – Sun 22.
  const now = new Date('2026-11-20T16:00:00Z')
  const opts = { userId: 'ana', now, timeZone: 'America/Mexico_City', canTake: true }
  const cards = [
    card('late-today', { scheduledAt: '2026-11-20T15:00:00Z' }),
    card('late-yesterday', { scheduledAt: '2026-11-19T20:00:00Z' }),
    card('now', { scheduledAt: '2026-11-20T16:00:00Z' }),
    // 23:30 on Friday here, already Saturday in UTC.
    card('tonight', { scheduledAt: '2026-11-21T05:30:00Z' }),
    card('saturday-b', { scheduledAt: '2026-11-21T18:00:00Z' }),
    card('saturday-a', { scheduledAt: '2026-11-21T18:00:00Z' }),
    // 23:00 on Sunday here, already Monday in UTC: still this week for Ana.
    card('sunday-night', { scheduledAt: '2026-11-23T05:00:00Z' }),
    card('monday', { scheduledAt: '2026-11-23T06:00:00Z' }),
    card('unscheduled'),
    card('next-month', { scheduledAt: '2026-12-10T16:00:00Z' }),
    card('archived', { scheduledAt: '2026-11-20T18:00:00Z', archived: true }),
    card('someone-else', { scheduledAt: '2026-11-20T18:00:00Z', assigneeId: 'bea' }),
    card('idea', { stage: 'plan', scheduledAt: '2026-11-20T18:00:00Z' }),
    card('pool-late', { assigneeId: null, scheduledAt: '2026-11-25T16:00:00Z' }),
    card('pool-early', { assigneeId: null, scheduledAt: '2026-11-20T20:00:00Z' }),
    card('pool-archived', {
      assigneeId: null,
      scheduledAt: '2026-11-20T20:00:00Z',
      archived: true,
    }),
    card('pool-undated', { assigneeId: null }),
    card('published-old', { stage: 'published', publishedAt: '2026-11-10T16:00:00Z' }),
    card('published-new', { stage: 'published', publishedAt: '2026-11-19T16:00:00Z' }),
    card('published-undated', { stage: 'published' }),
    card('monitored', { stage: 'monitored', publishedAt: '2026-11-18T16:00:00Z' }),
    card('escalated', { stage: 'escalated', publishedAt: '2026-11-01T16:00:00Z' }),
    card('escalated-other', { stage: 'escalated', assigneeId: 'bea' }),
    card('monitored-archived', { stage: 'monitored', archived: true }),
  ]

  it('[POSTS1] groups my calendar posts by when they are due, in my zone', () => {
    const queue = groupQueue(cards, opts)
    expect(QUEUE_GROUPS.map((group) => ids(queue[group]))).toEqual([
      ['late-yesterday', 'late-today'],
      ['now', 'tonight'],
      ['saturday-a', 'saturday-b', 'sunday-night'],
      ['monday', 'next-month', 'unscheduled'],
    ])
  })

  it('[POSTS2] lists what I follow: escalations first, then the newest posts', () => {
    expect(ids(groupQueue(cards, opts).following)).toEqual([
      'escalated',
      'published-new',
      'published-old',
      'published-undated',
      'monitored',
    ])
  })

  it('[POSTS2] offers unassigned calendar posts only to someone who may take them', () => {
    expect(ids(groupQueue(cards, opts).takeable)).toEqual([
      'pool-early',
      'pool-late',
      'pool-undated',
    ])
    expect(groupQueue(cards, { ...opts, canTake: false }).takeable).toEqual([])
  })

  it('[POSTS1] reads "today" and "this week" in the viewer\'s zone, not UTC', () => {
    // 23:00 on Friday in Mexico City is already 06:00 on Saturday in Madrid.
    const instant = new Date('2026-11-21T05:00:00Z')
    const mexico = groupQueue(cards, { ...opts, now: instant })
    expect(ids(mexico.today)).toEqual(['tonight'])
    expect(ids(mexico.thisWeek)).toEqual(['saturday-a', 'saturday-b', 'sunday-night'])
    const madrid = groupQueue(cards, { ...opts, now: instant, timeZone: 'Europe/Madrid' })
    expect(ids(madrid.today)).toEqual(['tonight', 'saturday-a', 'saturday-b'])
    // Sunday 23:00 in Mexico City is Monday 06:00 in Madrid: next week there.
    expect(ids(madrid.thisWeek)).toEqual([])
    expect(ids(madrid.later)).toEqual(['sunday-night', 'monday', 'next-month', 'unscheduled'])
  })

  it('[POSTS1] ends the week at local Monday midnight over a fall-back weekend', () => {
    // Friday 23 October 2026 in Madrid (UTC+2); clocks go back on Sunday the 25th.
    const friday = new Date('2026-10-23T08:00:00Z')
    const posts = [
      card('sunday-23-30', { scheduledAt: '2026-10-25T22:30:00Z' }),
      card('monday-00-00', { scheduledAt: '2026-10-25T23:00:00Z' }),
    ]
    const queue = groupQueue(posts, { ...opts, now: friday, timeZone: 'Europe/Madrid' })
    expect(ids(queue.thisWeek)).toEqual(['sunday-23-30'])
    expect(ids(queue.later)).toEqual(['monday-00-00'])
  })

  it('[POSTS1] ends the week at local Monday midnight over a spring-forward weekend', () => {
    // Saturday 7 March 2026 in New York (UTC-5); clocks go forward on Sunday the 8th.
    const saturday = new Date('2026-03-07T17:00:00Z')
    const posts = [
      card('sunday-23-30', { scheduledAt: '2026-03-09T03:30:00Z' }),
      card('monday-00-30', { scheduledAt: '2026-03-09T04:30:00Z' }),
      card('sunday-03-00', { scheduledAt: '2026-03-08T07:00:00Z' }),
    ]
    const queue = groupQueue(posts, { ...opts, now: saturday, timeZone: 'America/New_York' })
    expect(ids(queue.thisWeek)).toEqual(['sunday-03-00', 'sunday-23-30'])
    expect(ids(queue.later)).toEqual(['monday-00-30'])
  })
})

describe('dueSoon', () => {
  const now = new Date('2026-11-20T16:00:00Z')
  const at = (iso: string, fields: Partial<Card> = {}) => card('p', { scheduledAt: iso, ...fields })

  it('[POSTS3] flags a calendar post due within the next hour, both ends included', () => {
    expect(dueSoon(at('2026-11-20T16:00:00Z'), now)).toBe(true)
    expect(dueSoon(at('2026-11-20T17:00:00Z'), now)).toBe(true)
    expect(dueSoon(at('2026-11-20T17:00:00.001Z'), now)).toBe(false)
    expect(dueSoon(at('2026-11-20T15:59:59.999Z'), now)).toBe(false)
    expect(dueSoon(at('2026-11-20T16:20:00Z'), now, 15)).toBe(false)
    expect(dueSoon(at('2026-11-20T16:15:00Z'), now, 15)).toBe(true)
  })

  it('[POSTS3] ignores posts that are not waiting in the calendar', () => {
    expect(dueSoon(at('2026-11-20T16:30:00Z', { stage: 'published' }), now)).toBe(false)
    expect(dueSoon(at('2026-11-20T16:30:00Z', { archived: true }), now)).toBe(false)
    expect(dueSoon(card('p'), now)).toBe(false)
  })
})
