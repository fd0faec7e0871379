import { buildCard } from '@pauta/board'
import { type Actor, type BoardRules, type Card, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import {
  assigneeChoices,
  type CalendarFilter,
  calendarPosts,
  campaignsOf,
  canReschedule,
  filterPosts,
  isFiltering,
  NO_FILTER,
  placePost,
  planReschedule,
  postsByDay,
  rescheduledAt,
  slotOf,
  viewerOffset,
  weekLayout,
  weekSlots,
} from './calendar-model.ts'

const MEXICO = 'America/Mexico_City' // UTC-6 all year since 2022
const MADRID = 'Europe/Madrid' // CET, CEST from 2025-03-30

let n = 0
function card(fields: Partial<Card> = {}): Card {
  n += 1
  return {
    ...buildCard({ title: `Post ${n}`, stage: 'calendar' }, { userId: 'lead', id: `c${n}` }),
    network: 'instagram',
    assigneeId: 'ana',
    scheduledAt: '2025-03-10T16:00:00.000Z',
    ...fields,
  }
}

const manager: Actor = { id: 'mara', roles: ['manager'] }
const ana: Actor = { id: 'ana', roles: ['cm'] }
const beto: Actor = { id: 'beto', roles: ['cm'] }
const client: Actor = { id: 'cli', roles: ['client'] }

describe('which posts land on which day', () => {
  it('places a scheduled post at its scheduled time, read in the workspace zone', () => {
    // 02:30 UTC on the 10th is 20:30 on the 9th in Mexico City
    const post = placePost(card({ scheduledAt: '2025-03-10T02:30:00.000Z' }), MEXICO)
    expect(post).toMatchObject({ day: '2025-03-09', time: '20:30', basis: 'scheduled' })
    expect(placePost(card({ scheduledAt: '2025-03-10T02:30:00.000Z' }), MADRID)).toMatchObject({
      day: '2025-03-10',
      time: '03:30',
    })
  })

  it('places a published post without a schedule at its publication time', () => {
    const post = placePost(
      card({
        stage: 'published',
        scheduledAt: null,
        publishedAt: '2025-03-11T18:05:00.000Z',
      }),
      MEXICO,
    )
    expect(post).toMatchObject({ day: '2025-03-11', time: '12:05', basis: 'published' })
  })

  it('prefers the schedule when a published post has both', () => {
    const post = placePost(
      card({
        stage: 'published',
        scheduledAt: '2025-03-11T16:00:00.000Z',
        publishedAt: '2025-03-11T16:07:00.000Z',
      }),
      MEXICO,
    )
    expect(post).toMatchObject({ time: '10:00', basis: 'scheduled' })
  })

  it('leaves out archived cards, ideas in strategy and cards without a date', () => {
    expect(placePost(card({ archived: true }), MEXICO)).toBeNull()
    expect(placePost(card({ stage: 'strategy' }), MEXICO)).toBeNull()
    expect(placePost(card({ scheduledAt: null }), MEXICO)).toBeNull()
    expect(placePost(card({ scheduledAt: 'not a date' }), MEXICO)).toBeNull()
    expect(placePost(card({ stage: 'plan' }), MEXICO)).not.toBeNull()
    expect(placePost(card({ stage: 'escalated' }), MEXICO)).not.toBeNull()
  })

  it('orders the posts by time and groups them by day', () => {
    const late = card({ title: 'late', scheduledAt: '2025-03-10T23:00:00.000Z' })
    const early = card({ title: 'early', scheduledAt: '2025-03-10T14:00:00.000Z' })
    const next = card({ title: 'next day', scheduledAt: '2025-03-11T05:30:00.000Z' })
    const posts = calendarPosts([late, next, early, card({ archived: true })], MEXICO)
    expect(posts.map((p) => p.card.title)).toEqual(['early', 'late', 'next day'])
    const byDay = postsByDay(posts)
    // 05:30 UTC on the 11th is still the 10th (23:30) in Mexico City, not in Madrid
    expect(byDay.get('2025-03-10')?.map((p) => p.card.title)).toEqual(['early', 'late', 'next day'])
    expect(byDay.get('2025-03-11')).toBeUndefined()
    expect(postsByDay(calendarPosts([next], MADRID)).get('2025-03-11')).toHaveLength(1)
  })
})

describe('filters', () => {
  const posts = calendarPosts(
    [
      card({ title: 'a', network: 'instagram', assigneeId: 'ana', campaign: 'Spring ' }),
      card({ title: 'b', network: 'tiktok', assigneeId: 'beto', campaign: 'Launch' }),
      card({ title: 'c', network: 'instagram', assigneeId: null, stage: 'plan' }),
      card({ title: 'd', network: null, assigneeId: 'ana', stage: 'published' }),
    ],
    MEXICO,
  )
  const titles = (filter: Partial<CalendarFilter>, userId = 'ana') =>
    filterPosts(posts, { ...NO_FILTER, ...filter }, userId, DEFAULT_RULES).map((p) => p.card.title)

  it('shows everything without a filter', () => {
    expect(titles({})).toEqual(['a', 'b', 'c', 'd'])
    expect(isFiltering(NO_FILTER)).toBe(false)
  })

  it('narrows by network, community manager, campaign and stage, all together', () => {
    expect(titles({ network: 'instagram' })).toEqual(['a', 'c'])
    expect(titles({ assignee: { kind: 'member', id: 'ana' } })).toEqual(['a', 'd'])
    expect(titles({ assignee: { kind: 'nobody' } })).toEqual(['c'])
    expect(titles({ campaign: 'Spring' })).toEqual(['a'])
    expect(titles({ stage: 'plan' })).toEqual(['c'])
    expect(titles({ network: 'instagram', assignee: { kind: 'member', id: 'ana' } })).toEqual(['a'])
    expect(isFiltering({ ...NO_FILTER, stage: 'plan' })).toBe(true)
  })

  it('[APPR2] by approval, keeps the posts the policy covers, not yet out, in that state', () => {
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      approval: { policy: 'internal-then-client', networks: ['instagram'], campaigns: [] },
    }
    const posts = calendarPosts(
      [
        card({ title: 'team', network: 'instagram', approval: 'in-review', reviewer: 'team' }),
        card({ title: 'client', network: 'instagram', approval: 'in-review', reviewer: 'client' }),
        card({ title: 'tiktok', network: 'tiktok', approval: 'in-review', reviewer: 'team' }),
        card({ title: 'ok', network: 'instagram', approval: 'approved' }),
        card({ title: 'out', network: 'instagram', approval: 'approved', stage: 'published' }),
      ],
      MEXICO,
    )
    const titles = (approval: CalendarFilter['approval'], on = rules) =>
      filterPosts(posts, { ...NO_FILTER, approval }, 'ana', on).map((p) => p.card.title)
    // same time: in title order
    expect(titles('in-review')).toEqual(['client', 'team'])
    expect(titles('client')).toEqual(['client'])
    expect(titles('approved')).toEqual(['ok'])
    expect(titles('in-review', DEFAULT_RULES)).toEqual([])
    expect(isFiltering({ ...NO_FILTER, approval: 'draft' })).toBe(true)
  })

  it('"only mine" keeps the posts assigned to the viewer', () => {
    expect(titles({ onlyMine: true }, 'ana')).toEqual(['a', 'd'])
    expect(titles({ onlyMine: true }, 'beto')).toEqual(['b'])
    expect(titles({ onlyMine: true }, 'mara')).toEqual([])
  })

  it('offers the campaigns and the people found on the board', () => {
    expect(campaignsOf(posts, 'en')).toEqual(['Launch', 'Spring'])
    const members = new Map([
      ['ana', { name: 'Ana', roles: ['cm'] }],
      ['beto', { name: 'Beto', roles: ['manager'] }],
      ['cora', { name: 'Cora', roles: ['cm', 'strategist'] }],
      ['mara', { name: 'Mara', roles: ['manager'] }],
    ])
    // community managers, and anyone a post is assigned to
    expect(assigneeChoices(posts, members, 'es').map((m) => m.id)).toEqual(['ana', 'beto', 'cora'])
  })
})

