import { cumulativeFlow, STAGES, type Stage, WEEK_MS } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  bottlenecksReport,
  type DashboardFilters,
  type DB,
  listStageMoves,
  pipelineReport,
  stageCountsAt,
  upsertBoardCards,
} from '../index.ts'
import { type Contract, projectedCard } from './context.ts'
import { d, days, domainEvents, flowBoard, now } from './dashboards.fixture.ts'

/** The contract of `dashboards/report.ts`: the bottleneck review and the pipeline. */
export function dashboardReportsSuite(contract: Contract): void {
  describe('flow dashboards: reports', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })

    it('[DASH7] [DASH4] builds the bottleneck review: WIP, time in stage, aging, load, escalations, the headline', async () => {
      const { board, alice, bob } = await flowBoard(db)
      const report = await bottlenecksReport(db, board, {
        filters: {},
        from: d(0),
        to: now,
        now,
      })
      expect(report.period).toEqual({ from: d(0).toISOString(), to: now.toISOString() })
      expect(report.previous).toEqual({ from: d(-10).toISOString(), to: d(0).toISOString() })
      const stage = (s: Stage) => report.stages.find((x) => x.stage === s)!
      // strategy stays: A 1, B 2, C 2 days (the archived H's 1 day counts nowhere, [ARCH2]);
      // plan: A 2, B 2 and 2, D 4; calendar: A, B, B, G 1 each; published: A 1, G 6.
      expect(stage('strategy')).toMatchObject({
        wip: 1,
        limit: null,
        stays: 3,
        medianMs: days(2),
        p85Ms: days(2),
      })
      expect(stage('plan')).toMatchObject({
        wip: 1,
        limit: 1,
        overLimit: false,
        stays: 4,
        medianMs: days(2),
        p85Ms: days(4),
        previousMedianMs: null,
      })
      expect(stage('calendar')).toMatchObject({
        wip: 1,
        stays: 4,
        medianMs: days(1),
        p85Ms: days(1),
      })
      expect(stage('published')).toMatchObject({
        wip: 1,
        stays: 2,
        medianMs: days(1),
        p85Ms: days(6),
      })
      expect(stage('escalated')).toMatchObject({ wip: 1, stays: 0, medianMs: null, aging: [] })
      // Longer than the stage's p85 now: C 7 days in plan, D 4 in calendar, E 4 in strategy.
      expect(stage('plan').aging).toEqual([{ cardId: 'C', title: 'Post C', msInStage: days(7) }])
      expect(stage('calendar').aging).toEqual([
        { cardId: 'D', title: 'Post D', msInStage: days(4) },
      ])
      expect(stage('strategy')).toMatchObject({ agingCount: 1, aging: [{ cardId: 'E' }] })
      expect(stage('published').agingCount).toBe(0)

      expect(report.cms).toEqual([
        { userId: alice, name: 'Alice', assigned: 2, overdue: 1, wip: 1, limit: 3 },
        { userId: bob, name: 'Bob', assigned: 2, overdue: 0, wip: 2, limit: 3 },
      ])
      // G: a crisis (1 h) raised on day 8, still open on day 10.
      expect(report.escalations).toEqual({ open: 1, breached: 1, breachedInPeriod: 1 })
      // Nothing over its limit; most waiting: strategy and plan tie (1 card × 2 days each;
      // without H's day, strategy's median is 2 days too), and a tie goes to the earlier stage.
      expect(report.headline).toEqual({
        stage: 'strategy',
        reason: 'slowest',
        wip: 1,
        limit: null,
        medianMs: days(2),
        previousMedianMs: null,
        changePct: null,
        aging: 1,
      })
    })

    it('[DASH2] [DASH7] compares with the previous period of the same length', async () => {
      const { board } = await flowBoard(db)
      const report = await bottlenecksReport(db, board, { filters: {}, from: d(5), to: now, now })
      expect(report.previous).toEqual({ from: d(0).toISOString(), to: d(5).toISOString() })
      const plan = report.stages.find((s) => s.stage === 'plan')!
      // Ended days 5–10: B's second plan stay (2 days), D's (4). Days 0–5: A's and B's (2).
      expect(plan).toMatchObject({
        stays: 2,
        medianMs: days(2),
        p85Ms: days(4),
        previousMedianMs: days(2),
      })
      expect(report.headline).toMatchObject({
        stage: 'plan',
        previousMedianMs: days(2),
        changePct: 0,
      })
    })

    it('[DASH3] [DASH4] narrows every figure by network, campaign, objective and assignee', async () => {
      const { board, bob } = await flowBoard(db)
      const period = { from: d(0), to: now, now }
      const instagram = await bottlenecksReport(db, board, {
        ...period,
        filters: { network: 'instagram' },
      })
      // A, C and D (H is archived: neither on the board now nor in the past's figures).
      expect(Object.fromEntries(instagram.stages.map((s) => [s.stage, s.wip]))).toEqual({
        strategy: 0,
        plan: 1,
        calendar: 1,
        published: 0,
        monitored: 1,
        escalated: 0,
      })
      // Strategy stays: A 1 day, C 2 (not H's).
      expect(instagram.stages[0]).toMatchObject({ stays: 2, medianMs: days(1) })
      expect(instagram.escalations).toEqual({ open: 0, breached: 0, breachedInPeriod: 0 })

      const spring = await pipelineReport(db, board, {
        ...period,
        filters: { campaign: 'Spring' },
      })
      expect(spring.leadTime.days).toEqual([4, 8])
      const sales = await pipelineReport(db, board, {
        ...period,
        filters: { objective: 'sales' },
      })
      expect(sales.counts.published).toBe(1)
      expect(sales.leadTime.days).toEqual([8])
      expect(sales.cfd.at(-1)?.counts.strategy).toBe(1)

      const bobs = await bottlenecksReport(db, board, { ...period, filters: { assigneeId: bob } })
      expect(bobs.cms.map((c) => c.userId)).toEqual([bob])
      expect(bobs.escalations.open).toBe(1)
      expect(bobs.stages.filter((s) => s.wip > 0).map((s) => s.stage)).toEqual([
        'published',
        'escalated',
      ])
    })

    it('[DASH3] reads the same figures from the cards that pass a filter as from the whole history', async () => {
      const { board } = await flowBoard(db)
      // Every card in one campaign: the filtered queries (which read the passing cards'
      // histories) must agree with the unfiltered ones (which read the history's indexes).
      await db
        .updateTable('boardCard')
        .set({ campaign: 'All' })
        .where('boardId', '=', board.id)
        .execute()
      for (const [from, timeZone] of [
        [d(0), 'UTC'],
        [d(3, 12), 'Europe/Madrid'],
        [d(-3), 'America/Mexico_City'],
      ] as const) {
        const query = (filters: DashboardFilters) => ({ filters, from, to: now, now })
        const all = await bottlenecksReport(db, board, query({}))
        expect(await bottlenecksReport(db, board, query({ campaign: 'All' }))).toEqual(all)
        const pipeline = await pipelineReport(db, board, query({}))
        expect(await pipelineReport(db, board, query({ campaign: 'All' }))).toEqual(pipeline)
        const period = { from, to: now, timeZone }
        expect(await listStageMoves(db, board.id, { campaign: 'All' }, period)).toEqual(
          await listStageMoves(db, board.id, {}, period),
        )
        expect(await stageCountsAt(db, board.id, { campaign: 'All' }, d(4))).toEqual(
          await stageCountsAt(db, board.id, {}, d(4)),
        )
      }
      // And a filter no card passes reads nothing of the history.
      const none = await pipelineReport(db, board, {
        filters: { campaign: 'None' },
        from: d(0),
        to: now,
        now,
      })
      expect(none.leadTime.days).toEqual([])
      expect(none.cfd.at(-1)?.counts.strategy).toBe(0)
    })

    it('[DASH8] builds the pipeline: counts, weekly throughput, lead time, cumulative flow, forecast', async () => {
      const { board } = await flowBoard(db)
      const report = await pipelineReport(db, board, { filters: {}, from: d(0), to: now, now })
      expect(report.period).toEqual({ from: d(0).toISOString(), to: now.toISOString() })
      expect(report.counts).toEqual({
        strategy: 1,
        plan: 1,
        calendar: 1,
        published: 1,
        monitored: 1,
        escalated: 1,
      })
      expect(report.throughput).toEqual([
        { weekStart: '2026-03-02', published: 2 },
        { weekStart: '2026-03-09', published: 1 },
      ])
      // G 1 day, A 4, B 8.
      expect(report.leadTime).toEqual({ days: [1, 4, 8], medianDays: 4, p85Days: 8 })
      // The archived H counts nowhere in it ([ARCH2]).
      expect(report.cfd).toEqual(
        cumulativeFlow(
          domainEvents()
            .filter(({ cardId }) => cardId !== 'H')
            .map(({ fromStage, toStage, at }) => ({ fromStage, toStage, at })),
          { from: d(0), to: now },
        ),
      )
      expect(report.cfd).toHaveLength(10)
      expect(report.cfd[0]).toEqual({
        day: '2026-03-02',
        counts: { strategy: 2, plan: 0, calendar: 0, published: 0, monitored: 0, escalated: 0 },
      })
      expect(report.cfd[9]).toEqual({
        day: '2026-03-11',
        counts: { strategy: 6, plan: 5, calendar: 4, published: 3, monitored: 2, escalated: 1 },
      })
      // One whole week (days 3–10) delivered A and B; C and D are the backlog: one week.
      expect(report.forecast).toEqual({
        backlog: 2,
        date: new Date(now.getTime() + WEEK_MS).toISOString(),
        weeks: 1,
        basedOnWeeks: 1,
      })
      // From a later start the cumulative flow starts from the state then.
      const later = await pipelineReport(db, board, { filters: {}, from: d(4), to: now, now })
      expect(later.cfd).toEqual(report.cfd.slice(4))
    })

    it('[DASH6] an escalation raised before the period and open past its SLA counts now, not in the period', async () => {
      const { board } = await flowBoard(db)
      // G, a crisis raised on day 8 and still open: past its hour now, raised before day 9
      const report = await bottlenecksReport(db, board, { filters: {}, from: d(9), to: now, now })
      expect(report.escalations).toEqual({ open: 1, breached: 1, breachedInPeriod: 0 })
    })

    it('[DASH10] "last N days" and the same days picked by hand give the same forecast', async () => {
      const { board } = await flowBoard(db)
      // mid-afternoon: "last 14 days" runs from the start of its first day up to now; the same
      // days picked by hand run up to the midnight after the last one
      const midday = d(10, 15)
      const last = await pipelineReport(db, board, {
        filters: {},
        from: d(-3),
        to: midday,
        now: midday,
      })
      const picked = await pipelineReport(db, board, {
        filters: {},
        from: d(-3),
        to: d(11),
        now: midday,
      })
      expect(picked.forecast).toEqual(last.forecast)
      // two whole weeks, counted back from the end of today, as days are
      expect(last.forecast.basedOnWeeks).toBe(2)
      expect(last.forecast.weeks).not.toBeNull()
    })

    it('[ARCH2] ends the cumulative flow on the stage counts, before and after archiving and restoring', async () => {
      const { board, alice } = await flowBoard(db)
      const period = { from: d(0), to: now, now }
      /** Each stage's band on the flow's last day (cards there or beyond, less those beyond). */
      const lastBands = (cfd: { counts: Record<Stage, number> }[]) => {
        const last = cfd.at(-1)!.counts
        return Object.fromEntries(
          STAGES.map((stage, i) => {
            const next = STAGES[i + 1]
            return [stage, last[stage] - (next ? last[next] : 0)]
          }),
        )
      }
      const agree = async (filters: DashboardFilters, expected: Partial<Record<Stage, number>>) => {
        const report = await pipelineReport(db, board, { ...period, filters })
        expect(lastBands(report.cfd), JSON.stringify(filters)).toEqual(report.counts)
        expect(report.counts, JSON.stringify(filters)).toMatchObject(expected)
      }
      await agree({}, { plan: 1, calendar: 1 })
      await agree({ assigneeId: alice }, { calendar: 1, monitored: 1 })
      // D (calendar, alice's) archived: gone from the counts and from the flow alike.
      const archive = (archived: boolean) =>
        upsertBoardCards(db, board.id, [
          projectedCard('D', {
            stage: 'calendar',
            assigneeId: alice,
            scheduledAt: d(9).toISOString(),
            archived,
          }),
        ])
      await archive(true)
      await agree({}, { plan: 1, calendar: 0 })
      await agree({ assigneeId: alice }, { calendar: 0, monitored: 1 })
      // H, archived in plan, restored: it counts again, in both.
      await upsertBoardCards(db, board.id, [projectedCard('H', { stage: 'plan', archived: false })])
      await archive(false)
      await agree({}, { plan: 2, calendar: 1 })
    })
  })
}
