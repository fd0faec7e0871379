import { type Actor, type BoardRules, type Card, DEFAULT_RULES } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { activeLoad, canDrag, checkMoveAnswers, dropVerdicts, planMove } from './move-plan.ts'

const STAGES = ['strategy', 'plan', 'calendar', 'published', 'monitored', 'escalated'] as const

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

const manager: Actor = { id: 'm', roles: ['manager'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }
const client: Actor = { id: 'l', roles: ['client'] }
const scheduled = {
  stage: 'calendar' as const,
  network: 'instagram' as const,
  scheduledAt: '2026-02-01T10:00:00.000Z',
  assigneeId: 'carla',
}

describe('move plan', () => {
  it('asks for exactly the calendar fields the card lacks', () => {
    expect(planMove(manager, card(), 'calendar', DEFAULT_RULES)).toEqual({
      kind: 'ask',
      fields: ['scheduledAt', 'network', 'assigneeId'],
    })
    expect(planMove(manager, card({ network: 'x' }), 'calendar', DEFAULT_RULES)).toEqual({
      kind: 'ask',
      fields: ['scheduledAt', 'assigneeId'],
    })
  })

  it('moves at once when nothing is missing', () => {
    const ready = card({ network: 'x', scheduledAt: scheduled.scheduledAt, assigneeId: 'carla' })
    expect(planMove(manager, ready, 'calendar', DEFAULT_RULES)).toEqual({ kind: 'move' })
    expect(planMove(manager, card(), 'strategy', DEFAULT_RULES)).toEqual({ kind: 'move' })
  })

  it('asks the published time, and the reason and severity of an escalation', () => {
    const out = card({ ...scheduled, stage: 'calendar' })
    expect(planMove(carla, out, 'published', DEFAULT_RULES)).toEqual({
      kind: 'ask',
      fields: ['publishedAt'],
    })
    const live = card({ ...scheduled, stage: 'monitored', publishedAt: scheduled.scheduledAt })
    expect(planMove(carla, live, 'escalated', DEFAULT_RULES)).toEqual({
      kind: 'ask',
      fields: ['escalationReason', 'severity'],
    })
  })

  it('asks a resolution note to leave an escalation', () => {
    const escalated = card({
      ...scheduled,
      stage: 'escalated',
      publishedAt: scheduled.scheduledAt,
      escalationReason: 'angry customer',
      severity: 'high',
    })
    expect(planMove(manager, escalated, 'monitored', DEFAULT_RULES)).toEqual({
      kind: 'ask',
      fields: ['resolutionNote'],
    })
    expect(planMove(carla, escalated, 'monitored', DEFAULT_RULES)).toMatchObject({
      kind: 'forbidden',
      refusal: { code: 'not-allowed-move', from: 'escalated', to: 'monitored' },
    })
  })

  it('follows the board rules, not only the defaults', () => {
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, plan: ['campaign', 'tags'] },
    }
    expect(planMove(manager, card({ stage: 'strategy' }), 'plan', rules)).toEqual({
      kind: 'ask',
      fields: ['campaign', 'tags'],
    })
  })

  it('refuses moves the actor may not make, with the server’s refusal', () => {
    const mine = card({ ...scheduled })
    expect(planMove(carla, mine, 'strategy', DEFAULT_RULES)).toMatchObject({
      kind: 'forbidden',
      refusal: { code: 'not-allowed-move' },
    })
    expect(
      planMove(carla, card({ ...scheduled, assigneeId: 'diego' }), 'published', DEFAULT_RULES),
    ).toMatchObject({ kind: 'forbidden', refusal: { code: 'not-assignee' } })
    expect(planMove(client, card(), 'calendar', DEFAULT_RULES)).toMatchObject({
      kind: 'forbidden',
      refusal: { code: 'read-only' },
    })
  })

  it('marks the columns a dragged card may enter', () => {
    const verdicts = dropVerdicts(carla, card({ ...scheduled }), DEFAULT_RULES, STAGES)
    expect([...verdicts].filter(([, refusal]) => refusal === null).map(([stage]) => stage)).toEqual(
      ['calendar', 'published'],
    )
    expect(canDrag(carla, card({ ...scheduled }), DEFAULT_RULES, STAGES)).toBe(true)
    expect(canDrag(carla, card({ ...scheduled, assigneeId: 'diego' }), DEFAULT_RULES, STAGES)).toBe(
      false,
    )
    expect(canDrag(client, card(), DEFAULT_RULES, STAGES)).toBe(false)
  })

  it('checks the dialog’s answers as the server will', () => {
    const asked = ['scheduledAt', 'network', 'assigneeId'] as const
    expect(
      checkMoveAnswers(manager, card(), 'calendar', DEFAULT_RULES, asked, { network: 'x' }),
    ).toEqual({ ok: false, missing: ['scheduledAt', 'assigneeId'], refusal: null })
    expect(
      checkMoveAnswers(manager, card(), 'calendar', DEFAULT_RULES, asked, {
        network: 'x',
        scheduledAt: 'not a date',
        assigneeId: 'carla',
      }),
    ).toMatchObject({ ok: false, missing: ['scheduledAt'] })
    expect(
      checkMoveAnswers(manager, card(), 'calendar', DEFAULT_RULES, asked, {
        network: 'x',
        scheduledAt: scheduled.scheduledAt,
        assigneeId: 'carla',
        // not asked: never written
        severity: 'crisis',
      }),
    ).toEqual({
      ok: true,
      fields: { network: 'x', scheduledAt: scheduled.scheduledAt, assigneeId: 'carla' },
      extra: {},
    })
    const escalated = card({
      ...scheduled,
      stage: 'escalated',
      escalationReason: 'r',
      severity: 'low',
    })
    expect(
      checkMoveAnswers(manager, escalated, 'plan', DEFAULT_RULES, ['resolutionNote'], {
        resolutionNote: '  ',
      }),
    ).toMatchObject({ ok: false, missing: ['resolutionNote'] })

    // escalating from the board: the server wants a fresh escalatedAt, which moveCard writes
    const live = card({ ...scheduled, stage: 'monitored', publishedAt: scheduled.scheduledAt })
    expect(
      checkMoveAnswers(
        manager,
        live,
        'escalated',
        DEFAULT_RULES,
        ['escalationReason', 'severity'],
        {
          escalationReason: 'a complaint',
          severity: 'high',
        },
      ),
    ).toEqual({
      ok: true,
      fields: { escalationReason: 'a complaint', severity: 'high' },
      extra: {},
    })
  })

  it('asks and checks a link or an objective where the board demands them', () => {
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: {
        ...DEFAULT_RULES.requiredFields,
        published: ['publishedAt', 'publishedUrl', 'objective'],
      },
    }
    const post = card({ ...scheduled })
    const plan = planMove(carla, post, 'published', rules)
    expect(plan).toEqual({ kind: 'ask', fields: ['publishedAt', 'publishedUrl', 'objective'] })
    const asked = plan.kind === 'ask' ? plan.fields : []
    const at = '2026-02-01T10:05:00.000Z'
    expect(
      checkMoveAnswers(carla, post, 'published', rules, asked, {
        publishedAt: at,
        publishedUrl: 'javascript:alert(1)',
        objective: 'Reach',
      }),
    ).toEqual({ ok: false, missing: ['publishedUrl'], refusal: null })
    expect(
      checkMoveAnswers(carla, post, 'published', rules, asked, {
        publishedAt: at,
        publishedUrl: 'https://instagram.com/p/1',
        objective: 'Reach',
      }),
    ).toEqual({
      ok: true,
      fields: { publishedAt: at, publishedUrl: 'https://instagram.com/p/1' },
      extra: { objective: 'Reach' },
    })
  })

  it('counts each community manager’s active cards', () => {
    const load = activeLoad([
      card({ id: 'a', stage: 'calendar', assigneeId: 'carla' }),
      card({ id: 'b', stage: 'escalated', assigneeId: 'carla' }),
      card({ id: 'c', stage: 'monitored', assigneeId: 'carla' }),
      card({ id: 'd', stage: 'calendar', assigneeId: 'carla', archived: true }),
      card({ id: 'e', stage: 'published', assigneeId: 'diego' }),
    ])
    expect(Object.fromEntries(load)).toEqual({ carla: 2, diego: 1 })
  })

  it('[FIT3] refuses a drop into Calendar of a copy too long for its network, when the board asks', () => {
    const rules = { ...DEFAULT_RULES, copyMustFit: true }
    const long = card({ network: 'x', copy: 'a'.repeat(281) })
    const refusal = {
      code: 'copy-does-not-fit',
      network: 'x',
      problems: [{ measure: 'characters', count: 281, max: 280 }],
    }
    expect(planMove(manager, long, 'calendar', rules)).toEqual({ kind: 'forbidden', refusal })
    expect(dropVerdicts(manager, long, rules, ['plan', 'calendar'])).toEqual(
      new Map([
        ['plan', null],
        ['calendar', refusal],
      ]),
    )
    expect(planMove(manager, long, 'calendar', DEFAULT_RULES).kind).toBe('ask')
    expect(planMove(manager, { ...long, network: 'instagram' }, 'calendar', rules).kind).toBe('ask')
  })
})