describe('week slots', () => {
  it('shows 06:00 to 23:00 in half hours', () => {
    const slots = weekSlots()
    expect(slots).toHaveLength(34)
    expect(slots[0]).toBe('06:00')
    expect(slots.at(-1)).toBe('22:30')
  })

  it('puts a post in its half-hour slot, or at the edge of the day', () => {
    expect(slotOf('05:59')).toEqual({ kind: 'before' })
    expect(slotOf('06:00')).toEqual({ kind: 'slot', time: '06:00' })
    expect(slotOf('10:45')).toEqual({ kind: 'slot', time: '10:30' })
    expect(slotOf('22:59')).toEqual({ kind: 'slot', time: '22:30' })
    expect(slotOf('23:00')).toEqual({ kind: 'after' })
  })

  it('lays a week out by day and slot', () => {
    const posts = calendarPosts(
      [
        card({ title: 'dawn', scheduledAt: '2025-03-10T10:00:00.000Z' }), // 04:00
        card({ title: 'ten', scheduledAt: '2025-03-10T16:10:00.000Z' }), // 10:10
        card({ title: 'ten too', scheduledAt: '2025-03-10T16:20:00.000Z' }), // 10:20
        card({ title: 'night', scheduledAt: '2025-03-11T05:30:00.000Z' }), // 23:30 on the 10th
      ],
      MEXICO,
    )
    const layout = weekLayout(['2025-03-10', '2025-03-11'], postsByDay(posts))
    const monday = layout.get('2025-03-10')
    expect(monday?.before.map((p) => p.card.title)).toEqual(['dawn'])
    expect(monday?.slots.get('10:00')?.map((p) => p.card.title)).toEqual(['ten', 'ten too'])
    expect(monday?.after.map((p) => p.card.title)).toEqual(['night'])
    expect(layout.get('2025-03-11')?.slots.size).toBe(0)
  })
})

