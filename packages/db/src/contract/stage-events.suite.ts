import type { Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { type DB, listStageEvents, recordStageEvents } from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `stage-events.ts`: the stage history and the stays it records. */
export function stageEventsSuite(contract: Contract): void {
  describe('stage events', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    /** Each change's stay columns, in the card's order: to stage, left at, length, visit. */
    async function staysOf(boardId: string, cardId: string) {
      const rows = await db
        .selectFrom('stageEvent')
        .select(['toStage', 'at', 'leftAt', 'stayMs', 'visit'])
        .where('boardId', '=', boardId)
        .where('cardId', '=', cardId)
        .orderBy('at')
        .orderBy('id')
        .execute()
      return rows.map((r) => [
        r.toStage,
        r.at.slice(11, 16),
        r.leftAt?.slice(11, 16) ?? null,
        r.stayMs === null ? null : Number(r.stayMs) / 60_000,
        r.visit,
      ])
    }

    it('[HIST3] gives each change the stay it began: when the card left, how long, which visit', async () => {
      const { boardA, boardB } = await twoWorkspaces()
      const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))
      const move = (boardId: string, cardId: string, toStage: Stage, minute: number) => ({
        boardId,
        cardId,
        fromStage: null,
        toStage,
        userId: null,
        at: t(minute),
      })
      // Two cards in one batch, one of them twice; the same card id on another board.
      await recordStageEvents(db, [
        move(boardA.id, 'c1', 'strategy', 0),
        move(boardA.id, 'c2', 'plan', 1),
        move(boardA.id, 'c1', 'plan', 5),
        move(boardB.id, 'c1', 'calendar', 2),
      ])
      expect(await staysOf(boardA.id, 'c1')).toEqual([
        ['strategy', '12:00', '12:05', 5, 1],
        ['plan', '12:05', null, null, 1],
      ])
      // The next change ends the open stay; a second arrival in plan is its second visit.
      await recordStageEvents(db, [move(boardA.id, 'c1', 'calendar', 20)])
      await recordStageEvents(db, [move(boardA.id, 'c1', 'plan', 30)])
      expect(await staysOf(boardA.id, 'c1')).toEqual([
        ['strategy', '12:00', '12:05', 5, 1],
        ['plan', '12:05', '12:20', 15, 1],
        ['calendar', '12:20', '12:30', 10, 1],
        ['plan', '12:30', null, null, 2],
      ])
      // A change recorded late fits in where its time puts it.
      await recordStageEvents(db, [move(boardA.id, 'c1', 'strategy', 10)])
      expect(await staysOf(boardA.id, 'c1')).toEqual([
        ['strategy', '12:00', '12:05', 5, 1],
        ['plan', '12:05', '12:10', 5, 1],
        ['strategy', '12:10', '12:20', 10, 2],
        ['calendar', '12:20', '12:30', 10, 1],
        ['plan', '12:30', null, null, 2],
      ])
      // Two changes at the same moment: the one recorded later comes after.
      await recordStageEvents(db, [move(boardA.id, 'c2', 'calendar', 1)])
      expect(await staysOf(boardA.id, 'c2')).toEqual([
        ['plan', '12:01', '12:01', 0, 1],
        ['calendar', '12:01', null, null, 1],
      ])
      expect(await staysOf(boardB.id, 'c1')).toEqual([['calendar', '12:02', null, null, 1]])
    })

    it('[HIST1] records events and lists them in time order, optionally since a moment', async () => {
      const { alice, boardA, boardB } = await twoWorkspaces()
      const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))
      await recordStageEvents(db, [
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: 'strategy',
          toStage: 'plan',
          userId: alice,
          at: t(5),
        },
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: null,
          toStage: 'strategy',
          userId: alice,
          at: t(1),
        },
        {
          boardId: boardB.id,
          cardId: 'x',
          fromStage: null,
          toStage: 'plan',
          userId: null,
          at: t(2),
        },
      ])
      await recordStageEvents(db, [])

      const events = await listStageEvents(db, boardA.id)
      expect(events.map(({ id: _id, ...event }) => event)).toEqual([
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: null,
          toStage: 'strategy',
          userId: alice,
          at: '2025-01-31T12:01:00.000Z',
          detail: null,
        },
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: 'strategy',
          toStage: 'plan',
          userId: alice,
          at: '2025-01-31T12:05:00.000Z',
          detail: null,
        },
      ])
      expect(events.every((event) => Number.isInteger(event.id))).toBe(true)

      const since = await listStageEvents(db, boardA.id, { since: t(5) })
      expect(since.map((event) => event.toStage)).toEqual(['plan'])
      expect((await listStageEvents(db, boardB.id)).map((event) => event.cardId)).toEqual(['x'])
    })

    it('[HIST2] refuses an unknown stage and writes none of the batch', async () => {
      const { boardA } = await twoWorkspaces()
      const ok = {
        boardId: boardA.id,
        cardId: 'c1',
        fromStage: null,
        toStage: 'plan',
        userId: null,
        at: new Date(),
      } as const
      await expect(
        recordStageEvents(db, [ok, { ...ok, toStage: 'done' as 'plan' }]),
      ).rejects.toThrow()
      expect(await listStageEvents(db, boardA.id)).toEqual([])
    })
  })
}
