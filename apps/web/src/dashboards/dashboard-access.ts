import { isLead, type Role } from '@pauta/domain'

/**
 * Who reviews the bottlenecks: strategists and managers (the server refuses the others). The
 * pipeline dashboard is every member's, clients included, read-only like the rest of the board.
 */
export function reviewsBottlenecks(roles: readonly Role[]): boolean {
  return isLead(roles)
}
