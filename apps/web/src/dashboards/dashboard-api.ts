import type { AppRouter } from '@pauta/api'
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'

// The answers of `dashboards.bottlenecks` and `dashboards.pipeline` as they cross the wire
// (dates as ISO strings), read from the router's types so the two cannot drift apart.

type Inputs = inferRouterInputs<AppRouter>['dashboards']
type Outputs = inferRouterOutputs<AppRouter>['dashboards']

/** Both dashboards take the same question: a board, a period, the filters. */
export type DashboardInput = Inputs['pipeline']

export type Bottlenecks = Outputs['bottlenecks']
export type StageFlow = Bottlenecks['stages'][number]
export type AgingCard = StageFlow['aging'][number]
export type CmLoad = Bottlenecks['cms'][number]
export type ReviewWait = Bottlenecks['review']['waits'][number]
export type PostReview = Bottlenecks['review']['posts'][number]
export type Headline = NonNullable<Bottlenecks['headline']>
export type HeadlineReason = Headline['reason']

export type Pipeline = Outputs['pipeline']
