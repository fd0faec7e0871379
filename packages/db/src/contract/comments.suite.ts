import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addComment,
  commentChangesSince,
  type DB,
  deleteComment,
  editComment,
  listComments,
  markCommentsRead,
  setThreadResolved,
  unreadCommentCounts,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `comments.ts`: threads on cards, their authors' edits, what is unread. */
export function commentsSuite(contract: Contract): void {
  describe('comments on cards', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract
    const t = (minute: number) => new Date(Date.UTC(2025, 2, 10, 9, minute))

    it('[COM1] [COM2] keeps threads of a card, oldest first; only authors edit or delete', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      const on = { boardId: boardA.id, cardId: 'c1' }
      const first = await addComment(db, {
        ...on,
        authorId: alice,
        body: '¿Cambiamos el hashtag? @Bob',
        mentions: [bob, bob],
        at: t(1),
      })
      expect(first.mentions).toEqual([bob])
      const reply = await addComment(db, {
        ...on,
        authorId: bob,
        parentId: first.id,
        body: 'Sí, #otoño',
        at: t(2),
      })
      await addComment(db, {
        boardId: boardA.id,
        cardId: 'c2',
        authorId: bob,
        body: 'otra',
        at: t(3),
      })
      // a reply to a reply, or to another card's comment, is refused
      await expect(
        addComment(db, { ...on, authorId: alice, parentId: reply.id, body: 'x' }),
      ).rejects.toThrow('not-a-thread')
      await expect(
        addComment(db, { ...on, cardId: 'c2', authorId: alice, parentId: first.id, body: 'x' }),
      ).rejects.toThrow('not-a-thread')
      await expect(addComment(db, { ...on, authorId: alice, body: '   ' })).rejects.toThrow(
        'invalid',
      )

      await expect(
        editComment(db, { boardId: boardA.id, id: first.id, authorId: bob, body: 'mine now' }),
      ).rejects.toThrow('not-author')
      const edited = await editComment(db, {
        boardId: boardA.id,
        id: first.id,
        authorId: alice,
        body: '¿Cambiamos el hashtag?',
        at: t(4),
      })
      expect(edited).toMatchObject({
        body: '¿Cambiamos el hashtag?',
        mentions: [],
        editedAt: t(4).toISOString(),
      })
      await deleteComment(db, { boardId: boardA.id, id: reply.id, authorId: bob, at: t(5) })
      const resolved = await setThreadResolved(db, {
        boardId: boardA.id,
        id: first.id,
        userId: bob,
        resolved: true,
        at: t(6),
      })
      expect(resolved).toMatchObject({ resolvedAt: t(6).toISOString(), resolvedBy: bob })

      const thread = await listComments(db, boardA.id, 'c1')
      expect(thread.map((c) => [c.authorId, c.parentId, c.body, c.deletedAt !== null])).toEqual([
        [alice, null, '¿Cambiamos el hashtag?', false],
        [bob, first.id, '', true],
      ])
      // another board sees none of it, and cannot touch it
      expect(await listComments(db, boardB.id, 'c1')).toEqual([])
      await expect(
        deleteComment(db, { boardId: boardB.id, id: first.id, authorId: alice }),
      ).rejects.toThrow('not-found')
    })

    it('[COM3] counts what each person has not read, per card', async () => {
      const { alice, bob, boardA } = await twoWorkspaces()
      const add = (cardId: string, authorId: string, minute: number) =>
        addComment(db, { boardId: boardA.id, cardId, authorId, body: 'hola', at: t(minute) })
      await add('c1', alice, 1)
      await add('c1', bob, 2)
      await add('c1', bob, 3)
      const gone = await add('c2', bob, 4)
      await add('c3', alice, 5)
      await deleteComment(db, { boardId: boardA.id, id: gone.id, authorId: bob })
      expect(await unreadCommentCounts(db, alice, boardA.id)).toEqual({ c1: 2 })
      expect(await unreadCommentCounts(db, bob, boardA.id)).toEqual({ c1: 1, c3: 1 })
      await markCommentsRead(db, { userId: alice, boardId: boardA.id, cardId: 'c1', at: t(2) })
      expect(await unreadCommentCounts(db, alice, boardA.id)).toEqual({ c1: 1 })
      await markCommentsRead(db, { userId: alice, boardId: boardA.id, cardId: 'c1', at: t(9) })
      expect(await unreadCommentCounts(db, alice, boardA.id)).toEqual({})
    })

    it('[COM4] every write raises its card’s version, listed by when and by board', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      const on = { boardId: boardA.id, cardId: 'c1' }
      const since = (minute: number, boards = [boardA.id, boardB.id]) =>
        commentChangesSince(db, boards, t(minute))
      expect(await since(0)).toEqual([])

      const first = await addComment(db, { ...on, authorId: alice, body: 'hola', at: t(1) })
      await addComment(db, { boardId: boardB.id, cardId: 'c1', authorId: bob, body: 'x', at: t(1) })
      expect(await since(0, [boardA.id])).toEqual([
        { ...on, version: 1, changedAt: t(1).toISOString() },
      ])
      // edited, resolved, reopened, deleted: one version each, stamped with when
      await editComment(db, { ...on, id: first.id, authorId: alice, body: 'hola!', at: t(2) })
      const resolve = (resolved: boolean, minute: number) =>
        setThreadResolved(db, { ...on, id: first.id, userId: bob, resolved, at: t(minute) })
      await resolve(true, 3)
      await resolve(false, 4)
      await deleteComment(db, { ...on, id: first.id, authorId: alice, at: t(5) })
      expect(await since(4, [boardA.id])).toEqual([
        { ...on, version: 5, changedAt: t(5).toISOString() },
      ])
      expect(await since(5)).toEqual([])
      // a refused write changes nothing
      await expect(
        editComment(db, { ...on, id: first.id, authorId: alice, body: 'again' }),
      ).rejects.toThrow('not-found')
      expect((await since(0, [boardA.id]))[0]?.version).toBe(5)
      // each board's own
      expect((await since(0, [boardB.id])).map((c) => c.boardId)).toEqual([boardB.id])
      expect(await since(0, [])).toEqual([])
    })
  })
}
