import {
  type Actor,
  type BoardRules,
  type Card,
  DEFAULT_RULES,
  NETWORKS,
  ROLES,
  type Role,
  SENTIMENTS,
  SEVERITIES,
  STAGES,
  seededRandom,
} from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  buildCard,
  COMMAND_TYPES,
  type Command,
  CommandOrigin,
  type CommandType,
  checkCommand,
  planCommand,
  runCommand,
} from './commands.ts'
import { cardsMap, getCard, stageSlots } from './doc.ts'
import { ShadowJudge } from './judge.ts'
import { docView } from './plan.ts'
import { stampsFor, withStamps } from './stamps.ts'

/** Random boards per run; raise it (COMMAND_SEEDS=500) to search longer. */
const SEEDS = Number(process.env.COMMAND_SEEDS ?? 24)
const NOW = new Date('2026-05-04T10:00:00.000Z')
const USERS = ['ana', 'bea', 'carl', 'dani']
const ROLE_SETS: Role[][] = [...ROLES.map((role) => [role]), ['strategist', 'cm'], ['cm', 'client']]

/** Rules that differ from the defaults: requirements everywhere, cms may move more. */
const STRICT_RULES: BoardRules = {
  ...DEFAULT_RULES,
  transitions: { ...DEFAULT_RULES.transitions, 'plan>calendar': ['cm', 'manager'] },
  requiredFields: {
    ...DEFAULT_RULES.requiredFields,
    plan: ['description', 'tags'],
    published: ['publishedAt', 'publishedUrl'],
    monitored: ['campaign'],
  },
  // [APPR1] the team, then the client, approve every post before it is published
  approval: { policy: 'internal-then-client', networks: [], campaigns: [] },
}

type Random = () => number
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!
const maybe = <T>(random: Random, value: T): T | null => (random() < 0.3 ? null : value)

function randomCard(random: Random, i: number): Card {
  const stage = pick(random, STAGES)
  const card = buildCard(
    { title: `post ${i}`, stage },
    { userId: pick(random, USERS), now: NOW, id: `card${i}`, order: `a${i}` },
  )
  const out = STAGES.indexOf(stage) >= STAGES.indexOf('published')
  return {
    ...card,
    order: random() < 0.2 ? 'a5' : card.order, // ties, so some moves re-key neighbours
    description: random() < 0.5 ? 'brief' : '',
    network: maybe(random, pick(random, NETWORKS)),
    assigneeId: maybe(random, pick(random, USERS)),
    scheduledAt: maybe(random, '2026-05-10T09:00:00.000Z'),
    publishedAt: out ? maybe(random, '2026-05-03T09:00:00.000Z') : null,
    tags: random() < 0.5 ? ['launch'] : [],
    campaign: maybe(random, 'spring'),
    escalationReason: stage === 'escalated' ? maybe(random, 'angry thread') : null,
    severity: stage === 'escalated' ? maybe(random, pick(random, SEVERITIES)) : null,
    escalatedAt: stage === 'escalated' ? '2026-05-04T08:00:00.000Z' : null,
    archived: random() < 0.1,
    // [APPR2] some posts in review, waiting for the team or the client
    ...pick(random, [
      { approval: 'draft', reviewer: null },
      { approval: 'in-review', reviewer: 'team' },
      { approval: 'in-review', reviewer: 'client' },
      { approval: 'changes-requested', reviewer: null },
    ] as const),
  }
}

function randomCommand(random: Random, type: CommandType, cards: Card[]): Command {
  const cardId = pick(random, cards).id
  const index = Math.floor(random() * 8)
  switch (type) {
    case 'create':
      return {
        type,
        card: {
          title: ' new post ',
          stage: pick(random, STAGES),
          // [CMD6] sometimes with what a later stage needs, so that such creates pass too
          ...(random() < 0.5
            ? {}
            : {
                network: pick(random, NETWORKS),
                assigneeId: pick(random, USERS),
                scheduledAt: '2026-05-12T09:00:00.000Z',
                publishedAt: '2026-05-04T09:00:00.000Z',
                escalationReason: 'complaint',
                severity: pick(random, SEVERITIES),
              }),
        },
      }
    case 'edit':
      return {
        type,
        cardId,
        fields: {
          title: random() < 0.5 ? ' retitled ' : undefined,
          description: random() < 0.5 ? '' : 'more words',
          network: maybe(random, pick(random, NETWORKS)),
          tags: random() < 0.5 ? ['a', 'a', ' b '] : [],
          scheduledAt: maybe(random, '2026-05-11T09:00:00.000Z'),
          assigneeId: random() < 0.3 ? pick(random, USERS) : undefined,
        },
      }
    case 'move':
      return {
        type,
        cardId,
        stage: pick(random, STAGES),
        index,
        fields:
          random() < 0.5
            ? {}
            : {
                network: pick(random, NETWORKS),
                assigneeId: pick(random, USERS),
                scheduledAt: '2026-05-12T09:00:00.000Z',
                publishedAt: '2026-05-04T09:00:00.000Z',
                escalationReason: 'complaint',
                severity: pick(random, SEVERITIES),
                resolutionNote: random() < 0.5 ? 'answered' : undefined,
                description: 'brief',
                tags: ['x'],
                campaign: 'spring',
              },
      }
    case 'take':
    case 'release':
    case 'monitor':
    case 'archive':
    case 'restore':
      return { type, cardId }
    case 'review':
      return { type, cardId, step: pick(random, ['send', 'approve', 'changes'] as const) }
    case 'publish':
      return {
        type,
        cardId,
        publishedAt: '2026-05-04T09:30:00.000Z',
        publishedUrl: maybe(random, 'https://example.com/p/1'),
      }
    case 'note':
      return {
        type,
        cardId,
        note: {
          reach: maybe(random, 1200),
          engagement: maybe(random, 40),
          sentiment: maybe(random, pick(random, SENTIMENTS)),
          text: random() < 0.5 ? ' good reception ' : '',
        },
      }
    case 'escalate':
      return {
        type,
        cardId,
        escalationReason: ' complaint ',
        severity: pick(random, SEVERITIES),
        escalationUrl: maybe(random, 'https://example.com/thread'),
      }
    case 'resolve':
      return {
        type,
        cardId,
        stage: pick(random, STAGES),
        index,
        resolutionNote: 'answered in DM',
      }
  }
}

