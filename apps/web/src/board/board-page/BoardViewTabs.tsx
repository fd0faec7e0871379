import type { Role } from '@pauta/domain'
import { useEffect, useRef } from 'react'
import { Link } from '../../app/Link.tsx'
import { type BoardView, boardViewPath } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { offeredViews } from './offered-views.ts'

/** The board's views as tabs, the current one marked: those that fit the person's roles. */
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
      {offeredViews(roles, view).map((name) => (
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
