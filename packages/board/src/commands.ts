import {
  type Actor,
  afterYes,
  type BoardRules,
  type Card,
  cardDefaults,
  cardEditSchema,
  cardIdSchema,
  cardSchema,
  firstReviewer,
  type InputProblem,
  judgeCardChange,
  LIMITS,
  linkSchema,
  monitoringNoteSchema,
  moveFieldsSchema,
  newCardSchema,
  type Refusal,
  sentimentSchema,
  severitySchema,
  stageSchema,
  storedFieldProblem,
  type Verdict,
} from '@pauta/domain'
import type * as Y from 'yjs'
import * as z from 'zod/mini'
import { newCardId } from './ids.ts'
import {
  type BoardView,
  bottomKey,
  type CardWrite,
  commitWrites,
  docView,
  type Placement,
  placement,
  writeFields,
  writeNew,
} from './plan.ts'

const cardId = cardIdSchema
/** Past the last card: a command that does not say where puts the card at the bottom. */
const LAST = Number.MAX_SAFE_INTEGER
const index = z._default(z.number().check(z.int(), z.minimum(0), z.maximum(LAST)), LAST)
const count = z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(1e12)))
/** `schema`, null when left out. */
const nullByDefault = <T extends z.core.SomeType>(schema: T) => z._default(z.nullable(schema), null)

/**
 * Every change a person (or the server on someone's behalf) makes to a card, by name. Inputs
 * are what a form or an API caller gives; the command turns them into the stored fields.
 */
export const commandSchema = z.discriminatedUnion('type', [
  /** A new card at the bottom of its stage ([ORD3]). */
  z.object({ type: z.literal('create'), card: newCardSchema, id: z.optional(cardId) }),
  /** Fields of the card form ([EDIT1]). */
  z.object({ type: z.literal('edit'), cardId, fields: cardEditSchema }),
  /**
   * [MOVE1] To `index` of a stage's column, with the fields that stage asks for ([MOVE4]):
   * a move's own fields and any field of the card form a board may require.
   */
  z.object({
    type: z.literal('move'),
    cardId,
    stage: stageSchema,
    index,
    fields: z._default(z.partial(z.extend(cardEditSchema, moveFieldsSchema.shape)), {}),
  }),
  /** A community manager takes an unassigned calendar post. */
  z.object({ type: z.literal('take'), cardId }),
  /** Back to the pool: no assignee. */
  z.object({ type: z.literal('release'), cardId }),
  /** Out: when it went live and where. */
  z.object({
    type: z.literal('publish'),
    cardId,
    publishedAt: z.iso.datetime({ offset: true }),
    publishedUrl: nullByDefault(linkSchema),
  }),
  /** A published post is now being watched. */
  z.object({ type: z.literal('monitor'), cardId }),
  /** [NOTE1] What monitoring saw, signed by the author. */
  z.object({
    type: z.literal('note'),
    cardId,
    note: z.strictObject({
      reach: z._default(count, null),
      engagement: z._default(count, null),
      comments: z._default(count, null),
      sentiment: nullByDefault(sentimentSchema),
      text: z._default(z.string().check(z.maxLength(LIMITS.note), z.trim()), ''),
    }),
  }),
  /** To a manager: the reason, a severity (the SLA runs by it) and the conversation. */
  z.object({
    type: z.literal('escalate'),
    cardId,
    escalationReason: z.string().check(z.maxLength(LIMITS.description), z.trim(), z.minLength(1)),
    severity: severitySchema,
    escalationUrl: nullByDefault(linkSchema),
  }),
  /** Out of escalated, with the note of how it was resolved. */
  z.object({
    type: z.literal('resolve'),
    cardId,
    stage: stageSchema,
    index,
    resolutionNote: z.string().check(z.maxLength(LIMITS.description), z.trim(), z.minLength(1)),
  }),
  /** [DOC4] Hidden from the board, never deleted. */
  z.object({ type: z.literal('archive'), cardId }),
  /** Back on the board: at `index` of its stage's column, by default the end of it. */
  z.object({ type: z.literal('restore'), cardId, index }),
  /**
   * [APPR3] A review step: send the post for review, or, as the reviewer it waits for,
   * approve it or ask for changes. Accepted only from the server's own command path ([APPR5]).
   */
  z.object({
    type: z.literal('review'),
    cardId,
    step: z.enum(['send', 'approve', 'changes']),
  }),
])
export type Command = z.input<typeof commandSchema>
export type CommandType = Command['type']
export const COMMAND_TYPES = commandSchema.def.options.map((o) => o.shape.type.def.values[0]!)

