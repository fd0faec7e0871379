import { createCard } from '@pauta/board'
import { describe, expect, it } from 'vitest'
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

type Comment = { id: string; body: string; authorId: string; parentId: string | null }

describe('comments on a card', () => {
  it('[COM1] [COM2] [COM3] members and clients write; mentions tell members only; nothing crosses workspaces', async () => {
    const t = await start()
    const { workspace, board } = await addTestBoard(t)
    const { board: other } = await addTestBoard(t, 'Other')
    const manager = await addTestUser(t, workspace.id, ['manager'])
    const cm = await addTestUser(t, workspace.id, ['cm'])
    const client = await addTestUser(t, workspace.id, ['client'])
    const outsider = await addTestUser(t, other.workspaceId, ['strategist'])
    const { doc, provider } = connect(t, board.id, manager.token)
    await waitForSync(provider)
    createCard(doc, { title: 'Autumn reel' }, { userId: manager.id, id: 'reel' })

    const call = (token: string, procedure: string, input: object, query = false) =>
      callTrpc(t, `comments.${procedure}`, { boardId: board.id, ...input }, { token, query })
    // the card reaches the projection a moment after it is stored
    let first: Comment | undefined
    await eventually(async () => {
      const added = await call(manager.token, 'add', {
        cardId: 'reel',
        body: '@cm ¿cambiamos el hashtag?',
        mentions: [cm.id],
      })
      expect(added.error).toBeUndefined()
      first = added.data as Comment
    })
    if (!first) throw new Error('no comment')

    // the client comments: that is how a client takes part
    const reply = await call(client.token, 'add', {
      cardId: 'reel',
      parentId: first.id,
      body: 'Prefiero #otoño',
    })
    expect(reply.data).toMatchObject({ parentId: first.id, authorId: client.id })

    // the person mentioned, and only they, hears of it
    const notified = async (token: string) =>
      (
        (await callTrpc(t, 'notifications.list', {}, { token, query: true })).data as Array<{
          kind: string
          data: { actorName: string; excerpt: string }
        }>
      ).filter((n) => n.kind === 'mentioned')
    expect(await notified(cm.token)).toMatchObject([
      { data: { actorName: manager.name, excerpt: '@cm ¿cambiamos el hashtag?' } },
    ])
    expect(await notified(client.token)).toEqual([])

    // a mention of someone from elsewhere, a card not on the board, a board not theirs: refused
    const before = ((await call(cm.token, 'list', { cardId: 'reel' }, true)).data as Comment[])
      .length
    expect(
      (await call(manager.token, 'add', { cardId: 'reel', body: 'hi', mentions: [outsider.id] }))
        .error?.data.code,
    ).toBe('BAD_REQUEST')
    expect(
      (await call(manager.token, 'add', { cardId: 'nope', body: 'hi' })).error?.data.code,
    ).toBe('NOT_FOUND')
    expect(
      (await call(outsider.token, 'add', { cardId: 'reel', body: 'hi' })).error?.data.code,
    ).toBe('NOT_FOUND')
    expect((await call(outsider.token, 'list', { cardId: 'reel' }, true)).error?.data.code).toBe(
      'NOT_FOUND',
    )
    const thread = (await call(cm.token, 'list', { cardId: 'reel' }, true)).data as Comment[]
    expect(thread).toHaveLength(before)

    // only its author edits or deletes a comment; a client does not resolve threads
    expect((await call(cm.token, 'edit', { id: first.id, body: 'mine' })).error?.data.code).toBe(
      'FORBIDDEN',
    )
    expect(
      (await call(manager.token, 'edit', { id: first.id, body: 'edited', mentions: [cm.id] })).data,
    ).toMatchObject({ body: 'edited' })
    // an edit that mentions someone anew tells them, and not those mentioned before
    await call(manager.token, 'edit', {
      id: first.id,
      body: '@cm @client ¿y #otoño?',
      mentions: [cm.id, client.id],
    })
    expect(await notified(cm.token)).toHaveLength(1)
    expect(await notified(client.token)).toMatchObject([
      { data: { actorName: manager.name, excerpt: '@cm @client ¿y #otoño?' } },
    ])
    expect(
      (await call(client.token, 'resolve', { id: first.id, resolved: true })).error?.data.code,
    ).toBe('FORBIDDEN')
    expect((await call(cm.token, 'resolve', { id: first.id, resolved: true })).data).toMatchObject({
      resolvedBy: cm.id,
    })
    await call(client.token, 'delete', { id: reply.data ? (reply.data as Comment).id : '' })

    // what is unread, per person
    expect((await call(cm.token, 'unread', {}, true)).data).toEqual({ reel: 1 })
    const bell = async (token: string) =>
      (await callTrpc(t, 'notifications.unreadCount', {}, { token, query: true })).data
    expect(await bell(cm.token)).toBe(1)
    await call(cm.token, 'markRead', { cardId: 'reel' })
    expect((await call(cm.token, 'unread', {}, true)).data).toEqual({})
    // opening the comments reads the mention under the bell too
    expect(await bell(cm.token)).toBe(0)
    provider.destroy()
  })
})