/** A board and a copy of it as the server holds it. */
function twoSides(cards: Card[]): { client: Y.Doc; server: Y.Doc } {
  const client = new Y.Doc()
  client.transact(() => {
    for (const card of cards) {
      const entry = new Y.Map<unknown>()
      for (const [key, value] of Object.entries(card)) entry.set(key, value)
      cardsMap(client).set(card.id, entry)
    }
  })
  const server = new Y.Doc()
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
  return { client, server }
}

describe('card commands', () => {
  // The web app runs a command on its copy of the board; the server judges the update it
  // sends. For every command and role, over random boards and inputs, both must agree: the
  // same verdict, and on acceptance the same card.
  it('give the same card and verdict on the web side and the server side', () => {
    const seen = new Map<string, { accepted: number; refused: number }>()
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seededRandom(seed)
      const cards = Array.from({ length: 12 }, (_, i) => randomCard(random, i))
      const rules = seed % 2 === 0 ? DEFAULT_RULES : STRICT_RULES
      for (const type of COMMAND_TYPES) {
        for (const roles of ROLE_SETS) {
          // [APPR5] review steps come through the server's own command path
          const actor: Actor = { id: pick(random, USERS), roles, server: type === 'review' }
          const command = randomCommand(random, type, cards)
          const { client, server } = twoSides(cards)
          const judge = new ShadowJudge(server)
          const where = `seed ${seed}, ${type} by ${roles.join('+')} (${actor.id}): ${JSON.stringify(command)}`
          const planned = planCommand(docView(client), { actor, rules, now: NOW }, command)
          if (!planned.ok) {
            expect(planned.refusal.code, where).toBe('invalid')
            continue
          }
          const updates: Uint8Array[] = []
          client.on('update', (update: Uint8Array) => updates.push(update))
          // Written whatever the verdict: the server must reach the same one on its own.
          planned.commit(client)
          const key = `${type}/${roles.join('+')}`
          const tally = seen.get(key) ?? { accepted: 0, refused: 0 }
          seen.set(key, tally)
          // Nothing to send (the card already is so): the server sees nothing to judge.
          if (updates.length === 0) continue
          const judged = judge.judge(Y.mergeUpdates(updates), actor, rules, NOW)
          expect(judged.verdict, where).toEqual(planned.verdict)
          if (!planned.verdict.ok) {
            tally.refused++
            continue
          }
          tally.accepted++
          // The server stamps what it writes itself ([STAMP1] [STAMP2]) on both alike.
          const stamps = stampsFor(judged.diffs, NOW, actor.id, rules.approval)
          const stamped = withStamps(judged.diffs, stamps)
          const diff = stamped.find((d) => d.id === planned.change.cardId)
          // the command left its own card as it was and only re-keyed neighbours
          if (!diff) {
            expect(planned.change.after, where).toEqual(planned.change.before)
            judge.destroy()
            continue
          }
          const [expected] = withStamps([{ ...planned.change, id: planned.change.cardId }], stamps)
          expect(diff?.after, where).toEqual(expected?.after)
          expect(diff?.before, where).toEqual(planned.change.before)
          expect(getCard(client, planned.change.cardId), where).toEqual(planned.change.after)
          judge.destroy()
        }
      }
    }
    // Every command was tried by every role, and each command was accepted for someone.
    for (const type of COMMAND_TYPES) {
      for (const roles of ROLE_SETS) expect(seen.has(`${type}/${roles.join('+')}`), type).toBe(true)
      const accepted = [...seen].filter(([k, t]) => k.startsWith(`${type}/`) && t.accepted > 0)
      expect(accepted.length, `${type} accepted for someone`).toBeGreaterThan(0)
    }
  }, 60_000)

  it('write nothing when refused, and commit in one transaction with a CommandOrigin', () => {
    const card = buildCard({ title: 'Post', stage: 'plan' }, { userId: 'ana', id: 'c1' })
    const { client: doc } = twoSides([card])
    const origins: unknown[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    const cm: Actor = { id: 'bea', roles: ['cm'] }
    const refused = runCommand(
      doc,
      { actor: cm, rules: DEFAULT_RULES },
      { type: 'archive', cardId: 'c1' },
    )
    expect(refused).toEqual({ ok: false, refusal: { code: 'archive' } })
    expect(origins).toEqual([])
    const lead: Actor = { id: 'ana', roles: ['manager'] }
    const moved = runCommand(
      doc,
      { actor: lead, rules: DEFAULT_RULES },
      {
        type: 'move',
        cardId: 'c1',
        stage: 'calendar',
        fields: { network: 'x', assigneeId: 'bea', scheduledAt: '2026-05-12T09:00:00.000Z' },
      },
    )
    expect(moved.ok).toBe(true)
    expect(origins).toHaveLength(1)
    expect(origins[0]).toBeInstanceOf(CommandOrigin)
    expect(origins[0]).toMatchObject({ command: 'move', actorId: 'ana' })
    expect(getCard(doc, 'c1')).toMatchObject({ stage: 'calendar', network: 'x', assigneeId: 'bea' })
  })

  it('[CMD5] restore an archived card at the end of its stage, or where it was when told', () => {
    const cards = ['a', 'b', 'c'].map((id, i) =>
      buildCard({ title: id, stage: 'plan' }, { userId: 'ana', id, order: `a${i}` }),
    )
    const { client: doc } = twoSides(cards)
    const ctx = { actor: { id: 'ana', roles: ['manager'] as Role[] }, rules: DEFAULT_RULES }
    const column = () => stageSlots(doc, 'plan').map((slot) => slot.id)
    expect(runCommand(doc, ctx, { type: 'archive', cardId: 'a' }).ok).toBe(true)
    expect(column()).toEqual(['b', 'c'])
    expect(runCommand(doc, ctx, { type: 'restore', cardId: 'a' }).ok).toBe(true)
    expect(column()).toEqual(['b', 'c', 'a'])
    expect(runCommand(doc, ctx, { type: 'archive', cardId: 'c' }).ok).toBe(true)
    expect(runCommand(doc, ctx, { type: 'restore', cardId: 'c', index: 1 }).ok).toBe(true)
    expect(column()).toEqual(['b', 'c', 'a'])
    const cm = { ...ctx, actor: { id: 'bea', roles: ['cm'] as Role[] } }
    expect(runCommand(doc, ctx, { type: 'archive', cardId: 'b' }).ok).toBe(true)
    expect(runCommand(doc, cm, { type: 'restore', cardId: 'b' })).toEqual({
      ok: false,
      refusal: { code: 'archive' },
    })
  })

  it('stores inputs in the form the card schema stores, and says which field is wrong', () => {
    const card = buildCard({ title: 'Post', stage: 'published' }, { userId: 'ana', id: 'c1' })
    const { client: doc } = twoSides([{ ...card, assigneeId: 'bea' }])
    const ctx = { actor: { id: 'bea', roles: ['cm'] as Role[] }, rules: DEFAULT_RULES, now: NOW }
    const tooLong = checkCommand(docView(doc), ctx, {
      type: 'escalate',
      cardId: 'c1',
      escalationReason: 'x'.repeat(10_001),
      severity: 'high',
    })
    expect(tooLong).toMatchObject({
      ok: false,
      refusal: { code: 'invalid', field: 'escalationReason' },
    })
    const badLink = checkCommand(docView(doc), ctx, {
      type: 'escalate',
      cardId: 'c1',
      escalationReason: 'rude',
      severity: 'high',
      escalationUrl: 'javascript:alert(1)',
    })
    expect(badLink).toMatchObject({ ok: false, refusal: { field: 'escalationUrl' } })
    const empty = checkCommand(docView(doc), ctx, {
      type: 'note',
      cardId: 'c1',
      note: { text: '  ' },
    })
    expect(empty).toMatchObject({ ok: false, refusal: { code: 'invalid', field: 'text' } })
    const escalated = runCommand(doc, ctx, {
      type: 'escalate',
      cardId: 'c1',
      escalationReason: '  rude  ',
      severity: 'high',
    })
    expect(escalated.ok && escalated.change.after).toMatchObject({
      stage: 'escalated',
      escalationReason: 'rude',
      escalatedAt: NOW.toISOString(),
    })
    expect(stageSlots(doc, 'escalated').map((s) => s.id)).toEqual(['c1'])
    const missing = checkCommand(docView(doc), ctx, { type: 'edit', cardId: 'nope', fields: {} })
    expect(missing).toMatchObject({ ok: false, refusal: { code: 'invalid' } })
  })
})
