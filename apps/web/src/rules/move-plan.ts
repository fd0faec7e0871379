import { type Command, cardsView, type PlannedCommand, planCommand } from '@pauta/board'
import {
  type Actor,
  type BoardRules,
  type Card,
  CM_ACTIVE_STAGES,
  checkMove,
  type MoveFields,
  missingFields,
  moveFieldsSchema,
  postRefusal,
  type Refusal,
  type Stage,
  type StageField,
} from '@pauta/domain'

/** A field the move dialog may ask for: a stage's required field, or the resolution note. */
export type AskField = StageField | 'resolutionNote'

/** The fields a move may write besides `MoveFields`: text fields a board may require too. */
export interface ExtraFields {
  description?: string
  copy?: string
  campaign?: string
  objective?: string | null
  tags?: string[]
}

export type MoveAnswers = MoveFields & ExtraFields

/** What happens when a card is dropped into a stage. */
export type MovePlan =
  | { kind: 'forbidden'; refusal: Refusal }
  | { kind: 'move' }
  | { kind: 'ask'; fields: AskField[] }

/**
 * Decides what a drop of `card` into `to` does: a refusal (the actor
 * may not make this move), a move as is, or a move once the dialog has asked for the fields
 * the target stage needs (and a resolution note when leaving an escalation).
 */
export function planMove(actor: Actor, card: Card, to: Stage, rules: BoardRules): MovePlan {
  const verdict = checkMove(actor, card, to, rules)
  if (!verdict.ok) return { kind: 'forbidden', refusal: verdict.refusal }
  if (to === card.stage) return { kind: 'move' }
  // [FIT3] [ALT1] a copy too long for its network, an image without alt text: no field the
  // dialog asks for would put it right
  const unfit = postRefusal(card, to, rules)
  if (unfit) return { kind: 'forbidden', refusal: unfit }
  const fields: AskField[] = missingFields(card, to, rules)
  if (card.stage === 'escalated') fields.push('resolutionNote')
  return fields.length > 0 ? { kind: 'ask', fields } : { kind: 'move' }
}

/**
 * A card command worked out on this card alone, without writing: the card it would leave
 * (computed by the code that writes it) and the rules' verdict. Forms check what a person
 * typed with it before they run the command on the board.
 */
export function planOnCard(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  command: Command,
  now?: Date,
): PlannedCommand {
  return planCommand(cardsView([card]), { actor, rules, ...(now ? { now } : {}) }, command)
}

/**
 * Checks the dialog's answers the way the server will: each asked field is filled and valid,
 * and the move command, worked out on the card, is accepted. Returns the fields to write or
 * the fields in error / the refusal.
 */
export function checkMoveAnswers(
  actor: Actor,
  card: Card,
  to: Stage,
  rules: BoardRules,
  asked: readonly AskField[],
  answers: MoveAnswers,
):
  | { ok: true; fields: MoveFields; extra: ExtraFields }
  | { ok: false; missing: AskField[]; refusal: Refusal | null } {
  const { description, copy, campaign, objective, tags, ...moveOnly } = answers
  const extra: ExtraFields = {}
  if (asked.includes('description') && description !== undefined) extra.description = description
  if (asked.includes('copy') && copy !== undefined) extra.copy = copy
  if (asked.includes('campaign') && campaign !== undefined) extra.campaign = campaign
  if (asked.includes('objective') && objective !== undefined) extra.objective = objective
  if (asked.includes('tags') && tags !== undefined) extra.tags = tags
  const picked = Object.fromEntries(
    Object.entries(moveOnly).filter(([field]) => asked.includes(field as AskField)),
  )
  const invalid = new Set<AskField>()
  let parsed = moveFieldsSchema.safeParse(picked)
  if (!parsed.success) {
    // keep the valid answers, so that each wrong field is reported once, not all of them
    for (const issue of parsed.error.issues) invalid.add(issue.path[0] as AskField)
    parsed = moveFieldsSchema.safeParse(
      Object.fromEntries(Object.entries(picked).filter(([f]) => !invalid.has(f as AskField))),
    )
  }
  const fields: MoveFields = parsed.success ? parsed.data : {}
  const planned = planOnCard(actor, card, rules, {
    type: 'move',
    cardId: card.id,
    stage: to,
    fields: { ...fields, ...extra },
  })
  if (!planned.ok) {
    // an answer the command cannot write (a text too long, a tag too long...)
    const field = planned.refusal.code === 'invalid' ? planned.refusal.field : undefined
    if (field && asked.includes(field as AskField)) invalid.add(field as AskField)
    else return { ok: false, missing: [], refusal: planned.refusal }
  } else {
    const { after } = planned.change
    for (const field of missingFields(after, to, rules)) invalid.add(field)
    if (asked.includes('resolutionNote') && !after.resolutionNote?.trim())
      invalid.add('resolutionNote')
  }
  if (invalid.size > 0 || !planned.ok) {
    return { ok: false, missing: asked.filter((field) => invalid.has(field)), refusal: null }
  }
  if (!planned.verdict.ok) return { ok: false, missing: [], refusal: planned.verdict.refusal }
  return { ok: true, fields, extra }
}

/** Which stages take this card now: each stage's verdict, for the columns while it is dragged. */
export function dropVerdicts(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  stages: readonly Stage[],
): Map<Stage, Refusal | null> {
  const verdicts = new Map<Stage, Refusal | null>()
  for (const stage of stages) {
    const verdict = checkMove(actor, card, stage, rules)
    const unfit = stage === card.stage ? null : postRefusal(card, stage, rules)
    verdicts.set(stage, verdict.ok ? unfit : verdict.refusal)
  }
  return verdicts
}

/** Whether the actor may pick this card up at all (some stage, its own included, takes it). */
export function canDrag(actor: Actor, card: Card, rules: BoardRules, stages: readonly Stage[]) {
  return stages.some((stage) => checkMove(actor, card, stage, rules).ok)
}

/**
 * Community managers' active load: cards assigned to them that still need them (a post to
 * publish, a publication just out, an open escalation). Monitored cards are long-lived and
 * do not count (the domain's CM_ACTIVE_STAGES, as the dashboards count them).
 */
export function activeLoad(cards: Iterable<Card>): Map<string, number> {
  const load = new Map<string, number>()
  for (const card of cards) {
    if (
      card.archived ||
      !card.assigneeId ||
      !(CM_ACTIVE_STAGES as readonly Stage[]).includes(card.stage)
    )
      continue
    load.set(card.assigneeId, (load.get(card.assigneeId) ?? 0) + 1)
  }
  return load
}
