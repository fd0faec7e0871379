import { createCard, getCard, moveCard, ShadowJudge } from '@pauta/board'
import { type Actor, type BoardRules, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkResolve, resolveTargets } from './resolve.ts'

const manager: Actor = { id: 'marco', roles: ['manager'] }
const estela: Actor = { id: 'estela', roles: ['strategist'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }

function setup() {
  const server = new Y.Doc()
  createCard(server, { title: 'complaint', stage: 'plan' }, { userId: 'marco', id: 'esc' })
  moveCard(
    server,
    'esc',
    { stage: 'calendar', index: 0 },
    { network: 'x', assigneeId: 'carla', scheduledAt: '2026-03-10T10:00:00Z' },
  )
  moveCard(server, 'esc', { stage: 'published', index: 0 }, { publishedAt: '2026-03-10T10:00:00Z' })
  moveCard(
    server,
    'esc',
    { stage: 'escalated', index: 0 },
    { escalationReason: 'angry', severity: 'high', escalatedAt: '2026-03-10T11:00:00Z' },
  )
  const judge = new ShadowJudge(server)
  const verdict = (actor: Actor, edit: (doc: Y.Doc) => void) => {
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
    const vector = Y.encodeStateVector(replica)
    edit(replica)
    return judge.judge(Y.encodeStateAsUpdate(replica, vector), actor, DEFAULT_RULES).verdict
  }
  return { card: getCard(server, 'esc')!, verdict }
}

describe('resolving an escalation', () => {
  it('offers back to monitored or to plan to managers and strategists only', () => {
    const { card } = setup()
    expect(resolveTargets(manager, card, DEFAULT_RULES)).toEqual(['monitored', 'plan'])
    expect(resolveTargets(estela, card, DEFAULT_RULES)).toEqual(['monitored', 'plan'])
    expect(resolveTargets(carla, card, DEFAULT_RULES)).toEqual([])
    const noPlan: BoardRules = {
      ...DEFAULT_RULES,
      transitions: { ...DEFAULT_RULES.transitions, 'escalated>plan': [] },
    }
    expect(resolveTargets(manager, card, noPlan)).toEqual(['monitored'])
    expect(resolveTargets(manager, { ...card, stage: 'monitored' }, DEFAULT_RULES)).toEqual([])
  })

  it('writes the note with the move, and the server accepts it', () => {
    const { card, verdict } = setup()
    for (const to of ['monitored', 'plan'] as const) {
      const checked = checkResolve(manager, card, DEFAULT_RULES, {
        to,
        resolutionNote: ' Refund offered by DM ',
      })
      expect(checked).toEqual({ ok: true, to, fields: { resolutionNote: 'Refund offered by DM' } })
      if (!checked.ok) continue
      expect(
        verdict(manager, (doc) => moveCard(doc, 'esc', { stage: to, index: 0 }, checked.fields)),
      ).toEqual({ ok: true })
    }
  })

  it('needs a note and a destination, and refuses a community manager', () => {
    const { card } = setup()
    expect(checkResolve(manager, card, DEFAULT_RULES, { to: '', resolutionNote: ' ' })).toEqual({
      ok: false,
      errors: { to: 'required', resolutionNote: 'required' },
      refusal: null,
    })
    expect(
      checkResolve(carla, card, DEFAULT_RULES, { to: 'monitored', resolutionNote: 'x' }),
    ).toEqual({
      ok: false,
      errors: {},
      refusal: { code: 'not-allowed-move', from: 'escalated', to: 'monitored' },
    })
  })

  it('names what else the board demands of the destination', () => {
    const { card } = setup()
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, plan: ['campaign'] },
    }
    expect(checkResolve(manager, card, rules, { to: 'plan', resolutionNote: 'redo' })).toEqual({
      ok: false,
      errors: {},
      refusal: { code: 'missing-fields', stage: 'plan', fields: ['campaign'] },
    })
  })
})
