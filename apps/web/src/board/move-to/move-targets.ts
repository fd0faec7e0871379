import {
  type Actor,
  type BoardRules,
  type Card,
  type Refusal,
  STAGES,
  type Stage,
} from '@pauta/domain'
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

/** A stage the person may move cards to, that this card may not enter as the post stands. */
export interface BlockedTarget {
  stage: Stage
  refusal: Refusal
}

/**
 * [FIT3] [ALT1] The stages the rules let this person move the card to but the post itself
 * keeps it from (a copy too long for its network, an image without alt text): "Move to…"
 * says why instead of leaving them out, since no field it asks for would put them right.
 */
export function blockedTargets(
  actor: Actor,
  card: Card,
  rules: BoardRules,
  stages: readonly Stage[],
): BlockedTarget[] {
  const blocked: BlockedTarget[] = []
  for (const stage of stages) {
    if (stage === card.stage || card.archived) continue
    const plan = planMove(actor, card, stage, rules)
    const { refusal } = plan.kind === 'forbidden' ? plan : { refusal: null }
    if (refusal?.code === 'copy-does-not-fit' || refusal?.code === 'missing-alt')
      blocked.push({ stage, refusal })
  }
  return blocked
}

/** The stage chosen when "Move to…" opens: the first one ahead of the card, else the first. */
export function firstChoice(card: Card, targets: readonly MoveTarget[]): Stage | null {
  const ahead = targets.find((target) => STAGES.indexOf(target.stage) > STAGES.indexOf(card.stage))
  return (ahead ?? targets[0])?.stage ?? null
}
