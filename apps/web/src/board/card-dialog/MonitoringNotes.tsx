import type { MonitoringNote } from '@pauta/domain'
import type { TFunction } from '../../i18n/translate.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'

/** What one note counted, in words: "reach 10 · 2 interactions · positive". */
function noteSummary(note: MonitoringNote, t: TFunction): string {
  return [
    note.reach !== null && t('card.reach', { count: note.reach }),
    note.engagement !== null && t('card.engagement', { count: note.engagement }),
    note.comments !== null && t('card.comments', { count: note.comments }),
    note.sentiment && t(`card.sentiments.${note.sentiment}`),
  ]
    .filter(Boolean)
    .join(' · ')
}

/** A published post's monitoring notes, oldest first, each with when it was taken. */
export function MonitoringNotes({ notes }: { notes: readonly MonitoringNote[] }) {
  const { t } = useTranslation()
  return (
    <ul className="monitoring-notes" data-testid="card-monitoring">
      {notes.map((note) => (
        <li key={`${note.at}-${note.by}`}>
          <WorkspaceTime at={note.at} style="dateTime" />
          {' · '}
          {noteSummary(note, t)}
          {note.text && <span className="card-fact-text"> — {note.text}</span>}
        </li>
      ))}
    </ul>
  )
}
