import type { AppRouter } from '@pauta/api'
import type { inferRouterOutputs } from '@trpc/server'

type Outputs = inferRouterOutputs<AppRouter>

/** A review round as its page shows it: the round, who looks, and its posts in calendar order. */
export type RoundView = Outputs['rounds']['get']
export type RoundPost = RoundView['posts'][number]
/** One round of the board's list, with its progress. */
export type RoundSummary = Outputs['rounds']['list'][number]
export type RoundCandidate = Outputs['rounds']['candidates'][number]
/** A link that lets someone without an account review a round. */
export type ReviewLink = Outputs['rounds']['links'][number]
export type CreatedLink = Outputs['rounds']['createLink']
