import {
  type Card,
  escalationInbox,
  isCm,
  isLead,
  SEVERITY_RANK,
  type SlaState,
  slaState,
} from '@pauta/domain'
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { SeverityChip } from '../board/CardItem.tsx'
import { useAllCards, useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { safeLink } from '../queue/safe-link.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { ResolveDialog } from './ResolveDialog.tsx'
import { resolveTargets } from './resolve.ts'
import { countdownKey, durationPhrase, slaLook } from './sla-format.ts'
import { useNow } from './use-now.ts'
import '../styles/queue.css'

const rank = (card: Card) => (card.severity ? SEVERITY_RANK[card.severity] : -1)

/**
 * The manager's escalation inbox: every open escalation, the most severe first and then the
 * one whose SLA runs out soonest, with a live countdown; a manager or strategist resolves
 * from here. Everyone else reads the same list.
 */
export function EscalationInbox() {
  const { t } = useTranslation()
  const { actor, rules } = useBoard()
  const cards = useAllCards()
  const now = useNow()
  const entries = useMemo(() => escalationInbox(cards, rules, new Date(now)), [cards, rules, now])
  // escalated before the SLA clock existed, or without a severity: open all the same
  const unclocked = useMemo(
    () =>
      cards
        .filter(
          (card) =>
            card.stage === 'escalated' &&
            !card.archived &&
            slaState(card, rules, new Date(now)) === null,
        )
        .sort((a, b) => rank(b) - rank(a) || (a.id < b.id ? -1 : 1)),
    [cards, rules, now],
  )
  const breached = entries.filter((entry) => entry.sla.breached).length
  const open = entries.length + unclocked.length
  const [resolving, setResolving] = useState<string | null>(null)
  const headingId = useId()
  const mainRef = useRef<HTMLElement>(null)
  const focusHeading = useRef(false)
  const lead = isLead(actor.roles)

  useEffect(() => {
    // the resolved item left the list with its button: give focus a place to land
    if (!focusHeading.current) return
    focusHeading.current = false
    mainRef.current?.querySelector<HTMLElement>('h2')?.focus()
  })

  const done = useCallback(() => {
    focusHeading.current = true
    setResolving(null)
  }, [])

  return (
    <main
      className="board-view queue-view escalation-inbox"
      id="main"
      data-testid="escalations-view"
      aria-labelledby={headingId}
      ref={mainRef}
    >
      <header className="queue-header">
        <h2 id={headingId} tabIndex={-1}>
          {t('escalations.title')}
        </h2>
        <p className="escalation-stats">
          <span data-testid="escalation-open-count">{t('escalations.open', { count: open })}</span>
          <span
            className={`escalation-breach-count${breached > 0 ? ' has-breaches' : ''}`}
            data-testid="escalation-breach-count"
            data-count={breached}
            role="status"
          >
            {breached > 0
              ? t('escalations.breaches', { count: breached })
              : t('escalations.noBreaches')}
          </span>
        </p>
        {!lead && (
          <p className="notice info escalation-readonly" data-testid="escalations-read-only">
            {t(isCm(actor.roles) ? 'escalations.readOnlyCm' : 'escalations.readOnly')}
          </p>
        )}
      </header>
      {open === 0 ? (
        <p className="queue-empty" data-testid="escalations-empty">
          {t('escalations.empty')}
        </p>
      ) : (
        <ul className="queue-list escalation-list">
          {entries.map(({ card, sla }) => (
            <EscalationItem key={card.id} card={card} sla={sla} onResolve={setResolving} />
          ))}
          {unclocked.map((card) => (
            <EscalationItem key={card.id} card={card} sla={null} onResolve={setResolving} />
          ))}
        </ul>
      )}
      {resolving && <ResolveDialog key={resolving} cardId={resolving} onDone={done} />}
    </main>
  )
}

function EscalationItem({
  card,
  sla,
  onResolve,
}: {
  card: Card
  sla: SlaState | null
  onResolve: (id: string) => void
}) {
  const { t } = useTranslation()
  const { actor, rules, members, openCard } = useBoard()
  const titleId = useId()
  const link = safeLink(card.escalationUrl)
  const assignee = card.assigneeId ? (members.get(card.assigneeId)?.name ?? '…') : null
  const mayResolve = resolveTargets(actor, card, rules).length > 0
  const look = sla ? slaLook(sla) : 'none'
  const span = sla ? durationPhrase(Math.abs(sla.remainingMs)) : null

  return (
    <li
      className={`queue-item escalation-item sla-${look}`}
      data-testid="escalation-item"
      data-card-id={card.id}
      data-severity={card.severity ?? undefined}
      data-sla={look}
    >
      <div className="queue-item-main">
        <p className="escalation-top">
          {card.severity && <SeverityChip severity={card.severity} />}
          <button
            type="button"
            className="queue-item-title"
            id={titleId}
            onClick={() => openCard(card.id)}
          >
            {card.title}
          </button>
        </p>
        <p className="escalation-clock">
          {sla && span ? (
            <>
              <span className={`sla-countdown sla-${look}`} data-testid="escalation-countdown">
                {t(countdownKey(sla), { time: t(span.key, span.values) })}
              </span>
              {sla.breached && (
                <span className="sla-badge sla-breached" data-testid="escalation-breached">
                  {t('escalations.sla.breachedMark')}
                </span>
              )}
              <span className="muted small">
                {t('escalations.deadline')} <WorkspaceTime at={sla.deadline} style="dayTime" />
              </span>
            </>
          ) : (
            <span className="muted small" data-testid="escalation-countdown">
              {t('escalations.noClock')}
            </span>
          )}
        </p>
        {card.escalationReason && (
          <p className="escalation-reason">
            <span className="visually-hidden">{t('card.escalationReason')}: </span>
            {card.escalationReason}
          </p>
        )}
        <p className="queue-item-meta">
          {card.escalatedAt && (
            <span>
              {t('escalations.raisedAt')} <WorkspaceTime at={card.escalatedAt} style="dayTime" />
            </span>
          )}
          <span>
            {assignee ? t('escalations.assignee', { name: assignee }) : t('escalations.noAssignee')}
          </span>
          {card.network && (
            <span className={`network-badge network-${card.network}`}>
              {t(`networks.${card.network}`)}
            </span>
          )}
          {link && (
            <a
              href={link}
              target="_blank"
              rel="noopener noreferrer"
              className="queue-link"
              data-testid="escalation-link"
            >
              {t('escalations.conversation')}
              <span className="visually-hidden"> {t('queue.newTab')}</span>
            </a>
          )}
        </p>
      </div>
      {mayResolve && (
        <div className="queue-item-actions">
          <button
            type="button"
            className="button small-button primary"
            data-testid="escalation-resolve"
            aria-describedby={titleId}
            onClick={() => onResolve(card.id)}
          >
            {t('escalations.resolve.action')}
          </button>
        </div>
      )}
    </li>
  )
}
