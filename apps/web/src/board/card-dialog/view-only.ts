import { type Actor, type Card, canEditCard, type Refusal } from '@pauta/domain'

/**
 * Why this person may only look at this card, or null when they may edit it (or there is no
 * card yet). `live`: the board is open and this person holds a role that changes things.
 */
export function viewOnlyReason(
  live: boolean,
  actor: Actor,
  card: Card | undefined,
): Refusal | null {
  if (!card || (live && canEditCard(actor, card))) return null
  return !live || actor.roles.every((role) => role === 'client')
    ? { code: 'read-only' }
    : { code: 'not-assignee' }
}
