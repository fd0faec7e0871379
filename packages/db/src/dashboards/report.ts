import {
  AGING_STAGES,
  addDays,
  type Bottleneck,
  bottleneck,
  type CfdDay,
  type CmLoad,
  cumulativeFlow,
  DAY_MS,
  dayKeyOf,
  type EscalationFigures,
  forecast,
  isCm,
  leadTimes,
  openEscalationFigures,
  percentile,
  postReviewTimes,
  type Reviewer,
  type ReviewFlow,
  type ReviewSpell,
  type ReviewTimes,
  reviewSpells,
  reviewTimes,
  STAGES,
  type Stage,
  type StageFlow,
  type StageTimes,
  seededRandom,
  stageTimes,
  startOfDay,
  throughputSamples,
  type WeekCount,
  weeklyThroughput,
  wipLimit,
} from '@pauta/domain'
import type { Kysely } from 'kysely'
import type { Board } from '../boards.ts'
import type { DB } from '../schema.ts'
import { listMembers, type WorkspaceMember } from '../workspaces.ts'
import type { DashboardFilters } from './filters.ts'
import {
  boardTimeZone,
  countBreachedEscalations,
  countCardsByStage,
  listAssigneeLoads,
  listEscalatedCards,
  listPublishedArrivals,
  listStayLengths,
  listWaitingSince,
  type StageNow,
  stageCountsAt,
  stagesNow,
} from './queries.ts'
import { cardTitles, listReviewChanges } from './review.ts'
import { listStageMoves } from './stage-moves.ts'
import { compareText, iso, perStage } from './values.ts'

// The reports the server's `dashboards.bottlenecks` and `dashboards.pipeline` answer, assembled
// from the queries' rows with `@pauta/domain`'s flow metrics.

/** What a report is asked for: the filters, the period `[from, to)` and the moment it is read. */
export interface DashboardQuery {
  filters: DashboardFilters
  /** The period, `[from, to)`. */
  from: Date
  to: Date
  now: Date
}

/** A period as ISO text, `[from, to)`. */
export interface Span {
  /** ISO-8601 UTC. */
  from: string
  to: string
}

/** At most this many aging cards per stage are listed (the longest waiting); all are counted. */
export const AGING_LISTED = 20

/** One stage in the bottleneck review. */
export interface StageReport {
  stage: Stage
  /** Cards there now. */
  wip: number
  limit: number | null
  overLimit: boolean
  /** Time in stage over the stays that ended in the period. */
  medianMs: number | null
  p85Ms: number | null
  previousMedianMs: number | null
  /** Stays that ended in the period: what the median and p85 are taken over. */
  stays: number
  /** The longest-waiting aging cards (at most `AGING_LISTED`). */
  aging: Array<{ cardId: string; title: string; msInStage: number }>
  /** All aging cards there. */
  agingCount: number
}

/** One community manager's load in the bottleneck review. */
export interface CmReport {
  userId: string
  name: string
  assigned: number
  overdue: number
  wip: number
  limit: number | null
}

/** At most this many posts are listed with their time in review (the longest); all are counted. */
export const REVIEWS_LISTED = 50

/**
 * The posts waiting for one reviewer's answer ([APPR3]): a line of the review next to the
 * stages.
 */
export interface ReviewWaitReport {
  reviewer: Reviewer
  /** Posts waiting for its answer now. */
  waiting: number
  /** How long the post waiting longest has waited for it; null when none waits. */
  oldestMs: number | null
  /** Its wait per post, over the reviews that ended in the period. */
  medianMs: number | null
  p85Ms: number | null
  previousMedianMs: number | null
  /** Posts that waited for it in reviews that ended in the period. */
  posts: number
  /** Posts waiting for it now for longer than its 85th percentile wait. */
  agingCount: number
}

/** One post's time in review: its reviews that ended in the period, and the one under way. */
export interface PostReviewReport {
  cardId: string
  title: string
  /** Reviews that ended in the period, and the one under way now. */
  reviews: number
  reviewMs: number
  /** Of it, waiting for the team and for the client; null when it never waited for them. */
  teamMs: number | null
  clientMs: number | null
  /** In review now: whose answer it waits for (null: nobody named), and for how long. */
  inReview: boolean
  waitingFor: Reviewer | null
  waitingMs: number | null
}

