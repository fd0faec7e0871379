import { isCm, isLead, type Role } from '@pauta/domain'
import { BOARD_VIEWS, type BoardView } from '../../app/router.ts'
import { reviewsBottlenecks } from '../../dashboards/dashboard-access.ts'

/**
 * The views offered as tabs to someone holding these roles, the current one always kept:
 * "My posts" to community managers (theirs to publish), "Team posts" to those who lead the
 * board, the bottlenecks to those who review them. Until the roles are known, only the views
 * everyone gets. A client gets neither queue: nothing is ever theirs to publish.
 */
export function offeredViews(roles: readonly Role[] | undefined, current: BoardView): BoardView[] {
  const offered: Partial<Record<BoardView, (roles: readonly Role[]) => boolean>> = {
    queue: isCm,
    team: isLead,
    flow: reviewsBottlenecks,
  }
  return BOARD_VIEWS.filter((name) => {
    const may = offered[name]
    return name === current || may === undefined || (roles !== undefined && may(roles))
  })
}
