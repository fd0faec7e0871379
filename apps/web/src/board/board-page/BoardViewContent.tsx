import { type BoardSettings, canEdit } from '@pauta/domain'
import type { BoardView } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { EmptyBoardGuide } from '../EmptyBoardGuide.tsx'
import { BoardFilterBar } from '../filters/BoardFilterBar.tsx'
import { BoardFilterProvider } from '../filters/filter-context.tsx'
import { useBoard } from '../use-board.ts'
import { BoardColumns } from './BoardColumns.tsx'
import { BoardCalendar, Dashboard, EscalationInbox, QueueView, TeamView } from './board-views.tsx'

/** The open view of a loaded board: the columns, the queue, the calendar, the inbox or a dashboard. */
export function BoardViewContent({
  boardId,
  view,
  name,
  settings,
  loaded,
}: {
  boardId: string
  view: BoardView
  /** the board's name, which labels its columns */
  name: string | undefined
  settings: BoardSettings | undefined
  loaded: boolean
}) {
  const { t } = useTranslation()
  // the keys move and create cards: nothing a client may do
  const { actor } = useBoard()
  return (
    <>
      {view === 'board' && (
        <BoardFilterProvider>
          <EmptyBoardGuide boardId={boardId} />
          <BoardFilterBar />
          <BoardColumns name={name} settings={settings} loaded={loaded} />
          {canEdit(actor.roles) && (
            <p className="shortcuts muted small" data-testid="board-shortcuts">
              {t('board.shortcuts')}
            </p>
          )}
        </BoardFilterProvider>
      )}
      {view === 'queue' && <QueueView />}
      {view === 'team' && <TeamView />}
      {view === 'calendar' && <BoardCalendar boardId={boardId} />}
      {view === 'escalations' && <EscalationInbox />}
      {(view === 'flow' || view === 'pipeline') && <Dashboard kind={view} />}
    </>
  )
}
