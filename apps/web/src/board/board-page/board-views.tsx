import type { ComponentType } from 'react'
import { lazyPart } from '../../app/lazy-part.tsx'
import type { BoardView } from '../../app/router.ts'
import { withViewStrings } from '../../i18n/i18n.ts'
import { BOARD_DIALOGS } from '../board-dialogs.tsx'
import { prefetchDndKit } from '../dnd-kit.tsx'
import { BoardLoading, BoardPartFailed } from './BoardNotices.tsx'

// The board's other views are chunks of their own, with their strings (../../i18n/i18n.ts):
// the board paints without them, and they are fetched when the browser is idle after it has
// (`prefetchBoardParts`), or at once when the board opens on one of them.

const view = <P extends object>(fetch: () => Promise<ComponentType<P>>) =>
  lazyPart(withViewStrings(fetch), {
    waiting: () => <BoardLoading />,
    failed: (_props, retry) => <BoardPartFailed retry={retry} />,
  })

export const QueueView = view(() => import('../../queue/QueueView.tsx').then((m) => m.QueueView))
export const TeamView = view(() => import('../../team/TeamView.tsx').then((m) => m.TeamView))
export const BoardCalendar = view(() => import('./BoardCalendar.tsx').then((m) => m.BoardCalendar))
export const EscalationInbox = view(() =>
  import('../../escalations/EscalationInbox.tsx').then((m) => m.EscalationInbox),
)
// recharts is the heaviest library of the app: the dashboards load only when opened
export const Dashboard = view(() => import('../../dashboards/Dashboard.tsx').then((m) => m.default))

const VIEWS: Record<BoardView, { prefetch(): void } | null> = {
  board: null,
  queue: QueueView,
  team: TeamView,
  calendar: BoardCalendar,
  escalations: EscalationInbox,
  flow: Dashboard,
  pipeline: Dashboard,
}

/** Fetches the chunk of `view` ahead of its first render (the board's: dragging cards). */
export function prefetchView(name: BoardView): void {
  if (name === 'board') prefetchDndKit()
  VIEWS[name]?.prefetch()
}

/**
 * Fetches what a board may open next: the board's dialogs and the views offered (`views`),
 * but the dashboards (their charts are the app's heaviest chunk, for a few of its people).
 * Once fetched they open at once, offline too.
 */
export function prefetchBoardParts(views: readonly BoardView[]): void {
  prefetchDndKit()
  for (const dialog of BOARD_DIALOGS) dialog.prefetch()
  for (const name of views) if (name !== 'flow' && name !== 'pipeline') prefetchView(name)
}
