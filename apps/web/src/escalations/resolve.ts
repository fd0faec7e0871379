import {
  type Actor,
  type BoardRules,
  type Card,
  checkMove,
  type MoveFields,
  type Refusal,
  type StageField,
} from '@pauta/domain'
import { checkMoveAnswers, planMove, planOnCard } from '../rules/move-plan.ts'

/** Where a resolved escalation goes: back to monitoring, or to plan for corrective content. */
export const RESOLVE_TARGETS = ['monitored', 'plan'] as const
export type ResolveTarget = (typeof RESOLVE_TARGETS)[number]

export function isResolveTarget(value: string): value is ResolveTarget {
  return (RESOLVE_TARGETS as readonly string[]).includes(value)
}

/** The ways out of this escalation that the board's rules give this actor. */
export function resolveTargets(actor: Actor, card: Card, rules: BoardRules): ResolveTarget[] {
  if (card.stage !== 'escalated' || card.archived) return []
  return RESOLVE_TARGETS.filter((to) => checkMove(actor, card, to, rules).ok)
}

export type ResolveProblem = 'required' | 'tooLong'

/** Resolve: a note saying how, and where the card goes; judged as the server will. */
export function checkResolve(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  input: { to: string; resolutionNote: string },
):
  | { ok: true; to: ResolveTarget; fields: MoveFields }
  | {
      ok: false
      errors: Partial<Record<'to' | 'resolutionNote', ResolveProblem>>
      refusal: Refusal | null
    } {
  const errors: Partial<Record<'to' | 'resolutionNote', ResolveProblem>> = {}
  const note = input.resolutionNote.trim()
  if (!note) errors.resolutionNote = 'required'
  if (!isResolveTarget(input.to)) errors.to = 'required'
  if (!isResolveTarget(input.to)) return { ok: false, errors, refusal: null }
  const to = input.to
  const plan = planMove(actor, card, to, rules)
  if (plan.kind === 'forbidden') return { ok: false, errors, refusal: plan.refusal }
  // a note the resolve command cannot write (too long) is told next to the note
  const written = planOnCard(actor, card, rules, {
    type: 'resolve',
    cardId: card.id,
    stage: to,
    resolutionNote: note,
  })
  if (
    !written.ok &&
    written.refusal.code === 'invalid' &&
    written.refusal.field === 'resolutionNote'
  )
    errors.resolutionNote = written.refusal.problem === 'too-long' ? 'tooLong' : 'required'
  if (errors.resolutionNote) return { ok: false, errors, refusal: null }
  const asked = plan.kind === 'ask' ? plan.fields : ['resolutionNote' as const]
  const checked = checkMoveAnswers(actor, card, to, rules, asked, { resolutionNote: note })
  if (checked.ok) return { ok: true, to, fields: checked.fields }
  // what the board demands of the target stage besides the note: the dialog cannot ask it,
  // so say what is missing (the card dialog fills it in)
  const others = checked.missing.filter((field): field is StageField => field !== 'resolutionNote')
  if (checked.missing.includes('resolutionNote')) errors.resolutionNote = 'required'
  const refusal: Refusal | null =
    checked.refusal ??
    (others.length > 0 ? { code: 'missing-fields', stage: to, fields: others } : null)
  return { ok: false, errors, refusal }
}
