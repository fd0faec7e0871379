import { groupQueue } from '@pauta/domain'
import { useId, useMemo, useRef, useState } from 'react'
import { ApprovalFilterSelect } from '../app/FilterSelect.tsx'
import type { ApprovalFilter } from '../app/router.ts'
import { approvalFilterChoices, matchesApproval } from '../board/approval-state.ts'
import { useAllCards, useBoard } from '../board/use-board.ts'
import { useNow } from '../escalations/use-now.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { zoneName } from '../time/clock-format.ts'
import { QueueItem } from './QueueItem.tsx'
import { type QueueSection, queueSummary, visibleSections } from './queue-sections.ts'
import { useQueueActions } from './use-queue-actions.tsx'
import '../styles/queue.css'

/**
 * "My posts": a community manager's day on this board (anyone's, for the posts assigned to
 * them): what to publish, overdue first, then what they follow after publishing, and the
 * unassigned posts they may take. Read live from the document, so others' moves show at once.
 * Where the board asks for approval, the posts can be narrowed to one state of it.
 */
export function QueueView() {
  const { t } = useTranslation()
  const { userId, actor, timeZone, canEdit, rules } = useBoard()
  const [approval, setApproval] = useState<ApprovalFilter | null>(null)
  const cards = useAllCards()
  const now = useNow()
  const mayTake = canEdit && actor.roles.includes('cm')
  const queue = useMemo(
    () => groupQueue(cards, { userId, now: new Date(now), timeZone, canTake: mayTake }),
    [cards, userId, now, timeZone, mayTake],
  )
  const summary = queueSummary(queue)
  const mainRef = useRef<HTMLElement>(null)
  const { onAction, dialogs } = useQueueActions(mainRef)
  const headingId = useId()

  const section = (name: QueueSection) => {
    const items = approval
      ? queue[name].filter((card) => matchesApproval(card, approval, rules))
      : queue[name]
    const id = `${headingId}-${name}`
    return (
      <section
        key={name}
        className={`queue-group queue-group-${name}`}
        data-testid={`queue-group-${name}`}
        aria-labelledby={id}
      >
        <h3 id={id} className="queue-group-title">
          {t(`queue.groups.${name}`)}{' '}
          <span className="queue-count">
            <span className="visually-hidden">(</span>
            {items.length}
            <span className="visually-hidden">)</span>
          </span>
        </h3>
        {(name === 'following' || name === 'takeable') && (
          <p className="queue-group-hint muted small">{t(`queue.hints.${name}`)}</p>
        )}
        {items.length === 0 ? (
          <p className="queue-empty" data-testid="queue-empty">
            {approval ? t('queue.emptyFiltered') : t(`queue.empty.${name}`)}
          </p>
        ) : (
          <ul className="queue-list">
            {items.map((card) => (
              <QueueItem key={card.id} card={card} section={name} now={now} onAction={onAction} />
            ))}
          </ul>
        )}
      </section>
    )
  }

  return (
    <main
      className="board-view queue-view"
      id="main"
      data-testid="queue-view"
      aria-labelledby={headingId}
      ref={mainRef}
    >
      <header className="queue-header">
        <h2 id={headingId}>{t('queue.title')}</h2>
        <p className="muted small" data-testid="queue-summary">
          {summary.total === 0
            ? t('queue.summaryNone')
            : t('queue.summary', {
                count: summary.total,
                today: summary.today,
                overdue: summary.overdue,
              })}{' '}
          {t('queue.zoneNote', { zone: zoneName(timeZone) })}
        </p>
        <ApprovalFilterSelect
          className="queue-filter"
          testId="queue-filter-approval"
          choices={approvalFilterChoices(rules, approval)}
          value={approval}
          onChange={setApproval}
        />
      </header>
      {visibleSections(mayTake).map(section)}
      {dialogs}
    </main>
  )
}
