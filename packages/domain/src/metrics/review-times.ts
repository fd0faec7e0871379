import { APPROVAL_STATES, type ApprovalState, REVIEWERS, type Reviewer } from '../card.ts'
import { percentile } from './percentile.ts'
import type { Period } from './time.ts'
import { within } from './time.ts'

/**
 * One change of a post's approval state or reviewer, as its activity history holds it: the
 * value after the change, as text (null: none).
 */
export interface ReviewChange {
  cardId: string
  at: Date
  field: 'approval' | 'reviewer'
  to: string | null
}

/**
 * One review of a post ([APPR3]): from entering in-review until it leaves it — approved,
 * changes asked for — whoever it waited for on the way (the team, then the client).
 */
export interface ReviewSpell {
  cardId: string
  start: Date
  /** When it left review; null while the post is still in review. */
  end: Date | null
  /** The state it left review for; null while still in review. */
  outcome: ApprovalState | null
  /**
   * Of its length (up to now, while open): the time it waited for the team's answer and for
   * the client's; null when it never waited for that reviewer.
   */
  teamMs: number | null
  clientMs: number | null
  /** While open: whose answer it waits for now (null: nobody named), and since when. */
  waitingFor: Reviewer | null
  waitingSince: Date | null
}

const STATES: ReadonlySet<string> = new Set(APPROVAL_STATES)
const WHO: ReadonlySet<string> = new Set(REVIEWERS)

const add = (sum: number | null, ms: number) => (sum ?? 0) + ms

/** Where one post stands while its changes are read. */
interface ReviewState {
  cardId: string
  approval: ApprovalState
  reviewer: Reviewer | null
  open: ReviewSpell | null
  /** Since when (ms) the open review has waited for its `waitingFor`. */
  mark: number
}

/**
 * The post's state after the changes made at `at`: its open review waited up to then for
 * whom it waited for; it ends there (and is returned) when the post left in-review, and waits
 * for someone else from then when its reviewer changed. A post entering in-review opens one.
 */
function reviewStep(state: ReviewState, at: Date): ReviewSpell | null {
  const { open, approval, reviewer } = state
  const waited = at.getTime() - state.mark
  state.mark = at.getTime()
  if (open === null) {
    if (approval === 'in-review')
      state.open = {
        cardId: state.cardId,
        start: at,
        end: null,
        outcome: null,
        teamMs: null,
        clientMs: null,
        waitingFor: reviewer,
        waitingSince: at,
      }
    return null
  }
  if (open.waitingFor === 'team') open.teamMs = add(open.teamMs, waited)
  if (open.waitingFor === 'client') open.clientMs = add(open.clientMs, waited)
  if (approval !== 'in-review') {
    state.open = null
    return { ...open, end: at, outcome: approval, waitingFor: null, waitingSince: null }
  }
  if (open.waitingFor !== reviewer) {
    open.waitingFor = reviewer
    open.waitingSince = at
  }
  return null
}

/**
 * A post's reviews, from the changes of its approval and reviewer, each card's in time order
 * (the history's): a post starts as a draft with nobody to answer ([APPR2]); the changes
 * made at one instant are one step. Changes after `now` have not happened yet; an open
 * review's waits run up to `now`. A value Pauta does not know is not trusted: an unknown
 * state is out of review, an unknown reviewer nobody.
 */
export function reviewSpells(changes: readonly ReviewChange[], now: Date): ReviewSpell[] {
  const byCard = new Map<string, ReviewChange[]>()
  for (const change of changes) {
    if (change.at.getTime() > now.getTime()) continue
    const list = byCard.get(change.cardId)
    if (list) list.push(change)
    else byCard.set(change.cardId, [change])
  }
  const spells: ReviewSpell[] = []
  for (const [cardId, list] of byCard) {
    const state: ReviewState = { cardId, approval: 'draft', reviewer: null, open: null, mark: 0 }
    for (let i = 0; i < list.length; i++) {
      const change = list[i]!
      if (change.field === 'approval')
        state.approval = STATES.has(change.to ?? '') ? (change.to as ApprovalState) : 'draft'
      else state.reviewer = WHO.has(change.to ?? '') ? (change.to as Reviewer) : null
      const next = list[i + 1]
      if (next === undefined || next.at.getTime() !== change.at.getTime()) {
        const ended = reviewStep(state, change.at)
        if (ended) spells.push(ended)
      }
    }
    if (state.open !== null) {
      const still = state.open
      reviewStep(state, now)
      spells.push(still)
    }
  }
  return spells
}

/** One post's time in review over a period: its reviews that ended in it, added up. */
export interface PostReviewTime {
  cardId: string
  /** How many of its reviews ended in the period. */
  reviews: number
  reviewMs: number
  /** Waiting for the team, for the client; null when it never waited for that reviewer. */
  teamMs: number | null
  clientMs: number | null
  /** The state its last review in the period ended in. */
  outcome: ApprovalState | null
}

/**
 * Time in review per post: the reviews that **ended** within the period (approved or
 * changes asked for in `[from, to)`), whenever they began, added up per post — as time in
 * stage takes the stays that ended. An open review counts toward the waits now, not here.
 * By card id.
 */
export function postReviewTimes(spells: readonly ReviewSpell[], period: Period): PostReviewTime[] {
  const posts = new Map<string, PostReviewTime>()
  const ended = spells
    .filter((s) => s.end !== null && within(s.end.getTime(), period))
    .sort((a, b) => a.end!.getTime() - b.end!.getTime())
  for (const spell of ended) {
    const post = posts.get(spell.cardId) ?? {
      cardId: spell.cardId,
      reviews: 0,
      reviewMs: 0,
      teamMs: null,
      clientMs: null,
      outcome: null,
    }
    post.reviews += 1
    post.reviewMs += spell.end!.getTime() - spell.start.getTime()
    if (spell.teamMs !== null) post.teamMs = add(post.teamMs, spell.teamMs)
    if (spell.clientMs !== null) post.clientMs = add(post.clientMs, spell.clientMs)
    post.outcome = spell.outcome
    posts.set(spell.cardId, post)
  }
  return [...posts.values()].sort((a, b) =>
    a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0,
  )
}

/** The median and 85th percentile of some posts' times, and how many posts. */
export interface ReviewTimes {
  posts: number
  medianMs: number | null
  p85Ms: number | null
}

function times(values: number[]): ReviewTimes {
  return {
    posts: values.length,
    medianMs: percentile(values, 0.5),
    p85Ms: percentile(values, 0.85),
  }
}

/**
 * Over the posts' times in review: the whole time in review, and the waits for the team and
 * for the client, each over the posts that waited for that reviewer.
 */
export function reviewTimes(
  posts: readonly PostReviewTime[],
): Record<'review' | Reviewer, ReviewTimes> {
  return {
    review: times(posts.map((p) => p.reviewMs)),
    team: times(posts.flatMap((p) => (p.teamMs === null ? [] : [p.teamMs]))),
    client: times(posts.flatMap((p) => (p.clientMs === null ? [] : [p.clientMs]))),
  }
}
