import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  bottlenecksReport,
  type DashboardFilters,
  type DB,
  listReviewChanges,
  recordCardEvents,
} from '../index.ts'
import type { Contract } from './context.ts'
import {
  d,
  days,
  flowBoard,
  hours,
  now,
  reviewActivity,
  reviewHistory,
} from './dashboards.fixture.ts'

/** [DASH11] Time in review in the bottleneck review, from the posts' approval steps. */
export function dashboardReviewSuite(contract: Contract): void {
  describe('flow dashboards: time in review', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })

    const reviewed = async () => {
      const boards = await flowBoard(db)
      await reviewHistory(db, boards)
      return boards
    }
    const report = (
      board: Parameters<typeof bottlenecksReport>[1],
      filters: DashboardFilters = {},
    ) => bottlenecksReport(db, board, { filters, from: d(0), to: now, now })

    it('[DASH11] gives time in review per post, the waits for the team and the client, and who waits now', async () => {
      const { board } = await reviewed()
      const { review, headline } = await report(board)
      // Ended in the period: A 24 h, B 40 h (two reviews), E 48 h (begun before the period).
      // Before it: G, 24 h waiting for the client.
      expect(review.times).toEqual({
        posts: 3,
        medianMs: hours(40),
        p85Ms: hours(48),
        previousMedianMs: hours(24),
      })
      expect(review.waits).toEqual([
        {
          reviewer: 'team',
          // C, since day −30
          waiting: 1,
          oldestMs: days(40),
          // A's 4 h
          medianMs: hours(4),
          p85Ms: hours(4),
          previousMedianMs: null,
          posts: 1,
          agingCount: 1,
        },
        {
          reviewer: 'client',
          // D, since day 6, 2 h (the archived H counts nowhere)
          waiting: 1,
          oldestMs: hours(94),
          // A 20 h, B 30 + 10 h, E 48 h
          medianMs: hours(40),
          p85Ms: hours(48),
          previousMedianMs: hours(24),
          posts: 3,
          agingCount: 1,
        },
      ])
      // The longest in review first: those under way count so far.
      expect(review.postCount).toBe(5)
      expect(review.posts).toEqual([
        {
          cardId: 'C',
          title: 'Post C',
          reviews: 1,
          reviewMs: days(40),
          teamMs: days(40),
          clientMs: null,
          inReview: true,
          waitingFor: 'team',
          waitingMs: days(40),
        },
        {
          cardId: 'D',
          title: 'Post D',
          reviews: 1,
          reviewMs: hours(96),
          teamMs: hours(2),
          clientMs: hours(94),
          inReview: true,
          waitingFor: 'client',
          waitingMs: hours(94),
        },
        {
          cardId: 'E',
          title: 'Post E',
          reviews: 1,
          reviewMs: hours(48),
          teamMs: null,
          clientMs: hours(48),
          inReview: false,
          waitingFor: null,
          waitingMs: null,
        },
        expect.objectContaining({
          cardId: 'B',
          reviews: 2,
          reviewMs: hours(40),
          clientMs: hours(40),
        }),
        expect.objectContaining({
          cardId: 'A',
          reviewMs: hours(24),
          teamMs: hours(4),
          clientMs: hours(20),
        }),
      ])
      // Strategy (1 card × 2 days) still holds more than the client (1 post × 40 h).
      expect(headline).toMatchObject({ stage: 'strategy', reason: 'slowest' })
    })

    it('[DASH11] names the client as the bottleneck when the posts waiting for it hold the most', async () => {
      const { board } = await reviewed()
      // The team answers C on day 9: now C and D wait for the client (2 posts × 40 h).
      await recordCardEvents(db, {
        stages: [],
        assignments: [],
        activity: reviewActivity(board.id, [['C', d(9), null, 'client']]),
      })
      const { review, headline } = await report(board)
      expect(review.waits.map((w) => [w.reviewer, w.waiting, w.oldestMs])).toEqual([
        ['team', 0, null],
        ['client', 2, hours(94)],
      ])
      expect(headline).toEqual({
        waitingFor: 'client',
        reason: 'slowest',
        wip: 2,
        limit: null,
        medianMs: hours(40),
        previousMedianMs: hours(24),
        changePct: 67,
        // D is past the client's 85th percentile (48 h); C, a day in, is not
        aging: 1,
      })
    })

    it('[DASH2] [DASH11] takes the reviews that ended in the period, whenever they began', async () => {
      const { board } = await reviewed()
      const later = await bottlenecksReport(db, board, { filters: {}, from: d(3), to: now, now })
      // Ended from day 3: A's review (at the period's first instant, 24 h) and B's second
      // (10 h). Before: G's 24 h, E's 48 h and B's first review, 30 h.
      expect(later.review.times).toEqual({
        posts: 2,
        medianMs: hours(10),
        p85Ms: hours(24),
        previousMedianMs: hours(30),
      })
      expect(later.review.waits[1]).toMatchObject({ posts: 2, previousMedianMs: hours(30) })
      expect(later.review.posts.find((p) => p.cardId === 'B')).toMatchObject({
        reviews: 1,
        reviewMs: hours(10),
      })
      // Before any review: nothing ended, but who waits now still waits.
      const early = await bottlenecksReport(db, board, {
        filters: {},
        from: d(-60),
        to: d(-40),
        now,
      })
      expect(early.review.times).toEqual({
        posts: 0,
        medianMs: null,
        p85Ms: null,
        previousMedianMs: null,
      })
      expect(early.review.waits.map((w) => w.waiting)).toEqual([1, 1])
      expect(early.review.posts.map((p) => p.cardId)).toEqual(['C', 'D'])
    })

    it('[DASH3] [DASH4] narrows by the filters; an archived post counts nowhere until restored', async () => {
      const { board, alice } = await reviewed()
      const spring = (await report(board, { campaign: 'Spring' })).review
      expect(spring.times).toEqual({
        posts: 2,
        medianMs: hours(24),
        p85Ms: hours(40),
        previousMedianMs: null,
      })
      expect(spring.waits.map((w) => w.waiting)).toEqual([0, 0])
      expect(spring.posts.map((p) => p.cardId)).toEqual(['B', 'A'])
      const alices = (await report(board, { assigneeId: alice })).review
      expect(alices.posts.map((p) => p.cardId)).toEqual(['D', 'A'])
      expect(alices.waits.map((w) => w.waiting)).toEqual([0, 1])

      // Every card in one campaign: reading the cards that pass gives the same figures.
      await db
        .updateTable('boardCard')
        .set({ campaign: 'All' })
        .where('boardId', '=', board.id)
        .execute()
      expect((await report(board, { campaign: 'All' })).review).toEqual(
        (await report(board)).review,
      )

      // H, archived waiting for the client since day 4, restored: it waits again.
      await db
        .updateTable('boardCard')
        .set({ archived: 0 })
        .where('boardId', '=', board.id)
        .where('cardId', '=', 'H')
        .execute()
      const restored = (await report(board)).review
      expect(restored.waits[1]).toMatchObject({ waiting: 2, oldestMs: days(6) })
      expect(restored.postCount).toBe(6)
    })

    it('[DASH11] reads the review steps of the posts reviewed since a moment and of those in review now', async () => {
      const { board } = await reviewed()
      const changes = await listReviewChanges(db, board.id, {}, d(0))
      // G's review ended before day 0: left out. C's began on day −30 and is under way. E's
      // began before day 0 and ended after: all its steps. Only approval and reviewer.
      expect([...new Set(changes.map((c) => c.cardId))]).toEqual(['A', 'B', 'C', 'D', 'E'])
      expect(changes.filter((c) => c.cardId === 'E')).toEqual([
        { cardId: 'E', at: d(-1), field: 'approval', to: 'in-review' },
        { cardId: 'E', at: d(-1), field: 'reviewer', to: 'client' },
        { cardId: 'E', at: d(1), field: 'approval', to: 'changes-requested' },
        { cardId: 'E', at: d(1), field: 'reviewer', to: null },
      ])
      expect(changes.filter((c) => c.cardId === 'D')).toHaveLength(3)
      // From day 2, 12 h: B's first review is over, but changes were asked for at 6 h: its
      // steps from that one on (its earlier ones are not read).
      const later = await listReviewChanges(db, board.id, {}, d(2, 12))
      expect(later.filter((c) => c.cardId === 'B').map((c) => [c.at, c.field, c.to])).toEqual([
        [d(2, 6), 'approval', 'changes-requested'],
        [d(2, 6), 'reviewer', null],
        [d(3), 'approval', 'in-review'],
        [d(3), 'reviewer', 'client'],
        [d(3, 10), 'approval', 'approved'],
        [d(3, 10), 'reviewer', null],
      ])
    })
  })
}
