import type { Command } from '@pauta/board'
import {
  type Actor,
  approvalRefusal,
  type BoardRules,
  type Card,
  canEditCard,
  canTakeCard,
  checkMove,
  ESCALATABLE_STAGES,
  type InputProblem,
  inStages,
  LIMITS,
  linkSchema,
  type MonitoringNote,
  OUT_STAGES,
  type Refusal,
  SENTIMENTS,
  SEVERITIES,
  type Sentiment,
  type Severity,
  type Stage,
  type StageField,
} from '@pauta/domain'
import { planOnCard } from '../rules/move-plan.ts'
import { fromZonedInput } from '../time/zoned-input.ts'

/** What the queue offers on one post, in the order its buttons show. */
export const QUEUE_ACTIONS = ['take', 'publish', 'monitor', 'note', 'escalate'] as const
export type QueueAction = (typeof QUEUE_ACTIONS)[number]

/**
 * The actions this actor may take on this card under the board's rules: the same checks the
 * server makes, so the queue never offers what would be refused (a client, or a community
 * manager on someone else's post, gets none).
 */
export function offeredActions(actor: Actor, card: Card, rules: BoardRules): QueueAction[] {
  if (card.archived) return []
  const may = (to: Stage) => checkMove(actor, card, to, rules).ok
  const offered: Record<QueueAction, boolean> = {
    take: canTakeCard(actor, card),
    // [APPR6] a post the policy holds back until approved is not offered for publishing
    publish:
      card.stage === 'calendar' && may('published') && !approvalRefusal(card, 'published', rules),
    monitor: card.stage === 'published' && may('monitored'),
    note:
      inStages(card.stage, OUT_STAGES) &&
      canEditCard(actor, card) &&
      card.monitoring.length < LIMITS.notes,
    escalate: inStages(card.stage, ESCALATABLE_STAGES) && may('escalated'),
  }
  return QUEUE_ACTIONS.filter((action) => offered[action])
}

/** Why a field of a queue dialog is not accepted; the dialog translates it. */
export type FieldProblem =
  | 'required'
  | 'invalidDate'
  | 'invalidLink'
  | 'wholeNumber'
  | 'tooLong'
  | 'emptyNote'

export type Checked<T, F extends string> =
  | { ok: true; value: T }
  | { ok: false; errors: Partial<Record<F, FieldProblem>>; refusal: Refusal | null }

const failed = <F extends string>(
  errors: Partial<Record<F, FieldProblem>>,
  refusal: Refusal | null = null,
) => ({ ok: false as const, errors, refusal })

/** A link field: empty is null, anything else must be an http(s) address. */
function parseLink(raw: string): string | null | undefined {
  const text = raw.trim()
  if (!text) return null
  const parsed = linkSchema.safeParse(text)
  return parsed.success ? parsed.data : undefined
}

/**
 * Runs a queue action's command on the card alone, without writing: accepted, or the refusal
 * with the input fields at fault told apart (they are shown next to their field).
 */
function judgeCommand<F extends string>(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  command: Command,
  fields: readonly F[],
  now?: Date,
):
  | { ok: true; after: Card }
  | { ok: false; errors: Partial<Record<F, FieldProblem>>; refusal: Refusal | null } {
  const planned = planOnCard(actor, card, rules, command, now)
  const refusal = !planned.ok
    ? planned.refusal
    : planned.verdict.ok
      ? null
      : planned.verdict.refusal
  if (planned.ok && refusal === null) return { ok: true, after: planned.change.after }
  if (refusal?.code === 'invalid' && fields.includes(refusal.field as F))
    return failed({ [refusal.field as F]: FIELD_PROBLEM[refusal.problem ?? 'format'] } as Partial<
      Record<F, FieldProblem>
    >)
  if (refusal?.code === 'missing-fields') {
    const asked = refusal.fields.filter((field): field is StageField & F =>
      fields.includes(field as F),
    )
    if (asked.length > 0)
      return failed(
        Object.fromEntries(asked.map((field) => [field, 'required'])) as Partial<
          Record<F, FieldProblem>
        >,
      )
  }
  return failed({}, refusal)
}

const FIELD_PROBLEM: Record<InputProblem, FieldProblem> = {
  required: 'required',
  'too-long': 'tooLong',
  format: 'required',
}

export interface PublishInput {
  /** `datetime-local`, on the workspace's clocks */
  publishedAt: string
  publishedUrl: string
}

/** What "mark published" writes: when the post went out and where it lives. */
export interface Publication {
  publishedAt: string
  publishedUrl: string | null
}

/** Mark published: the time it went out (entered in the workspace's zone) and its link. */
export function checkPublish(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  input: PublishInput,
  timeZone: string,
): Checked<Publication, keyof PublishInput> {
  const errors: Partial<Record<keyof PublishInput, FieldProblem>> = {}
  const publishedAt = fromZonedInput(input.publishedAt, timeZone)
  if (publishedAt === null) errors.publishedAt = 'required'
  if (publishedAt === undefined) errors.publishedAt = 'invalidDate'
  const publishedUrl = parseLink(input.publishedUrl)
  if (publishedUrl === undefined) errors.publishedUrl = 'invalidLink'
  const move = checkMove(actor, card, 'published', rules)
  if (!move.ok) return failed(errors, move.refusal)
  if (Object.keys(errors).length > 0 || !publishedAt || publishedUrl === undefined)
    return failed(errors)
  const command = { type: 'publish', cardId: card.id, publishedAt, publishedUrl } as const
  const judged = judgeCommand(actor, card, rules, command, ['publishedAt', 'publishedUrl'])
  if (!judged.ok) return judged
  return { ok: true, value: { publishedAt, publishedUrl } }
}

