import { type Card, dueSoon } from '@pauta/domain'
import { useId } from 'react'
import { ApprovalBadge } from '../board/ApprovalBadge.tsx'
import { awaitsApproval } from '../board/approval-state.ts'
import { SeverityChip } from '../board/CardItem.tsx'
import { useBoard } from '../board/use-board.ts'
import { SlaBadge } from '../escalations/SlaBadge.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { offeredActions, type QueueAction } from './queue-actions.ts'
import type { QueueSection } from './queue-sections.ts'
import { safeLink } from './safe-link.ts'

const ACTION_CLASS: Record<QueueAction, string> = {
  take: 'button small-button',
  publish: 'button small-button primary',
  monitor: 'button small-button',
  note: 'button small-button',
  escalate: 'button small-button danger subtle',
}

/**
 * One post of the queue: its title opens the card; the buttons are the actions the board's
 * rules give this person on it, each one or two clicks.
 */
export function QueueItem({
  card,
  section,
  now,
  onAction,
}: {
  card: Card
  section: QueueSection
  now: number
  onAction: (action: QueueAction, card: Card) => void
}) {
  const { t } = useTranslation()
  const { actor, rules, openCard } = useBoard()
  const titleId = useId()
  const actions = offeredActions(actor, card, rules)
  const soon = dueSoon(card, new Date(now))
  const late = section === 'overdue'
  const postLink = safeLink(card.publishedUrl)
  const lastNote = card.monitoring.at(-1)

  return (
    <li
      className={`queue-item stage-${card.stage}${late ? ' is-overdue' : ''}${soon ? ' is-due-soon' : ''}`}
      data-testid="queue-item"
      data-card-id={card.id}
      data-stage={card.stage}
    >
      <div className="queue-item-main">
        <button
          type="button"
          className="queue-item-title"
          id={titleId}
          onClick={() => openCard(card.id)}
        >
          {card.title}
        </button>
        <p className="queue-item-meta">
          {section === 'following' && (
            <span className={`stage-pill stage-${card.stage}`}>{t(`stages.${card.stage}`)}</span>
          )}
          {card.network && (
            <span className={`network-badge network-${card.network}`}>
              {t(`networks.${card.network}`)}
            </span>
          )}
          {card.stage === 'calendar' &&
            (card.scheduledAt ? (
              <span className="queue-time">
                <span className="visually-hidden">{t('queue.scheduledFor')} </span>
                <WorkspaceTime
                  at={card.scheduledAt}
                  style={section === 'today' ? 'time' : 'dayTime'}
                />
              </span>
            ) : (
              <span className="queue-time muted">{t('queue.noTime')}</span>
            ))}
          {card.stage !== 'calendar' && card.publishedAt && (
            <span className="queue-time">
              {t('queue.publishedAt')} <WorkspaceTime at={card.publishedAt} style="dayTime" />
            </span>
          )}
          {awaitsApproval(card, rules) && (
            <ApprovalBadge card={card} as="span" testId="queue-approval" />
          )}
          {late && (
            <span className="queue-flag queue-flag-late" data-testid="queue-overdue">
              {t('queue.overdueMark')}
            </span>
          )}
          {soon && (
            <span className="queue-flag queue-flag-soon" data-testid="queue-due-soon">
              {t('queue.dueSoon')}
            </span>
          )}
          {card.stage === 'escalated' && card.severity && <SeverityChip severity={card.severity} />}
          {card.stage === 'escalated' && <SlaBadge card={card} />}
          {postLink && (
            <a href={postLink} target="_blank" rel="noopener noreferrer" className="queue-link">
              {t('queue.openPost')}
              <span className="visually-hidden"> {t('queue.newTab')}</span>
            </a>
          )}
          {lastNote && (
            <span className="queue-notes muted">
              {t('queue.notes', { count: card.monitoring.length })}
              {lastNote.sentiment && ` · ${t(`queue.sentiments.${lastNote.sentiment}`)}`}
            </span>
          )}
        </p>
      </div>
      {actions.length > 0 && (
        <div className="queue-item-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={ACTION_CLASS[action]}
              data-testid={`queue-${action}`}
              aria-describedby={titleId}
              title={t(`queue.actionHints.${action}`)}
              onClick={() => onAction(action, card)}
            >
              {t(`queue.actions.${action}`)}
            </button>
          ))}
        </div>
      )}
    </li>
  )
}
