import type { CardDiff } from '@pauta/board'

/**
 * The cards whose "due soon" reminder no longer calls for anything after this change: a
 * calendar post that went out (or left the calendar otherwise), was archived, moved to another
 * time or passed to someone else. Its reminder is taken off the bell; a new time or assignee
 * gets a new one from the scheduler when it is due.
 */
export function dueSoonSettled(diffs: readonly CardDiff[]): string[] {
  const settled: string[] = []
  for (const { id, before, after } of diffs) {
    if (before?.stage !== 'calendar' || before.archived) continue
    if (
      after.stage !== 'calendar' ||
      after.archived ||
      after.scheduledAt !== before.scheduledAt ||
      after.assigneeId !== before.assigneeId
    )
      settled.push(id)
  }
  return settled
}