/** Start monitoring: one click, when the board asks nothing more of the monitored stage. */
export function checkMonitor(
  actor: Actor,
  card: Card,
  rules: BoardRules,
): { ok: true } | { ok: false; refusal: Refusal } {
  // the command's verdict says who may move it and what the board demands of monitored
  return refusalOnly(planOnCard(actor, card, rules, { type: 'monitor', cardId: card.id }))
}

/** Take an unassigned calendar post: the assignment, nothing else. */
export function checkTake(
  actor: Actor,
  card: Card,
  rules: BoardRules,
): { ok: true } | { ok: false; refusal: Refusal } {
  return refusalOnly(planOnCard(actor, card, rules, { type: 'take', cardId: card.id }))
}

function refusalOnly(
  planned: ReturnType<typeof planOnCard>,
): { ok: true } | { ok: false; refusal: Refusal } {
  if (!planned.ok) return planned
  return planned.verdict.ok ? { ok: true } : { ok: false, refusal: planned.verdict.refusal }
}

export interface NoteInput {
  reach: string
  engagement: string
  comments: string
  /** '' or one of SENTIMENTS */
  sentiment: string
  text: string
}

export type NoteFields = Omit<MonitoringNote, 'at' | 'by'>

const GROUPED = /^\d{1,3}(?:([\s.,'’\u00a0\u202f])\d{3})(?:\1\d{3})*$/

/**
 * A count as people type it: "12300", "12,300", "12.300" or "12 300" (one grouping mark,
 * used throughout). Empty is null; a fraction or a negative is not a count (undefined).
 */
export function parseCount(raw: string): number | null | undefined {
  const text = raw.trim()
  if (!text) return null
  const digits = GROUPED.test(text) ? text.replace(/\D/g, '') : text
  if (!/^\d+$/.test(digits)) return undefined
  const value = Number(digits)
  return value <= 1e12 ? value : undefined
}

function isSentiment(value: string): value is Sentiment {
  return (SENTIMENTS as readonly string[]).includes(value)
}

/** A monitoring note: what was seen (reach, engagement, comments, sentiment) and words. */
export function checkNote(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  input: NoteInput,
  now: Date,
): Checked<NoteFields, keyof NoteInput> {
  const errors: Partial<Record<keyof NoteInput, FieldProblem>> = {}
  const counts = {
    reach: parseCount(input.reach),
    engagement: parseCount(input.engagement),
    comments: parseCount(input.comments),
  }
  for (const [field, value] of Object.entries(counts)) {
    if (value === undefined) errors[field as keyof typeof counts] = 'wholeNumber'
  }
  const text = input.text.trim()
  const sentiment = isSentiment(input.sentiment) ? input.sentiment : null
  if (Object.keys(errors).length > 0) return failed(errors)
  const note: NoteFields = {
    reach: counts.reach ?? null,
    engagement: counts.engagement ?? null,
    comments: counts.comments ?? null,
    sentiment,
    text,
  }
  const command = { type: 'note', cardId: card.id, note } as const
  const judged = judgeCommand(actor, card, rules, command, ['text'], now)
  if (judged.ok) return { ok: true, value: note }
  // the command's "nothing said" is this form's empty note
  if (judged.errors.text === 'required') return failed({ text: 'emptyNote' })
  return judged
}

export interface EscalateInput {
  escalationReason: string
  /** '' or one of SEVERITIES */
  severity: string
  escalationUrl: string
}

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value)
}

/** What an escalation writes besides the move: why, how bad, where, and since when. */
export interface Escalation {
  escalationReason: string
  severity: Severity
  escalationUrl: string | null
  escalatedAt: string | null
}

/**
 * Escalate to a manager: a reason and a severity (always: the SLA runs by severity, even on
 * a board whose rules do not demand them) and the conversation's link. The move carries its
 * own `escalatedAt`, so what is judged here is exactly what is written.
 */
export function checkEscalate(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  input: EscalateInput,
  now: Date,
): Checked<Escalation, keyof EscalateInput> {
  const errors: Partial<Record<keyof EscalateInput, FieldProblem>> = {}
  const reason = input.escalationReason.trim()
  if (!reason) errors.escalationReason = 'required'
  if (!isSeverity(input.severity)) errors.severity = 'required'
  const escalationUrl = parseLink(input.escalationUrl)
  if (escalationUrl === undefined) errors.escalationUrl = 'invalidLink'
  const move = checkMove(actor, card, 'escalated', rules)
  if (!move.ok) return failed(errors, move.refusal)
  if (Object.keys(errors).length > 0 || !isSeverity(input.severity) || escalationUrl === undefined)
    return failed(errors)
  const command = {
    type: 'escalate',
    cardId: card.id,
    escalationReason: reason,
    severity: input.severity,
    escalationUrl,
  } as const
  const asked = ['escalationReason', 'severity', 'escalationUrl'] as const
  const judged = judgeCommand(actor, card, rules, command, asked, now)
  if (!judged.ok) return judged
  return {
    ok: true,
    value: {
      escalationReason: reason,
      severity: input.severity,
      escalationUrl,
      escalatedAt: judged.after.escalatedAt,
    },
  }
}
