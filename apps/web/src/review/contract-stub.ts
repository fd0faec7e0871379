/**
 * TEMPORARY: the review rounds' API as agreed with the server, until its routers land in
 * @pauta/api; only its type is used (review-api.ts). Removed once AppRouter has them.
 */
import type { ApprovalNote, ApprovalState, Network, Reviewer, Stage } from '@pauta/domain'
import { initTRPC } from '@trpc/server'
import { z } from 'zod'

const t = initTRPC.create()
const out = <T>() => null as unknown as T

interface RoundPost {
  cardId: string
  title: string
  stage: Stage
  network: Network | null
  scheduledAt: string | null
  copy: string
  media: Array<{
    id: string
    kind: 'image' | 'video'
    alt: string
    url: string
    thumbUrl: string | null
  }>
  approval: ApprovalState
  reviewer: Reviewer | null
  approvalNote: ApprovalNote | null
  canDecide: boolean
  timeInReviewMs: number | null
  comments: Array<{
    id: string
    authorName: string
    body: string
    createdAt: string
    parentId: string | null
  }>
  decisions: Array<{
    step: 'send' | 'approve' | 'changes'
    toState: ApprovalState
    at: string
    byName: string
  }>
}

interface RoundView {
  round: {
    id: string
    name: string
    message: string
    createdAt: string
    createdByName: string
    boardName: string
    workspaceName: string
    timeZone: string
    doneAt: string | null
    timeInReviewMs: number
  }
  viewer: { kind: 'member' | 'link'; name: string; lead: boolean }
  posts: RoundPost[]
}

interface LinkRow {
  id: string
  label: string
  email: string | null
  hasPin: boolean
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  lastUsedAt: string | null
  url: string
}

const board = z.object({ boardId: z.string() })
const round = board.extend({ roundId: z.string() })
const step = z.enum(['approve', 'changes'])
const link = z.object({ token: z.string(), pass: z.string() })

const stubRouter = t.router({
  rounds: t.router({
    list: t.procedure.input(board).query(() =>
      out<
        Array<{
          id: string
          name: string
          message: string
          createdBy: string
          createdByName: string
          createdAt: string
          posts: number
          approved: number
          changesRequested: number
          waiting: { team: number; client: number }
          doneAt: string | null
          timeInReviewMs: number
        }>
      >(),
    ),
    candidates: t.procedure
      .input(board.extend({ from: z.string(), to: z.string(), network: z.string().nullable() }))
      .query(() =>
        out<
          Array<{
            cardId: string
            title: string
            network: Network | null
            scheduledAt: string
            stage: Stage
            approval: ApprovalState
            reviewer: Reviewer | null
          }>
        >(),
      ),
    create: t.procedure
      .input(board.extend({ name: z.string(), message: z.string(), cardIds: z.array(z.string()) }))
      .mutation(() =>
        out<{ roundId: string; sent: number; refused: Array<{ cardId: string; code: string }> }>(),
      ),
    get: t.procedure.input(round).query(() => out<RoundView>()),
    decide: t.procedure
      .input(round.extend({ cardId: z.string(), step, comment: z.string().optional() }))
      .mutation(() => out<{ ok: true }>()),
    approveAll: t.procedure
      .input(round)
      .mutation(() => out<{ approved: number; refused: number }>()),
    comment: t.procedure
      .input(round.extend({ cardId: z.string(), body: z.string() }))
      .mutation(() => out<{ ok: true }>()),
    links: t.procedure.input(round).query(() => out<LinkRow[]>()),
    createLink: t.procedure
      .input(
        round.extend({
          label: z.string(),
          email: z.string().nullable(),
          pin: z.string().nullable(),
          days: z.number(),
        }),
      )
      .mutation(() => out<{ link: LinkRow; emailed: boolean; mail: boolean }>()),
    revokeLink: t.procedure
      .input(board.extend({ linkId: z.string() }))
      .mutation(() => out<{ ok: true }>()),
  }),
  review: t.router({
    open: t.procedure
      .input(z.object({ token: z.string(), pin: z.string().optional() }))
      .mutation(() => out<{ pass: string; round: RoundView }>()),
    round: t.procedure.input(link).query(() => out<RoundView>()),
    decide: t.procedure
      .input(link.extend({ cardId: z.string(), step, comment: z.string().optional() }))
      .mutation(() => out<{ ok: true }>()),
    approveAll: t.procedure
      .input(link)
      .mutation(() => out<{ approved: number; refused: number }>()),
    comment: t.procedure
      .input(link.extend({ cardId: z.string(), body: z.string() }))
      .mutation(() => out<{ ok: true }>()),
  }),
})

export type StubRouter = typeof stubRouter