/** Time in review, measured from the posts' approval steps. */
export interface ReviewReport {
  /** Per post, over the reviews that ended in the period: all its time in review. */
  times: ReviewTimes & { previousMedianMs: number | null }
  /** Waiting for the team, waiting for the client. */
  waits: ReviewWaitReport[]
  /** The posts longest in review first (at most `REVIEWS_LISTED`). */
  posts: PostReviewReport[]
  /** All the posts with a review that ended in the period or under way now. */
  postCount: number
}

/** The manager's bottleneck review of one board. */
export interface BottlenecksReport {
  period: Span
  previous: Span
  stages: StageReport[]
  review: ReviewReport
  cms: CmReport[]
  escalations: EscalationFigures
  headline: Bottleneck | null
}

function span(from: Date, to: Date): Span {
  return { from: iso(from), to: iso(to) }
}

/** The manager's bottleneck review of one board. */
export async function bottlenecksReport(
  db: Kysely<DB>,
  board: Board,
  query: DashboardQuery,
): Promise<BottlenecksReport> {
  const { filters, from, to, now } = query
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()))
  const { rules } = board.settings
  const [present, lengths, previousLengths, loads, escalated, breached, members, changes] =
    await Promise.all([
      stagesNow(db, board.id, filters),
      listStayLengths(db, board.id, filters, { from, to }),
      listStayLengths(db, board.id, filters, { from: previousFrom, to: from }),
      listAssigneeLoads(db, board.id, filters, now),
      listEscalatedCards(db, board.id, filters),
      countBreachedEscalations(db, board.id, filters, { from, to, now }, rules),
      listMembers(db, board.workspaceId),
      listReviewChanges(db, board.id, filters, previousFrom),
    ])
  const times = stageTimes(lengths)
  const before = stageTimes(previousLengths)
  const aging = await agingCards(db, board.id, filters, times, now)
  const stages = STAGES.map((stage) =>
    stageReport(board, stage, present[stage].wip, times[stage], before[stage], aging[stage]),
  )
  const previousMedians = Object.fromEntries(STAGES.map((s) => [s, before[s].medianMs]))
  const review = await reviewReport(db, board.id, reviewSpells(changes, now), {
    from,
    to,
    previousFrom,
    now,
  })
  return {
    period: span(from, to),
    previous: span(previousFrom, from),
    stages,
    review,
    cms: cmReports(members, loads, filters, rules.cmWipLimit),
    escalations: { ...openEscalationFigures(escalated, rules, now), breachedInPeriod: breached },
    headline: bottleneck(
      stageFlows(stages, present, now),
      previousMedians,
      review.waits.map(reviewFlow),
    ),
  }
}

/**
 * [DASH11] Time in review from the posts' reviews: per post over those that ended in the
 * period (and the previous one), the waits now per reviewer, the posts longest in review.
 */
