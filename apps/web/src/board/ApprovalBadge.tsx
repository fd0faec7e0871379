import type { Card } from '@pauta/domain'
import { type TFunction, useTranslation } from '../i18n/use-translation.ts'

/** [APPR2] Where a post stands with its approval, in words: "Waiting for the client". */
export function approvalLabel(card: Pick<Card, 'approval' | 'reviewer'>, t: TFunction): string {
  return card.approval === 'in-review'
    ? t(card.reviewer === 'client' ? 'approval.waitingClient' : 'approval.waitingTeam')
    : t(`approval.states.${card.approval}`)
}

/**
 * [APPR2] Where a post stands with its approval, on a board whose policy covers it: a small
 * badge of the state's colour, on the board's cards (a line of its own) and in the queue's
 * lines (`as` a span, among the post's other facts).
 */
export function ApprovalBadge({
  card,
  testId,
  as: Tag = 'p',
}: {
  card: Card
  testId?: string | undefined
  as?: 'p' | 'span'
}) {
  const { t } = useTranslation()
  return (
    <Tag
      className={`approval-badge approval-${card.approval}`}
      data-testid={testId}
      data-state={card.approval}
    >
      {approvalLabel(card, t)}
      {card.approvalNote === 'changed-after-approval' && (
        <span className="approval-note"> · {t('approval.changedAfter')}</span>
      )}
    </Tag>
  )
}
