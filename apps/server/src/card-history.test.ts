import { cardsMap, createCard, moveCard, updateCard } from '@pauta/board'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  connect,
  eventually,
  serverPerTest,
  waitForSync,
} from './test-server.ts'

const start = serverPerTest()

type Entry = {
  kind: string
  at: string
  userId: string | null
  field?: string | null
  from?: unknown
  to?: unknown
  excerpt?: string
}

describe('a card’s history', () => {
  it('[EVT3] [EVT4] lists a move, a field change and the copy written once, with who; members only', async () => {
    const t = await start()
    const { workspace, board } = await addTestBoard(t)
    const { board: other } = await addTestBoard(t, 'Other')
    const manager = await addTestUser(t, workspace.id, ['manager'])
    const client = await addTestUser(t, workspace.id, ['client'])
    const outsider = await addTestUser(t, other.workspaceId, ['strategist'])
    const { doc, provider } = connect(t, board.id, manager.token)
    await waitForSync(provider)

    createCard(doc, { title: 'Idea' }, { userId: manager.id, id: 'reel' })
    updateCard(doc, 'reel', { title: 'Autumn reel' })
    // the copy typed a few keystrokes at a time: one "written" entry, not one per keystroke
    const copy = cardsMap(doc).get('reel')!.get('copy') as Y.Text
    for (const word of ['Autumn ', 'is ', 'here']) copy.insert(copy.length, word)
    moveCard(doc, 'reel', { stage: 'plan', index: 0 })

    const history = async (token: string, boardId = board.id) =>
      callTrpc(t, 'cards.history', { boardId, cardId: 'reel' }, { token, query: true })
    let entries: Entry[] = []
    await eventually(async () => {
      entries = (await history(manager.token)).data as Entry[]
      expect(entries.map((e) => e.kind)).toEqual(['created', 'stage', 'field', 'text', 'stage'])
    })
    expect(entries.every((e) => e.userId === manager.id)).toBe(true)
    expect(entries[2]).toMatchObject({ field: 'title', from: 'Idea', to: 'Autumn reel' })
    expect(entries[3]).toMatchObject({ field: 'copy', from: null, to: null })
    expect(entries[4]).toMatchObject({ from: 'strategy', to: 'plan' })
    // a client of the workspace reads it; nobody else does, and another board has none of it
    expect(((await history(client.token)).data as Entry[]).length).toBe(5)
    expect((await history(outsider.token)).error?.data.code).toBe('NOT_FOUND')
    expect((await history(outsider.token, other.id)).data).toEqual([])

    // [EVT4] the move into plan kept the copy as it entered; a client may not keep one
    const versions = await callTrpc(
      t,
      'cards.versions',
      { boardId: board.id, cardId: 'reel' },
      { token: client.token, query: true },
    )
    expect(versions.data).toMatchObject([
      { reason: 'stage', stage: 'plan', copy: 'Autumn is here', userId: manager.id },
    ])
    const keep = (token: string) =>
      callTrpc(
        t,
        'cards.keepVersion',
        { boardId: board.id, cardId: 'reel', copy: 'draft' },
        { token },
      )
    expect((await keep(client.token)).error?.data.code).toBe('FORBIDDEN')
    expect((await keep(outsider.token)).error?.data.code).toBe('NOT_FOUND')
    expect((await keep(manager.token)).data).toMatchObject({ reason: 'kept', copy: 'draft' })
    provider.destroy()
  })

  it('lists who commented, when and the start of it, in time order with the rest; not deleted comments', async () => {
    const t = await start()
    const { workspace, board } = await addTestBoard(t)
    const manager = await addTestUser(t, workspace.id, ['manager'])
    const client = await addTestUser(t, workspace.id, ['client'])
    const { doc, provider } = connect(t, board.id, manager.token)
    await waitForSync(provider)
    createCard(doc, { title: 'Reel' }, { userId: manager.id, id: 'reel' })

    const comment = async (token: string, body: string, parentId: string | null = null) => {
      const added = await callTrpc(
        t,
        'comments.add',
        { boardId: board.id, cardId: 'reel', body, parentId },
        { token },
      )
      expect(added.error).toBeUndefined()
      return added.data as { id: string }
    }
    // the card reaches the projection a comment is checked against a moment after it is stored
    let first: { id: string } | undefined
    await eventually(async () => {
      first = await comment(manager.token, '¿Cambiamos\n\nla foto?')
    })
    const long = `Prefiero la de la taza ${'roja '.repeat(40)}`
    await comment(client.token, long, first!.id)
    const gone = await comment(client.token, 'borrador')
    await callTrpc(
      t,
      'comments.delete',
      { boardId: board.id, id: gone.id },
      { token: client.token },
    )
    moveCard(doc, 'reel', { stage: 'plan', index: 0 })

    let entries: Entry[] = []
    await eventually(async () => {
      const history = await callTrpc(
        t,
        'cards.history',
        { boardId: board.id, cardId: 'reel' },
        { token: client.token, query: true },
      )
      entries = history.data as Entry[]
      expect(entries.map((e) => e.kind)).toEqual([
        'created',
        'stage',
        'comment',
        'comment',
        'stage',
      ])
    })
    expect(entries[2]).toMatchObject({ userId: manager.id, excerpt: '¿Cambiamos la foto?' })
    expect(entries[3]).toMatchObject({ userId: client.id })
    // the start of a long one, on one line, with an ellipsis
    expect(entries[3]!.excerpt).toHaveLength(100)
    expect(entries[3]!.excerpt).toMatch(/^Prefiero la de la taza roja roja .*…$/)
    // in time order
    const times = entries.map((e) => e.at)
    expect(times).toEqual([...times].sort())
    // the deleted comment is not listed, nor its text anywhere
    expect(JSON.stringify(entries)).not.toContain('borrador')
    provider.destroy()
  })
})
