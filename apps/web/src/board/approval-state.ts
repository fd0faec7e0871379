import { type BoardRules, type Card, needsApproval, type Stage } from '@pauta/domain'
import { APPROVAL_FILTERS, type ApprovalFilter } from '../app/router.ts'

/** Approval matters while a post is planned or scheduled: up to its publication. */
const BEFORE_PUBLISHING: ReadonlySet<Stage> = new Set(['plan', 'calendar'])

/**
 * [APPR2] Whether a card shows its approval: a post the policy covers, not yet out. The board,
 * the calendar and the queue show a badge on these posts, and their approval filter keeps
 * only these.
 */
export function awaitsApproval(card: Card, rules: BoardRules): boolean {
  return BEFORE_PUBLISHING.has(card.stage) && needsApproval(card, rules.approval)
}

/** Whether a card passes the approval filter: it shows its badge, in the state asked for. */
export function matchesApproval(card: Card, filter: ApprovalFilter, rules: BoardRules): boolean {
  if (!awaitsApproval(card, rules)) return false
  if (filter === 'client') return card.approval === 'in-review' && card.reviewer === 'client'
  return card.approval === filter
}

/**
 * The approval filter's choices on a board: none when its policy asks for no approval (but the
 * whole list while one is set, from a link, so that it can be undone); "waiting for the client"
 * only where the client answers after the team (under "the client alone" it is every review).
 */
export function approvalFilterChoices(
  rules: BoardRules,
  current: ApprovalFilter | null,
): readonly ApprovalFilter[] {
  const { policy } = rules.approval
  if (policy === 'none' && current === null) return []
  if (policy === 'internal-then-client' || current === 'client') return APPROVAL_FILTERS
  return APPROVAL_FILTERS.filter((filter) => filter !== 'client')
}
