import { DEFAULT_RULES, type FlowMove, type Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  countBreachedEscalations,
  countCardsByStage,
  type DashboardFilters,
  type DB,
  listAssigneeLoads,
  listEscalatedCards,
  listPublishedArrivals,
  listStageMoves,
  listStayLengths,
  listWaitingSince,
  type NewStageEvent,
  recordStageEvents,
  stageCountsAt,
  stagesNow,
  upsertBoardCards,
} from '../index.ts'
import { type Contract, projectedCard } from './context.ts'
import { d, days, flowBoard, HISTORY, historyStays, now } from './dashboards.fixture.ts'

/** The contract of `dashboards/queries.ts` and `dashboards/stage-moves.ts`: each figure's query. */
export function dashboardQueriesSuite(contract: Contract): void {
  describe('flow dashboards: queries', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const card = projectedCard

    it('[DASH1] [DASH2] [DASH3] reads the stays that ended in a period, whenever they began, and the escalations raised in it', async () => {
      const { board } = await flowBoard(db)
      // Over the whole history: the lengths of the stays that ended in the period, per
      // stage, in order; none of the archived H's ([ARCH2]).
      const expected = (from: Date, to: Date) => {
        const lengths: Partial<Record<Stage, number[]>> = {}
        for (const stay of historyStays()) {
          if (stay.cardId === 'H') continue
          if (stay.leftAt === null || stay.leftAt < from || stay.leftAt >= to) continue
          const list = lengths[stay.stage] ?? []
          list.push(stay.leftAt.getTime() - stay.enteredAt.getTime())
          lengths[stay.stage] = list
        }
        return lengths
      }
      const read = async (filters: DashboardFilters, from: Date, to: Date) => {
        const lengths = await listStayLengths(db, board.id, filters, { from, to })
        return Object.fromEntries(
          Object.entries(lengths)
            .filter(([, values]) => values.length > 0)
            .map(([stage, values]) => [stage, [...values].sort((x, y) => x - y)]),
        )
      }
      const sorted = (lengths: Partial<Record<Stage, number[]>>) =>
        Object.fromEntries(
          Object.entries(lengths).map(([stage, values]) => [stage, values.sort((x, y) => x - y)]),
        )
      expect(await read({}, d(0), now)).toEqual(sorted(expected(d(0), now)))
      // B's two calendar visits (rework) are two stays.
      expect((await read({}, d(0), now)).calendar).toEqual([days(1), days(1), days(1), days(1)])
      // From day 3: stays begun before it (B in plan since day 2, D since day 2) are read
      // whole; a period that ends before a stay ended does not hold it.
      for (const [from, to] of [
        [d(3), d(7)],
        [d(4, 12), now],
        [d(0), d(4)],
      ] as const) {
        expect(await read({}, from, to)).toEqual(sorted(expected(from, to)))
      }
      // B is the only tiktok card: plan 2 and 2 days, calendar 1 and 1.
      expect(await read({ network: 'tiktok' }, d(3), now)).toEqual({
        plan: [days(2), days(2)],
        calendar: [days(1), days(1)],
      })
    })

    it('[DASH1] [DASH6] counts the escalations raised in a period that breached their SLA, as the domain defines it', async () => {
      const { board } = await flowBoard(db)
      const hour = 60 * 60 * 1000
      const h = (at: Date, hours: number) => new Date(at.getTime() + hours * hour)
      // [card, severity, raised, answered]; default SLA: crisis 1 h, high 4 h, low 48 h.
      const raised: Array<[string, string | null, Date, Date | null]> = [
        ['P', 'crisis', d(1), h(d(1), 0.5)], // answered in time
        ['Q', 'crisis', d(2), h(d(2), 2)], // answered late
        ['Q', 'high', d(3), h(d(3), 4)], // answered right at its deadline: in time
        ['R', 'high', d(3), null], // open, past its deadline now
        ['S', 'low', h(now, -1), null], // open, not yet past it
        ['T', null, d(2), null], // no severity: no deadline
        ['U', 'high', d(-1), d(1)], // raised before the period
      ]
      await recordStageEvents(
        db,
        raised.flatMap(([cardId, severity, at, answered]): NewStageEvent[] => [
          {
            boardId: board.id,
            cardId,
            fromStage: 'monitored' as const,
            toStage: 'escalated' as const,
            userId: null,
            at,
            detail: severity === null ? { reason: 'no severity' } : { severity, reason: 'thread' },
          },
          ...(answered === null
            ? []
            : [
                {
                  boardId: board.id,
                  cardId,
                  fromStage: 'escalated' as const,
                  toStage: 'monitored' as const,
                  userId: null,
                  at: answered,
                  detail: { resolution: 'answered' },
                },
              ]),
        ]),
      )
      await upsertBoardCards(
        db,
        board.id,
        ['P', 'Q', 'R', 'S', 'T', 'U'].map((id) =>
          card(id, { stage: 'monitored', network: id === 'Q' ? 'tiktok' : 'instagram' }),
        ),
      )
      const period = { from: d(0), to: now, now }
      // Raised in the period and answered after their deadline or still open past it: Q's
      // first, R's and G's (the fixture's crisis).
      expect(await countBreachedEscalations(db, board.id, {}, period, DEFAULT_RULES)).toBe(3)
      // Q is the only tiktok card here; B (tiktok) was never escalated.
      expect(
        await countBreachedEscalations(db, board.id, { network: 'tiktok' }, period, DEFAULT_RULES),
      ).toBe(1)
      // The board's own SLA: with 3 h for a crisis Q was answered in time.
      const lenient = {
        ...DEFAULT_RULES,
        slaMinutes: { ...DEFAULT_RULES.slaMinutes, crisis: 180 },
      }
      expect(await countBreachedEscalations(db, board.id, {}, period, lenient)).toBe(2)
      // Earlier: at d(3, 2) R is not yet past its deadline; only Q's first has breached.
      const earlier = { from: d(0), to: d(3, 2), now: d(3, 2) }
      expect(await countBreachedEscalations(db, board.id, {}, earlier, DEFAULT_RULES)).toBe(1)
      expect(
        await countBreachedEscalations(db, board.id, {}, { ...period, from: d(9) }, DEFAULT_RULES),
      ).toBe(0)
    })

    it('[DASH1] [DASH5] reads first arrivals in published, stage counts at an instant and the period’s moves', async () => {
      const { board } = await flowBoard(db)
      const arrivals = await listPublishedArrivals(db, board.id, {}, { from: d(0), to: d(10) })
      expect(arrivals).toEqual([
        { cardId: 'A', startedAt: d(0), publishedAt: d(4) },
        { cardId: 'B', startedAt: d(0), publishedAt: d(8) },
        { cardId: 'G', startedAt: d(1), publishedAt: d(2) },
      ])
      expect(arrivals.map((a) => a.cardId)).toEqual(['A', 'B', 'G'])
      // From day 3: G was first published on day 2, so it is not this period's.
      const later = await listPublishedArrivals(db, board.id, {}, { from: d(3), to: d(10) })
      expect(later.map((a) => a.cardId)).toEqual(['A', 'B'])

      expect(await stageCountsAt(db, board.id, {}, d(0))).toEqual({})
      // Just before day 4: A calendar; B, C, D plan (H too, but it is archived, [ARCH2]); E
      // not yet; G published.
      expect(await stageCountsAt(db, board.id, {}, d(4))).toEqual({
        plan: 3,
        calendar: 1,
        published: 1,
      })
      // Every half day, early in the history (counted from its start) and late (counted back
      // from its end): the stays open just before that instant, as the domain reads them.
      const stays = historyStays()
      for (let half = -1; half <= 20; half++) {
        const at = d(Math.floor(half / 2), half % 2 === 0 ? 0 : 12)
        const expected: Partial<Record<Stage, number>> = {}
        for (const stay of stays) {
          if (stay.cardId === 'H') continue // archived
          if (stay.enteredAt < at && (stay.leftAt === null || stay.leftAt >= at)) {
            expected[stay.stage] = (expected[stay.stage] ?? 0) + 1
          }
        }
        expect(await stageCountsAt(db, board.id, {}, at), at.toISOString()).toEqual(expected)
      }
      // Summed per day and stage, each change as a departure and an arrival, each day's at
      // its start (the period's, for the first).
      const moves = await listStageMoves(db, board.id, {}, { from: d(3, 12), to: d(6) })
      expect(moves).toEqual([
        { fromStage: 'plan', toStage: null, at: d(4), count: 1 },
        { fromStage: 'calendar', toStage: null, at: d(4), count: 1 },
        { fromStage: null, toStage: 'calendar', at: d(4), count: 1 },
        { fromStage: null, toStage: 'published', at: d(4), count: 1 },
        { fromStage: 'calendar', toStage: null, at: d(5), count: 1 },
        { fromStage: 'published', toStage: null, at: d(5), count: 1 },
        { fromStage: null, toStage: 'plan', at: d(5), count: 1 },
        { fromStage: null, toStage: 'monitored', at: d(5), count: 1 },
      ])
      const all = await listStageMoves(db, board.id, {}, { from: d(-1), to: now })
      const total = (side: 'fromStage' | 'toStage') =>
        all.filter((m) => m[side] !== null).reduce((n, m) => n + (m.count ?? 1), 0)
      // Every change arrives; all but each card's last have left — but the archived H's two
      // changes (one of them a departure) count nowhere ([ARCH2]).
      expect(total('toStage')).toBe(HISTORY.length - 2)
      expect(total('fromStage')).toBe(HISTORY.length - 2 - 6)
      expect(all[0]).toEqual({ fromStage: null, toStage: 'strategy', at: d(0), count: 2 })
      // Days of the team's zone: Madrid is UTC+1, so day 4 starts at 23:00 UTC on day 3 (d(4, -1)).
      const madrid = await listStageMoves(
        db,
        board.id,
        {},
        { from: d(3, 12), to: d(6), timeZone: 'Europe/Madrid' },
      )
      expect(madrid.map((m) => [m.at, m.count])).toEqual([
        [d(4, -1), 1],
        [d(4, -1), 1],
        [d(4, -1), 1],
        [d(4, -1), 1],
        [d(5, -1), 1],
        [d(5, -1), 1],
        [d(5, -1), 1],
        [d(5, -1), 1],
      ])
    })

    it('[DASH5] sums changes per day of the team’s zone across a daylight-saving change', async () => {
      const { board } = await flowBoard(db)
      // London springs forward on Sunday 29 March 2026 at 01:00 UTC: that day lasts 23 hours,
      // from 00:00 UTC to 23:00 UTC; 23:30 UTC is already Monday the 30th there.
      const at = (iso: string) => new Date(iso)
      await recordStageEvents(
        db,
        [
          ['A', '2026-03-28T23:30:00.000Z'],
          ['B', '2026-03-29T00:30:00.000Z'],
          ['C', '2026-03-29T22:30:00.000Z'],
          ['D', '2026-03-29T23:30:00.000Z'],
          ['E', '2026-03-30T12:00:00.000Z'],
        ].map(([cardId, when]) => ({
          boardId: board.id,
          cardId: cardId!,
          fromStage: 'monitored' as const,
          toStage: 'escalated' as const,
          userId: null,
          at: at(when!),
        })),
      )
      const moves = await listStageMoves(
        db,
        board.id,
        {},
        {
          from: at('2026-03-28T00:00:00.000Z'),
          to: at('2026-04-01T00:00:00.000Z'),
          timeZone: 'Europe/London',
        },
      )
      // The arrivals in escalated (each change also leaves the stage its card was in).
      const arrivals = (list: FlowMove[]) =>
        list.filter((m) => m.toStage === 'escalated').map((m) => [m.at.toISOString(), m.count])
      expect(arrivals(moves)).toEqual([
        ['2026-03-28T00:00:00.000Z', 1],
        ['2026-03-29T00:00:00.000Z', 2],
        ['2026-03-29T23:00:00.000Z', 2],
      ])
      // New York is UTC−4 from 8 March: its days start at 04:00 UTC.
      const newYork = await listStageMoves(
        db,
        board.id,
        {},
        {
          from: at('2026-03-28T04:00:00.000Z'),
          to: at('2026-04-01T04:00:00.000Z'),
          timeZone: 'America/New_York',
        },
      )
      expect(arrivals(newYork)).toEqual([
        ['2026-03-28T04:00:00.000Z', 2],
        ['2026-03-29T04:00:00.000Z', 2],
        ['2026-03-30T04:00:00.000Z', 1],
      ])
    })

    it('[DASH1] [DASH4] reads the present: cards per stage, the oldest stay, waiting cards, loads, escalations', async () => {
      const { board, alice, bob } = await flowBoard(db)
      // H is archived: not on the board now.
      expect(await countCardsByStage(db, board.id)).toEqual({
        strategy: 1,
        plan: 1,
        calendar: 1,
        published: 1,
        monitored: 1,
        escalated: 1,
      })
      const present = await stagesNow(db, board.id)
      expect(present.plan).toEqual({ wip: 1, oldestEnteredAt: d(3).toISOString() })
      // D and G: the last entry into their stage, not their first.
      expect(present.calendar).toEqual({ wip: 1, oldestEnteredAt: d(6).toISOString() })
      expect(present.escalated).toEqual({ wip: 1, oldestEnteredAt: d(8).toISOString() })
      expect((await stagesNow(db, board.id, { network: 'x' })).plan).toEqual({
        wip: 0,
        oldestEnteredAt: null,
      })

      const waiting = await listWaitingSince(db, board.id, {}, { plan: d(4), strategy: d(7) })
      expect(waiting).toEqual([
        { cardId: 'C', title: 'Post C', stage: 'plan', enteredAt: d(3).toISOString() },
        { cardId: 'E', title: 'Post E', stage: 'strategy', enteredAt: d(6).toISOString() },
      ])
      expect(await listWaitingSince(db, board.id, {}, { plan: d(3) })).toEqual([])
      expect(await listWaitingSince(db, board.id, {}, {})).toEqual([])

      const loads = await listAssigneeLoads(db, board.id, {}, now)
      expect(Object.fromEntries(loads)).toEqual({
        [alice]: { assigned: 2, overdue: 1, wip: 1 },
        [bob]: { assigned: 2, overdue: 0, wip: 2 },
      })

      expect(await listEscalatedCards(db, board.id)).toEqual([
        { cardId: 'G', severity: 'crisis', escalatedAt: d(8).toISOString() },
      ])
      expect(await listEscalatedCards(db, board.id, { assigneeId: alice })).toEqual([])
    })
  })
}
