import { type Command, getCard, runCommand, stampsFor, writeStamps } from '@pauta/board'
import { type Actor, type Card, DEFAULT_RULES, TAKE_BACK_MS } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BoardUndo } from './board-undo.ts'

const lead: Actor = { id: 'ana', roles: ['strategist', 'manager'] }
const carla: Actor = { id: 'carla', roles: ['cm'] }

/** Two replicas kept in sync, as two browsers through the server. */
function twoReplicas() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(b, update, 'remote')
  })
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(a, update, 'remote')
  })
  return { a, b }
}

function run(doc: Y.Doc, actor: Actor, command: Command, now = new Date()) {
  const result = runCommand(doc, { actor, rules: DEFAULT_RULES, now }, command)
  if (!result.ok) throw new Error(JSON.stringify(result.refusal))
  return result.change.after
}

/** What the server does after accepting a move: stamps who moved it, from where, when. */
function serverStamps(doc: Y.Doc, before: Card, after: Card, actor: Actor, now: Date) {
  const stamps = stampsFor([{ id: after.id, before, after }], now, actor.id)
  Y.transact(doc, () => writeStamps(doc, stamps), 'server')
}

function calendarPost(doc: Y.Doc) {
  run(doc, lead, { type: 'create', id: 'post', card: { title: 'Launch', stage: 'plan' } })
  run(doc, lead, {
    type: 'move',
    cardId: 'post',
    stage: 'calendar',
    fields: { network: 'instagram', assigneeId: 'carla', scheduledAt: '2026-12-04T09:00:00.000Z' },
  })
}

const ctx = (actor: Actor, now = new Date()) => ({ actor, rules: DEFAULT_RULES, now })

describe('undo', () => {
  it('undoes only this person’s own change, never someone else’s', () => {
    const { a, b } = twoReplicas()
    calendarPost(a)
    const undoB = new BoardUndo(b)
    run(b, lead, { type: 'edit', cardId: 'post', fields: { title: 'Mine' } })
    run(a, lead, { type: 'edit', cardId: 'post', fields: { description: 'Theirs' } })
    expect(undoB.getState()).toEqual({ canUndo: true, canRedo: false })
    expect(undoB.run('undo', ctx(lead))).toEqual({ ok: true })
    expect(getCard(a, 'post')).toMatchObject({ title: 'Launch', description: 'Theirs' })
    // nothing else of B's to undo: A's changes are not on B's stack
    expect(undoB.getState()).toEqual({ canUndo: false, canRedo: true })
    expect(undoB.run('undo', ctx(lead))).toEqual({ ok: false, refusal: null })
    expect(undoB.run('redo', ctx(lead))).toEqual({ ok: true })
    expect(getCard(a, 'post')?.title).toBe('Mine')
  })

  it('[BACK1] takes back a CM’s publish within two minutes, and refuses it after, keeping the step', () => {
    const { a, b } = twoReplicas()
    calendarPost(a)
    const undo = new BoardUndo(b)
    const publishedAt = new Date()
    const before = getCard(b, 'post')!
    const after = run(b, carla, {
      type: 'publish',
      cardId: 'post',
      publishedAt: publishedAt.toISOString(),
      publishedUrl: 'https://instagram.com/p/1',
    })
    serverStamps(a, before, after, carla, publishedAt)
    const late = new Date(publishedAt.getTime() + TAKE_BACK_MS + 1000)
    expect(undo.run('undo', ctx(carla, late))).toEqual({
      ok: false,
      refusal: { kind: 'rules', refusal: { code: 'take-back-late' } },
    })
    expect(getCard(a, 'post')?.stage).toBe('published')
    expect(undo.getState().canUndo).toBe(true)

    const soon = new Date(publishedAt.getTime() + TAKE_BACK_MS - 1000)
    expect(undo.run('undo', ctx(carla, soon))).toEqual({ ok: true })
    expect(getCard(a, 'post')).toMatchObject({
      stage: 'calendar',
      publishedAt: null,
      publishedUrl: null,
      order: before.order,
    })
  })

  it('[BACK1] times the two minutes from the server’s stamp, whatever this device’s clock says', () => {
    const { a, b } = twoReplicas()
    calendarPost(a)
    const undo = new BoardUndo(b)
    const before = getCard(b, 'post')!
    const after = run(b, carla, {
      type: 'publish',
      cardId: 'post',
      publishedAt: new Date().toISOString(),
    })
    // this device runs five minutes fast: the server stamped the move five minutes "earlier"
    const serverTime = new Date(Date.now() - 5 * 60_000)
    serverStamps(a, before, after, carla, serverTime)
    expect(undo.run('undo', ctx(carla, new Date(Date.now() + 30_000)))).toEqual({ ok: true })
  })

  it('judges a move the server has not stamped yet as if its stamps had arrived', () => {
    const doc = new Y.Doc()
    calendarPost(doc)
    const undo = new BoardUndo(doc)
    run(doc, carla, { type: 'publish', cardId: 'post', publishedAt: new Date().toISOString() })
    expect(undo.run('undo', ctx(carla))).toEqual({ ok: true })
  })

  it('refuses someone else’s take-back, and never deletes a new card', () => {
    const { a, b } = twoReplicas()
    const undoA = new BoardUndo(a)
    calendarPost(a)
    // the last step created nothing, it moved the card: a lead may move it back
    expect(undoA.run('undo', ctx(lead))).toEqual({ ok: true })
    expect(getCard(b, 'post')?.stage).toBe('plan')
    // the one before created the card: cards are never deleted
    expect(undoA.run('undo', ctx(lead))).toEqual({ ok: false, refusal: { kind: 'new-card' } })
    expect(getCard(b, 'post')).not.toBeNull()
  })
})
