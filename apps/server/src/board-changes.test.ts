import { getCard } from '@pauta/board'
import { createBoard, createWorkspace, listStageEvents } from '@pauta/db'
import { DEFAULT_BOARD_SETTINGS, DEFAULT_RULES } from '@pauta/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addTestUser,
  connect,
  eventually,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  waitForSync,
} from './test-server.ts'

/**
 * [SERVER1] Changes the server makes itself, on one instance over SQLite: judged by the
 * board's own rules even when nobody has the board open, stored, relayed and in history.
 * (The two-instance case is in instances.test.ts.)
 */
describe('server-side card commands', () => {
  let t: TestServer
  let boardId: string
  let lead: TestUser
  let cm: TestUser
  let outsider: TestUser

  beforeAll(async () => {
    t = await startTestServer()
    const workspace = await createWorkspace(t.database.db, { name: 'Agency' })
    // Stricter than the defaults: a plan card needs a description.
    const rules = {
      ...DEFAULT_RULES,
      requiredFields: { ...DEFAULT_RULES.requiredFields, plan: ['description' as const] },
    }
    boardId = (
      await createBoard(t.database.db, {
        workspaceId: workspace.id,
        name: 'Client A',
        settings: { ...DEFAULT_BOARD_SETTINGS, rules },
      })
    ).id
    lead = await addTestUser(t, workspace.id, ['manager'])
    cm = await addTestUser(t, workspace.id, ['cm'])
    outsider = await addTestUser(t, null, ['manager'])
  })
  afterAll(() => t?.dispose())

  it('judges a board nobody has open by its own rules, then stores it and records history', async () => {
    const actor = await t.server.boardChanges.actorFor(boardId, lead.id)
    expect(actor).not.toBeNull()
    const missing = await t.server.boardChanges.run(boardId, actor!, {
      type: 'create',
      card: { title: 'Launch', stage: 'plan' },
    })
    expect(missing).toEqual({
      ok: false,
      refusal: { code: 'missing-fields', stage: 'plan', fields: ['description'] },
    })
    const created = await t.server.boardChanges.run(boardId, actor!, {
      type: 'create',
      card: { title: 'Launch', stage: 'plan', description: 'Spring launch' },
    })
    expect(created.ok).toBe(true)
    const cardId = created.ok ? created.change.cardId : ''
    expect(getCard((await storedBoard(t, boardId)).doc, cardId)?.title).toBe('Launch')
    await eventually(async () =>
      expect(await listStageEvents(t.database.db, boardId)).toMatchObject([
        { cardId, fromStage: null, toStage: 'plan', userId: lead.id },
      ]),
    )
  })

  it('reaches the people on the board, and refuses what the actor may not do', async () => {
    const client = connect(t, boardId, cm.token)
    await waitForSync(client.provider)
    const actor = await t.server.boardChanges.actorFor(boardId, lead.id)
    const created = await t.server.boardChanges.run(boardId, actor!, {
      type: 'create',
      card: { title: 'Teaser', stage: 'strategy' },
    })
    const cardId = created.ok ? created.change.cardId : ''
    await eventually(() => expect(getCard(client.doc, cardId)?.title).toBe('Teaser'))
    const asCm = await t.server.boardChanges.actorFor(boardId, cm.id)
    const archived = await t.server.boardChanges.run(boardId, asCm!, { type: 'archive', cardId })
    expect(archived).toEqual({ ok: false, refusal: { code: 'archive' } })
    expect(getCard(client.doc, cardId)?.archived).toBe(false)
    // The person on the board was not disturbed by the refusal.
    expect(client.provider.wsconnected).toBe(true)
    client.provider.destroy()
  })

  it('acts only for members of the board', async () => {
    expect(await t.server.boardChanges.actorFor(boardId, outsider.id)).toBeNull()
    expect(await t.server.boardChanges.actorFor('no-such-board', lead.id)).toBeNull()
  })
})
