import type { Card } from '@pauta/domain'
import type { ReactNode } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useWorkspaceClock } from '../../time/use-workspace-clock.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'
import { SeverityChip } from '../CardItem.tsx'
import { ExternalLink } from './ExternalLink.tsx'
import { MonitoringNotes } from './MonitoringNotes.tsx'

/**
 * Whether the card has facts to show. The links alone do not count: each is recorded with the
 * escalation or the publication, which do.
 */
function hasFacts(card: Card): boolean {
  return Boolean(
    card.severity ||
      card.escalationReason ||
      card.resolutionNote ||
      card.publishedAt ||
      card.monitoring.length > 0,
  )
}

/** One fact: a term and its description. `text`: free text, which wraps as written. */
function Fact({ term, text, children }: { term: string; text?: boolean; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={text ? 'card-fact-text' : undefined}>{children}</dd>
    </div>
  )
}

/** The escalation: how severe, why, how it was resolved, and where the conversation is. */
function EscalationFacts({ card }: { card: Card }) {
  const { t } = useTranslation()
  return (
    <>
      {card.severity && (
        <Fact term={t('card.severity')}>
          <SeverityChip severity={card.severity} />
        </Fact>
      )}
      {card.escalationReason && (
        <Fact term={t('card.escalationReason')} text>
          {card.escalationReason}
        </Fact>
      )}
      {card.resolutionNote && (
        <Fact term={t('card.resolutionNote')} text>
          {card.resolutionNote}
        </Fact>
      )}
      {card.escalationUrl && (
        <Fact term={t('card.escalationUrl')} text>
          <ExternalLink href={card.escalationUrl} />
        </Fact>
      )}
    </>
  )
}

/** The publication: when, and the post's link. */
function PublicationFacts({ card }: { card: Card }) {
  const { t } = useTranslation()
  return (
    <>
      {card.publishedAt && (
        <Fact term={t('card.publishedAt')}>
          <WorkspaceTime at={card.publishedAt} style="dateTime" />
        </Fact>
      )}
      {card.publishedUrl && (
        <Fact term={t('card.publishedUrl')} text>
          <ExternalLink href={card.publishedUrl} />
        </Fact>
      )}
    </>
  )
}

/**
 * What the card's later stages recorded (the escalation, the publication, the monitoring
 * notes), shown read-only: the dialog does not edit them.
 */
export function CardFacts({ card }: { card: Card }) {
  const { t } = useTranslation()
  if (!hasFacts(card)) return null
  return (
    <dl className="card-facts">
      <EscalationFacts card={card} />
      <PublicationFacts card={card} />
      {card.monitoring.length > 0 && (
        <Fact term={t('card.monitoring')}>
          <MonitoringNotes notes={card.monitoring} />
        </Fact>
      )}
    </dl>
  )
}

/** When the card was made, in small print under the fields. */
export function CardCreated({ card }: { card: Card }) {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  return (
    <p className="muted small">
      {t('card.createdAt', { date: clock.text(card.createdAt, 'dateTime') })}
    </p>
  )
}
