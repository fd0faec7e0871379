import { type Actor, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  archiveCard,
  cardEvents,
  cardsMap,
  createCard,
  getCard,
  moveCard,
  ShadowJudge,
  updateCard,
} from './index.ts'

const manager: Actor = { id: 'marco', roles: ['manager'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }
const client: Actor = { id: 'lucia', roles: ['client'] }
const calendarFields = {
  network: 'instagram',
  assigneeId: 'carla',
  scheduledAt: '2026-12-01T10:00:00.000Z',
} as const

/** A server document with a few cards, and a way to make a client's update against it. */
function setup() {
  const server = new Y.Doc()
  createCard(server, { title: 'idea' }, { userId: 'marco', id: 'idea' })
  createCard(server, { title: 'planned', stage: 'plan' }, { userId: 'marco', id: 'planned' })
  createCard(server, { title: 'mine', stage: 'plan' }, { userId: 'marco', id: 'mine' })
  moveCard(server, 'mine', { stage: 'calendar', index: 0 }, calendarFields)
  createCard(server, { title: 'free', stage: 'plan' }, { userId: 'marco', id: 'free' })
  moveCard(
    server,
    'free',
    { stage: 'calendar', index: 0 },
    { ...calendarFields, assigneeId: 'diego' },
  )
  cardsMap(server).get('free')!.set('assigneeId', null)
  const judge = new ShadowJudge(server)
  /** Runs `edit` on a replica of the server's document and returns the update it made. */
  const change = (edit: (doc: Y.Doc) => void): Uint8Array => {
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
    const vector = Y.encodeStateVector(replica)
    edit(replica)
    return Y.encodeStateAsUpdate(replica, vector)
  }
  const accept = (update: Uint8Array) => Y.applyUpdate(server, update)
  return { server, judge, change, accept }
}

const cardEntry = (doc: Y.Doc, id = 'mine') => cardsMap(doc).get(id)!

describe('ShadowJudge', () => {
  it('[JUDGE1] accepts an allowed move with its fields and reports the change', () => {
    const { server, judge, change, accept } = setup()
    const update = change((doc) =>
      moveCard(doc, 'planned', { stage: 'calendar', index: 0 }, calendarFields),
    )
    const { verdict, diffs } = judge.judge(update, manager, DEFAULT_RULES)
    expect(verdict).toEqual({ ok: true })
    expect(diffs.map((d) => [d.id, d.before?.stage, d.after.stage])).toEqual([
      ['planned', 'plan', 'calendar'],
    ])
    expect(cardEvents(diffs).assignments).toEqual([{ cardId: 'planned', from: null, to: 'carla' }])
    expect(getCard(server, 'planned')?.stage).toBe('plan') // judging changes nothing real
    accept(update)
    const next = change((doc) => updateCard(doc, 'planned', { title: 'renamed' }))
    expect(judge.judge(next, manager, DEFAULT_RULES).verdict.ok).toBe(true)
  })

  it('[JUDGE1] the shadow follows changes that reach the real document unjudged (another instance, storage)', () => {
    const { judge, change, accept } = setup()
    // A first judgement builds the shadow.
    const first = change((doc) => updateCard(doc, 'idea', { title: 'idea 2' }))
    expect(judge.judge(first, manager, DEFAULT_RULES).verdict).toEqual({ ok: true })
    accept(first)
    // Another server instance judged and stored a move; here it is applied to the room's
    // document directly, never through this judge.
    accept(
      change((doc) => moveCard(doc, 'planned', { stage: 'calendar', index: 0 }, calendarFields)),
    )
    // A client that has the move renames the card: the "after" must include the move.
    const rename = change((doc) => updateCard(doc, 'planned', { title: 'renamed' }))
    const { verdict, diffs } = judge.judge(rename, manager, DEFAULT_RULES)
    expect(verdict).toEqual({ ok: true })
    expect(diffs.map((d) => [d.id, d.before?.stage, d.after.stage, d.after.title])).toEqual([
      ['planned', 'calendar', 'calendar', 'renamed'],
    ])
    expect(cardEvents(diffs)).toEqual({
      stages: [],
      assignments: [],
      activity: [
        { cardId: 'planned', kind: 'field', field: 'title', from: 'planned', to: 'renamed' },
      ],
      versions: [],
    })
  })

  it('[EVT3] [EVT4] lists what else a change did: created, short fields before and after, texts written, archived', () => {
    const { judge, change, accept } = setup()
    const created = change((doc) =>
      createCard(doc, { title: 'new', tags: ['a'] }, { userId: 'marco', id: 'fresh' }),
    )
    expect(cardEvents(judge.judge(created, manager, DEFAULT_RULES).diffs).activity).toEqual([
      { cardId: 'fresh', kind: 'created' },
    ])
    accept(created)
    const edited = change((doc) =>
      updateCard(doc, 'fresh', {
        title: 'renamed',
        copy: 'Hola',
        tags: ['a', 'b'],
        network: 'x',
        assigneeId: 'carla',
      }),
    )
    const { diffs } = judge.judge(edited, manager, DEFAULT_RULES)
    const events = cardEvents(diffs)
    expect(events.activity).toEqual([
      { cardId: 'fresh', kind: 'field', field: 'title', from: 'new', to: 'renamed' },
      { cardId: 'fresh', kind: 'text', field: 'copy' },
      { cardId: 'fresh', kind: 'field', field: 'network', from: null, to: 'x' },
      { cardId: 'fresh', kind: 'field', field: 'tags', from: 'a', to: 'a, b' },
    ])
    // the assignee has its own record
    expect(events.assignments).toEqual([{ cardId: 'fresh', from: null, to: 'carla' }])
    accept(edited)
    // [EVT4] entering another stage with a copy keeps a version of it
    const moved = change((doc) => moveCard(doc, 'fresh', { stage: 'plan', index: 0 }))
    expect(cardEvents(judge.judge(moved, manager, DEFAULT_RULES).diffs).versions).toEqual([
      { cardId: 'fresh', stage: 'plan', copy: 'Hola' },
    ])
    accept(moved)
    const archived = change((doc) => archiveCard(doc, 'fresh'))
    expect(cardEvents(judge.judge(archived, manager, DEFAULT_RULES).diffs).activity).toEqual([
      { cardId: 'fresh', kind: 'archived' },
    ])
  })

  it('[JUDGE5] refuses a move the roles do not allow, and keeps judging correctly afterwards', () => {
    const { judge, change, accept } = setup()
    const back = change((doc) => moveCard(doc, 'mine', { stage: 'strategy', index: 0 }))
    expect(judge.judge(back, carla, DEFAULT_RULES).verdict).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-move', from: 'calendar', to: 'strategy' },
    })
    // The shadow was rebuilt from the real document: the same change by a manager passes.
    const ok = change((doc) =>
      moveCard(
        doc,
        'mine',
        { stage: 'published', index: 0 },
        { publishedAt: '2026-12-01T10:05:00.000Z' },
      ),
    )
    expect(judge.judge(ok, carla, DEFAULT_RULES).verdict).toEqual({ ok: true })
    accept(ok)
  })

  it('[JUDGE5] lets a CM take an unassigned calendar post, and nothing more of someone else', () => {
    const { judge, change } = setup()
    const take = change((doc) => updateCard(doc, 'free', { assigneeId: 'carla' }))
    expect(judge.judge(take, carla, DEFAULT_RULES).verdict.ok).toBe(true)
    const { judge: judge2, change: change2 } = setup()
    const giveAway = change2((doc) => updateCard(doc, 'free', { assigneeId: 'diego' }))
    expect(judge2.judge(giveAway, carla, DEFAULT_RULES).verdict).toMatchObject({
      ok: false,
      refusal: { code: 'not-allowed-field' },
    })
  })

  it('[JUDGE5] refuses any change from a client', () => {
    const { judge, change } = setup()
    const update = change((doc) => createCard(doc, { title: 'sneaky' }, { userId: 'lucia' }))
    expect(judge.judge(update, client, DEFAULT_RULES).verdict).toEqual({
      ok: false,
      refusal: { code: 'read-only' },
    })
  })

  it('[JUDGE3] refuses deleting or replacing a card', () => {
    const deleted = setup()
    const remove = deleted.change((doc) => cardsMap(doc).delete('idea'))
    expect(deleted.judge.judge(remove, manager, DEFAULT_RULES).verdict).toMatchObject({
      ok: false,
      refusal: { code: 'invalid' },
    })
    const swapped = setup()
    const swap = swapped.change((doc) => {
      const copy = new Y.Map<unknown>()
      for (const [k, v] of cardsMap(doc).get('idea')!.entries())
        copy.set(k, v instanceof Y.Text ? new Y.Text(v.toString()) : v)
      cardsMap(doc).set('idea', copy)
    })
    expect(swapped.judge.judge(swap, manager, DEFAULT_RULES).verdict.ok).toBe(false)
  })

  it('[JUDGE2] [JUDGE4] refuses other roots, nested types, unknown fields and bad values', () => {
    const cases: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getMap('other').set('x', 1),
      (doc) => cardsMap(doc).get('idea')!.set('tags', new Y.Array()),
      (doc) => cardsMap(doc).get('idea')!.set('owner', 'me'),
      (doc) => cardsMap(doc).get('idea')!.set('title', 42),
      (doc) => cardsMap(doc).get('idea')!.set('stage', 'done'),
      (doc) => cardsMap(doc).get('idea')!.delete('title'),
      (doc) => cardsMap(doc).get('idea')!.set('id', 'other'),
    ]
    for (const edit of cases) {
      const { judge, change } = setup()
      expect(judge.judge(change(edit), manager, DEFAULT_RULES).verdict.ok).toBe(false)
    }
  })

  it('[JUDGE7] judges what is stored: raw lengths, exact stored forms, no extra keys in notes', () => {
    const published = (doc: Y.Doc) => {
      moveCard(
        doc,
        'mine',
        { stage: 'published', index: 0 },
        { publishedAt: '2026-12-01T10:05:00.000Z' },
      )
    }
    const note = {
      at: '2026-12-01T12:00:00.000Z',
      by: 'carla',
      reach: 1,
      engagement: null,
      comments: null,
      sentiment: null,
      text: 'ok',
    }
    const cases: Array<[string, (doc: Y.Doc) => void]> = [
      [
        'title padded past its limit',
        (doc) => cardEntry(doc).set('title', `ok${' '.repeat(5000)}`),
      ],
      ['title with spaces around', (doc) => cardEntry(doc).set('title', '  mine  ')],
      ['campaign padded', (doc) => cardEntry(doc).set('campaign', `c${' '.repeat(300)}`)],
      ['repeated tags', (doc) => cardEntry(doc).set('tags', ['a', 'a'])],
      ['a note with an extra key', (doc) => cardEntry(doc).set('monitoring', [{ ...note, x: 1 }])],
      [
        'a note with padded text',
        (doc) => cardEntry(doc).set('monitoring', [{ ...note, text: ' ok ' }]),
      ],
      ['undefined instead of null', (doc) => cardEntry(doc).set('campaign', undefined)],
    ]
    for (const [what, edit] of cases) {
      const { server, judge, change, accept } = setup()
      const publish = change(published)
      expect(judge.judge(publish, carla, DEFAULT_RULES).verdict.ok).toBe(true)
      accept(publish)
      const { verdict } = judge.judge(change(edit), carla, DEFAULT_RULES)
      expect(verdict, what).toMatchObject({ ok: false, refusal: { code: 'invalid' } })
      expect(getCard(server, 'mine')?.title, what).toBe('mine')
    }
    // The same values in their stored form pass, key order in a note notwithstanding.
    const { judge, change, accept } = setup()
    const publish = change(published)
    accept(publish)
    const reordered = Object.fromEntries(Object.entries(note).reverse())
    const fine = change((doc) => {
      cardEntry(doc).set('title', 'mine, renamed')
      cardEntry(doc).set('tags', ['a', 'b'])
      cardEntry(doc).set('monitoring', [reordered])
    })
    expect(judge.judge(fine, carla, DEFAULT_RULES).verdict).toEqual({ ok: true })
  })

  it('[JUDGE4] refuses bytes that are not a Yjs update', () => {
    const { judge } = setup()
    expect(judge.judge(new Uint8Array([1, 2, 3, 200, 7]), manager, DEFAULT_RULES).verdict.ok).toBe(
      false,
    )
  })

  it('[EVT2] records escalations with severity and reason, and their resolution', () => {
    const { judge, change, accept } = setup()
    const publish = change((doc) =>
      moveCard(
        doc,
        'mine',
        { stage: 'published', index: 0 },
        { publishedAt: '2026-12-01T10:05:00.000Z' },
      ),
    )
    expect(judge.judge(publish, carla, DEFAULT_RULES).verdict.ok).toBe(true)
    accept(publish)
    const escalate = change((doc) =>
      moveCard(
        doc,
        'mine',
        { stage: 'escalated', index: 0 },
        { escalationReason: 'angry thread', severity: 'high' },
      ),
    )
    const escalation = judge.judge(escalate, carla, DEFAULT_RULES)
    expect(cardEvents(escalation.diffs).stages).toEqual([
      {
        cardId: 'mine',
        from: 'published',
        to: 'escalated',
        detail: { severity: 'high', reason: 'angry thread' },
      },
    ])
    accept(escalate)
    const noNote = change((doc) => moveCard(doc, 'mine', { stage: 'monitored', index: 0 }))
    expect(judge.judge(noNote, manager, DEFAULT_RULES).verdict).toEqual({
      ok: false,
      refusal: { code: 'resolution-note' },
    })
    const resolve = change((doc) =>
      moveCard(
        doc,
        'mine',
        { stage: 'monitored', index: 0 },
        { resolutionNote: 'apologised, refunded' },
      ),
    )
    const resolution = judge.judge(resolve, manager, DEFAULT_RULES)
    expect(cardEvents(resolution.diffs).stages[0]?.detail).toEqual({
      resolution: 'apologised, refunded',
    })
  })

  it('archiving is for managers and strategists', () => {
    const { judge, change } = setup()
    expect(
      judge.judge(
        change((doc) => archiveCard(doc, 'mine')),
        carla,
        DEFAULT_RULES,
      ).verdict.ok,
    ).toBe(false)
    const again = setup()
    expect(
      again.judge.judge(
        again.change((doc) => archiveCard(doc, 'mine')),
        manager,
        DEFAULT_RULES,
      ).verdict.ok,
    ).toBe(true)
  })
})
