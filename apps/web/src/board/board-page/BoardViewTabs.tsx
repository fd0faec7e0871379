import type { Role } from '@pauta/domain'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from '../../app/Link.tsx'
import { BOARD_VIEWS, type BoardView, boardViewPath } from '../../app/router.ts'
import { reviewsBottlenecks } from '../../dashboards/dashboard-access.ts'

/**
 * The board's views as tabs, the current one marked. The flow dashboard is offered to those
 * who review bottlenecks (and kept while it is the current view).
 */
export function BoardViewTabs({
  boardId,
  view,
  roles,
}: {
  boardId: string
  view: BoardView
  roles: readonly Role[] | undefined
}) {
  const { t } = useTranslation()
  const nav = useRef<HTMLElement>(null)
  // on a phone the strip scrolls sideways: keep the current view's tab in sight
  useEffect(() => {
    nav.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [view])
  return (
    <nav className="board-views" aria-label={t('views.label')} ref={nav}>
      {BOARD_VIEWS.filter(
        (name) =>
          name !== 'flow' || name === view || (roles !== undefined && reviewsBottlenecks(roles)),
      ).map((name) => (
        <Link
          key={name}
          to={boardViewPath(boardId, name)}
          className={`board-view-tab${name === view ? ' active' : ''}`}
          aria-current={name === view ? 'page' : undefined}
          data-testid={`view-${name}`}
        >
          {t(`views.${name}`)}
        </Link>
      ))}
    </nav>
  )
}
