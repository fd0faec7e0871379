import { describe, expect, it } from 'vitest'
import type { Card, Network } from './card.ts'
import { ROLES, type Role } from './roles.ts'
import {
  type Actor,
  type BoardRules,
  boardRulesSchema,
  checkMove,
  DEFAULT_RULES,
  decodeRefusal,
  encodeRefusal,
  judgeCardChange,
  missingFields,
  type Refusal,
} from './rules.ts'
import { STAGES, type Stage } from './stages.ts'
import { sampleCard } from './testing.ts'

/**
 * The default moves as SPEC.md gives them ([TRANS2], [TRANS3], [ROLE3]), written out
 * independently of DEFAULT_RULES.
 */
function allowedByProduct(role: Role, from: Stage, to: Stage, assigned: boolean): boolean {
  if (role === 'client') return false
  const back = STAGES.indexOf(to) < STAGES.indexOf(from)
  if (back) return role === 'strategist' || role === 'manager'
  const move = `${from}>${to}`
  if (move === 'strategy>plan' || move === 'plan>calendar')
    return role === 'strategist' || role === 'manager'
  if (
    [
      'calendar>published',
      'published>monitored',
      'published>escalated',
      'monitored>escalated',
    ].includes(move)
  ) {
    return role === 'manager' || (role === 'cm' && assigned)
  }
  return false
}

function card(stage: Stage, assigneeId: string | null): Card {
  return sampleCard({
    id: 'c1',
    title: 'Post',
    stage,
    network: 'instagram',
    assigneeId,
    scheduledAt: '2026-12-01T10:00:00.000Z',
    publishedAt: '2026-12-01T10:00:00.000Z',
    escalationReason: 'complaint',
    severity: 'high',
    createdAt: '2026-11-01T10:00:00.000Z',
    createdBy: 'someone',
  })
}

