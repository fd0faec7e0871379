import { cardsMap } from '@pauta/board'
import {
  type Actor,
  DEFAULT_RULES,
  decodeRefusal,
  isStrategist,
  type Refusal,
  canEdit as rolesCanEdit,
  STAGES,
  wipLimit,
} from '@pauta/domain'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import {
  BOARD_VIEWS,
  type BoardView,
  boardSettingsPath,
  boardViewPath,
  navigate,
  workspacePath,
} from '../app/router.ts'
import { useMe } from '../auth/me.ts'
import { markSessionEnded } from '../auth/session-ended.ts'
import { CalendarView } from '../calendar/CalendarView.tsx'
import { reviewsBottlenecks } from '../dashboards/dashboard-access.ts'
import { EscalationInbox } from '../escalations/EscalationInbox.tsx'
import { BoardFeedButton } from '../feeds/BoardFeedButton.tsx'
import { QueueView } from '../queue/QueueView.tsx'
import { BoardDnd } from './BoardDnd.tsx'
import type { CloseKind } from './board-session.ts'
import { CardDialog } from './CardDialog.tsx'
import { Column } from './Column.tsx'
import { ConnectionStatus } from './ConnectionStatus.tsx'
import { Presence } from './Presence.tsx'
import { RefusalToast, type ShownRefusal } from './RefusalToast.tsx'
import { BoardContext, type BoardContextValue, type Member } from './use-board.ts'
import { useBoardDoc, useSessionState } from './use-board-doc.ts'
import '../styles/board.css'

const NO_ITEMS: readonly string[] = []

// recharts is the heaviest library of the app: the dashboards load only when opened
const Dashboard = lazy(() => import('../dashboards/Dashboard.tsx'))

