import { withViewStrings } from '../i18n/i18n.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { FullPageMessage } from './FullPageMessage.tsx'
import { lazyPage, lazyPart, PartFailed } from './lazy-part.tsx'
import type { Route } from './router.ts'

// Every page is a chunk of its own: the entry holds only what every page needs (React, the
// API client, the strings, the router), and the page opened first is fetched alongside who
// is signed in (`prefetchPage`).

export const SignInPage = lazyPage(() => import('../auth/SignInPage.tsx').then((m) => m.SignInPage))
// all but the sign-in page show strings of the other views' chunk (../i18n/i18n.ts)
export const BoardsPage = lazyPage(
  withViewStrings(() => import('../boards/BoardsPage.tsx').then((m) => m.BoardsPage)),
)
export const InvitePage = lazyPage(
  withViewStrings(() => import('../invite/InvitePage.tsx').then((m) => m.InvitePage)),
)
export const AccountPage = lazyPage(
  withViewStrings(() => import('../account/AccountPage.tsx').then((m) => m.AccountPage)),
)
export const WorkspacePage = lazyPage(
  withViewStrings(() => import('../workspace/WorkspacePage.tsx').then((m) => m.WorkspacePage)),
)
export const BoardSettingsPage = lazyPage(
  withViewStrings(() =>
    import('../settings/BoardSettingsPage.tsx').then((m) => m.BoardSettingsPage),
  ),
)
// A round's review: its posts, as a member sees them and as a link shows them to someone
// without an account; the list of a board's rounds and a new round. One chunk for the three.
const reviewPages = withViewStrings(() => import('../review/review-pages.ts'))
export const RoundsPage = lazyPage(() => reviewPages().then((m) => m.RoundsPage))
export const RoundPage = lazyPage(() => reviewPages().then((m) => m.RoundPage))
export const ReviewLinkPage = lazyPage(() => reviewPages().then((m) => m.ReviewLinkPage))
// The board pulls in Yjs, dnd-kit and the virtualiser.
export const BoardPage = lazyPart(() => import('../board/BoardPage.tsx').then((m) => m.default), {
  waiting: () => <BoardWaiting />,
  failed: (_props, retry) => <PartFailed retry={retry} />,
})

function BoardWaiting() {
  const { t } = useTranslation()
  return <FullPageMessage busy>{t('board.loading')}</FullPageMessage>
}

const PAGES: Record<Route['name'], { prefetch(): void } | null> = {
  'sign-in': SignInPage,
  boards: BoardsPage,
  board: BoardPage,
  'board-settings': BoardSettingsPage,
  workspace: WorkspacePage,
  invite: InvitePage,
  rounds: RoundsPage,
  round: RoundPage,
  review: ReviewLinkPage,
  account: AccountPage,
  'not-found': null,
}

/** Fetches the page of `route` ahead of its first render. */
export function prefetchPage(route: Route): void {
  PAGES[route.name]?.prefetch()
}
