import type { Card } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { groupTeamQueues, type TeamMember, toPublish } from './team-queues.ts'

const now = new Date('2026-11-18T15:00:00.000Z') // a Wednesday, 09:00 in Mexico City
const timeZone = 'America/Mexico_City'

const members: TeamMember[] = [
  { id: 'marco', name: 'Marco', roles: ['manager'] },
  { id: 'diego', name: 'Diego', roles: ['cm'] },
  { id: 'carla', name: 'Carla', roles: ['cm'] },
  { id: 'lucia', name: 'Lucía', roles: ['client'] },
]

let n = 0
function post(fields: Partial<Card>): Card {
  n += 1
  return sampleCard({ id: `p${String(n).padStart(2, '0')}`, stage: 'calendar', ...fields })
}

const ids = (cards: readonly Card[]) => cards.map((card) => card.id)

describe('[POSTS4] team posts', () => {
  it('lists every community manager by name, each with their own queue, even an empty one', () => {
    const late = post({ assigneeId: 'carla', scheduledAt: '2026-11-18T14:00:00.000Z' })
    const today = post({ assigneeId: 'carla', scheduledAt: '2026-11-18T20:00:00.000Z' })
    const out = post({ assigneeId: 'carla', stage: 'published', publishedAt: now.toISOString() })
    const team = groupTeamQueues([out, today, late], members, { now, timeZone, limit: null })
    expect(team.people.map((p) => p.name)).toEqual(['Carla', 'Diego'])
    const [carla, diego] = team.people
    expect(ids(carla!.queue.overdue)).toEqual([late.id])
    expect(ids(carla!.queue.today)).toEqual([today.id])
    expect(ids(carla!.queue.following)).toEqual([out.id])
    expect(carla!.queue.takeable).toEqual([])
    expect(toPublish(carla!.queue)).toBe(2)
    expect(toPublish(diego!.queue)).toBe(0)
  })

  it('never shows one person’s post in another’s queue; unassigned calendar posts stand apart', () => {
    const forCarla = post({ assigneeId: 'carla', scheduledAt: '2026-11-20T15:00:00.000Z' })
    const forDiego = post({ assigneeId: 'diego', scheduledAt: '2026-11-20T15:00:00.000Z' })
    const free = post({ assigneeId: null, scheduledAt: '2026-11-19T15:00:00.000Z' })
    const freeInPlan = post({ assigneeId: null, stage: 'plan' })
    const team = groupTeamQueues([forCarla, forDiego, free, freeInPlan], members, {
      now,
      timeZone,
      limit: null,
    })
    const byId = new Map(team.people.map((p) => [p.id, p]))
    expect(ids(byId.get('carla')!.queue.thisWeek)).toEqual([forCarla.id])
    expect(ids(byId.get('diego')!.queue.thisWeek)).toEqual([forDiego.id])
    expect(ids(team.unassigned)).toEqual([free.id])
  })

  it('counts each one’s active load (calendar, published, escalated) against the per-CM limit', () => {
    const cards = [
      post({ assigneeId: 'carla' }),
      post({ assigneeId: 'carla', stage: 'published' }),
      post({ assigneeId: 'carla', stage: 'escalated' }),
      post({ assigneeId: 'carla', stage: 'monitored' }), // long-lived: not active
      post({ assigneeId: 'carla', archived: true }), // archived: counts nowhere
      post({ assigneeId: 'diego' }),
    ]
    const team = groupTeamQueues(cards, members, { now, timeZone, limit: 2 })
    const [carla, diego] = team.people
    expect(carla).toMatchObject({ load: 3, limit: 2, over: true })
    expect(diego).toMatchObject({ load: 1, limit: 2, over: false })
    const unlimited = groupTeamQueues(cards, members, { now, timeZone, limit: null })
    expect(unlimited.people[0]).toMatchObject({ load: 3, limit: null, over: false })
  })

  it('keeps the posts of someone no longer a CM (or no longer a member) in view, after the CMs', () => {
    const formerCm = post({ assigneeId: 'marco' })
    const gone = post({ assigneeId: 'someone-who-left', stage: 'escalated' })
    const onlyPlanned = post({ assigneeId: 'lucia', stage: 'plan' })
    const team = groupTeamQueues([formerCm, gone, onlyPlanned], members, {
      now,
      timeZone,
      limit: null,
    })
    expect(team.people.map((p) => [p.id, p.isCm])).toEqual([
      ['carla', true],
      ['diego', true],
      ['marco', false],
      ['someone-who-left', false],
    ])
    expect(team.people[3]!.name).toBeNull()
    expect(ids(team.people[3]!.queue.following)).toEqual([gone.id])
  })
})
