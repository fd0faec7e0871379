import {
  type Actor,
  type BoardRules,
  type Card,
  DATED_STAGES,
  type DayKey,
  dayKeyOf,
  inStages,
  type Network,
  type Refusal,
  type Stage,
  stageIndex,
  timeOfDay,
  zonedParts,
  zonedTimeToInstant,
  zoneOffsetMinutes,
} from '@pauta/domain'
import type { ApprovalFilter } from '../app/router.ts'
import { matchesApproval } from '../board/approval-state.ts'
import { planOnCard } from '../rules/move-plan.ts'

/** One post on the calendar: a card and where it sits, in the workspace's time zone. */
export interface CalendarPost {
  card: Card
  /** The instant it sits at: when it is scheduled, or when it went out if it never was. */
  at: string
  basis: 'scheduled' | 'published'
  day: DayKey
  /** 'HH:MM', 24-hour, in the workspace's zone */
  time: string
}

function validInstant(iso: string | null): Date | null {
  if (!iso) return null
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? null : at
}

/** The post a card shows as, or null when it has no place on the calendar. */
export function placePost(card: Card, timeZone: string): CalendarPost | null {
  if (card.archived || !inStages(card.stage, DATED_STAGES)) return null
  const scheduled = validInstant(card.scheduledAt)
  const published = scheduled ? null : validInstant(card.publishedAt)
  const at = scheduled ?? published
  if (!at) return null
  return {
    card,
    at: at.toISOString(),
    basis: scheduled ? 'scheduled' : 'published',
    day: dayKeyOf(at, timeZone),
    time: timeOfDay(at, timeZone),
  }
}

/** The board's posts in time order (ties by title, then id, so the order is stable). */
export function calendarPosts(cards: readonly Card[], timeZone: string): CalendarPost[] {
  const posts: CalendarPost[] = []
  for (const card of cards) {
    const post = placePost(card, timeZone)
    if (post) posts.push(post)
  }
  return posts.sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      a.card.title.localeCompare(b.card.title) ||
      a.card.id.localeCompare(b.card.id),
  )
}

export function postsByDay(posts: readonly CalendarPost[]): Map<DayKey, CalendarPost[]> {
  const days = new Map<DayKey, CalendarPost[]>()
  for (const post of posts) {
    const list = days.get(post.day)
    if (list) list.push(post)
    else days.set(post.day, [post])
  }
  return days
}

// ---------------------------------------------------------------------------------------------
// Filters

export type AssigneeFilter =
  | { kind: 'anyone' }
  | { kind: 'nobody' }
  | { kind: 'member'; id: string }

export interface CalendarFilter {
  network: Network | null
  assignee: AssigneeFilter
  campaign: string | null
  stage: Stage | null
  /** [APPR2] posts the approval policy covers, in this state */
  approval: ApprovalFilter | null
  /** posts assigned to the person looking */
  onlyMine: boolean
}

export const NO_FILTER: CalendarFilter = {
  network: null,
  assignee: { kind: 'anyone' },
  campaign: null,
  stage: null,
  approval: null,
  onlyMine: false,
}

export function isFiltering(filter: CalendarFilter): boolean {
  return (
    filter.network !== null ||
    filter.assignee.kind !== 'anyone' ||
    filter.campaign !== null ||
    filter.stage !== null ||
    filter.approval !== null ||
    filter.onlyMine
  )
}

function matchesAssignee(card: Card, assignee: AssigneeFilter): boolean {
  switch (assignee.kind) {
    case 'anyone':
      return true
    case 'nobody':
      return card.assigneeId === null
    case 'member':
      return card.assigneeId === assignee.id
  }
}

/** Whether a card passes the filter, for the person `userId` on a board of these `rules`. */
export function matchesFilter(
  card: Card,
  filter: CalendarFilter,
  userId: string,
  rules: BoardRules,
): boolean {
  return (
    (filter.network === null || card.network === filter.network) &&
    matchesAssignee(card, filter.assignee) &&
    (filter.campaign === null || card.campaign?.trim() === filter.campaign) &&
    (filter.stage === null || card.stage === filter.stage) &&
    (filter.approval === null || matchesApproval(card, filter.approval, rules)) &&
    (!filter.onlyMine || card.assigneeId === userId)
  )
}