async function reviewReport(
  db: Kysely<DB>,
  boardId: string,
  spells: ReviewSpell[],
  period: { from: Date; to: Date; previousFrom: Date; now: Date },
): Promise<ReviewReport> {
  const { from, to, previousFrom, now } = period
  const posts = postReviewTimes(spells, { from, to })
  const times = reviewTimes(posts)
  const before = reviewTimes(postReviewTimes(spells, { from: previousFrom, to: from }))
  const open = spells.filter((spell) => spell.end === null)
  const waitedMs = (spell: ReviewSpell) => now.getTime() - (spell.waitingSince ?? now).getTime()
  const waits = (['team', 'client'] as const).map((reviewer): ReviewWaitReport => {
    const waiting = open.filter((spell) => spell.waitingFor === reviewer).map(waitedMs)
    const { medianMs, p85Ms, posts: count } = times[reviewer]
    return {
      reviewer,
      waiting: waiting.length,
      oldestMs: waiting.length === 0 ? null : Math.max(...waiting),
      medianMs,
      p85Ms,
      previousMedianMs: before[reviewer].medianMs,
      posts: count,
      agingCount: p85Ms === null ? 0 : waiting.filter((ms) => ms > p85Ms).length,
    }
  })

  // Per post: the reviews that ended in the period, and the one under way.
  const rows = new Map<string, Omit<PostReviewReport, 'title'>>()
  for (const post of posts) {
    const { cardId, reviews, reviewMs, teamMs, clientMs } = post
    rows.set(cardId, {
      cardId,
      reviews,
      reviewMs,
      teamMs,
      clientMs,
      inReview: false,
      waitingFor: null,
      waitingMs: null,
    })
  }
  const plus = (sum: number | null, ms: number | null) => (ms === null ? sum : (sum ?? 0) + ms)
  for (const spell of open) {
    const row = rows.get(spell.cardId)
    const sofar = now.getTime() - spell.start.getTime()
    const current = {
      inReview: true,
      waitingFor: spell.waitingFor,
      waitingMs: waitedMs(spell),
    }
    if (row)
      rows.set(spell.cardId, {
        ...row,
        ...current,
        reviews: row.reviews + 1,
        reviewMs: row.reviewMs + sofar,
        teamMs: plus(row.teamMs, spell.teamMs),
        clientMs: plus(row.clientMs, spell.clientMs),
      })
    else
      rows.set(spell.cardId, {
        cardId: spell.cardId,
        reviews: 1,
        reviewMs: sofar,
        teamMs: spell.teamMs,
        clientMs: spell.clientMs,
        ...current,
      })
  }
  const longest = [...rows.values()]
    .sort((a, b) => b.reviewMs - a.reviewMs || compareText(a.cardId, b.cardId))
    .slice(0, REVIEWS_LISTED)
  const titles = await cardTitles(
    db,
    boardId,
    longest.map((row) => row.cardId),
  )
  return {
    times: { ...times.review, previousMedianMs: before.review.medianMs },
    waits,
    posts: longest.map((row) => ({ ...row, title: titles.get(row.cardId) ?? '' })),
    postCount: rows.size,
  }
}

/** What the headline (`bottleneck`) weighs for a reviewer. */
function reviewFlow(wait: ReviewWaitReport): ReviewFlow {
  return {
    reviewer: wait.reviewer,
    wip: wait.waiting,
    medianMs: wait.medianMs,
    previousMedianMs: wait.previousMedianMs,
    aging: wait.agingCount,
    oldestMs: wait.oldestMs ?? 0,
  }
}

/**
 * Aging: the cards in their stage for longer than its 85th percentile, found by SQL; per
 * stage, longest waiting first.
 */
async function agingCards(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  times: Record<Stage, StageTimes>,
  now: Date,
): Promise<Record<Stage, StageReport['aging']>> {
  const agingSince: Partial<Record<Stage, Date>> = {}
  for (const stage of AGING_STAGES) {
    const p85 = times[stage].p85Ms
    if (p85 !== null) agingSince[stage] = new Date(now.getTime() - p85)
  }
  const waiting = await listWaitingSince(db, boardId, filters, agingSince)
  const aging = perStage((): StageReport['aging'] => [])
  for (const card of waiting) {
    aging[card.stage].push({
      cardId: card.cardId,
      title: card.title,
      msInStage: now.getTime() - Date.parse(card.enteredAt),
    })
  }
  return aging
}

/** One stage's row of the review. */
function stageReport(
  board: Board,
  stage: Stage,
  wip: number,
  times: StageTimes,
  before: StageTimes,
  aging: StageReport['aging'],
): StageReport {
  const limit = wipLimit(board.settings, stage)
  return {
    stage,
    wip,
    limit,
    overLimit: limit !== null && wip > limit,
    medianMs: times.medianMs,
    p85Ms: times.p85Ms,
    previousMedianMs: before.medianMs,
    stays: times.count,
    aging: aging.slice(0, AGING_LISTED),
    agingCount: aging.length,
  }
}

/**
 * The community managers' loads: every member holding `cm` or with cards assigned, or only
 * the assignee the filters name.
 */