describe('workflow rules', () => {
  it('[TRANS2] [TRANS3] allow exactly the default moves, for every role and every pair of stages', () => {
    let forbidden = 0
    for (const role of ROLES) {
      const actor: Actor = { id: 'me', roles: [role] }
      for (const from of STAGES) {
        for (const to of STAGES) {
          if (from === to) continue
          for (const assigned of [true, false]) {
            const subject = card(from, assigned ? 'me' : 'other')
            const expected = allowedByProduct(role, from, to, assigned)
            const verdict = checkMove(actor, subject, to, DEFAULT_RULES)
            expect(verdict.ok, `${role} ${from}→${to} assigned=${assigned}`).toBe(expected)
            if (!expected) forbidden++
          }
        }
      }
    }
    expect(forbidden).toBeGreaterThan(150)
  })

  it('[ROLE1] let one person holding several roles do what any of them may', () => {
    const freelancer: Actor = { id: 'me', roles: ['strategist', 'manager', 'cm'] }
    expect(checkMove(freelancer, card('calendar', null), 'published', DEFAULT_RULES).ok).toBe(true)
    expect(checkMove(freelancer, card('strategy', null), 'plan', DEFAULT_RULES).ok).toBe(true)
  })

  it('[REQ2] [TRANS6] ask for the fields a stage needs, and a note to resolve an escalation', () => {
    const bare = { ...card('plan', null), network: null, scheduledAt: null }
    expect(missingFields(bare, 'calendar', DEFAULT_RULES)).toEqual([
      'scheduledAt',
      'network',
      'assigneeId',
    ])
    const manager: Actor = { id: 'm', roles: ['manager'] }
    const escalated = card('escalated', 'cm1')
    expect(
      judgeCardChange(manager, escalated, { ...escalated, stage: 'monitored' }, DEFAULT_RULES),
    ).toEqual({
      ok: false,
      refusal: { code: 'resolution-note' },
    })
    expect(
      judgeCardChange(
        manager,
        escalated,
        { ...escalated, stage: 'monitored', resolutionNote: 'answered' },
        DEFAULT_RULES,
      ).ok,
    ).toBe(true)
  })

  it('[RIGHTS1] [TAKE1] [TAKE2] [CREATE1] let a CM edit only their own cards, take a released calendar post, and create only in strategy', () => {
    const cm: Actor = { id: 'me', roles: ['cm'] }
    const theirs = card('calendar', 'other')
    expect(judgeCardChange(cm, theirs, { ...theirs, title: 'x' }, DEFAULT_RULES).ok).toBe(false)
    const mine = card('calendar', 'me')
    expect(judgeCardChange(cm, mine, { ...mine, title: 'x' }, DEFAULT_RULES).ok).toBe(true)
    const manager: Actor = { id: 'm', roles: ['manager'] }
    expect(judgeCardChange(manager, mine, { ...mine, assigneeId: null }, DEFAULT_RULES).ok).toBe(
      true,
    )
    expect(judgeCardChange(cm, mine, { ...mine, assigneeId: null }, DEFAULT_RULES).ok).toBe(false)
    expect(judgeCardChange(manager, mine, { ...mine, network: null }, DEFAULT_RULES).ok).toBe(false)
    const free = card('calendar', null)
    expect(judgeCardChange(cm, free, { ...free, assigneeId: 'me' }, DEFAULT_RULES).ok).toBe(true)
    expect(judgeCardChange(cm, free, { ...free, assigneeId: 'other' }, DEFAULT_RULES).ok).toBe(
      false,
    )
    const idea = { ...card('strategy', null), createdBy: 'me' }
    expect(judgeCardChange(cm, null, idea, DEFAULT_RULES).ok).toBe(true)
    expect(
      judgeCardChange(cm, null, { ...card('plan', null), createdBy: 'me' }, DEFAULT_RULES).ok,
    ).toBe(false)
    expect(
      judgeCardChange(cm, null, { ...idea, createdBy: 'someone-else' }, DEFAULT_RULES).ok,
    ).toBe(false)
  })

  it('[NOTE1] [ESC1] keep monitoring notes a signed log, and start every escalation’s SLA afresh', () => {
    const cm: Actor = { id: 'me', roles: ['cm'] }
    const manager: Actor = { id: 'm', roles: ['manager'] }
    const published = { ...card('published', 'me'), severity: null, escalationReason: null }
    const note = {
      at: '2026-12-01T12:00:00.000Z',
      by: 'me',
      reach: 10,
      engagement: 2,
      comments: 1,
      sentiment: 'neutral' as const,
      text: 'first look',
    }
    const noted = { ...published, monitoring: [note] }
    expect(judgeCardChange(cm, published, noted, DEFAULT_RULES).ok).toBe(true)
    // a note signed by someone else, an edited note, a removed note
    const forged = { ...published, monitoring: [{ ...note, by: 'm' }] }
    const edited = { ...noted, monitoring: [{ ...note, text: 'changed' }] }
    for (const after of [forged, edited, { ...noted, monitoring: [] }]) {
      const base = after === forged ? published : noted
      expect(judgeCardChange(cm, base, after, DEFAULT_RULES)).toEqual({
        ok: false,
        refusal: { code: 'not-allowed-field', field: 'monitoring' },
      })
    }
    expect(judgeCardChange(manager, noted, { ...noted, monitoring: [] }, DEFAULT_RULES).ok).toBe(
      false,
    )

    const escalate = {
      stage: 'escalated' as const,
      escalationReason: 'complaint',
      severity: 'high' as const,
    }
    expect(judgeCardChange(cm, published, { ...published, ...escalate }, DEFAULT_RULES)).toEqual({
      ok: false,
      refusal: { code: 'invalid', detail: 'an escalation needs escalatedAt' },
    })
    const at = '2026-12-01T13:00:00.000Z'
    const escalated = { ...published, ...escalate, escalatedAt: at }
    expect(judgeCardChange(cm, published, escalated, DEFAULT_RULES).ok).toBe(true)
    // escalating again later must not reuse the old clock
    const monitored = { ...escalated, stage: 'monitored' as const, resolutionNote: 'done' }
    expect(
      judgeCardChange(cm, monitored, { ...monitored, stage: 'escalated' }, DEFAULT_RULES).ok,
    ).toBe(false)
  })

  it('[ESC1] [ESC2] let nobody move an escalation’s clock, and only a lead lower its severity', () => {
    const cm: Actor = { id: 'me', roles: ['cm'] }
    const manager: Actor = { id: 'm', roles: ['manager'] }
    const escalated: Card = {
      ...card('escalated', 'me'),
      severity: 'crisis',
      escalatedAt: '2026-12-01T13:00:00.000Z',
    }
    const later = { ...escalated, escalatedAt: '2099-01-01T00:00:00.000Z' }
    for (const actor of [cm, manager]) {
      expect(judgeCardChange(actor, escalated, later, DEFAULT_RULES)).toEqual({
        ok: false,
        refusal: { code: 'not-allowed-field', field: 'escalatedAt' },
      })
    }
    // nor on a card that is not escalated (it would be the clock of its next escalation)
    const monitored = { ...escalated, stage: 'monitored' as const }
    expect(
      judgeCardChange(cm, monitored, { ...monitored, escalatedAt: null }, DEFAULT_RULES).ok,
    ).toBe(false)

    const lowered = { ...escalated, severity: 'low' as const }
    expect(judgeCardChange(cm, escalated, lowered, DEFAULT_RULES)).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-field', field: 'severity' },
    })
    expect(judgeCardChange(manager, escalated, lowered, DEFAULT_RULES).ok).toBe(true)
    expect(judgeCardChange(cm, lowered, escalated, DEFAULT_RULES).ok).toBe(true)
    // a new escalation chooses its own severity, lower than the last one's or not
    const reescalated = { ...lowered, escalatedAt: '2026-12-02T09:00:00.000Z' }
    expect(
      judgeCardChange(cm, { ...monitored, resolutionNote: 'done' }, reescalated, DEFAULT_RULES).ok,
    ).toBe(true)
  })

  it('[REFUSE1] encode every refusal into a short close reason and back', () => {
    const refusals: Refusal[] = [
      { code: 'read-only' },
      { code: 'not-allowed-move', from: 'calendar', to: 'strategy' },
      { code: 'not-assignee' },
      {
        code: 'missing-fields',
        stage: 'calendar',
        fields: ['scheduledAt', 'network', 'assigneeId'],
      },
      { code: 'resolution-note' },
      { code: 'not-allowed-create', stage: 'plan' },
      { code: 'not-allowed-field', field: 'assigneeId' },
      { code: 'archive' },
      { code: 'invalid', detail: 'unknown field owner' },
      { code: 'board-full' },
      { code: 'client-id-taken' },
    ]
    for (const refusal of refusals) {
      const text = encodeRefusal(refusal)
      expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(123)
      expect(decodeRefusal(text)).toEqual(refusal)
    }
    expect(decodeRefusal('nonsense')).toBeNull()
  })
})

