import {
  addMonitoringNote,
  cardsMap,
  createCard,
  getCard,
  moveCard,
  ShadowJudge,
  updateCard,
} from '@pauta/board'
import { type Actor, type BoardRules, type Card, DEFAULT_RULES, LIMITS } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  checkEscalate,
  checkMonitor,
  checkNote,
  checkPublish,
  checkTake,
  offeredActions,
  parseCount,
} from './queue-actions.ts'

const manager: Actor = { id: 'marco', roles: ['manager'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }
const diego: Actor = { id: 'diego', roles: ['cm'] }
const client: Actor = { id: 'lucia', roles: ['client'] }
const TZ = 'America/Mexico_City'
const NOW = new Date('2026-03-10T16:00:00.000Z')

/**
 * A server document holding one card per stage of Carla's work, a replica to act on, and the
 * server's own gate: what the queue writes must be what the server accepts.
 */
function setup() {
  const server = new Y.Doc()
  const slot = {
    network: 'instagram',
    assigneeId: 'carla',
    scheduledAt: '2026-03-10T18:00:00Z',
  } as const
  createCard(server, { title: 'to publish', stage: 'plan' }, { userId: 'marco', id: 'cal' })
  moveCard(server, 'cal', { stage: 'calendar', index: 0 }, slot)
  createCard(server, { title: 'free', stage: 'plan' }, { userId: 'marco', id: 'free' })
  moveCard(server, 'free', { stage: 'calendar', index: 0 }, slot)
  cardsMap(server).get('free')!.set('assigneeId', null)
  createCard(server, { title: 'out', stage: 'plan' }, { userId: 'marco', id: 'pub' })
  moveCard(server, 'pub', { stage: 'calendar', index: 0 }, slot)
  moveCard(server, 'pub', { stage: 'published', index: 0 }, { publishedAt: NOW.toISOString() })
  const judge = new ShadowJudge(server)
  const card = (id: string): Card => getCard(server, id)!
  /** Makes `edit` on a replica and judges the update as the server would. */
  const verdict = (actor: Actor, edit: (doc: Y.Doc) => void, rules: BoardRules = DEFAULT_RULES) => {
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
    const vector = Y.encodeStateVector(replica)
    edit(replica)
    return judge.judge(Y.encodeStateAsUpdate(replica, vector), actor, rules).verdict
  }
  return { card, verdict }
}

describe('offered actions', () => {
  it('offers a community manager publish on their calendar post, take on a free one', () => {
    const { card } = setup()
    expect(offeredActions(carla, card('cal'), DEFAULT_RULES)).toEqual(['publish'])
    // where the client must approve first, an unapproved post is not offered for publishing
    const approving = {
      ...DEFAULT_RULES,
      approval: { policy: 'client' as const, networks: [], campaigns: [] },
    }
    expect(offeredActions(carla, card('cal'), approving)).toEqual([])
    expect(offeredActions(carla, { ...card('cal'), approval: 'approved' }, approving)).toEqual([
      'publish',
    ])
    expect(offeredActions(carla, card('free'), DEFAULT_RULES)).toEqual(['take'])
    expect(offeredActions(carla, card('pub'), DEFAULT_RULES)).toEqual([
      'monitor',
      'note',
      'escalate',
    ])
  })

  it('offers nothing on another community manager’s posts, nor to a client', () => {
    const { card } = setup()
    for (const id of ['cal', 'pub']) {
      expect(offeredActions(diego, card(id), DEFAULT_RULES)).toEqual([])
      expect(offeredActions(client, card(id), DEFAULT_RULES)).toEqual([])
    }
    expect(offeredActions(client, card('free'), DEFAULT_RULES)).toEqual([])
  })

  it('lets a manager act on anyone’s post but not take one', () => {
    const { card } = setup()
    expect(offeredActions(manager, card('cal'), DEFAULT_RULES)).toEqual(['publish'])
    expect(offeredActions(manager, card('free'), DEFAULT_RULES)).toEqual(['publish'])
  })

  it('follows the board’s rules, not the defaults', () => {
    const { card } = setup()
    const managersPublish: BoardRules = {
      ...DEFAULT_RULES,
      transitions: {
        ...DEFAULT_RULES.transitions,
        'calendar>published': ['manager'],
        'published>escalated': ['manager'],
      },
    }
    expect(offeredActions(carla, card('cal'), managersPublish)).toEqual([])
    expect(offeredActions(carla, card('pub'), managersPublish)).toEqual(['monitor', 'note'])
  })

  it('stops offering notes once the log is full, and everything on an archived card', () => {
    const { card } = setup()
    const note = {
      at: NOW.toISOString(),
      by: 'carla',
      reach: 1,
      engagement: null,
      comments: null,
      sentiment: null,
      text: '',
    }
    const full = { ...card('pub'), monitoring: Array.from({ length: LIMITS.notes }, () => note) }
    expect(offeredActions(carla, full, DEFAULT_RULES)).not.toContain('note')
    expect(offeredActions(carla, { ...card('pub'), archived: true }, DEFAULT_RULES)).toEqual([])
  })
})

describe('publish', () => {
  it('reads the time on the workspace’s clocks and writes what the server accepts', () => {
    const { card, verdict } = setup()
    const checked = checkPublish(
      carla,
      card('cal'),
      DEFAULT_RULES,
      { publishedAt: '2026-03-10T10:30', publishedUrl: ' https://instagram.com/p/abc ' },
      TZ,
    )
    expect(checked).toEqual({
      ok: true,
      value: {
        publishedAt: '2026-03-10T16:30:00.000Z',
        publishedUrl: 'https://instagram.com/p/abc',
      },
    })
    if (!checked.ok) return
    const accepted = verdict(carla, (doc) =>
      moveCard(doc, 'cal', { stage: 'published', index: 99 }, checked.value),
    )
    expect(accepted).toEqual({ ok: true })
  })

  it('takes no link, but not a link that is not http(s), nor an unreadable time', () => {
    const { card } = setup()
    const ok = checkPublish(
      carla,
      card('cal'),
      DEFAULT_RULES,
      { publishedAt: '2026-03-10T10:30', publishedUrl: '' },
      TZ,
    )
    expect(ok.ok && ok.value.publishedUrl).toBeNull()
    const bad = checkPublish(
      carla,
      card('cal'),
      DEFAULT_RULES,
      { publishedAt: '2026-02-30T10:30', publishedUrl: 'javascript:alert(1)' },
      TZ,
    )
    expect(bad).toEqual({
      ok: false,
      errors: { publishedAt: 'invalidDate', publishedUrl: 'invalidLink' },
      refusal: null,
    })
    const empty = checkPublish(
      carla,
      card('cal'),
      DEFAULT_RULES,
      { publishedAt: '', publishedUrl: '' },
      TZ,
    )
    expect(empty.ok || empty.errors).toEqual({ publishedAt: 'required' })
  })

  it('asks for the link where the board demands it, and names other demands as a refusal', () => {
    const { card } = setup()
    const input = { publishedAt: '2026-03-10T10:30', publishedUrl: '' }
    const withLink: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: {
        ...DEFAULT_RULES.requiredFields,
        published: ['publishedAt', 'publishedUrl'],
      },
    }
    expect(checkPublish(carla, card('cal'), withLink, input, TZ)).toEqual({
      ok: false,
      errors: { publishedUrl: 'required' },
      refusal: null,
    })
    const withCampaign: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, published: ['publishedAt', 'campaign'] },
    }
    expect(checkPublish(carla, card('cal'), withCampaign, input, TZ)).toEqual({
      ok: false,
      errors: {},
      refusal: { code: 'missing-fields', stage: 'published', fields: ['campaign'] },
    })
  })

  it('refuses someone else’s post with the rules’ reason', () => {
    const { card } = setup()
    const checked = checkPublish(
      diego,
      card('cal'),
      DEFAULT_RULES,
      { publishedAt: '2026-03-10T10:30', publishedUrl: '' },
      TZ,
    )
    expect(checked).toEqual({ ok: false, errors: {}, refusal: { code: 'not-assignee' } })
  })
})

