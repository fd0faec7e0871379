import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type DB,
  listAssignmentEvents,
  listStageEvents,
  type NewAssignmentEvent,
  type NewStageEvent,
  recordCardEvents,
  recordStageEvents,
} from '../index.ts'
import type { Contract } from './context.ts'

/** The contract of `card-events.ts`: a stage change's detail, assignments, and writing both at once. */
export function cardEventsSuite(contract: Contract): void {
  describe('card history: stage detail and assignments', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    const t = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute))

    it('[HIST4] [HIST2] stores a stage event’s detail and reads it back; none reads as null', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const reason = 'Client complaint: “wrong price” — ünïcödé, {"json": [1]}'
      await recordStageEvents(db, [
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: 'published',
          toStage: 'escalated',
          userId: alice,
          at: t(1),
          detail: { severity: 'high', reason },
        },
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromStage: 'escalated',
          toStage: 'monitored',
          userId: alice,
          at: t(2),
          detail: { resolution: 'Refunded' },
        },
        {
          boardId: boardA.id,
          cardId: 'c2',
          fromStage: null,
          toStage: 'plan',
          userId: alice,
          at: t(3),
          detail: null,
        },
        {
          boardId: boardA.id,
          cardId: 'c3',
          fromStage: null,
          toStage: 'plan',
          userId: alice,
          at: t(4),
        },
      ])
      const events = await listStageEvents(db, boardA.id)
      expect(events.map((event) => event.detail)).toEqual([
        { severity: 'high', reason },
        { resolution: 'Refunded' },
        null,
        null,
      ])

      // A detail that is not an object of strings (written by hand) is not trusted.
      await db
        .updateTable('stageEvent')
        .set({ detail: 'not json' })
        .where('cardId', '=', 'c2')
        .execute()
      await db
        .updateTable('stageEvent')
        .set({ detail: '{"severity":"low","count":3}' })
        .where('cardId', '=', 'c3')
        .execute()
      expect((await listStageEvents(db, boardA.id)).map((event) => event.detail)).toEqual([
        { severity: 'high', reason },
        { resolution: 'Refunded' },
        null,
        { severity: 'low' },
      ])

      const bad = { severity: 3 } as unknown as Record<string, string>
      await expect(
        recordStageEvents(db, [{ ...events[0]!, at: t(9), detail: bad }]),
      ).rejects.toThrow()
      expect(await listStageEvents(db, boardA.id)).toHaveLength(4)
    })

    it('[HIST1] records assignment changes and lists them per board in time order, optionally since', async () => {
      const { alice, bob, boardA, boardB } = await twoWorkspaces()
      await recordCardEvents(db, {
        stages: [],
        assignments: [
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromUserId: alice,
            toUserId: null,
            userId: alice,
            at: t(7),
          },
          {
            boardId: boardA.id,
            cardId: 'c1',
            fromUserId: null,
            toUserId: alice,
            userId: alice,
            at: t(3),
          },
          {
            boardId: boardB.id,
            cardId: 'x',
            fromUserId: null,
            toUserId: bob,
            userId: null,
            at: t(1),
          },
          {
            boardId: boardA.id,
            cardId: 'c2',
            fromUserId: null,
            toUserId: bob,
            userId: null,
            at: t(3),
          },
        ],
      })
      await recordCardEvents(db, { stages: [], assignments: [] })

      const events = await listAssignmentEvents(db, boardA.id)
      expect(events.map(({ id: _id, ...event }) => event)).toEqual([
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromUserId: null,
          toUserId: alice,
          userId: alice,
          at: '2025-01-31T12:03:00.000Z',
        },
        {
          boardId: boardA.id,
          cardId: 'c2',
          fromUserId: null,
          toUserId: bob,
          userId: null,
          at: '2025-01-31T12:03:00.000Z',
        },
        {
          boardId: boardA.id,
          cardId: 'c1',
          fromUserId: alice,
          toUserId: null,
          userId: alice,
          at: '2025-01-31T12:07:00.000Z',
        },
      ])
      expect(events.every((event) => Number.isInteger(event.id))).toBe(true)
      // Same moment: the order they were recorded in.
      expect(events[0]!.id).toBeLessThan(events[1]!.id)

      const since = await listAssignmentEvents(db, boardA.id, { since: t(7) })
      expect(since.map((event) => event.fromUserId)).toEqual([alice])
      expect((await listAssignmentEvents(db, boardB.id)).map((event) => event.cardId)).toEqual([
        'x',
      ])
      expect(await listAssignmentEvents(db, 'missing')).toEqual([])
    })

    it('[HIST2] recordCardEvents writes stages and assignments together, in chunks', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const stages: NewStageEvent[] = Array.from({ length: 1203 }, (_, i) => ({
        boardId: boardA.id,
        cardId: `c${i}`,
        fromStage: null,
        toStage: 'strategy',
        userId: alice,
        at: t(i % 60),
        detail: i % 2 === 0 ? { n: String(i) } : null,
      }))
      const assignments: NewAssignmentEvent[] = Array.from({ length: 1101 }, (_, i) => ({
        boardId: boardA.id,
        cardId: `c${i}`,
        fromUserId: null,
        toUserId: alice,
        userId: alice,
        at: t(i % 60),
      }))
      await recordCardEvents(db, { stages, assignments })
      const stored = await listStageEvents(db, boardA.id)
      expect(stored).toHaveLength(1203)
      expect(stored.find((event) => event.cardId === 'c1202')?.detail).toEqual({ n: '1202' })
      expect(await listAssignmentEvents(db, boardA.id)).toHaveLength(1101)
    })

    it('[HIST2] recordCardEvents is all or none: a failing assignment insert keeps the stages out too', async () => {
      const { alice, boardA } = await twoWorkspaces()
      const stage: NewStageEvent = {
        boardId: boardA.id,
        cardId: 'c1',
        fromStage: 'published',
        toStage: 'escalated',
        userId: alice,
        at: t(1),
        detail: { severity: 'high', reason: 'r' },
      }
      const assignment: NewAssignmentEvent = {
        boardId: boardA.id,
        cardId: 'c1',
        fromUserId: null,
        toUserId: alice,
        userId: alice,
        at: t(1),
      }
      await expect(
        recordCardEvents(db, {
          stages: [stage, { ...stage, cardId: 'c2' }],
          assignments: [assignment, { ...assignment, boardId: 'no-such-board' }],
        }),
      ).rejects.toThrow()
      expect(await listStageEvents(db, boardA.id)).toEqual([])
      expect(await listAssignmentEvents(db, boardA.id)).toEqual([])

      // The other way round: a failing stage insert keeps the assignments out.
      await expect(
        recordCardEvents(db, {
          stages: [stage, { ...stage, boardId: 'no-such-board' }],
          assignments: [assignment],
        }),
      ).rejects.toThrow()
      expect(await listStageEvents(db, boardA.id)).toEqual([])
      expect(await listAssignmentEvents(db, boardA.id)).toEqual([])

      // And the same batch with a valid board goes in whole.
      await recordCardEvents(db, { stages: [stage], assignments: [assignment] })
      expect(await listStageEvents(db, boardA.id)).toHaveLength(1)
      expect(await listAssignmentEvents(db, boardA.id)).toHaveLength(1)
    })
  })
}
