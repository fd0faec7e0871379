import type { ApprovalNote, ApprovalState, Reviewer } from '@pauta/domain'
import { approvalLabel } from '../board/ApprovalBadge.tsx'
import { useTranslation } from '../i18n/use-translation.ts'

/** The board's approval badge for a post of a round's page: the state, whom it waits for, a change after approval. */
export function ApprovalBadge({
  approval,
  reviewer,
  approvalNote,
}: {
  approval: ApprovalState
  reviewer: Reviewer | null
  approvalNote: ApprovalNote | null
}) {
  const { t } = useTranslation()
  const label = approvalLabel({ approval, reviewer }, t)
  return (
    <span
      className={`approval-badge approval-${approval}`}
      data-testid="review-post-approval"
      data-state={approval}
      data-reviewer={reviewer ?? ''}
    >
      {label}
      {approvalNote === 'changed-after-approval' && (
        <span className="approval-note" data-testid="review-changed-after">
          {' '}
          · {t('approval.changedAfter')}
        </span>
      )}
    </span>
  )
}
