import { type Actor, type BoardRules, DEFAULT_RULES, STAGES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import { createPlan, fieldsAtFault, newCardInput } from './create-plan.ts'

const lead: Actor = { id: 'm', roles: ['manager'] }
const cm: Actor = { id: 'c', roles: ['cm'] }
const client: Actor = { id: 'l', roles: ['client'] }

describe("a column's +", () => {
  it('asks a manager what each stage needs, from the rules', () => {
    const plans = Object.fromEntries(STAGES.map((s) => [s, createPlan(lead, DEFAULT_RULES, s)]))
    expect(plans).toEqual({
      strategy: { kind: 'title' },
      plan: { kind: 'title' },
      calendar: { kind: 'ask', fields: ['scheduledAt', 'network', 'assigneeId'] },
      published: { kind: 'ask', fields: ['publishedAt'] },
      monitored: { kind: 'title' },
      escalated: { kind: 'ask', fields: ['escalationReason', 'severity'] },
    })
  })

  it('follows the board: a stage that requires more asks for it', () => {
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, monitored: ['publishedUrl', 'campaign'] },
    }
    expect(createPlan(lead, rules, 'monitored')).toEqual({
      kind: 'ask',
      fields: ['publishedUrl', 'campaign'],
    })
  })

  it('is absent where the person may not create: a community manager past strategy, a client anywhere', () => {
    expect(createPlan(cm, DEFAULT_RULES, 'strategy')).toEqual({ kind: 'title' })
    for (const stage of STAGES.slice(1)) {
      expect(createPlan(cm, DEFAULT_RULES, stage)).toEqual({ kind: 'absent' })
    }
    for (const stage of STAGES) expect(createPlan(client, DEFAULT_RULES, stage).kind).toBe('absent')
  })
})

describe('the new card form', () => {
  it('sends only the fields it asked, with the title and the stage', () => {
    expect(
      newCardInput('Angry thread', 'escalated', ['escalationReason', 'severity'], {
        escalationReason: 'Complaint',
        severity: 'high',
        network: 'x',
      }),
    ).toEqual({
      title: 'Angry thread',
      stage: 'escalated',
      escalationReason: 'Complaint',
      severity: 'high',
    })
  })

  it('points at the asked fields a refusal names', () => {
    const asked = ['escalationReason', 'severity'] as const
    expect(
      fieldsAtFault({ code: 'missing-fields', stage: 'escalated', fields: ['severity'] }, asked),
    ).toEqual(['severity'])
    expect(
      fieldsAtFault({ code: 'invalid', detail: 'too long', field: 'escalationReason' }, asked),
    ).toEqual(['escalationReason'])
    expect(fieldsAtFault({ code: 'board-full' }, asked)).toEqual([])
  })
})
