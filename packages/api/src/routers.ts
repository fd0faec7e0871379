import {
  addMember,
  createApiToken,
  createBoard,
  createWorkspace,
  findInvitationByToken,
  getBoardForUser,
  getMemberRoles,
  getWorkspaceLists,
  listApiTokens,
  listBoardsForUser,
  listInvitationsForEmail,
  listMembers,
  listWorkspacesForUser,
  revokeApiToken,
  setWorkspaceLists,
  setWorkspaceTimeZone,
  updateBoardSettings,
} from '@pauta/db'
import {
  boardNameSchema,
  boardSettingsSchema,
  canEdit,
  type Role,
  timeZoneSchema,
  workspaceListSchema,
  workspaceNameSchema,
} from '@pauta/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { accessChanged } from './access-changed.ts'
import type { ApiContext } from './context.ts'
import { dashboardsRouter } from './dashboards-router.ts'
import { feedsRouter } from './feeds-router.ts'
import { invitationsRouter } from './invitations-router.ts'
import { membersRouter } from './members-router.ts'
import { notificationsRouter } from './notifications-router.ts'
import { SignInLimiter, SignUpLimiter } from './rate-limits.ts'
import {
  emailSchema,
  idInput,
  invitationTokenSchema,
  passwordSchema,
  personNameSchema,
  type SignUpMode,
} from './schemas.ts'
import { authedProcedure, publicProcedure, router } from './trpc.ts'
import { forbidden, notFound } from './workspace-access.ts'

/** Roles of someone who creates a workspace: they run it alone until they invite others. */
const FOUNDER_ROLES: Role[] = ['strategist', 'manager', 'cm']

export interface AppRouterOptions {
  signInLimiter?: SignInLimiter
  /** Sign-up attempts per address (default SIGN_UP_LIMIT, 10 an hour). */
  signUpLimiter?: SignUpLimiter
  /** Who may create an account (PAUTA_SIGNUP; default open). */
  signUpMode?: SignUpMode
}

/**
 * Invite-only sign-up: the request carries a pending invitation link that is for anyone or
 * for this email, or this email has a pending invitation addressed to it.
 */
async function invited(
  ctx: ApiContext,
  input: { email: string; invitation?: string | undefined },
): Promise<boolean> {
  if (input.invitation !== undefined) {
    const found = await findInvitationByToken(ctx.db, input.invitation)
    if (found?.status === 'pending' && (found.email === null || found.email === input.email))
      return true
  }
  return (await listInvitationsForEmail(ctx.db, input.email)).length > 0
}

