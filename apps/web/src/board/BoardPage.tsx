import { DEFAULT_RULES, canEdit as rolesCanEdit } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { whenIdle } from '../app/lazy-part.tsx'
import type { BoardView } from '../app/router.ts'
import { useMe } from '../auth/me.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { CardDialog } from './board-dialogs.tsx'
import { BoardHeader } from './board-page/BoardHeader.tsx'
import {
  BoardDamaged,
  BoardLoading,
  BoardNotices,
  BoardUnavailable,
} from './board-page/BoardNotices.tsx'
import { BoardViewContent } from './board-page/BoardViewContent.tsx'
import { BoardViewTabs } from './board-page/BoardViewTabs.tsx'
import { prefetchBoardParts, prefetchView } from './board-page/board-views.tsx'
import { closedNotice } from './board-page/closed-notice.ts'
import { offeredViews } from './board-page/offered-views.ts'
import { useBoardContextValue } from './board-page/use-board-context-value.ts'
import { useOpenCard } from './board-page/use-open-card.ts'
import { useRefusals } from './board-page/use-refusals.ts'
import { useSessionEvents } from './board-page/use-session-events.ts'
import { CommentsLive } from './comments-live.tsx'
import { RefusalToast } from './RefusalToast.tsx'
import { UndoBar } from './undo/UndoBar.tsx'
import { UndoNoticeToast } from './undo/UndoNoticeToast.tsx'
import { UndoProvider } from './undo/UndoProvider.tsx'
import { BoardContext } from './use-board.ts'
import { useBoardDoc, useSessionState } from './use-board-doc.ts'
import '../styles/board.css'

/**
 * `/b/<id>`: one board, live. Holds the session and what the board's parts share (the
 * context, the open card, the refusal shown); the header, notices, view tabs and the view
 * itself are sections of their own.
 */
export default function BoardPage({
  boardId,
  view = 'board',
  cardId = null,
}: {
  boardId: string
  view?: BoardView
  /** A card to open (a notification's link): the URL says which. */
  cardId?: string | null
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const me = useMe()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const { session, notice, rejection } = useBoardDoc(boardId, me.id)
  const state = useSessionState(session)
  const { openCardId, openCard, closeCard } = useOpenCard(boardId, view, cardId)
  useSessionEvents(notice, state.connections, board.refetch)
  const { shownRefusal, refuse, dismissRefusal } = useRefusals(rejection, board.refetch)

  const roles = board.data?.roles
  // the view opened (and a card the link opens) come while the board loads; the rest once it
  // has painted
  useEffect(() => prefetchView(view), [view])
  useEffect(() => {
    if (cardId) CardDialog.prefetch()
  }, [cardId])
  const painted = state.loaded && roles !== undefined
  useEffect(() => {
    if (painted) return whenIdle(() => prefetchBoardParts(offeredViews(roles, 'board')))
  }, [painted, roles])
  const live = state.closed === null
  const editable = roles !== undefined && rolesCanEdit(roles) && live
  const rules = board.data?.settings.rules ?? DEFAULT_RULES
  const context = useBoardContextValue({
    session,
    data: board.data,
    userId: me.id,
    editable,
    rules,
    openCard,
    refuse,
  })

  const boardCode = trpcErrorCode(board.error)
  if (notice === 'access-lost' || boardCode === 'NOT_FOUND' || boardCode === 'FORBIDDEN')
    return <BoardUnavailable accessLost={notice === 'access-lost'} />

  const closed = closedNotice(state, notice, session, t)
  const readOnly = roles !== undefined && !rolesCanEdit(roles)

  return (
    <div className="page board-page">
      <BoardHeader
        boardId={boardId}
        board={board.data}
        roles={roles}
        readOnly={readOnly}
        context={context}
        // nothing is kept "offline" of a board that never loaded: the message says it all
        status={closed.damagedInPlace ? null : state.status}
      />
      <BoardNotices closed={closed} readOnly={readOnly} />
      {shownRefusal && (
        <RefusalToast
          key={shownRefusal.seq}
          shown={shownRefusal}
          rules={rules}
          onDismiss={dismissRefusal}
        />
      )}
      {closed.damagedInPlace ? (
        <BoardDamaged text={closed.text} />
      ) : !context || !state.loaded ? (
        <BoardLoading />
      ) : (
        <BoardContext value={context}>
          <CommentsLive boardId={boardId}>
            <UndoProvider>
              <div className="board-bar">
                <BoardViewTabs boardId={boardId} view={view} roles={roles} />
                <UndoBar />
              </div>
              <BoardViewContent
                boardId={boardId}
                view={view}
                name={board.data?.name}
                settings={board.data?.settings}
                loaded={state.loaded}
              />
              {openCardId && (
                <CardDialog key={openCardId} cardId={openCardId} onClose={closeCard} />
              )}
              <UndoNoticeToast />
            </UndoProvider>
          </CommentsLive>
        </BoardContext>
      )}
    </div>
  )
}