const NOTICE_KEYS: Record<CloseKind, string> = {
  'access-lost': 'board.accessLost',
  'signed-out': 'board.signedOut',
  rejected: 'board.rejected',
  damaged: 'board.damaged',
  closed: 'board.closed',
}

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
  const queryClient = useQueryClient()
  const me = useMe()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const { session, notice, rejection } = useBoardDoc(boardId, me.id)
  const state = useSessionState(session)
  const [openCardId, setOpenCardId] = useState<string | null>(cardId)
  const [shownRefusal, setShownRefusal] = useState<ShownRefusal | null>(null)
  const closeCard = useCallback(() => {
    setOpenCardId(null)
    // a card opened by its link: closing it leaves the link behind
    if (new URLSearchParams(location.search).has('card'))
      navigate(boardViewPath(boardId, view), { replace: true })
  }, [boardId, view])
  useEffect(() => {
    if (cardId) setOpenCardId(cardId)
  }, [cardId])
  const dismissRefusal = useCallback(() => setShownRefusal(null), [])
  const refetchBoard = board.refetch

  useEffect(() => {
    // the socket said the session is gone: let the app send the person to sign in, and
    // the sign-in page say why
    if (notice === 'signed-out') {
      markSessionEnded()
      void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
    }
  }, [notice, queryClient, trpc])

  useEffect(() => {
    // Back after a disconnect (the server closes with 4001 when roles or rules change): the
    // roles and rules this page mirrors may be stale.
    if (state.connections > 1) void refetchBoard()
  }, [state.connections, refetchBoard])

  useEffect(() => {
    if (!rejection) return
    setShownRefusal({
      refusal: decodeRefusal(rejection.reason),
      fromServer: true,
      seq: rejection.seq,
    })
    // refused: perhaps because the rules or my roles changed meanwhile
    void refetchBoard()
  }, [rejection, refetchBoard])

  const members = useMemo(
    () => new Map<string, Member>((board.data?.members ?? []).map((m) => [m.id, m])),
    [board.data?.members],
  )
  const roles = board.data?.roles
  const live = state.closed === null
  const editable = roles !== undefined && rolesCanEdit(roles) && live
  const rules = board.data?.settings.rules ?? DEFAULT_RULES
  const timeZone = board.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const campaigns = board.data?.campaigns ?? NO_ITEMS
  const objectives = board.data?.objectives ?? NO_ITEMS
  const actor = useMemo<Actor>(() => ({ id: me.id, roles: roles ?? [] }), [me.id, roles])
  const refuse = useCallback(
    (refusal: Refusal) =>
      setShownRefusal((previous) => ({
        refusal,
        fromServer: false,
        seq: (previous?.seq ?? 0) + 1,
      })),
    [],
  )

  const context = useMemo<BoardContextValue | null>(
    () =>
      session && {
        session,
        members,
        canEdit: editable,
        userId: me.id,
        actor: editable ? actor : { id: me.id, roles: ['client'] },
        rules,
        timeZone,
        campaigns,
        objectives,
        openCard: setOpenCardId,
        refuse,
      },
    [session, members, editable, me.id, actor, rules, timeZone, campaigns, objectives, refuse],
  )

  const boardCode = trpcErrorCode(board.error)
  if (notice === 'access-lost' || boardCode === 'NOT_FOUND' || boardCode === 'FORBIDDEN') {
    return (
      <FullPageMessage>
        <p role="alert">{t(notice === 'access-lost' ? 'board.accessLost' : 'board.notFound')}</p>
        <Link to="/">{t('app.backToBoards')}</Link>
      </FullPageMessage>
    )
  }

  const settings = board.data?.settings
  // a refused change is told by the toast, and the board reopens by itself; a banner only
  // when this session itself stays closed
  const closedKind = state.closed?.kind ?? (notice === 'rejected' ? null : notice)
  const readOnly = roles !== undefined && !rolesCanEdit(roles)
  // a board the server cannot load: said in place of the board (and of a spinner that would
  // never stop), unless this device's offline copy has cards to show
  const damagedInPlace =
    closedKind === 'damaged' && (!session || !state.loaded || cardsMap(session.doc).size === 0)
  const noticeText = closedKind
    ? t(
        closedKind === 'damaged' && !damagedInPlace ? 'board.damagedCopy' : NOTICE_KEYS[closedKind],
        {
          reason: state.closed?.reason ?? '',
        },
      )
    : null

  return (
    <div className="page board-page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{board.data?.name ?? '…'}</h1>
            {board.data && (
              <Link
                to={workspacePath(board.data.workspaceId)}
                className="muted small"
                data-testid="workspace-link"
                title={t('workspace.open')}
              >
                {board.data.workspaceName}
              </Link>
            )}
            {readOnly && (
              <span className="role-badge read-only-badge" data-testid="read-only">
                {t('boards.readOnly')}
              </span>
            )}
          </div>
        }
      >
        {context && (
          <BoardContext value={context}>
            <Presence />
          </BoardContext>
        )}
        {roles !== undefined && isStrategist(roles) && (
          <Link
            to={boardSettingsPath(boardId)}
            className="button subtle"
            data-testid="board-settings-link"
          >
            {t('settings.link')}
          </Link>
        )}
        {/* nothing is kept "offline" of a board that never loaded: the message says it all */}
        {!damagedInPlace && <ConnectionStatus status={state.status} />}
      </AppHeader>
      {noticeText && !damagedInPlace && (
        <div className={`notice ${closedKind === 'rejected' ? 'warning' : 'error'}`} role="alert">
          {noticeText}
        </div>
      )}
      {readOnly && (
        <div className="notice info" role="status">
          {t('board.readOnly')}
        </div>
      )}
      {shownRefusal && (
        <RefusalToast
          key={shownRefusal.seq}
          shown={shownRefusal}
          rules={rules}
          onDismiss={dismissRefusal}
        />
      )}
      {damagedInPlace ? (
        <div className="board-loading board-damaged" role="alert" data-testid="board-damaged">
          <p>{noticeText}</p>
          <Link to="/">{t('app.backToBoards')}</Link>
        </div>
      ) : !context || !state.loaded ? (
        <div className="board-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          {t('board.loading')}
        </div>
      ) : (
        <BoardContext value={context}>
          <nav className="board-views" aria-label={t('views.label')}>
            {BOARD_VIEWS.filter(
              (name) =>
                name !== 'flow' ||
                name === view ||
                (roles !== undefined && reviewsBottlenecks(roles)),
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
          {view === 'board' && (
            <>
              <BoardDnd>
                <main className="board" id="main" aria-label={board.data?.name}>
                  {STAGES.map((stage) => (
                    <Column
                      key={stage}
                      stage={stage}
                      limit={settings ? wipLimit(settings, stage) : null}
                      loaded={state.loaded}
                    />
                  ))}
                </main>
              </BoardDnd>
              <p className="shortcuts muted small">{t('board.shortcuts')}</p>
            </>
          )}
          {view === 'queue' && <QueueView />}
          {view === 'calendar' && (
            <CalendarView headerExtra={<BoardFeedButton boardId={boardId} />} />
          )}
          {view === 'escalations' && <EscalationInbox />}
          {(view === 'flow' || view === 'pipeline') && (
            <Suspense
              fallback={
                <div className="board-loading" aria-busy="true">
                  <span className="spinner" aria-hidden="true" />
                  {t('board.loading')}
                </div>
              }
            >
              <Dashboard kind={view} />
            </Suspense>
          )}
          {openCardId && <CardDialog key={openCardId} cardId={openCardId} onClose={closeCard} />}
        </BoardContext>
      )}
    </div>
  )
}