/** Who runs a command, under which rules, at what time. */
export interface CommandContext {
  actor: Actor
  rules: BoardRules
  /** The instant the change is made at (signed notes, an escalation's start); default now. */
  now?: Date
}

/** One card as a command leaves it. */
export interface CardChange {
  command: CommandType
  cardId: string
  /** null when the command creates the card */
  before: Card | null
  after: Card
}

export type CommandResult = { ok: true; change: CardChange } | { ok: false; refusal: Refusal }

/**
 * The origin of a command's transaction: a Y.UndoManager tracks commands by this class, and
 * observers tell a person's change from one that arrived from elsewhere.
 */
export class CommandOrigin {
  constructor(
    readonly command: CommandType,
    readonly actorId: string,
  ) {}
}

/** A command worked out but not written: the change, its verdict, and the write itself. */
export type PlannedCommand =
  | { ok: false; refusal: Refusal }
  | { ok: true; change: CardChange; verdict: Verdict; commit(doc: Y.Doc): void }

const invalid = (
  detail: string,
  field?: string,
  problem: InputProblem = 'format',
): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal:
    field === undefined ? { code: 'invalid', detail } : { code: 'invalid', detail, field, problem },
})

/** What a form says about a field the input schema refused. */
function problemOf(issue: z.core.$ZodIssue): InputProblem {
  if (issue.code === 'too_big') return 'too-long'
  if (issue.code === 'too_small') return 'required'
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required'
  return 'format'
}

/**
 * Works a command out against a board without writing: the card after the change, computed
 * by the same code that writes it, and the domain rules' verdict on every card it touches
 * (the server judges the written update with the same rules, [JUDGE5]).
 */
export function planCommand(view: BoardView, ctx: CommandContext, input: Command): PlannedCommand {
  const parsed = commandSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path = issue.path.filter((p) => p !== 'fields' && p !== 'note' && p !== 'card')
    return invalid(issue.message, path.length > 0 ? String(path[0]) : undefined, problemOf(issue))
  }
  const command = parsed.data
  const now = ctx.now ?? new Date()
  let planned: { write: CardWrite; placed?: Placement } | { ok: false; refusal: Refusal }
  if (command.type === 'create') {
    const card = buildCard(command.card, {
      userId: ctx.actor.id,
      now,
      id: command.id,
      order: bottomKey(view, command.card.stage ?? 'strategy'),
    })
    if (view.has(card.id)) return invalid(`card ${card.id} exists already`)
    // [CMD6] A card created in escalated starts its SLA now (the server stamps its own, [STAMP1]).
    if (card.stage === 'escalated') card.escalatedAt = now.toISOString()
    planned = { write: writeNew(card) }
  } else {
    const before = view.card(command.cardId)
    if (!before) {
      return invalid(
        view.has(command.cardId)
          ? `card ${command.cardId} is unreadable; a manager may repair it`
          : `no card ${command.cardId} on this board`,
      )
    }
    planned = planOnCard(view, ctx, command, before, now)
  }
  if ('ok' in planned) return planned
  const { write, placed } = planned
  // [JUDGE7] Each field written is in the form the card schema stores.
  for (const [field, value] of Object.entries(write.fields)) {
    const problem = storedFieldProblem(field, value)
    if (problem) return invalid(problem, field)
  }
  const verdict = judgeAll({ ...ctx, now }, write, placed, view)
  const change: CardChange = {
    command: command.type,
    cardId: write.id,
    before: write.before,
    after: write.after,
  }
  const origin = new CommandOrigin(command.type, ctx.actor.id)
  return {
    ok: true,
    change,
    verdict,
    commit: (doc) => commitWrites(doc, [write], placed?.rekeyed ?? [], origin),
  }
}

type ParsedCommand = z.output<typeof commandSchema>

