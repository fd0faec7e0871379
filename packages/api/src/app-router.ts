import { type AuthRouterOptions, createAuthRouter } from './auth-router.ts'
import { boardsRouter } from './boards-router.ts'
import { cardsRouter } from './cards-router.ts'
import { commentsRouter } from './comments-router.ts'
import type { ApiContext } from './context.ts'
import { dashboardsRouter } from './dashboards-router.ts'
import { feedsRouter } from './feeds-router.ts'
import { createInvitationsRouter, type InvitationsRouterOptions } from './invitations-router.ts'
import { membersRouter } from './members-router.ts'
import { notificationsRouter } from './notifications-router.ts'
import { createReviewRouter } from './review-router.ts'
import { roundsRouter } from './rounds-router.ts'
import { serverRouter } from './server-router.ts'
import { tokensRouter } from './tokens-router.ts'
import { router } from './trpc.ts'
import { workspacesRouter } from './workspaces-router.ts'

/** What the server tunes: sign-in and sign-up limits, who may sign up, invitation emails. */
export type AppRouterOptions = AuthRouterOptions & { invitations?: InvitationsRouterOptions }

/** The whole API, one router per area; each file says who may call what. */
export function createAppRouter(opts: AppRouterOptions = {}) {
  return router({
    auth: createAuthRouter(opts),
    workspaces: workspacesRouter,
    boards: boardsRouter,
    cards: cardsRouter,
    comments: commentsRouter,
    tokens: tokensRouter,
    members: membersRouter,
    invitations: createInvitationsRouter(opts.invitations),
    feeds: feedsRouter,
    dashboards: dashboardsRouter,
    notifications: notificationsRouter,
    rounds: roundsRouter,
    review: createReviewRouter(),
    server: serverRouter,
  })
}

export type AppRouter = ReturnType<typeof createAppRouter>
export type { ApiContext }
