import { type Actor, type Card, DEFAULT_RULES, STAGES } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { firstChoice, moveTargets } from './move-targets.ts'

function card(patch: Partial<Card> = {}): Card {
  return sampleCard({
    id: 'c1',
    title: 'Teaser',
    stage: 'plan',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u1',
    ...patch,
  })
}

const lead: Actor = { id: 'm', roles: ['manager'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }
const client: Actor = { id: 'l', roles: ['client'] }
const stagesOf = (targets: { stage: string }[]) => targets.map((target) => target.stage)

describe('"Move to…" targets', () => {
  it('offers a manager every stage the rules let them reach, with what each asks', () => {
    const targets = moveTargets(lead, card(), DEFAULT_RULES, STAGES)
    // plan → published, monitored or escalated skips stages: no rule allows it
    expect(stagesOf(targets)).toEqual(['strategy', 'calendar'])
    expect(targets[1]).toEqual({
      stage: 'calendar',
      fields: ['scheduledAt', 'network', 'assigneeId'],
    })
    expect(targets[0]).toEqual({ stage: 'strategy', fields: [] })
  })

  it('offers a community manager only the moves of their own posts', () => {
    const post = card({
      stage: 'calendar',
      network: 'instagram',
      scheduledAt: '2026-02-01T10:00:00.000Z',
      assigneeId: 'carla',
    })
    expect(moveTargets(carla, post, DEFAULT_RULES, STAGES)).toEqual([
      { stage: 'published', fields: ['publishedAt'] },
    ])
    expect(moveTargets(carla, { ...post, assigneeId: 'diego' }, DEFAULT_RULES, STAGES)).toEqual([])
    // a move backwards is a lead's call
    expect(stagesOf(moveTargets(lead, post, DEFAULT_RULES, STAGES))).toEqual([
      'strategy',
      'plan',
      'published',
    ])
  })

  it('asks for a reason and severity to escalate, and a resolution note to leave', () => {
    const published = card({ stage: 'published', publishedAt: '2026-02-01T10:00:00.000Z' })
    const escalate = moveTargets(lead, published, DEFAULT_RULES, STAGES).find(
      (target) => target.stage === 'escalated',
    )
    expect(escalate?.fields).toEqual(['escalationReason', 'severity'])
    const escalated = card({
      stage: 'escalated',
      escalationReason: 'Angry thread',
      severity: 'high',
      escalatedAt: '2026-02-01T11:00:00.000Z',
    })
    const plan = moveTargets(lead, escalated, DEFAULT_RULES, STAGES).find((t) => t.stage === 'plan')
    expect(plan?.fields).toEqual(['resolutionNote'])
  })

  it('offers nothing to a client, nor for an archived card', () => {
    expect(moveTargets(client, card(), DEFAULT_RULES, STAGES)).toEqual([])
    expect(moveTargets(lead, card({ archived: true }), DEFAULT_RULES, STAGES)).toEqual([])
  })
})

describe('"Move to…" first choice', () => {
  it('is the first stage ahead of the card, or the first offered when none is ahead', () => {
    const targets = moveTargets(lead, card(), DEFAULT_RULES, STAGES)
    expect(firstChoice(card(), targets)).toBe('calendar')
    const back = [{ stage: 'strategy' as const, fields: [] }]
    expect(firstChoice(card(), back)).toBe('strategy')
    expect(firstChoice(card(), [])).toBeNull()
  })
})
