import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountPage } from '../account/AccountPage.tsx'
import { isNetworkError, useTRPC } from '../api/trpc.ts'
import { MeContext } from '../auth/me.ts'
import { rememberedMe, rememberMe } from '../auth/remembered-me.ts'
import { SignInPage } from '../auth/SignInPage.tsx'
import { BoardsPage } from '../boards/BoardsPage.tsx'
import { InvitePage } from '../invite/InvitePage.tsx'
import { BoardSettingsPage } from '../settings/BoardSettingsPage.tsx'
import { WorkspacePage } from '../workspace/WorkspacePage.tsx'
import { useBoardPage } from './board-page-module.ts'
import { FullPageMessage } from './FullPageMessage.tsx'
import { Link } from './Link.tsx'
import { navigate, signInPath, useLocation, useRoute } from './router.ts'

export function App() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const route = useRoute()
  const location = useLocation()
  // the person last signed in here, until the server answers (stale at once: it always asks)
  const me = useQuery(
    trpc.auth.me.queryOptions(undefined, { initialData: rememberedMe, initialDataUpdatedAt: 0 }),
  )
  const signedIn = me.data != null
  const signedOut = me.isSuccess && me.data === null
  // The board pulls in Yjs, dnd-kit and the virtualiser: its code comes only when a board is
  // opened, fetched on the app's first render (alongside `auth.me`) when the address is one.
  const board = useBoardPage(route.name === 'board')

  useEffect(() => {
    if (me.isSuccess) rememberMe(me.data)
  }, [me.isSuccess, me.data])

  // the sign-in and invitation pages go by the server's answer, not by the remembered person
  const answered = me.isFetched
  const awaitingAnswer = !answered && (route.name === 'sign-in' || route.name === 'invite')

  useEffect(() => {
    if (route.name === 'sign-in' && signedIn && answered)
      navigate(route.next ?? '/', { replace: true })
    // an invitation page serves the signed-out too: it signs them in (or up) right there
    if (route.name !== 'sign-in' && route.name !== 'invite' && signedOut)
      navigate(signInPath(location), { replace: true })
  }, [route, signedIn, signedOut, answered, location])

  if (me.isPending || awaitingAnswer)
    return <FullPageMessage busy>{t('app.loading')}</FullPageMessage>
  if (me.isError && !signedIn) {
    return (
      <FullPageMessage>
        <p>{t(isNetworkError(me.error) ? 'auth.errors.network' : 'app.error')}</p>
        <button type="button" className="button" onClick={() => void me.refetch()}>
          {t('app.retry')}
        </button>
      </FullPageMessage>
    )
  }
  if (route.name === 'sign-in') {
    return signedIn ? null : <SignInPage next={route.next} />
  }
  if (route.name === 'invite') {
    return (
      <MeContext value={me.data ?? null}>
        <InvitePage token={route.token} />
      </MeContext>
    )
  }
  if (!me.data) return null

  return (
    <MeContext value={me.data}>
      {route.name === 'boards' && <BoardsPage />}
      {route.name === 'board' &&
        (board.status === 'ready' ? (
          <board.BoardPage
            key={route.boardId}
            boardId={route.boardId}
            view={route.view}
            cardId={route.cardId}
          />
        ) : board.status === 'failed' ? (
          <FullPageMessage>
            <p>{t('app.error')}</p>
            <button type="button" className="button" onClick={board.retry}>
              {t('app.retry')}
            </button>
          </FullPageMessage>
        ) : (
          <FullPageMessage busy>{t('board.loading')}</FullPageMessage>
        ))}
      {route.name === 'board-settings' && <BoardSettingsPage boardId={route.boardId} />}
      {route.name === 'workspace' && (
        <WorkspacePage key={route.workspaceId} workspaceId={route.workspaceId} />
      )}
      {route.name === 'account' && <AccountPage />}
      {route.name === 'not-found' && (
        <FullPageMessage>
          <p>{t('app.notFound')}</p>
          <Link to="/">{t('app.backToBoards')}</Link>
        </FullPageMessage>
      )}
    </MeContext>
  )
}