export function filterPosts(
  posts: readonly CalendarPost[],
  filter: CalendarFilter,
  userId: string,
  rules: BoardRules,
): CalendarPost[] {
  return posts.filter((post) => matchesFilter(post.card, filter, userId, rules))
}

/** The campaigns named on the board's posts, in the reader's alphabetical order. */
export function campaignsOf(posts: readonly CalendarPost[], language: string): string[] {
  const names = new Set<string>()
  for (const post of posts) {
    const name = post.card.campaign?.trim()
    if (name) names.add(name)
  }
  return [...names].sort(new Intl.Collator(language).compare)
}

/**
 * Whom the CM filter offers: the members holding the cm role, and anyone else some post is
 * assigned to (a manager who takes posts herself), by name.
 */
export function assigneeChoices(
  posts: readonly CalendarPost[],
  members: ReadonlyMap<string, { name: string; roles: readonly string[] }>,
  language: string,
): { id: string; name: string }[] {
  const ids = new Set<string>()
  for (const [id, member] of members) if (member.roles.includes('cm')) ids.add(id)
  for (const post of posts) if (post.card.assigneeId) ids.add(post.card.assigneeId)
  const collator = new Intl.Collator(language)
  return [...ids]
    .map((id) => ({ id, name: members.get(id)?.name ?? id }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id))
}

// ---------------------------------------------------------------------------------------------
// The week's half-hour slots

/** The week view shows these hours; posts before or after sit at the column's edges. */
export const WEEK_HOURS = { first: 6, end: 23 } as const
export const SLOT_MINUTES = 30

const pad = (n: number) => String(n).padStart(2, '0')

/** 'HH:MM' → minutes since midnight; NaN when it is not a time. */
export function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time)
  if (!match) return Number.NaN
  const hours = Number(match[1])
  const minutes = Number(match[2])
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : Number.NaN
}

export function timeOfMinutes(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
}

/** '06:00', '06:30', … '22:30': the slots the week view shows. */
export function weekSlots(): string[] {
  const slots: string[] = []
  for (let m = WEEK_HOURS.first * 60; m < WEEK_HOURS.end * 60; m += SLOT_MINUTES) {
    slots.push(timeOfMinutes(m))
  }
  return slots
}

export type SlotPlace = { kind: 'slot'; time: string } | { kind: 'before' } | { kind: 'after' }

/** The half-hour slot a time of day falls in, or the edge of the day it falls beyond. */
export function slotOf(time: string): SlotPlace {
  const minutes = minutesOf(time)
  if (minutes < WEEK_HOURS.first * 60) return { kind: 'before' }
  if (minutes >= WEEK_HOURS.end * 60) return { kind: 'after' }
  return { kind: 'slot', time: timeOfMinutes(minutes - (minutes % SLOT_MINUTES)) }
}

export interface DayColumn {
  before: CalendarPost[]
  slots: Map<string, CalendarPost[]>
  after: CalendarPost[]
}

/** Each day's posts in the week view, by slot. */
export function weekLayout(
  days: readonly DayKey[],
  byDay: ReadonlyMap<DayKey, readonly CalendarPost[]>,
): Map<DayKey, DayColumn> {
  const layout = new Map<DayKey, DayColumn>()
  for (const day of days) {
    const column: DayColumn = { before: [], slots: new Map(), after: [] }
    for (const post of byDay.get(day) ?? []) {
      const place = slotOf(post.time)
      if (place.kind === 'before') column.before.push(post)
      else if (place.kind === 'after') column.after.push(post)
      else {
        const list = column.slots.get(place.time)
        if (list) list.push(post)
        else column.slots.set(place.time, [post])
      }
    }
    layout.set(day, column)
  }
  return layout
}

// ---------------------------------------------------------------------------------------------
// Rescheduling

/** Where a post is dropped: a day (month view), or a day and a slot's time (week view). */
export interface DropTarget {
  day: DayKey
  /** 'HH:MM'; null keeps the post's time of day */
  time: string | null
}

function dayParts(day: DayKey): { year: number; month: number; day: number } {
  const [year, month, date] = day.split('-').map(Number)
  return { year: year ?? Number.NaN, month: month ?? Number.NaN, day: date ?? Number.NaN }
}