function cmReports(
  members: WorkspaceMember[],
  loads: Map<string, CmLoad>,
  filters: DashboardFilters,
  cmLimit: number | null,
): CmReport[] {
  return members
    .filter((member) =>
      filters.assigneeId !== undefined
        ? member.userId === filters.assigneeId
        : isCm(member.roles) || loads.has(member.userId),
    )
    .map((member): CmReport => {
      const load = loads.get(member.userId) ?? { assigned: 0, overdue: 0, wip: 0 }
      return { userId: member.userId, name: member.name, ...load, limit: cmLimit }
    })
}

/** What the headline (`bottleneck`) weighs per stage. */
function stageFlows(
  stages: StageReport[],
  present: Record<Stage, StageNow>,
  now: Date,
): StageFlow[] {
  return stages.map((s) => {
    const oldest = present[s.stage].oldestEnteredAt
    return {
      stage: s.stage,
      wip: s.wip,
      limit: s.limit,
      medianMs: s.medianMs,
      aging: s.agingCount,
      oldestMs: oldest === null ? 0 : Math.max(0, now.getTime() - Date.parse(oldest)),
    }
  })
}

/** The strategist's pipeline dashboard of one board. */
export interface PipelineReport {
  period: Span
  /** Cards in each stage now (archived ones left out). */
  counts: Record<Stage, number>
  throughput: WeekCount[]
  leadTime: { days: number[]; medianDays: number | null; p85Days: number | null }
  cfd: CfdDay[]
  forecast: {
    /** Cards in plan and calendar now: the committed work not yet out. */
    backlog: number
    /** ISO-8601 UTC: when the backlog will be published, 85% likely; null when unknowable. */
    date: string | null
    weeks: number | null
    /** How many weekly throughput samples the simulation drew from. */
    basedOnWeeks: number
  }
}

/**
 * [DASH10] The weeks the forecast samples: whole days of the workspace, counted back from the
 * end of the period's last day that has begun (a day still ahead adds no empty week). "Last 28 days" (which ends now) and the same 28
 * days picked by hand (which end at midnight) sample the same weeks; a day's later hours have
 * not happened yet, so they add nothing either way.
 */
export function sampledSpan(
  period: { from: Date; to: Date },
  now: Date,
  timeZone: string,
): { from: Date; to: Date } {
  const lastInstant = Math.min(period.to.getTime(), now.getTime()) - 1
  const lastDay = dayKeyOf(new Date(Math.max(lastInstant, period.from.getTime())), timeZone)
  return { from: period.from, to: startOfDay(addDays(lastDay, 1), timeZone) }
}

/** The same history gives the same forecast on every refresh. */
const FORECAST_SEED = 0x9a07a

const toDays = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100

/** The strategist's pipeline dashboard of one board. */
export async function pipelineReport(
  db: Kysely<DB>,
  board: Board,
  query: DashboardQuery,
): Promise<PipelineReport> {
  const { filters, from, to, now } = query
  const period = { from, to }
  const timeZone = await boardTimeZone(db, board)
  const [counts, arrivals, initial, moves] = await Promise.all([
    countCardsByStage(db, board.id, filters),
    listPublishedArrivals(db, board.id, filters, period),
    stageCountsAt(db, board.id, filters, from),
    listStageMoves(db, board.id, filters, { ...period, timeZone }),
  ])

  const lead = leadTimes(arrivals, period)
  const samples = throughputSamples(
    arrivals.filter((arrival) => arrival.publishedAt.getTime() < now.getTime()),
    sampledSpan(period, now, timeZone),
  )
  const backlog = counts.plan + counts.calendar
  const outlook = forecast({
    weeklyThroughput: samples,
    backlog,
    random: seededRandom(FORECAST_SEED),
    now,
  })
  const median = percentile(lead, 0.5)
  const p85 = percentile(lead, 0.85)
  return {
    period: span(from, to),
    counts,
    throughput: weeklyThroughput(arrivals, { ...period, timeZone }),
    leadTime: {
      days: lead.map(toDays),
      medianDays: median === null ? null : toDays(median),
      p85Days: p85 === null ? null : toDays(p85),
    },
    cfd: cumulativeFlow(moves, { ...period, timeZone, initial }),
    forecast: {
      backlog,
      date: outlook.date === null ? null : iso(outlook.date),
      weeks: outlook.weeks,
      basedOnWeeks: samples.length,
    },
  }
}
