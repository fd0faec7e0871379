import { canEdit as rolesCanEdit, STAGES, wipLimit } from '@pauta/domain'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { useMe } from '../auth/me.ts'
import { BoardDnd } from './BoardDnd.tsx'
import type { CloseKind } from './board-session.ts'
import { CardDialog } from './CardDialog.tsx'
import { Column } from './Column.tsx'
import { ConnectionStatus } from './ConnectionStatus.tsx'
import { Presence } from './Presence.tsx'
import { BoardContext, type BoardContextValue, type Member } from './use-board.ts'
import { useBoardDoc, useSessionState } from './use-board-doc.ts'
import '../styles/board.css'

const NOTICE_KEYS: Record<CloseKind, string> = {
  'access-lost': 'board.accessLost',
  'signed-out': 'board.signedOut',
  rejected: 'board.rejected',
  closed: 'board.closed',
}

export default function BoardPage({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const me = useMe()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const { session, notice } = useBoardDoc(boardId, me.id)
  const state = useSessionState(session)
  const [openCardId, setOpenCardId] = useState<string | null>(null)
  const closeCard = useCallback(() => setOpenCardId(null), [])

  useEffect(() => {
    // the socket said the session is gone: let the app send the person to sign in
    if (notice === 'signed-out')
      void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
  }, [notice, queryClient, trpc])

  const members = useMemo(
    () => new Map<string, Member>((board.data?.members ?? []).map((m) => [m.id, m])),
    [board.data?.members],
  )
  const roles = board.data?.roles
  const editable = roles !== undefined && rolesCanEdit(roles) && state.closed === null

  const context = useMemo<BoardContextValue | null>(
    () =>
      session && {
        session,
        members,
        canEdit: editable,
        userId: me.id,
        openCard: setOpenCardId,
      },
    [session, members, editable, me.id],
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
  const noticeText =
    notice && notice !== 'signed-out'
      ? t(NOTICE_KEYS[notice], { reason: state.closed?.reason ?? '' })
      : notice === 'signed-out'
        ? t('board.signedOut')
        : null

  return (
    <div className="page board-page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{board.data?.name ?? '…'}</h1>
            {board.data?.workspaceName && (
              <span className="muted small">{board.data.workspaceName}</span>
            )}
          </div>
        }
      >
        {context && (
          <BoardContext value={context}>
            <Presence />
          </BoardContext>
        )}
        <ConnectionStatus status={state.status} />
      </AppHeader>
      {noticeText && (
        <div className={`notice ${notice === 'rejected' ? 'warning' : 'error'}`} role="alert">
          {noticeText}
        </div>
      )}
      {roles && !rolesCanEdit(roles) && (
        <div className="notice info" role="status">
          {t('board.readOnly')}
        </div>
      )}
      {!context || !state.loaded ? (
        <div className="board-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          {t('board.loading')}
        </div>
      ) : (
        <BoardContext value={context}>
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
          {openCardId && <CardDialog key={openCardId} cardId={openCardId} onClose={closeCard} />}
        </BoardContext>
      )}
    </div>
  )
}
