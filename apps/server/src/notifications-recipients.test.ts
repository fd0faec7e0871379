import { buildCard } from '@pauta/board'
import { type Card, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import {
  changeEvents,
  escalationRecipients,
  isDueSoon,
  type MemberRoles,
  notificationsForChange,
  resolutionRecipients,
  slaDeadlineSoon,
} from './notifications-recipients.ts'

const members: MemberRoles[] = [
  { userId: 'strat', roles: ['strategist'] },
  { userId: 'mgr1', roles: ['manager'] },
  { userId: 'mgr2', roles: ['manager'] },
  // a founder holds every role: told once
  { userId: 'founder', roles: ['strategist', 'manager', 'cm'] },
  { userId: 'cm1', roles: ['cm'] },
  { userId: 'cm2', roles: ['cm'] },
  { userId: 'client', roles: ['client'] },
]

const at = new Date('2026-03-02T09:00:00.000Z')

function card(fields: Partial<Card> = {}): Card {
  return {
    ...buildCard({ title: 'Fall launch' }, { userId: 'mgr1', id: 'card-1', now: at }),
    ...fields,
  }
}

const published = card({
  stage: 'published',
  assigneeId: 'cm1',
  network: 'instagram',
  scheduledAt: '2026-03-01T10:00:00.000Z',
  publishedAt: '2026-03-01T10:00:00.000Z',
})
const escalated = (severity: Card['severity']) =>
  card({
    ...published,
    stage: 'escalated',
    severity,
    escalationReason: 'Angry customers',
    escalatedAt: '2026-03-02T08:55:00.000Z',
  })

describe('who is notified', () => {
  it('an escalation goes to the managers; a crisis to the strategists too; each once, never the actor', () => {
    expect(escalationRecipients(members, 'high', 'cm1')).toEqual(['mgr1', 'mgr2', 'founder'])
    expect(escalationRecipients(members, 'crisis', 'cm1')).toEqual([
      'strat',
      'mgr1',
      'mgr2',
      'founder',
    ])
    // a manager escalating is not told about it
    expect(escalationRecipients(members, 'crisis', 'mgr1')).toEqual(['strat', 'mgr2', 'founder'])
  })

  it('a resolution goes to whoever escalated and the assignee, once, members only, never the resolver', () => {
    expect(resolutionRecipients(members, 'cm2', 'cm1', 'mgr1')).toEqual(['cm2', 'cm1'])
    expect(resolutionRecipients(members, 'cm1', 'cm1', 'mgr1')).toEqual(['cm1'])
    expect(resolutionRecipients(members, 'mgr1', 'cm1', 'mgr1')).toEqual(['cm1'])
    expect(resolutionRecipients(members, null, null, 'mgr1')).toEqual([])
    expect(resolutionRecipients(members, 'gone', 'cm1', 'mgr1')).toEqual(['cm1'])
  })
})

describe('what a change makes', () => {
  const context = (escalators = new Map<string, string | null>()) => ({
    boardId: 'board-1',
    actor: { id: 'mgr1', name: 'Marco' },
    at,
    members,
    escalators,
  })

  it('an assignment tells the new assignee, unless they took the card themselves or are no member', () => {
    const before = card({ stage: 'plan' })
    const after = card({
      stage: 'calendar',
      assigneeId: 'cm1',
      network: 'instagram',
      scheduledAt: '2026-03-02T15:00:00.000Z',
    })
    const events = changeEvents([{ id: 'card-1', before, after }])
    expect(notificationsForChange(events, context())).toEqual([
      {
        userId: 'cm1',
        boardId: 'board-1',
        cardId: 'card-1',
        kind: 'assigned',
        data: {
          title: 'Fall launch',
          actorName: 'Marco',
          stage: 'calendar',
          scheduledAt: '2026-03-02T15:00:00.000Z',
        },
        dedupeKey: null,
        createdAt: at,
      },
    ])
    // a card created already assigned counts too
    expect(changeEvents([{ id: 'card-1', before: null, after }])).toHaveLength(1)
    // the CM taking it: nobody
    const taking = { ...context(), actor: { id: 'cm1', name: 'Carla' } }
    expect(notificationsForChange(events, taking)).toEqual([])
    // an assignee from outside the workspace: nobody
    const stranger = changeEvents([{ id: 'card-1', before, after: { ...after, assigneeId: 'x' } }])
    expect(notificationsForChange(stranger, context())).toEqual([])
    // unassigning, or an edit that keeps the assignee: nothing
    expect(changeEvents([{ id: 'card-1', before: after, after: before }])).toEqual([])
    expect(
      changeEvents([{ id: 'card-1', before: after, after: { ...after, title: 'x' } }]),
    ).toEqual([])
  })

  it('a crisis escalation by a CM tells every manager and strategist once, with title, severity and reason', () => {
    const events = changeEvents([{ id: 'card-1', before: published, after: escalated('crisis') }])
    const rows = notificationsForChange(events, {
      ...context(),
      actor: { id: 'cm1', name: 'Carla' },
    })
    expect(rows.map((r) => r.userId)).toEqual(['strat', 'mgr1', 'mgr2', 'founder'])
    expect(rows[0]).toMatchObject({
      kind: 'escalated',
      data: {
        title: 'Fall launch',
        severity: 'crisis',
        reason: 'Angry customers',
        actorName: 'Carla',
      },
      dedupeKey: 'escalated:board-1:card-1:2026-03-02T08:55:00.000Z',
    })
    // staying escalated (an edit) is no new escalation
    expect(
      changeEvents([
        { id: 'card-1', before: escalated('crisis'), after: escalated('high') },
      ]).filter((e) => e.type === 'escalated'),
    ).toEqual([])
  })

  it('a resolution tells the escalator and the assignee where the card went and why', () => {
    const before = escalated('high')
    const after = card({ ...before, stage: 'monitored', resolutionNote: 'Answered in DM' })
    const events = changeEvents([{ id: 'card-1', before, after }])
    const rows = notificationsForChange(events, context(new Map([['card-1', 'cm2']])))
    expect(rows.map((r) => r.userId)).toEqual(['cm2', 'cm1'])
    expect(rows[0]).toMatchObject({
      kind: 'resolved',
      data: {
        title: 'Fall launch',
        resolution: 'Answered in DM',
        to: 'monitored',
        actorName: 'Marco',
      },
      dedupeKey: 'resolved:board-1:card-1:2026-03-02T08:55:00.000Z',
    })
  })
})

describe('when the clock notifies', () => {
  it('a post is due soon when it goes out within the next hour, whatever its offset', () => {
    expect(isDueSoon('2026-03-02T09:30:00.000Z', at)).toBe(true)
    expect(isDueSoon('2026-03-02T10:00:00.000Z', at)).toBe(true)
    expect(isDueSoon('2026-03-02T11:30:00+02:00', at)).toBe(true)
    expect(isDueSoon('2026-03-02T10:00:00.001Z', at)).toBe(false)
    expect(isDueSoon('2026-03-02T09:00:00.000Z', at)).toBe(false)
    expect(isDueSoon('2026-03-02T08:59:00.000Z', at)).toBe(false)
    expect(isDueSoon(null, at)).toBe(false)
    expect(isDueSoon('not a date', at)).toBe(false)
  })

  it('an SLA is about to breach within min(30 min, a quarter of it), until it has', () => {
    const rules = DEFAULT_RULES // crisis 60 min, high 4 h
    const escalatedAt = '2026-03-02T08:00:00.000Z'
    // crisis: 60 min SLA, warned in the last 15 minutes
    const minute = (m: number) => new Date(Date.parse(escalatedAt) + m * 60_000)
    expect(slaDeadlineSoon(escalatedAt, 'crisis', rules, minute(44))).toBeNull()
    expect(slaDeadlineSoon(escalatedAt, 'crisis', rules, minute(45))).toEqual(minute(60))
    expect(slaDeadlineSoon(escalatedAt, 'crisis', rules, minute(59))).toEqual(minute(60))
    expect(slaDeadlineSoon(escalatedAt, 'crisis', rules, minute(60))).toBeNull()
    // high: 4 h SLA, warned in the last 30 minutes
    expect(slaDeadlineSoon(escalatedAt, 'high', rules, minute(209))).toBeNull()
    expect(slaDeadlineSoon(escalatedAt, 'high', rules, minute(210))).toEqual(minute(240))
    // the board's own rules count
    const tight = { ...rules, slaMinutes: { ...rules.slaMinutes, high: 20 } }
    expect(slaDeadlineSoon(escalatedAt, 'high', tight, minute(14))).toBeNull()
    expect(slaDeadlineSoon(escalatedAt, 'high', tight, minute(15))).toEqual(minute(20))
    expect(slaDeadlineSoon(null, 'high', rules, minute(239))).toBeNull()
    expect(slaDeadlineSoon(escalatedAt, null, rules, minute(239))).toBeNull()
  })
})
