import { describe, expect, it } from 'vitest'
import type { Card, CardField } from './card.ts'
import { seededRandom } from './random.ts'
import { ROLES } from './roles.ts'
import { type Actor, DEFAULT_RULES, judgeCardChange } from './rules.ts'
import { STAGES, type Stage } from './stages.ts'
import { TAKE_BACK_MS, takeBackFields } from './take-back.ts'
import { sampleCard } from './testing.ts'

const MOVED_AT = '2026-12-04T10:00:00.000Z'
const at = (ms: number) => new Date(Date.parse(MOVED_AT) + ms)
const carla: Actor = { id: 'carla', roles: ['cm'] }

/** A post carla published from calendar, as the server stamped it ([STAMP2]). */
function published(fields: Partial<Card> = {}): Card {
  return sampleCard({
    stage: 'published',
    order: 'a5',
    network: 'instagram',
    assigneeId: 'carla',
    scheduledAt: '2026-12-04T09:00:00.000Z',
    publishedAt: '2026-12-04T09:58:00.000Z',
    publishedUrl: 'https://instagram.com/p/1',
    movedBy: 'carla',
    movedAt: MOVED_AT,
    movedFrom: 'calendar',
    ...fields,
  })
}

/** The card as if someone else had moved it last: what the ordinary rules say. */
const movedByNobody = (card: Card): Card => ({ ...card, movedBy: 'nobody' })

/** The same post back in calendar as it was before the publish. */
function takenBack(from: Card, fields: Partial<Card> = {}): Card {
  return {
    ...from,
    stage: 'calendar',
    order: 'a1',
    publishedAt: null,
    publishedUrl: null,
    ...fields,
  }
}

describe('taking back one’s own move', () => {
  it('[BACK1] [BACK2] lets a CM take back their publish within two minutes, restoring what publish wrote', () => {
    const before = published()
    const after = takenBack(before)
    // the same move is not a CM's to make otherwise
    expect(
      judgeCardChange(carla, movedByNobody(before), movedByNobody(after), DEFAULT_RULES, at(0)),
    ).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-move', from: 'published', to: 'calendar' },
    })
    expect(judgeCardChange(carla, before, after, DEFAULT_RULES, at(1000))).toEqual({ ok: true })
    expect(judgeCardChange(carla, before, after, DEFAULT_RULES, at(TAKE_BACK_MS))).toEqual({
      ok: true,
    })
  })

  it('[BACK1] refuses it after two minutes, with its own reason', () => {
    const before = published()
    const verdict = judgeCardChange(
      carla,
      before,
      takenBack(before),
      DEFAULT_RULES,
      at(TAKE_BACK_MS + 1),
    )
    expect(verdict).toEqual({ ok: false, refusal: { code: 'take-back-late' } })
  })

  it('[BACK1] is no take-back of someone else’s move, nor one to another stage', () => {
    const before = published({ movedBy: 'diego' })
    expect(judgeCardChange(carla, before, takenBack(before), DEFAULT_RULES, at(1000)).ok).toBe(
      false,
    )
    const fromPlan = published({ movedFrom: 'plan' })
    expect(judgeCardChange(carla, fromPlan, takenBack(fromPlan), DEFAULT_RULES, at(1000))).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-move', from: 'published', to: 'calendar' },
    })
    // a CM no longer assigned may not take it back either
    const reassigned = published({ assigneeId: 'diego' })
    expect(
      judgeCardChange(carla, reassigned, takenBack(reassigned), DEFAULT_RULES, at(1000)).ok,
    ).toBe(false)
  })

  it('[BACK2] changes nothing the move did not write', () => {
    const before = published()
    for (const [field, value] of [
      ['title', 'Another title'],
      ['scheduledAt', '2026-12-05T09:00:00.000Z'],
      ['network', 'x'],
    ] as const) {
      const verdict = judgeCardChange(
        carla,
        before,
        takenBack(before, { [field]: value }),
        DEFAULT_RULES,
        at(1000),
      )
      expect(verdict.ok, field).toBe(false)
    }
  })

  it('[BACK2] never takes an escalation back, either way', () => {
    const escalated = published({
      stage: 'escalated',
      movedFrom: 'published',
      escalationReason: 'angry',
      severity: 'high',
      escalatedAt: MOVED_AT,
    })
    const back = { ...escalated, stage: 'published' as const }
    expect(judgeCardChange(carla, escalated, back, DEFAULT_RULES, at(1000)).ok).toBe(false)
  })

  it('[STAMP2] lets nobody but the server write who moved a card, from where and when', () => {
    const lead: Actor = { id: 'ana', roles: ['strategist', 'manager'] }
    const before = published()
    for (const [field, value] of [
      ['movedBy', 'ana'],
      ['movedAt', '2026-12-04T10:01:00.000Z'],
      ['movedFrom', 'plan'],
    ] as const) {
      expect(
        judgeCardChange(lead, before, { ...before, [field]: value }, DEFAULT_RULES, at(0)),
      ).toEqual({ ok: false, refusal: { code: 'not-allowed-field', field } })
    }
  })

  // Whatever card, stages, fields and person: a change the ordinary rules refuse passes as a
  // take-back only when it is the author's move back to where it came from, in time, and
  // touches nothing but what that move could write.
  it('[BACK1] [BACK2] are no way around the rules (property, 2,000 random changes)', () => {
    const random = seededRandom(14)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
    const people = ['carla', 'diego', 'ana']
    const fields: [CardField, unknown][] = [
      ['publishedAt', null],
      ['publishedUrl', null],
      ['title', 'Changed'],
      ['scheduledAt', null],
      ['order', 'a9'],
    ]
    let takenBacks = 0
    for (let i = 0; i < 2000; i++) {
      const actor: Actor = { id: pick(people), roles: [pick(ROLES.filter((r) => r !== 'client'))] }
      const from: Stage = pick(STAGES)
      const before = published({
        stage: from,
        assigneeId: pick(people),
        movedBy: random() < 0.6 ? actor.id : pick([...people, null]),
        movedFrom: pick([...STAGES, null]),
        escalationReason: 'x',
        severity: 'low',
      })
      const to: Stage = (random() < 0.6 ? before.movedFrom : null) ?? pick(STAGES)
      const patch = Object.fromEntries(fields.filter(() => random() < 0.3))
      const after = { ...before, ...patch, stage: to }
      const now = at(Math.floor(random() * 2 * TAKE_BACK_MS))
      const ordinary = judgeCardChange(
        actor,
        movedByNobody(before),
        movedByNobody(after),
        DEFAULT_RULES,
        now,
      )
      const verdict = judgeCardChange(actor, before, after, DEFAULT_RULES, now)
      if (ordinary.ok || !verdict.ok) continue
      takenBacks++
      const where = JSON.stringify({ actor, before, after, now })
      expect(before.movedBy, where).toBe(actor.id)
      expect(before.movedFrom, where).toBe(to)
      expect(from === 'escalated' || to === 'escalated', where).toBe(false)
      expect(now.getTime() - Date.parse(MOVED_AT), where).toBeLessThanOrEqual(TAKE_BACK_MS)
      const changed = Object.keys(patch).filter(
        (f) => JSON.stringify(before[f as CardField]) !== JSON.stringify(patch[f]),
      )
      for (const field of changed) expect(takeBackFields(from), where).toContain(field)
    }
    expect(takenBacks).toBeGreaterThan(10)
  })
})