describe('monitor and take', () => {
  it('starts monitoring in one move the server accepts', () => {
    const { card, verdict } = setup()
    expect(checkMonitor(carla, card('pub'), DEFAULT_RULES)).toEqual({ ok: true })
    expect(
      verdict(carla, (doc) => moveCard(doc, 'pub', { stage: 'monitored', index: 99 })),
    ).toEqual({ ok: true })
    expect(checkMonitor(diego, card('pub'), DEFAULT_RULES)).toEqual({
      ok: false,
      refusal: { code: 'not-assignee' },
    })
  })

  it('says what the board demands before monitoring instead of moving', () => {
    const { card } = setup()
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, monitored: ['publishedUrl'] },
    }
    expect(checkMonitor(carla, card('pub'), rules)).toEqual({
      ok: false,
      refusal: { code: 'missing-fields', stage: 'monitored', fields: ['publishedUrl'] },
    })
  })

  it('takes a free post, and only a community manager does', () => {
    const { card, verdict } = setup()
    expect(checkTake(carla, card('free'), DEFAULT_RULES)).toEqual({ ok: true })
    expect(verdict(carla, (doc) => updateCard(doc, 'free', { assigneeId: 'carla' }))).toEqual({
      ok: true,
    })
    expect(checkTake(diego, card('cal'), DEFAULT_RULES).ok).toBe(false)
    expect(checkTake(client, card('free'), DEFAULT_RULES).ok).toBe(false)
  })
})

