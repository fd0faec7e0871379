import { describe, expect, it } from 'vitest'
import { postReviewTimes, type ReviewChange, reviewSpells, reviewTimes } from './review-times.ts'

const HOUR = 3_600_000
// Monday 2 March 2026, 00:00 UTC, plus hours.
const h = (hours: number) => new Date(Date.UTC(2026, 2, 2) + hours * HOUR)

/** A review step as the history holds it: the approval change, then the reviewer's. */
function steps(cardId: string, at: Date, approval: string | null, reviewer?: string | null) {
  const changes: ReviewChange[] = []
  if (approval !== null) changes.push({ cardId, at, field: 'approval', to: approval })
  if (reviewer !== undefined) changes.push({ cardId, at, field: 'reviewer', to: reviewer })
  return changes
}

describe('time in review', () => {
  it('adds up a post’s reviews, each from in-review until approved or changes asked for', () => {
    // Client policy: 30 h waiting for the client, changes asked for; 10 h more, approved.
    const changes = [
      ...steps('P', h(0), 'in-review', 'client'),
      ...steps('P', h(30), 'changes-requested', null),
      ...steps('P', h(50), 'in-review', 'client'),
      ...steps('P', h(60), 'approved', null),
    ]
    const spells = reviewSpells(changes, h(100))
    expect(spells).toEqual([
      expect.objectContaining({ start: h(0), end: h(30), outcome: 'changes-requested' }),
      expect.objectContaining({ start: h(50), end: h(60), outcome: 'approved' }),
    ])
    expect(postReviewTimes(spells, { from: h(0), to: h(100) })).toEqual([
      {
        cardId: 'P',
        reviews: 2,
        reviewMs: 40 * HOUR,
        teamMs: null,
        clientMs: 40 * HOUR,
        outcome: 'approved',
      },
    ])
  })

  it('splits a review into the team’s wait and then the client’s', () => {
    // Team then client: the team answers after 4 h, the client after 20 h more.
    const changes = [
      ...steps('Q', h(0), 'in-review', 'team'),
      ...steps('Q', h(4), null, 'client'),
      ...steps('Q', h(24), 'approved', null),
    ]
    const [post] = postReviewTimes(reviewSpells(changes, h(48)), { from: h(0), to: h(48) })
    expect(post).toMatchObject({
      reviews: 1,
      reviewMs: 24 * HOUR,
      teamMs: 4 * HOUR,
      clientMs: 20 * HOUR,
    })
  })

  it('counts only the reviews that ended in the period, whenever they began', () => {
    const changes = [
      ...steps('P', h(0), 'in-review', 'client'),
      ...steps('P', h(30), 'changes-requested', null),
      ...steps('P', h(50), 'in-review', 'client'),
      ...steps('P', h(60), 'approved', null),
    ]
    const spells = reviewSpells(changes, h(100))
    expect(postReviewTimes(spells, { from: h(40), to: h(100) })).toEqual([
      expect.objectContaining({ reviews: 1, reviewMs: 10 * HOUR, clientMs: 10 * HOUR }),
    ])
    expect(postReviewTimes(spells, { from: h(10), to: h(40) })).toEqual([
      expect.objectContaining({ reviews: 1, reviewMs: 30 * HOUR, outcome: 'changes-requested' }),
    ])
    expect(postReviewTimes(spells, { from: h(61), to: h(100) })).toEqual([])
  })

  it('keeps a review still open as a wait now: for whom, since when, so far', () => {
    const changes = [
      ...steps('Q', h(0), 'in-review', 'team'),
      ...steps('Q', h(4), null, 'client'),
      // not happened yet
      ...steps('Q', h(30), 'approved', null),
    ]
    expect(reviewSpells(changes, h(10))).toEqual([
      {
        cardId: 'Q',
        start: h(0),
        end: null,
        outcome: null,
        teamMs: 4 * HOUR,
        clientMs: 6 * HOUR,
        waitingFor: 'client',
        waitingSince: h(4),
      },
    ])
    expect(postReviewTimes(reviewSpells(changes, h(10)), { from: h(0), to: h(10) })).toEqual([])
  })

  it('a change of copy after the team’s yes sends the post back to the team: one review, on and on', () => {
    const changes = [
      ...steps('R', h(0), 'in-review', 'team'),
      ...steps('R', h(2), null, 'client'),
      // [APPR4] back to the first reviewer, still in review
      ...steps('R', h(5), null, 'team'),
      ...steps('R', h(6), null, 'client'),
      ...steps('R', h(9), 'approved', null),
    ]
    const [post] = postReviewTimes(reviewSpells(changes, h(10)), { from: h(0), to: h(10) })
    expect(post).toMatchObject({
      reviews: 1,
      reviewMs: 9 * HOUR,
      teamMs: 3 * HOUR,
      clientMs: 6 * HOUR,
    })
  })

  it('does not trust values it does not know, and a draft never in review has no review', () => {
    const changes: ReviewChange[] = [
      { cardId: 'S', at: h(0), field: 'approval', to: 'in-review' },
      { cardId: 'S', at: h(0), field: 'reviewer', to: 'the-boss' },
      { cardId: 'S', at: h(3), field: 'approval', to: 'rubber-stamped' },
      { cardId: 'T', at: h(1), field: 'approval', to: 'draft' },
    ]
    expect(reviewSpells(changes, h(5))).toEqual([
      expect.objectContaining({
        cardId: 'S',
        end: h(3),
        outcome: 'draft',
        teamMs: null,
        clientMs: null,
      }),
    ])
  })

  it('gives the median and 85th percentile per post, each wait over the posts that had it', () => {
    const times = reviewTimes([
      { cardId: 'A', reviews: 1, reviewMs: 10, teamMs: 10, clientMs: null, outcome: 'approved' },
      { cardId: 'B', reviews: 2, reviewMs: 40, teamMs: null, clientMs: 40, outcome: 'approved' },
      { cardId: 'C', reviews: 1, reviewMs: 24, teamMs: 4, clientMs: 20, outcome: 'approved' },
    ])
    expect(times).toEqual({
      review: { posts: 3, medianMs: 24, p85Ms: 40 },
      team: { posts: 2, medianMs: 4, p85Ms: 10 },
      client: { posts: 2, medianMs: 20, p85Ms: 40 },
    })
    expect(reviewTimes([]).client).toEqual({ posts: 0, medianMs: null, p85Ms: null })
  })
})