describe('the reschedule computation', () => {
  it('keeps the time of day when a post is dropped on another day (month view)', () => {
    // 10:00 in Mexico City
    expect(
      rescheduledAt('2025-03-10T16:00:00.000Z', { day: '2025-03-14', time: null }, MEXICO),
    ).toBe('2025-03-14T16:00:00.000Z')
  })

  it('keeps the wall-clock time across a change of offset', () => {
    // 10:00 CET on Friday 28 March is 10:00 CEST on Monday 31 March: an hour less in UTC
    expect(
      rescheduledAt('2025-03-28T09:00:00.000Z', { day: '2025-03-31', time: null }, MADRID),
    ).toBe('2025-03-31T08:00:00.000Z')
  })

  it('keeps seconds when only the day changes', () => {
    expect(
      rescheduledAt('2025-03-10T16:00:30.500Z', { day: '2025-03-11', time: null }, MEXICO),
    ).toBe('2025-03-11T16:00:30.500Z')
  })

  it('sets day and time from a week slot', () => {
    expect(
      rescheduledAt('2025-03-10T16:00:00.000Z', { day: '2025-03-12', time: '14:30' }, MEXICO),
    ).toBe('2025-03-12T20:30:00.000Z')
    expect(
      rescheduledAt('2025-03-28T09:00:00.000Z', { day: '2025-03-31', time: '06:00' }, MADRID),
    ).toBe('2025-03-31T04:00:00.000Z')
  })

  it('lets a manager and the assigned CM reschedule, as the server would', () => {
    const post = card({ assigneeId: 'ana' })
    const target = { day: '2025-03-12', time: null }
    expect(planReschedule(manager, post, target, DEFAULT_RULES, MEXICO)).toEqual({
      kind: 'reschedule',
      scheduledAt: '2025-03-12T16:00:00.000Z',
    })
    expect(planReschedule(ana, post, target, DEFAULT_RULES, MEXICO).kind).toBe('reschedule')
    expect(planReschedule(beto, post, target, DEFAULT_RULES, MEXICO)).toEqual({
      kind: 'refused',
      refusal: { code: 'not-assignee' },
    })
    expect(planReschedule(client, post, target, DEFAULT_RULES, MEXICO)).toEqual({
      kind: 'refused',
      refusal: { code: 'read-only' },
    })
  })

  it('does nothing when the post is dropped where it was', () => {
    const post = card()
    expect(
      planReschedule(manager, post, { day: '2025-03-10', time: null }, DEFAULT_RULES, MEXICO),
    ).toEqual({ kind: 'unchanged' })
    expect(
      planReschedule(manager, post, { day: '2025-03-10', time: '10:00' }, DEFAULT_RULES, MEXICO),
    ).toEqual({ kind: 'unchanged' })
  })

  it('says which posts may be dragged', () => {
    expect(canReschedule(manager, card(), DEFAULT_RULES)).toBe(true)
    expect(canReschedule(ana, card({ assigneeId: 'ana' }), DEFAULT_RULES)).toBe(true)
    expect(canReschedule(beto, card({ assigneeId: 'ana' }), DEFAULT_RULES)).toBe(false)
    expect(canReschedule(client, card(), DEFAULT_RULES)).toBe(false)
    expect(canReschedule(manager, card({ stage: 'plan' }), DEFAULT_RULES)).toBe(true)
    // published posts are history: they are not rescheduled
    const published = card({ stage: 'published', publishedAt: '2025-03-10T16:02:00.000Z' })
    expect(canReschedule(manager, published, DEFAULT_RULES)).toBe(false)
    expect(
      planReschedule(manager, published, { day: '2025-03-12', time: null }, DEFAULT_RULES, MEXICO)
        .kind,
    ).toBe('refused')
    expect(canReschedule(manager, card({ stage: 'monitored' }), DEFAULT_RULES)).toBe(false)
    expect(canReschedule(manager, card({ archived: true }), DEFAULT_RULES)).toBe(false)
  })
})

describe('time zones', () => {
  it('tells how far the viewer is from the workspace', () => {
    const winter = new Date('2025-01-15T12:00:00Z')
    const summer = new Date('2025-07-15T12:00:00Z')
    expect(viewerOffset(winter, MEXICO, MEXICO)).toBeNull()
    expect(viewerOffset(winter, MEXICO, MADRID)).toBe(7 * 60)
    expect(viewerOffset(summer, MEXICO, MADRID)).toBe(8 * 60)
    expect(viewerOffset(winter, MADRID, 'America/Bogota')).toBe(-6 * 60)
    expect(viewerOffset(winter, 'UTC', 'Asia/Kolkata')).toBe(5 * 60 + 30)
    expect(viewerOffset(winter, 'America/Bogota', 'America/Lima')).toBe(0)
  })
})
