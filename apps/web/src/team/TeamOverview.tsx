import { useTranslation } from '../i18n/use-translation.ts'
import { LoadBadge, personAnchor } from './TeamPerson.tsx'
import { type TeamQueue, toPublish } from './team-queues.ts'

/** One line per person at the top: their load at a glance, a link down to their posts. */
export function TeamOverview({ people }: { people: readonly TeamQueue[] }) {
  const { t } = useTranslation()
  if (people.length === 0) return null
  const jump = (id: string) => {
    const panel = document.getElementById(personAnchor(id))
    panel?.scrollIntoView({ block: 'start' })
    panel?.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true })
  }
  return (
    <nav className="team-overview" aria-label={t('team.overview')} data-testid="team-overview">
      <ul>
        {people.map((person) => (
          <li key={person.id} className={person.over ? 'is-over' : undefined}>
            <span className="team-overview-who">
              <a
                href={`#${personAnchor(person.id)}`}
                onClick={(event) => {
                  event.preventDefault()
                  jump(person.id)
                }}
              >
                {person.name ?? t('team.formerMember')}
              </a>
              <span className="muted small">
                {t('team.toPublish', { count: toPublish(person.queue) })}
              </span>
            </span>
            <LoadBadge person={person} />
          </li>
        ))}
      </ul>
    </nav>
  )
}
