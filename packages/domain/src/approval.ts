import { type ApprovalState, LIMITS, type Network, networkSchema, type Reviewer } from './card.ts'
import { z } from './zod.ts'

/**
 * [APPR1] Who must say yes before a post goes out: nobody; the team (a manager or strategist);
 * the team and then the client; or the client alone.
 */
export const APPROVAL_POLICIES = ['none', 'internal', 'internal-then-client', 'client'] as const
export type ApprovalPolicyName = (typeof APPROVAL_POLICIES)[number]

/**
 * [APPR1] A board's approval policy: who approves, and for which posts — those of some
 * networks, or of some campaigns (an empty list: every one).
 */
export const approvalPolicySchema = z.object({
  policy: z.enum(APPROVAL_POLICIES),
  networks: z.array(networkSchema).check(z.maxLength(8)),
  campaigns: z
    .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.listItem)))
    .check(z.maxLength(LIMITS.listItems)),
  /** [APPR7] After how many hours a round still waiting for answers reminds its reviewers (48). */
  reviewHours: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(24 * 30))),
})
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>

export const NO_APPROVAL: ApprovalPolicy = { policy: 'none', networks: [], campaigns: [] }

/** [APPR7] How long a round waits before its reviewers are reminded, unless the board says. */
export const DEFAULT_REVIEW_HOURS = 48

/** [APPR7] The board's review time in milliseconds. */
export function reviewTimeMs(approval: ApprovalPolicy): number {
  return (approval.reviewHours ?? DEFAULT_REVIEW_HOURS) * 3_600_000
}

/** [APPR1] Whether the policy asks for approval of a post on this network, of this campaign. */
export function needsApproval(
  post: { network: Network | null; campaign: string | null },
  approval: ApprovalPolicy,
): boolean {
  if (approval.policy === 'none') return false
  if (approval.networks.length > 0 && !(post.network && approval.networks.includes(post.network)))
    return false
  if (
    approval.campaigns.length > 0 &&
    !(post.campaign && approval.campaigns.includes(post.campaign))
  )
    return false
  return true
}

/** [APPR3] Who answers first when a post is sent for review. */
export function firstReviewer(policy: ApprovalPolicyName): Reviewer | null {
  if (policy === 'none') return null
  return policy === 'client' ? 'client' : 'team'
}

/** [APPR3] What a yes from `reviewer` leads to: the client's turn, or approved. */
export function afterYes(
  policy: ApprovalPolicyName,
  reviewer: Reviewer,
): { approval: ApprovalState; reviewer: Reviewer | null } {
  if (policy === 'internal-then-client' && reviewer === 'team')
    return { approval: 'in-review', reviewer: 'client' }
  return { approval: 'approved', reviewer: null }
}
