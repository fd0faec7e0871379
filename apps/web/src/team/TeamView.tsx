import { useId, useMemo, useRef } from 'react'
import { useAllCards, useBoard } from '../board/use-board.ts'
import { useNow } from '../escalations/use-now.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { useQueueActions } from '../queue/use-queue-actions.tsx'
import { zoneName } from '../time/clock-format.ts'
import { TeamOverview } from './TeamOverview.tsx'
import { TeamPerson, UnassignedPosts } from './TeamPerson.tsx'
import { groupTeamQueues, toPublish } from './team-queues.ts'
import '../styles/queue.css'
import '../styles/team.css'

/**
 * "Team posts", for those who lead the board: every community manager's queue, grouped by
 * person, each with their active load against the board's per-CM limit, then the calendar
 * posts nobody has taken. Read live from the document, like "My posts".
 */
export function TeamView() {
  const { t } = useTranslation()
  const { members, timeZone, rules } = useBoard()
  const cards = useAllCards()
  const now = useNow()
  const team = useMemo(
    () =>
      groupTeamQueues(cards, members.values(), {
        now: new Date(now),
        timeZone,
        limit: rules.cmWipLimit,
      }),
    [cards, members, now, timeZone, rules.cmWipLimit],
  )
  const mainRef = useRef<HTMLElement>(null)
  const { onAction, dialogs } = useQueueActions(mainRef)
  const headingId = useId()
  const cms = team.people.filter((person) => person.isCm).length
  const pending = team.people.reduce((sum, person) => sum + toPublish(person.queue), 0)
  const overdue = team.people.reduce((sum, person) => sum + person.queue.overdue.length, 0)

  return (
    <main
      className="board-view queue-view team-view"
      id="main"
      data-testid="team-view"
      aria-labelledby={headingId}
      ref={mainRef}
    >
      <header className="queue-header">
        <h2 id={headingId}>{t('team.title')}</h2>
        <p className="muted small" data-testid="team-summary">
          {t('team.summary', { count: cms, pending, overdue })}{' '}
          {rules.cmWipLimit === null
            ? t('team.noLimit')
            : t('team.limit', { count: rules.cmWipLimit })}{' '}
          {t('queue.zoneNote', { zone: zoneName(timeZone) })}
        </p>
      </header>
      {cms === 0 && <p className="queue-empty">{t('team.noCms')}</p>}
      <TeamOverview people={team.people} />
      {team.people.map((person) => (
        <TeamPerson key={person.id} person={person} now={now} onAction={onAction} />
      ))}
      <UnassignedPosts cards={team.unassigned} now={now} onAction={onAction} />
      {dialogs}
    </main>
  )
}