describe('[FIT3] the copy must fit its network to enter calendar', () => {
  const manager: Actor = { id: 'ana', roles: ['manager'] }
  const on = { ...DEFAULT_RULES, copyMustFit: true }
  const planned = (copy: string): Card => ({ ...card('plan', 'carla'), network: 'x', copy })
  const long = 'a'.repeat(281)

  it('refuses a move into calendar with a copy past its network’s limits, when the board asks', () => {
    const before = planned(long)
    const after: Card = { ...before, stage: 'calendar' }
    expect(judgeCardChange(manager, before, after, on)).toEqual({
      ok: false,
      refusal: {
        code: 'copy-does-not-fit',
        network: 'x',
        problems: [{ measure: 'characters', count: 281, max: 280 }],
      },
    })
    expect(judgeCardChange(manager, before, after, DEFAULT_RULES)).toEqual({ ok: true })
    // 280 characters fit; so does the same copy on Instagram (2,200)
    const fits = planned('a'.repeat(280))
    expect(judgeCardChange(manager, fits, { ...fits, stage: 'calendar' }, on).ok).toBe(true)
    expect(judgeCardChange(manager, before, { ...after, network: 'instagram' }, on).ok).toBe(true)
  })

  it('refuses a card created straight in calendar too, and never an edit of one already there', () => {
    const created: Card = { ...planned(long), stage: 'calendar', createdBy: 'ana' }
    expect(judgeCardChange(manager, null, created, on)).toMatchObject({
      ok: false,
      refusal: { code: 'copy-does-not-fit' },
    })
    expect(judgeCardChange(manager, null, created, DEFAULT_RULES).ok).toBe(true)
    const inCalendar: Card = { ...planned('hola'), stage: 'calendar' }
    expect(judgeCardChange(manager, inCalendar, { ...inCalendar, copy: long }, on).ok).toBe(true)
  })

  it('reads stored rules without the option as off', () => {
    const { copyMustFit: _, ...older } = DEFAULT_RULES
    expect(boardRulesSchema.parse(older).copyMustFit).toBe(false)
    expect(boardRulesSchema.parse({ ...older, copyMustFit: true }).copyMustFit).toBe(true)
  })

  it('[REFUSE1] sends the network and each limit passed in a close reason, and reads them back', () => {
    const refusal: Refusal = {
      code: 'copy-does-not-fit',
      network: 'instagram',
      problems: [
        { measure: 'characters', count: 63_206, max: 2200 },
        { measure: 'hashtags', count: 1000, max: 30 },
        { measure: 'mentions', count: 1000, max: 20 },
        { measure: 'links', count: 1000, max: 5 },
      ],
    }
    const text = encodeRefusal(refusal)
    expect(text).toBe(
      'copy-does-not-fit:instagram:characters=63206/2200,hashtags=1000/30,mentions=1000/20,links=1000/5',
    )
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(123)
    expect(decodeRefusal(text)).toEqual(refusal)
    expect(decodeRefusal('copy-does-not-fit:myspace:characters=1/0')).toBeNull()
    expect(decodeRefusal('copy-does-not-fit:x:weight=1/0')).toBeNull()
  })
})

