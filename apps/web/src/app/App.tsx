import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { isNetworkError, useTRPC } from '../api/trpc.ts'
import { MeContext } from '../auth/me.ts'
import { rememberedMe, rememberMe } from '../auth/remembered-me.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { FullPageMessage } from './FullPageMessage.tsx'
import { Link } from './Link.tsx'
import {
  AccountPage,
  BoardPage,
  BoardSettingsPage,
  BoardsPage,
  InvitePage,
  ReviewLinkPage,
  RoundPage,
  RoundsPage,
  SignInPage,
  WorkspacePage,
} from './pages.tsx'
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
    // and a review link serves people without an account
    if (route.name !== 'sign-in' && route.name !== 'invite' && route.name !== 'review' && signedOut)
      navigate(signInPath(location), { replace: true })
  }, [route, signedIn, signedOut, answered, location])

  // a review link needs nobody signed in, nor the server's word on who is
  if (route.name === 'review') return <ReviewLinkPage key={route.token} token={route.token} />
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
      {route.name === 'board' && (
        <BoardPage
          key={route.boardId}
          boardId={route.boardId}
          view={route.view}
          cardId={route.cardId}
        />
      )}
      {route.name === 'board-settings' && <BoardSettingsPage boardId={route.boardId} />}
      {route.name === 'rounds' && <RoundsPage key={route.boardId} boardId={route.boardId} />}
      {route.name === 'round' && (
        <RoundPage
          key={`${route.boardId}/${route.roundId}`}
          boardId={route.boardId}
          roundId={route.roundId}
        />
      )}
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
