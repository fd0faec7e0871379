import { type Actor, type BoardRules, type Card, STAGES, type Stage } from '@pauta/domain'
import { type AskField, planMove, planOnCard } from '../../rules/move-plan.ts'

/** A stage "Move to…" offers: where the card may go, and what that stage will ask for. */
export interface MoveTarget {
  stage: Stage
  fields: AskField[]
}

/** Past the last card: "Move to…" puts the card at the end of its new stage. */
export const END_OF_STAGE = Number.MAX_SAFE_INTEGER

/**
 * The stages this person may move this card to, in board order, each with the fields it will
 * ask for. A stage is offered when the rules let this person make the move and the move
 * command, worked out on the card, is refused for nothing but the fields the dialog asks
 * (a required field, or the note that resolves an escalation).
 */
export function moveTargets(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  stages: readonly Stage[],
): MoveTarget[] {
  const targets: MoveTarget[] = []
  for (const stage of stages) {
    if (stage === card.stage || card.archived) continue
    const plan = planMove(actor, card, stage, rules)
    if (plan.kind === 'forbidden') continue
    const fields = plan.kind === 'ask' ? plan.fields : []
    const planned = planOnCard(actor, card, rules, {
      type: 'move',
      cardId: card.id,
      stage,
      index: END_OF_STAGE,
    })
    if (!planned.ok) continue
    const refusal = planned.verdict.ok ? null : planned.verdict.refusal
    const askedFor =
      refusal === null ||
      (refusal.code === 'missing-fields' && refusal.fields.every((f) => fields.includes(f))) ||
      (refusal.code === 'resolution-note' && fields.includes('resolutionNote'))
    if (askedFor) targets.push({ stage, fields })
  }
  return targets
}

/** The stage chosen when "Move to…" opens: the first one ahead of the card, else the first. */
export function firstChoice(card: Card, targets: readonly MoveTarget[]): Stage | null {
  const ahead = targets.find((target) => STAGES.indexOf(target.stage) > STAGES.indexOf(card.stage))
  return (ahead ?? targets[0])?.stage ?? null
}