describe('[ALT1] images need alt text to enter calendar', () => {
  const manager: Actor = { id: 'ana', roles: ['manager'] }
  const on = { ...DEFAULT_RULES, imagesNeedAlt: true }
  const planned = (media: Card['media']): Card => ({ ...card('plan', 'carla'), media })
  const photo = (alt: string) => ({ id: `img-${alt.length}`, kind: 'image' as const, alt })
  const clip = { id: 'clip', kind: 'video' as const, alt: '' }

  it('refuses a move into calendar while an image has no alt text, counting them', () => {
    const before = planned([photo(''), { ...photo('   '), id: 'blank' }, photo('A beach'), clip])
    const after: Card = { ...before, stage: 'calendar' }
    expect(judgeCardChange(manager, before, after, on)).toEqual({
      ok: false,
      refusal: { code: 'missing-alt', images: 2 },
    })
    expect(judgeCardChange(manager, before, after, DEFAULT_RULES).ok).toBe(true)
    // a video needs none; described images pass
    const described = planned([photo('A beach at dawn'), clip])
    expect(judgeCardChange(manager, described, { ...described, stage: 'calendar' }, on).ok).toBe(
      true,
    )
  })

  it('refuses a card created in calendar too, and never an edit of one already there', () => {
    const created: Card = { ...planned([photo('')]), stage: 'calendar', createdBy: 'ana' }
    expect(judgeCardChange(manager, null, created, on)).toMatchObject({
      ok: false,
      refusal: { code: 'missing-alt' },
    })
    const there: Card = { ...planned([]), stage: 'calendar' }
    expect(judgeCardChange(manager, there, { ...there, media: [photo('')] }, on).ok).toBe(true)
  })

  it('reads stored rules without the option as off, and the refusal round-trips', () => {
    const { imagesNeedAlt: _, ...older } = DEFAULT_RULES
    expect(boardRulesSchema.parse(older).imagesNeedAlt).toBe(false)
    const refusal: Refusal = { code: 'missing-alt', images: 3 }
    expect(encodeRefusal(refusal)).toBe('missing-alt:3')
    expect(decodeRefusal('missing-alt:3')).toEqual(refusal)
    expect(decodeRefusal('missing-alt:0')).toBeNull()
    expect(decodeRefusal('missing-alt:x')).toBeNull()
  })
})