/**
 * The instant a post dropped on `target` moves to, in the workspace's zone: the slot's time
 * in the week view; in the month view the same time of day it had (seconds included), on the
 * new day. DST-safe: 10:00 stays 10:00 across a change of offset.
 */
export function rescheduledAt(at: string, target: DropTarget, timeZone: string): string {
  const current = new Date(at)
  const parts = zonedParts(current, timeZone)
  if (target.time === null) {
    const instant = zonedTimeToInstant(
      { ...dayParts(target.day), hour: parts.hour, minute: parts.minute },
      timeZone,
    )
    const rest = parts.second * 1000 + current.getUTCMilliseconds()
    return new Date(instant.getTime() + rest).toISOString()
  }
  const minutes = minutesOf(target.time)
  return zonedTimeToInstant(
    { ...dayParts(target.day), hour: Math.floor(minutes / 60), minute: minutes % 60 },
    timeZone,
  ).toISOString()
}

/** A post is rescheduled by writing `scheduledAt`; one already out is history, not a plan. */
function reschedulable(card: Card): card is Card & { scheduledAt: string } {
  return (
    !card.archived &&
    card.scheduledAt !== null &&
    card.publishedAt === null &&
    stageIndex(card.stage) < stageIndex('published')
  )
}

/** The board's verdict on writing this time into the post: the card command the drop runs. */
function rescheduleVerdict(actor: Actor, card: Card, rules: BoardRules, scheduledAt: string) {
  const planned = planOnCard(actor, card, rules, {
    type: 'edit',
    cardId: card.id,
    fields: { scheduledAt },
  })
  return planned.ok ? planned.verdict : planned
}

/** Whether this person may drag this post to another time (the board's rules, as the server). */
export function canReschedule(actor: Actor, card: Card, rules: BoardRules): boolean {
  if (!reschedulable(card)) return false
  const probe = new Date(new Date(card.scheduledAt).getTime() + 86_400_000).toISOString()
  return rescheduleVerdict(actor, card, rules, probe).ok
}

export type ReschedulePlan =
  | { kind: 'unchanged' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'reschedule'; scheduledAt: string }

/** What dropping `card` on `target` does, judged as the server will judge the write. */
export function planReschedule(
  actor: Actor,
  card: Card,
  target: DropTarget,
  rules: BoardRules,
  timeZone: string,
): ReschedulePlan {
  if (!reschedulable(card)) {
    return {
      kind: 'refused',
      refusal: { code: 'invalid', detail: 'only scheduled posts move on the calendar' },
    }
  }
  const scheduledAt = rescheduledAt(card.scheduledAt, target, timeZone)
  if (new Date(scheduledAt).getTime() === new Date(card.scheduledAt).getTime())
    return { kind: 'unchanged' }
  const verdict = rescheduleVerdict(actor, card, rules, scheduledAt)
  return verdict.ok
    ? { kind: 'reschedule', scheduledAt }
    : { kind: 'refused', refusal: verdict.refusal }
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * How far the viewer's clock is from the workspace's at `at`, in minutes (positive: the
 * viewer is ahead), or null when both are the same zone.
 */
export function viewerOffset(at: Date, workspaceZone: string, viewerZone: string): number | null {
  if (workspaceZone === viewerZone) return null
  return zoneOffsetMinutes(at, viewerZone) - zoneOffsetMinutes(at, workspaceZone)
}

// ---------------------------------------------------------------------------------------------
// How a post looks

/** Two letters beside the network's colour, so colour is never the only cue. */
export const NETWORK_SHORT: Readonly<Record<Network, string>> = {
  instagram: 'IG',
  facebook: 'FB',
  x: 'X',
  tiktok: 'TT',
  linkedin: 'IN',
  youtube: 'YT',
  threads: 'TH',
  blog: 'BL',
}

/** A glyph per stage beside the stage's colour (the stage's name is in the post's label). */
export const STAGE_MARK: Readonly<Record<Stage, string>> = {
  strategy: '◇',
  plan: '◇',
  calendar: '◷',
  published: '✓',
  monitored: '◉',
  escalated: '!',
}
