import { cardsView, checkCommand } from '@pauta/board'
import type { Actor, BoardRules, NewCard, Refusal, Stage, StageField } from '@pauta/domain'
import type { MoveAnswers } from '../../rules/move-plan.ts'

/** What a column's "+" offers: nothing, the quick title form, or a form of the stage's fields. */
export type CreatePlan =
  | { kind: 'absent' }
  | { kind: 'title' }
  | { kind: 'ask'; fields: Exclude<StageField, 'title'>[] }

/**
 * Asks the create command what creating a card in `stage` takes for this person: refused for
 * who they are (no "+"), accepted with a title alone (the quick form), or refused for the
 * stage's required fields (a form that asks them, the title first).
 */
export function createPlan(actor: Actor, rules: BoardRules, stage: Stage): CreatePlan {
  const checked = checkCommand(
    cardsView([]),
    { actor, rules },
    { type: 'create', card: { title: 'x', stage } },
  )
  if (checked.ok) return { kind: 'title' }
  if (checked.refusal.code !== 'missing-fields') return { kind: 'absent' }
  const fields = checked.refusal.fields.filter(
    (field): field is Exclude<StageField, 'title'> => field !== 'title',
  )
  return fields.length > 0 ? { kind: 'ask', fields } : { kind: 'title' }
}

/** The create command's card: the title, the stage, and the answers to the fields asked. */
export function newCardInput(
  title: string,
  stage: Stage,
  asked: readonly StageField[],
  answers: MoveAnswers,
): NewCard {
  const card: Record<string, unknown> = { title, stage }
  for (const [field, value] of Object.entries(answers)) {
    if (asked.includes(field as StageField) && value !== undefined) card[field] = value
  }
  return card as NewCard
}

/**
 * The asked fields a refusal of the create points at: those a stage still lacks, or the one
 * whose answer cannot be written; empty when the refusal is about something else.
 */
export function fieldsAtFault(refusal: Refusal, asked: readonly StageField[]): StageField[] {
  if (refusal.code === 'missing-fields') return refusal.fields.filter((f) => asked.includes(f))
  if (refusal.code === 'invalid' && asked.includes(refusal.field as StageField))
    return [refusal.field as StageField]
  return []
}
