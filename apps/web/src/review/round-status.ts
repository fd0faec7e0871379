import type { ApprovalState, Reviewer } from '@pauta/domain'

/**
 * How often an open round asks the server again, while its page is in sight: an edit that puts
 * a post back in review, or another reviewer's answer, shows up within seconds.
 */
export const ROUND_POLL_MS = 4000

/** How many posts wait for whom. */
export interface Waiting {
  team: number
  client: number
}

/** Where a round's posts stand: approved, changes asked for, and waiting for the team or client. */
export interface RoundProgress {
  total: number
  approved: number
  changesRequested: number
  waiting: Waiting
}

/** The progress of a round's posts, counted from each post's approval. */
export function roundProgress(
  posts: readonly { approval: ApprovalState; reviewer: Reviewer | null }[],
): RoundProgress {
  const progress: RoundProgress = {
    total: posts.length,
    approved: 0,
    changesRequested: 0,
    waiting: { team: 0, client: 0 },
  }
  for (const post of posts) {
    if (post.approval === 'approved') progress.approved++
    else if (post.approval === 'changes-requested') progress.changesRequested++
    else if (post.approval === 'in-review')
      progress.waiting[post.reviewer === 'client' ? 'client' : 'team']++
  }
  return progress
}

/** The client holds the round up: more of its posts wait for the client than for the team. */
export function clientIsBottleneck(waiting: Waiting): boolean {
  return waiting.client > waiting.team
}
