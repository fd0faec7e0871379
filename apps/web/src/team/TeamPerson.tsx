import { type Card, QUEUE_GROUPS } from '@pauta/domain'
import { useId } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { QueueItem } from '../queue/QueueItem.tsx'
import type { QueueAction } from '../queue/queue-actions.ts'
import type { QueueSection } from '../queue/queue-sections.ts'
import { type TeamQueue, toPublish } from './team-queues.ts'

type OnAction = (action: QueueAction, card: Card) => void

/** The groups of one person's posts, top to bottom; empty ones are left out. */
const SECTIONS = [...QUEUE_GROUPS, 'following'] as const

/** One community manager: their load against the limit, then their posts by when. */
export function TeamPerson({
  person,
  now,
  onAction,
}: {
  person: TeamQueue
  now: number
  onAction: OnAction
}) {
  const { t } = useTranslation()
  const headingId = useId()
  const pending = toPublish(person.queue)
  const sections = SECTIONS.filter((section) => person.queue[section].length > 0)
  return (
    <section
      className={`team-person${person.over ? ' is-over' : ''}`}
      id={personAnchor(person.id)}
      data-testid="team-person"
      data-person-id={person.id}
      aria-labelledby={headingId}
    >
      <header className="team-person-header">
        <h3 id={headingId} className="team-person-name" tabIndex={-1}>
          {person.name ?? t('team.formerMember')}
        </h3>
        {person.name !== null && !person.isCm && (
          <span className="muted small">{t('team.notCm')}</span>
        )}
        <LoadBadge person={person} />
      </header>
      <p className="muted small team-person-counts">
        {t('team.counts', {
          count: pending,
          overdue: person.queue.overdue.length,
          following: person.queue.following.length,
        })}
      </p>
      {sections.length === 0 ? (
        <p className="queue-empty">{t('team.nothing')}</p>
      ) : (
        sections.map((section) => (
          <PostGroup
            key={section}
            section={section}
            cards={person.queue[section]}
            now={now}
            onAction={onAction}
          />
        ))
      )}
    </section>
  )
}

/** The element id of one person's panel, for the overview's links. */
export function personAnchor(id: string): string {
  return `team-${id}`
}

/** Active cards against the board's per-CM limit: over it is shown, never refused. */
export function LoadBadge({ person }: { person: TeamQueue }) {
  const { t } = useTranslation()
  const text =
    person.limit === null
      ? t('team.load', { count: person.load })
      : t(person.over ? 'team.loadOver' : 'team.loadLimit', {
          count: person.load,
          limit: person.limit,
        })
  return (
    <span
      className={`team-load${person.over ? ' is-over' : ''}`}
      data-testid="team-load"
      title={t('team.loadHint')}
    >
      {text}
    </span>
  )
}

function PostGroup({
  section,
  cards,
  now,
  onAction,
}: {
  section: QueueSection
  cards: readonly Card[]
  now: number
  onAction: OnAction
}) {
  const { t } = useTranslation()
  const id = useId()
  const list = (
    <ul className="queue-list">
      {cards.map((card) => (
        <QueueItem key={card.id} card={card} section={section} now={now} onAction={onAction} />
      ))}
    </ul>
  )
  const title = (
    <>
      {t(`queue.groups.${section}`)} <span className="queue-count">{cards.length}</span>
    </>
  )
  // what is out already is the long tail: folded, one click away
  if (section === 'following')
    return (
      <details className="team-group team-following" data-testid="team-group-following">
        <summary className="team-group-title">{title}</summary>
        {list}
      </details>
    )
  return (
    <section
      className={`team-group queue-group-${section}`}
      data-testid={`team-group-${section}`}
      aria-labelledby={id}
    >
      <h4 id={id} className="team-group-title">
        {title}
      </h4>
      {list}
    </section>
  )
}

/** Calendar posts nobody has taken: a lead assigns them from the card. */
export function UnassignedPosts({
  cards,
  now,
  onAction,
}: {
  cards: readonly Card[]
  now: number
  onAction: OnAction
}) {
  const { t } = useTranslation()
  const headingId = useId()
  return (
    <section
      className="team-person team-unassigned"
      data-testid="team-unassigned"
      aria-labelledby={headingId}
    >
      <header className="team-person-header">
        <h3 id={headingId} className="team-person-name">
          {t('team.unassigned')} <span className="queue-count">{cards.length}</span>
        </h3>
      </header>
      <p className="muted small">{t('team.unassignedHint')}</p>
      {cards.length === 0 ? (
        <p className="queue-empty">{t('team.noUnassigned')}</p>
      ) : (
        <ul className="queue-list">
          {cards.map((card) => (
            <QueueItem key={card.id} card={card} section="takeable" now={now} onAction={onAction} />
          ))}
        </ul>
      )}
    </section>
  )
}
