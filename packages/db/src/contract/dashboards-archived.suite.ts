import type { Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type BottlenecksReport,
  bottlenecksReport,
  type DashboardFilters,
  type DB,
  pipelineReport,
} from '../index.ts'
import type { Contract } from './context.ts'
import { d, days, flowBoard, now } from './dashboards.fixture.ts'

/** [ARCH2] in the dashboards: a card archived now counts in no figure, its past included. */
export function dashboardArchivedSuite(contract: Contract): void {
  describe('flow dashboards: archived cards', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })

    const period = { from: d(0), to: now, now }
    const setArchived = (boardId: string, cardIds: string[], archived: boolean) =>
      db
        .updateTable('boardCard')
        .set({ archived: archived ? 1 : 0 })
        .where('boardId', '=', boardId)
        .where('cardId', 'in', cardIds)
        .execute()
    /** Per stage: how many stays ended in the period, and their median. */
    const times = (report: BottlenecksReport) =>
      Object.fromEntries(report.stages.map((s) => [s.stage, [s.stays, s.medianMs]]))

    it('[ARCH2] leaves a card published in the period out of throughput, lead time and time in stage once archived, and counts it again once restored', async () => {
      const { board, alice } = await flowBoard(db)
      const reports = (filters: DashboardFilters) =>
        Promise.all([
          bottlenecksReport(db, board, { ...period, filters }),
          pipelineReport(db, board, { ...period, filters }),
        ])
      const filterings: DashboardFilters[] = [{}, { campaign: 'Spring' }, { assigneeId: alice }]
      const before = await Promise.all(filterings.map(reports))
      const [review, pipeline] = before[0]!
      // A (published on day 4) counts: G day 2, A day 4, B day 8; A's four stays ended.
      expect(pipeline.throughput.map((w) => w.published)).toEqual([2, 1])
      expect(pipeline.leadTime.days).toEqual([1, 4, 8])
      expect(times(review).published).toEqual([2, days(1)])

      await setArchived(board.id, ['A'], true)
      const [archivedReview, archivedPipeline] = await reports({})
      expect(archivedPipeline.throughput).toEqual([
        { weekStart: '2026-03-02', published: 1 },
        { weekStart: '2026-03-09', published: 1 },
      ])
      expect(archivedPipeline.leadTime).toEqual({ days: [1, 8], medianDays: 1, p85Days: 8 })
      // Without A's stays (strategy 1 day, plan 2, calendar 1, published 1) nor H's (archived
      // in the fixture: strategy 1 day).
      expect(times(archivedReview)).toEqual({
        strategy: [2, days(2)],
        plan: [3, days(2)],
        calendar: [3, days(1)],
        published: [1, days(6)],
        monitored: [0, null],
        escalated: [0, null],
      } satisfies Record<Stage, [number, number | null]>)
      // Filtered the same: Spring's cards are A and B, alice's A and D.
      const [springReview, spring] = await reports({ campaign: 'Spring' })
      expect(spring.leadTime.days).toEqual([8])
      expect(times(springReview).published).toEqual([0, null])
      const [alicesReview, alices] = await reports({ assigneeId: alice })
      expect(alices.throughput.map((w) => w.published)).toEqual([0, 0])
      expect(alices.leadTime.days).toEqual([])
      expect(times(alicesReview).strategy).toEqual([0, null])

      // Restored: every figure is what it was, past and present.
      await setArchived(board.id, ['A'], false)
      expect(await Promise.all(filterings.map(reports))).toEqual(before)
    })

    it('[ARCH2] leaves an archived card’s escalations out of the SLA breaches in the period', async () => {
      const { board } = await flowBoard(db)
      const read = async () => {
        const [review, pipeline] = await Promise.all([
          bottlenecksReport(db, board, { ...period, filters: {} }),
          pipelineReport(db, board, { ...period, filters: {} }),
        ])
        return { escalations: review.escalations, leadTime: pipeline.leadTime.days }
      }
      // G: published on day 2, a crisis (1 h) raised on day 8, still open.
      expect(await read()).toEqual({
        escalations: { open: 1, breached: 1, breachedInPeriod: 1 },
        leadTime: [1, 4, 8],
      })
      await setArchived(board.id, ['G'], true)
      expect(await read()).toEqual({
        escalations: { open: 0, breached: 0, breachedInPeriod: 0 },
        leadTime: [4, 8],
      })
      const network = await bottlenecksReport(db, board, { ...period, filters: { network: 'x' } })
      expect(network.escalations.breachedInPeriod).toBe(0)
      await setArchived(board.id, ['G'], false)
      expect((await read()).escalations.breachedInPeriod).toBe(1)
    })
  })
}
