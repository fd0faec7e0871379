import { type Card, slaState } from '@pauta/domain'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { durationPhrase, slaLook } from './sla-format.ts'
import { useNow } from './use-now.ts'
import '../styles/queue.css'

/**
 * An escalated card's SLA at a glance: the time left, warmer when it runs short, and a plain
 * "SLA breached" once past. Nothing for a card not waiting on an answer.
 */
export function SlaBadge({ card, testId }: { card: Card; testId?: string }) {
  const { t } = useTranslation()
  const { rules } = useBoard()
  const now = useNow()
  const sla = slaState(card, rules, new Date(now))
  if (!sla) return null
  const look = slaLook(sla)
  const left = durationPhrase(sla.remainingMs)
  const over = durationPhrase(-sla.remainingMs)
  return (
    <span
      className={`sla-badge sla-${look}`}
      data-testid={testId}
      data-sla={look}
      title={
        sla.breached
          ? t('escalations.sla.breachedAgo', { time: t(over.key, over.values) })
          : t('escalations.sla.left', { time: t(left.key, left.values) })
      }
    >
      {sla.breached
        ? t('escalations.sla.breachedMark')
        : t('escalations.sla.badge', { time: t(left.key, left.values) })}
    </span>
  )
}