describe('[APPR1]–[APPR6] approval before publishing', () => {
  const NOW = '2026-12-06T10:00:00.000Z'
  const lead: Actor = { id: 'ana', roles: ['manager'] }
  const client: Actor = { id: 'lu', roles: ['client'] }
  const viaServer = (actor: Actor): Actor => ({ ...actor, server: true })
  const rulesFor = (policy: BoardRules['approval']['policy'], networks: Network[] = []) => ({
    ...DEFAULT_RULES,
    approval: { policy, networks, campaigns: [] },
  })
  const post = (fields: Partial<Card>): Card => ({
    ...card('calendar', 'carla'),
    network: 'instagram',
    ...fields,
  })

  it('refuses publishing a post the policy covers until it is approved, and only then', () => {
    const rules = rulesFor('client', ['instagram'])
    const cm: Actor = { id: 'carla', roles: ['cm'] }
    const draft = post({})
    const publish = (before: Card) =>
      judgeCardChange(cm, before, { ...before, stage: 'published', publishedAt: NOW }, rules)
    expect(publish(draft)).toEqual({ ok: false, refusal: { code: 'not-approved' } })
    expect(publish(post({ approval: 'approved' })).ok).toBe(true)
    // a network the policy leaves out, or no policy: no approval needed
    expect(publish(post({ network: 'x' })).ok).toBe(true)
    expect(
      judgeCardChange(cm, draft, { ...draft, stage: 'published', publishedAt: NOW }, DEFAULT_RULES)
        .ok,
    ).toBe(true)
    expect(decodeRefusal(encodeRefusal({ code: 'not-approved' }))).toEqual({ code: 'not-approved' })
  })

  it('lets only a review step through the server write approvals: sent by a lead, answered by its reviewer', () => {
    const rules = rulesFor('internal-then-client')
    const draft = post({})
    const sent = { ...draft, approval: 'in-review' as const, reviewer: 'team' as const }
    // over a socket, nobody writes an approval, a lead neither
    expect(judgeCardChange(lead, draft, sent, rules)).toMatchObject({ ok: false })
    expect(judgeCardChange(viaServer(lead), draft, sent, rules).ok).toBe(true)
    // the team says yes: the client's turn; the client cannot answer for the team
    const teamYes = { ...sent, reviewer: 'client' as const }
    expect(judgeCardChange(viaServer(client), sent, teamYes, rules).ok).toBe(false)
    expect(judgeCardChange(viaServer(lead), sent, teamYes, rules).ok).toBe(true)
    // the client approves, or asks for changes; a lead cannot approve in their place
    const approved = { ...teamYes, approval: 'approved' as const, reviewer: null }
    expect(judgeCardChange(viaServer(lead), teamYes, approved, rules).ok).toBe(false)
    expect(judgeCardChange(viaServer(client), teamYes, approved, rules).ok).toBe(true)
    const changes = { ...teamYes, approval: 'changes-requested' as const, reviewer: null }
    expect(judgeCardChange(viaServer(client), teamYes, changes, rules).ok).toBe(true)
    // a client's decision changes nothing else of the card, and a client writes nothing else
    expect(
      judgeCardChange(viaServer(client), teamYes, { ...approved, title: 'Mine' }, rules).ok,
    ).toBe(false)
    expect(
      judgeCardChange(viaServer(client), teamYes, { ...teamYes, title: 'Mine' }, rules).ok,
    ).toBe(false)
    // no skipping: a draft is not approved at once
    expect(
      judgeCardChange(viaServer(lead), draft, { ...draft, approval: 'approved' }, rules).ok,
    ).toBe(false)
    // a new card is a draft
    expect(
      judgeCardChange(
        lead,
        null,
        { ...draft, stage: 'strategy', createdBy: 'ana', approval: 'approved' },
        rules,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'not-allowed-field', field: 'approval' } })
  })
})