function planOnCard(
  view: BoardView,
  ctx: CommandContext,
  command: Exclude<ParsedCommand, { type: 'create' }>,
  before: Card,
  now: Date,
): { write: CardWrite; placed?: Placement } | { ok: false; refusal: Refusal } {
  const move = (stage: Card['stage'], at: number, fields: Partial<Card>) => {
    const placed = placement(view, before.id, stage, at)
    const patch: Partial<Card> = { ...fields, stage, order: placed.order }
    // [MOVE6] Entering escalated starts the SLA clock (the server stamps its own, [STAMP1]).
    if (stage === 'escalated' && before.stage !== 'escalated' && !patch.escalatedAt)
      patch.escalatedAt = now.toISOString()
    return { write: writeFields(before, patch), placed }
  }
  switch (command.type) {
    case 'edit':
      return { write: writeFields(before, command.fields) }
    case 'move':
      return move(command.stage, command.index, command.fields)
    case 'take':
      return { write: writeFields(before, { assigneeId: ctx.actor.id }) }
    case 'release':
      return { write: writeFields(before, { assigneeId: null }) }
    case 'publish':
      return move('published', LAST, {
        publishedAt: command.publishedAt,
        publishedUrl: command.publishedUrl,
      })
    case 'monitor':
      return move('monitored', LAST, {})
    case 'note': {
      if (before.monitoring.length >= LIMITS.notes)
        return { ok: false, refusal: { code: 'not-allowed-field', field: 'monitoring' } }
      const note = monitoringNoteSchema.parse({
        ...command.note,
        at: now.toISOString(),
        by: ctx.actor.id,
      })
      const { at: _at, by: _by, ...said } = note
      if (Object.values(said).every((value) => value === null || value === ''))
        return invalid('a note says something', 'text', 'required')
      return { write: writeFields(before, { monitoring: [...before.monitoring, note] }) }
    }
    case 'escalate':
      return move('escalated', LAST, {
        escalationReason: command.escalationReason,
        severity: command.severity,
        escalationUrl: command.escalationUrl,
      })
    case 'resolve':
      return move(command.stage, command.index, { resolutionNote: command.resolutionNote })
    case 'archive':
      return { write: writeFields(before, { archived: true }) }
    case 'restore':
      return move(before.stage, command.index, { archived: false })
    case 'review':
      return { write: writeFields(before, reviewStep(ctx.rules, before, command.step)) }
  }
}

/** [APPR3] The approval fields a review step writes; the judge decides whether it may. */
function reviewStep(
  rules: BoardRules,
  before: Card,
  step: 'send' | 'approve' | 'changes',
): Partial<Card> {
  const { policy } = rules.approval
  if (step === 'send')
    return { approval: 'in-review', reviewer: firstReviewer(policy), approvalNote: null }
  if (step === 'approve' && before.reviewer !== null)
    return { ...afterYes(policy, before.reviewer), approvalNote: null }
  if (step === 'approve') return { approval: 'approved', reviewer: null, approvalNote: null }
  return { approval: 'changes-requested', reviewer: null, approvalNote: null }
}

/**
 * The rules' verdict on every card the write touches, in the order it writes them (re-keyed
 * neighbours first, [ORD2]), so the first refusal is the one the server finds first too.
 */
function judgeAll(
  ctx: CommandContext,
  write: CardWrite,
  placed: Placement | undefined,
  view: BoardView,
): Verdict {
  for (const { id, order } of placed?.rekeyed ?? []) {
    const neighbour = view.card(id)
    if (!neighbour) continue
    const moved = judgeCardChange(ctx.actor, neighbour, { ...neighbour, order }, ctx.rules, ctx.now)
    if (!moved.ok) return moved
  }
  return judgeCardChange(ctx.actor, write.before, write.after, ctx.rules, ctx.now)
}

/** Whether a command would be accepted, and the card it would leave; nothing is written. */
export function checkCommand(view: BoardView, ctx: CommandContext, input: Command): CommandResult {
  const planned = planCommand(view, ctx, input)
  if (!planned.ok) return planned
  if (!planned.verdict.ok) return { ok: false, refusal: planned.verdict.refusal }
  return { ok: true, change: planned.change }
}

/**
 * Runs a command on a board document: worked out, judged by the domain rules, and only
 * then written in one transaction whose origin is a `CommandOrigin`. A refused command
 * writes nothing.
 */
export function runCommand(doc: Y.Doc, ctx: CommandContext, input: Command): CommandResult {
  const planned = planCommand(docView(doc), ctx, input)
  if (!planned.ok) return planned
  if (!planned.verdict.ok) return { ok: false, refusal: planned.verdict.refusal }
  planned.commit(doc)
  return { ok: true, change: planned.change }
}

/**
 * The card `create` writes for this input: what the input gives, the schema's defaults for
 * everything else ([DOC3]), and who created it when.
 */
export function buildCard(
  input: z.input<typeof newCardSchema>,
  ctx: { userId: string | null; now?: Date; id?: string | undefined; order?: string },
): Card {
  const given = Object.fromEntries(
    Object.entries(newCardSchema.parse(input)).filter(([, value]) => value !== undefined),
  )
  return cardSchema.parse({
    ...cardDefaults(),
    ...given,
    id: ctx.id ?? newCardId(),
    order: ctx.order ?? 'a0',
    createdAt: (ctx.now ?? new Date()).toISOString(),
    createdBy: ctx.userId,
  })
}
