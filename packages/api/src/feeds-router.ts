import {
  getOrCreateBoardFeed,
  getOrCreateUserFeed,
  listCalendarFeeds,
  revokeCalendarFeed,
} from '@pauta/db'
import { z } from 'zod'
import { idInput } from './schemas.ts'
import { authedProcedure, router } from './trpc.ts'
import { notFound } from './workspace-access.ts'

/**
 * Calendar feeds: secret .ics URLs a calendar app subscribes to. One per user ("my assigned
 * posts") and one per board, each revocable; after a revoke the next request makes a new one
 * with a new URL. `mine` and `board` may create a feed, so they are mutations.
 */
export const feedsRouter = router({
  /** The caller's own feed: their assigned posts on every board they can see. */
  mine: authedProcedure.mutation(async ({ ctx }) => {
    const feed = await getOrCreateUserFeed(ctx.db, ctx.user.id)
    return { id: feed.id, url: ctx.feedUrl(feed.id) }
  }),

  /** The caller's feed of one board's scheduled posts; any member may have one, clients too. */
  board: authedProcedure.input(z.object({ boardId: idInput })).mutation(async ({ ctx, input }) => {
    const feed = await getOrCreateBoardFeed(ctx.db, ctx.user.id, input.boardId)
    if (!feed) throw notFound('board')
    return { id: feed.id, url: ctx.feedUrl(feed.id) }
  }),

  /** The caller's active feeds (their own first, then boards by workspace and name), with URLs. */
  list: authedProcedure.query(async ({ ctx }) => {
    const feeds = await listCalendarFeeds(ctx.db, ctx.user.id)
    return feeds.map((feed) => ({ ...feed, url: ctx.feedUrl(feed.id) }))
  }),

  revoke: authedProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    if (!(await revokeCalendarFeed(ctx.db, ctx.user.id, input.id))) throw notFound('feed')
    return { ok: true }
  }),
})