describe('monitoring notes', () => {
  const blank = { reach: '', engagement: '', comments: '', sentiment: '', text: '' }

  it('reads counts as people type them', () => {
    expect(parseCount('')).toBeNull()
    expect(parseCount(' 12300 ')).toBe(12300)
    expect(parseCount('12,300')).toBe(12300)
    expect(parseCount('12.300')).toBe(12300)
    expect(parseCount('1 234 567')).toBe(1234567)
    expect(parseCount('1.5')).toBeUndefined()
    expect(parseCount('12,30')).toBeUndefined()
    expect(parseCount('1,234.567')).toBeUndefined()
    expect(parseCount('-3')).toBeUndefined()
    expect(parseCount('lots')).toBeUndefined()
  })

  it('writes a signed note the server accepts', () => {
    const { card, verdict } = setup()
    const checked = checkNote(
      carla,
      card('pub'),
      DEFAULT_RULES,
      { ...blank, reach: '12.300', comments: '40', sentiment: 'mixed', text: ' price complaints ' },
      NOW,
    )
    expect(checked).toEqual({
      ok: true,
      value: {
        reach: 12300,
        engagement: null,
        comments: 40,
        sentiment: 'mixed',
        text: 'price complaints',
      },
    })
    if (!checked.ok) return
    expect(
      verdict(carla, (doc) =>
        addMonitoringNote(doc, 'pub', checked.value, { userId: carla.id, now: NOW }),
      ),
    ).toEqual({ ok: true })
  })

  it('refuses an empty note, bad figures, and someone else’s post', () => {
    const { card } = setup()
    expect(checkNote(carla, card('pub'), DEFAULT_RULES, blank, NOW)).toEqual({
      ok: false,
      errors: { text: 'emptyNote' },
      refusal: null,
    })
    expect(
      checkNote(
        carla,
        card('pub'),
        DEFAULT_RULES,
        { ...blank, reach: '1.5', engagement: 'x' },
        NOW,
      ),
    ).toEqual({
      ok: false,
      errors: { reach: 'wholeNumber', engagement: 'wholeNumber' },
      refusal: null,
    })
    expect(checkNote(diego, card('pub'), DEFAULT_RULES, { ...blank, text: 'hi' }, NOW)).toEqual({
      ok: false,
      errors: {},
      refusal: { code: 'not-assignee' },
    })
  })
})

describe('escalate', () => {
  const input = {
    escalationReason: ' Customer says the product burned her ',
    severity: 'crisis',
    escalationUrl: 'https://instagram.com/p/abc/c/1',
  }

  it('writes reason, severity, link and a fresh escalatedAt, which the server accepts', () => {
    const { card, verdict } = setup()
    const checked = checkEscalate(carla, card('pub'), DEFAULT_RULES, input, NOW)
    expect(checked).toEqual({
      ok: true,
      value: {
        escalationReason: 'Customer says the product burned her',
        severity: 'crisis',
        escalationUrl: 'https://instagram.com/p/abc/c/1',
        escalatedAt: NOW.toISOString(),
      },
    })
    if (!checked.ok) return
    expect(
      verdict(carla, (doc) =>
        moveCard(doc, 'pub', { stage: 'escalated', index: 0 }, checked.value),
      ),
    ).toEqual({ ok: true })
  })

  it('always asks a reason and a severity, and checks the link', () => {
    const { card } = setup()
    expect(
      checkEscalate(
        carla,
        card('pub'),
        DEFAULT_RULES,
        { escalationReason: ' ', severity: 'huge', escalationUrl: 'ftp://x.org' },
        NOW,
      ),
    ).toEqual({
      ok: false,
      errors: { escalationReason: 'required', severity: 'required', escalationUrl: 'invalidLink' },
      refusal: null,
    })
  })

  it('refuses where the rules do not let this person escalate', () => {
    const { card } = setup()
    expect(checkEscalate(diego, card('pub'), DEFAULT_RULES, input, NOW)).toMatchObject({
      ok: false,
      refusal: { code: 'not-assignee' },
    })
    expect(checkEscalate(carla, card('cal'), DEFAULT_RULES, input, NOW)).toMatchObject({
      ok: false,
      refusal: { code: 'not-allowed-move', from: 'calendar', to: 'escalated' },
    })
  })
})
