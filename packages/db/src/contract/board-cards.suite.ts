import type { Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  type DB,
  listAssignedPosts,
  listBoardCards,
  listScheduledPosts,
  type ProjectedCard,
  removeMember,
  replaceBoardCards,
  upsertBoardCards,
} from '../index.ts'
import { type Contract, projectedCard } from './context.ts'

/** The contract of `board-cards.ts`: the card projection. */
export function boardCardsSuite(contract: Contract): void {
  describe('card projection', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    const card = (id: string, fields: Partial<ProjectedCard> = {}) =>
      projectedCard(id, { stage: 'calendar', scheduledAt: '2026-12-01T10:00:00.000Z', ...fields })
    const t0 = new Date('2026-11-01T00:00:00.000Z')
    const t1 = new Date('2026-11-02T00:00:00.000Z')

    it('[PROJ1] upserts cards per board; an unchanged card keeps its updatedAt, a changed one is rewritten', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      await upsertBoardCards(db, boardA.id, [card('c1'), card('c2', { archived: true })], t0)
      await upsertBoardCards(db, boardB.id, [card('c1', { title: 'Other board' })], t0)
      const rows = await listBoardCards(db, boardA.id)
      expect(rows).toEqual([
        {
          boardId: boardA.id,
          boardName: 'Launch',
          cardId: 'c1',
          title: 'Post c1',
          stage: 'calendar',
          network: 'instagram',
          assigneeId: null,
          scheduledAt: '2026-12-01T10:00:00.000Z',
          publishedAt: null,
          publishedUrl: null,
          campaign: null,
          objective: null,
          severity: null,
          escalatedAt: null,
          archived: false,
          approval: 'draft',
          reviewer: null,
          updatedAt: t0.toISOString(),
        },
        expect.objectContaining({ cardId: 'c2', archived: true }),
      ])

      await upsertBoardCards(
        db,
        boardA.id,
        [
          card('c1'),
          card('c2', {
            stage: 'escalated',
            severity: 'crisis',
            // another offset: stored in UTC, so text order is time order
            scheduledAt: '2026-12-01T12:00:00.000+02:00',
            publishedUrl: 'https://instagram.com/p/1',
            archived: true,
          }),
        ],
        t1,
      )
      const after = await listBoardCards(db, boardA.id)
      expect(after[0]?.updatedAt).toBe(t0.toISOString())
      expect(after[1]).toMatchObject({
        stage: 'escalated',
        severity: 'crisis',
        scheduledAt: '2026-12-01T10:00:00.000Z',
        publishedUrl: 'https://instagram.com/p/1',
        archived: true,
        updatedAt: t1.toISOString(),
      })
      expect((await listBoardCards(db, boardB.id)).map((r) => r.title)).toEqual(['Other board'])
    })

    it('[PROJ2] refuses a batch holding an invalid card and writes none of it', async () => {
      const { boardA } = await twoWorkspaces()
      await expect(
        upsertBoardCards(db, boardA.id, [card('ok'), card('bad', { stage: 'nope' as Stage })]),
      ).rejects.toThrow()
      await expect(
        upsertBoardCards(db, boardA.id, [card('ok'), card('bad', { title: '' })]),
      ).rejects.toThrow()
      expect(await listBoardCards(db, boardA.id)).toEqual([])
    })

    it('[PROJ3] replaces a board’s whole projection: new and changed cards written, missing ones removed', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      const many = Array.from({ length: 1200 }, (_, i) => card(`m${i}`))
      await upsertBoardCards(db, boardA.id, [card('keep'), card('gone'), ...many], t0)
      await upsertBoardCards(db, boardB.id, [card('gone')], t0)

      await replaceBoardCards(
        db,
        boardA.id,
        [card('keep'), card('new', { stage: 'plan', scheduledAt: null }), ...many.slice(0, 3)],
        t1,
      )
      const rows = await listBoardCards(db, boardA.id)
      expect(rows.map((r) => [r.cardId, r.updatedAt])).toEqual([
        ['keep', t0.toISOString()],
        ['m0', t0.toISOString()],
        ['m1', t0.toISOString()],
        ['m2', t0.toISOString()],
        ['new', t1.toISOString()],
      ])
      // Another board's rows are untouched; an empty document empties the projection.
      expect((await listBoardCards(db, boardB.id)).map((r) => r.cardId)).toEqual(['gone'])
      await replaceBoardCards(db, boardB.id, [])
      expect(await listBoardCards(db, boardB.id)).toEqual([])
    })

    it('[PROJ4] [ACCESS3] lists a user’s scheduled posts from calendar on, only on boards of workspaces they are still in', async () => {
      const { alice, bob, wsB, boardA, boardB } = await twoWorkspaces()
      await addMember(db, wsB.id, alice, ['cm'])
      await upsertBoardCards(db, boardA.id, [
        card('late', { assigneeId: alice, scheduledAt: '2026-12-03T09:00:00.000Z' }),
        card('early', {
          assigneeId: alice,
          stage: 'published',
          scheduledAt: '2026-12-01T09:00:00.000Z',
          publishedAt: '2026-12-01T09:05:00.000Z',
        }),
        card('monitored', { assigneeId: alice, stage: 'monitored' }),
        card('escalated', { assigneeId: alice, stage: 'escalated', severity: 'high' }),
        card('plan', { assigneeId: alice, stage: 'plan' }),
        card('unscheduled', { assigneeId: alice, scheduledAt: null }),
        card('archived', { assigneeId: alice, archived: true }),
        card('bobs', { assigneeId: bob }),
      ])
      await upsertBoardCards(db, boardB.id, [
        card('elsewhere', { assigneeId: alice, scheduledAt: '2026-12-02T09:00:00.000Z' }),
      ])

      const ids = async (userId: string) =>
        (await listAssignedPosts(db, userId)).map((r) => `${r.boardName}/${r.cardId}`)
      expect(await ids(alice)).toEqual([
        'Launch/early',
        'Launch/escalated',
        'Launch/monitored',
        'Secret/elsewhere',
        'Launch/late',
      ])
      // bob is not a member of A: a card assigned to him there is not his to see
      expect(await ids(bob)).toEqual([])

      await removeMember(db, wsB.id, alice)
      expect(await ids(alice)).not.toContain('Secret/elsewhere')

      // every scheduled card of the board, whoever it is assigned to, whatever its stage
      expect((await listScheduledPosts(db, boardA.id)).map((r) => r.cardId)).toEqual([
        'early',
        'bobs',
        'escalated',
        'monitored',
        'plan',
        'late',
      ])
    })

    it('[SCHEMA2] deleting a board removes its projection', async () => {
      const { boardA } = await twoWorkspaces()
      await upsertBoardCards(db, boardA.id, [card('c1')])
      await db.deleteFrom('board').where('id', '=', boardA.id).execute()
      expect(await db.selectFrom('boardCard').selectAll().execute()).toEqual([])
    })
  })
}