export function createAppRouter(opts: AppRouterOptions = {}) {
  const limiter = opts.signInLimiter ?? new SignInLimiter()
  const signUpLimiter = opts.signUpLimiter ?? new SignUpLimiter()
  const signUpMode = opts.signUpMode ?? 'open'

  const auth = router({
    me: publicProcedure.query(({ ctx }) => ctx.user),

    /** Whether this server lets anyone sign up, so the sign-up form can say so first. */
    signUpMode: publicProcedure.query(() => signUpMode),

    signUp: publicProcedure
      .input(
        z.object({
          name: personNameSchema,
          email: emailSchema,
          password: passwordSchema,
          /** The invitation link's token, when signing up from one (needed when invite-only). */
          invitation: invitationTokenSchema.optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        // Every attempt counts, refused ones too: see SignUpLimiter.
        if (!signUpLimiter.attempt(ctx.clientIp)) {
          const waitMs = signUpLimiter.retryAfterMs(ctx.clientIp)
          ctx.setResponseHeaders(new Headers({ 'retry-after': String(Math.ceil(waitMs / 1000)) }))
          const minutes = Math.max(1, Math.ceil(waitMs / 60_000))
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `too many sign-ups from this address; try again in ${minutes} minutes`,
          })
        }
        if (signUpMode === 'invite-only' && !(await invited(ctx, input))) {
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: 'sign-up is by invitation only on this server',
          })
        }
        const signedIn = await ctx.auth.signUp({
          name: input.name,
          email: input.email,
          password: input.password,
        })
        // A sign-up signs the person in, so an answer that looked like success but carried
        // no session would still tell that the address has an account: the refusal stays,
        // worded neutrally, and the per-address limit above bounds how fast anyone can ask.
        if (!signedIn) {
          throw new TRPCError({
            code: 'CONFLICT',
            message:
              'could not create an account with this email; if you already have one, sign in',
          })
        }
        ctx.setResponseHeaders(signedIn.headers)
        return signedIn.user
      }),

    signIn: publicProcedure
      .input(z.object({ email: emailSchema, password: z.string().min(1).max(128) }))
      .mutation(async ({ ctx, input }) => {
        if (limiter.blocked(input.email, ctx.clientIp)) {
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: 'too many failed sign-ins; try again in 15 minutes',
          })
        }
        const signedIn = await ctx.auth.signIn(input)
        if (!signedIn) {
          limiter.fail(input.email, ctx.clientIp)
          throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong email or password' })
        }
        limiter.succeed(input.email, ctx.clientIp)
        ctx.setResponseHeaders(signedIn.headers)
        return signedIn.user
      }),

    signOut: publicProcedure.mutation(async ({ ctx }) => {
      ctx.setResponseHeaders(await ctx.auth.signOut(ctx.requestHeaders))
      // Who signed out was read from the cookie before the session went; the log gets them
      // after it went, so an instance that checks finds the session gone.
      if (ctx.user) await accessChanged(ctx, ctx.user.id)
      return { ok: true }
    }),
  })

  const workspaces = router({
    list: authedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.db, ctx.user.id)),

    create: authedProcedure
      .input(z.object({ name: workspaceNameSchema, timeZone: timeZoneSchema.optional() }))
      .mutation(async ({ ctx, input }) => {
        const workspace = await createWorkspace(ctx.db, {
          name: input.name,
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        })
        await addMember(ctx.db, workspace.id, ctx.user.id, FOUNDER_ROLES)
        return { ...workspace, roles: FOUNDER_ROLES }
      }),

    /** The workspace's campaigns and objectives, for a settings page. Any member reads them. */
    lists: authedProcedure
      .input(z.object({ workspaceId: idInput }))
      .query(async ({ ctx, input }) => {
        const roles = await getMemberRoles(ctx.db, input.workspaceId, ctx.user.id)
        if (roles.length === 0) throw notFound('workspace')
        return getWorkspaceLists(ctx.db, input.workspaceId)
      }),

    /** Replaces the lists given; strategists and managers keep them. */
    setLists: authedProcedure
      .input(
        z.object({
          workspaceId: idInput,
          campaigns: workspaceListSchema.optional(),
          objectives: workspaceListSchema.optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const roles = await getMemberRoles(ctx.db, input.workspaceId, ctx.user.id)
        if (roles.length === 0) throw notFound('workspace')
        if (!roles.includes('strategist') && !roles.includes('manager')) {
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: 'only a strategist or manager keeps the lists',
          })
        }
        await setWorkspaceLists(ctx.db, input.workspaceId, {
          ...(input.campaigns ? { campaigns: input.campaigns } : {}),
          ...(input.objectives ? { objectives: input.objectives } : {}),
        })
        return getWorkspaceLists(ctx.db, input.workspaceId)
      }),

    /** The zone the team schedules in: a strategist's or manager's call. */
    setTimeZone: authedProcedure
      .input(z.object({ workspaceId: idInput, timeZone: timeZoneSchema }))
      .mutation(async ({ ctx, input }) => {
        const roles = await getMemberRoles(ctx.db, input.workspaceId, ctx.user.id)
        if (roles.length === 0) throw notFound('workspace')
        if (!roles.includes('strategist') && !roles.includes('manager')) {
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: 'only a strategist or manager sets the time zone',
          })
        }
        await setWorkspaceTimeZone(ctx.db, input.workspaceId, input.timeZone)
        return { ok: true }
      }),
  })

  const boards = router({
    list: authedProcedure.query(({ ctx }) => listBoardsForUser(ctx.db, ctx.user.id)),

    get: authedProcedure.input(z.object({ boardId: idInput })).query(async ({ ctx, input }) => {
      const found = await getBoardForUser(ctx.db, ctx.user.id, input.boardId)
      if (!found) throw notFound('board')
      const [members, workspace, lists] = await Promise.all([
        listMembers(ctx.db, found.board.workspaceId),
        listWorkspacesForUser(ctx.db, ctx.user.id),
        getWorkspaceLists(ctx.db, found.board.workspaceId),
      ])
      const home = workspace.find((w) => w.id === found.board.workspaceId)
      return {
        ...found.board,
        workspaceName: home?.name ?? '',
        timeZone: home?.timeZone ?? 'UTC',
        /** What the board's cards choose their campaign and objective from. */
        campaigns: lists.campaigns,
        objectives: lists.objectives,
        roles: found.roles,
        members: members.map((m) => ({
          id: m.userId,
          name: m.name,
          email: m.email,
          roles: m.roles,
        })),
      }
    }),

    create: authedProcedure
      .input(z.object({ workspaceId: idInput, name: boardNameSchema }))
      .mutation(async ({ ctx, input }) => {
        const roles = await getMemberRoles(ctx.db, input.workspaceId, ctx.user.id)
        if (roles.length === 0) throw notFound('workspace')
        if (!canEdit(roles)) {
          throw new TRPCError({ code: 'FORBIDDEN', message: 'a client cannot create boards' })
        }
        return createBoard(ctx.db, { workspaceId: input.workspaceId, name: input.name })
      }),

    /** The board's rules and WIP limits: its workspace's strategists have the final word. */
    updateSettings: authedProcedure
      .input(z.object({ boardId: idInput, settings: boardSettingsSchema }))
      .mutation(async ({ ctx, input }) => {
        const found = await getBoardForUser(ctx.db, ctx.user.id, input.boardId)
        if (!found) throw notFound('board')
        if (!found.roles.includes('strategist'))
          throw forbidden('only a strategist changes the board rules')
        const board = await updateBoardSettings(ctx.db, input.boardId, input.settings)
        if (!board) throw notFound('board')
        ctx.live.settingsChanged(board.id, board.settings)
        return board.settings
      }),
  })

  const tokens = router({
    list: authedProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),

    create: authedProcedure
      .input(z.object({ name: z.string().trim().min(1).max(80) }))
      .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.user.id, input.name)),

    revoke: authedProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
      if (!(await revokeApiToken(ctx.db, ctx.user.id, input.id))) throw notFound('token')
      await accessChanged(ctx, ctx.user.id)
      return { ok: true }
    }),
  })

  return router({
    auth,
    workspaces,
    boards,
    tokens,
    members: membersRouter,
    invitations: invitationsRouter,
    feeds: feedsRouter,
    dashboards: dashboardsRouter,
    notifications: notificationsRouter,
  })
}

export type AppRouter = ReturnType<typeof createAppRouter>
export type { ApiContext }
