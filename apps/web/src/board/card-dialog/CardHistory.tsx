import type { CardHistoryEntry } from '@pauta/api'
import { type Refusal, STAGES, type Stage } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTRPC } from '../../api/trpc.ts'
import type { TFunction } from '../../i18n/translate.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { formatInZone } from '../../time/clock-format.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'
import { type Member, useBoard, useCard } from '../use-board.ts'
import { CopyVersions } from './CopyVersions.tsx'
import { memberName } from './member-name.ts'
import '../../styles/card-history.css'

/** How long the history waits after the card last changed before it is read again. */
const REFRESH_AFTER_MS = 1500

/**
 * The card's history, newest first, read when opened: who created it, moved it, assigned
 * it, changed a field (before → after), wrote in its copy or description, commented (the start
 * of the comment), archived it. Read again a moment after the card changes while it is open,
 * and when its comments change (the board's live stream says so).
 */
export function CardHistory({
  cardId,
  canEdit,
  onRefused,
}: {
  cardId: string
  /** this person may change the card: keep and restore versions of its copy */
  canEdit: boolean
  onRefused: (refusal: Refusal) => void
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <details
      className="card-history"
      data-testid="card-history"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>{t('history.title')}</summary>
      {open && <HistoryList cardId={cardId} />}
      {open && <CopyVersions cardId={cardId} canEdit={canEdit} onRefused={onRefused} />}
    </details>
  )
}

function HistoryList({ cardId }: { cardId: string }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const { session, members, timeZone } = useBoard()
  const history = useQuery(trpc.cards.history.queryOptions({ boardId: session.boardId, cardId }))
  const card = useCard(cardId)
  const { refetch } = history
  useEffect(() => {
    if (!card) return
    const timer = setTimeout(() => void refetch(), REFRESH_AFTER_MS)
    return () => clearTimeout(timer)
  }, [card, refetch])

  if (history.isPending) return <p className="muted small">{t('app.loading')}</p>
  if (history.isError) return <p className="muted small">{t('history.failed')}</p>
  const entries = [...history.data].reverse()
  if (entries.length === 0) return <p className="muted small">{t('history.empty')}</p>
  const say = describer(t, members, (at) => formatInZone(at, i18n.language, timeZone, 'dateTime'))
  return (
    <ol className="card-history-list">
      {entries.map((entry, i) => (
        // entries have no id of their own; counted from the oldest, a key stays with its entry
        <li key={entries.length - i} data-testid="history-entry" data-kind={entry.kind}>
          <span className="card-history-what">{say(entry)}</span>{' '}
          <span className="card-history-when muted small">
            <WorkspaceTime at={entry.at} style="dateTime" />
          </span>
        </li>
      ))}
    </ol>
  )
}

const isStage = (value: string | null): value is Stage =>
  value !== null && (STAGES as readonly string[]).includes(value)

/** One entry in words: who did what. */
function describer(
  t: TFunction,
  members: ReadonlyMap<string, Member>,
  time: (at: string) => string,
) {
  const nameOf = (id: string | null) => memberName(members, id, t)
  const shownValue = (field: string | null, value: string | null): string => {
    if (value === null) return ''
    if (field === 'network') return t(`networks.${value}`)
    if (field === 'severity') return t(`severities.${value}`)
    if (field === 'approval') return t(`approval.states.${value}`)
    if (field === 'reviewer') return t(`approval.reviewers.${value}`)
    if (field === 'approvalNote') return t('approval.changedAfter')
    if (field === 'scheduledAt' || field === 'publishedAt') return time(value)
    return value
  }
  return (entry: CardHistoryEntry): string => {
    const who = memberName(members, entry.userId, t, entry.linkLabel)
    switch (entry.kind) {
      case 'created':
        return t('history.created', { who })
      case 'stage':
        return entry.from === null
          ? t('history.placed', { who, to: t(`stages.${entry.to}`) })
          : t('history.moved', {
              who,
              from: isStage(entry.from) ? t(`stages.${entry.from}`) : entry.from,
              to: t(`stages.${entry.to}`),
            })
      case 'assignee':
        return entry.to === null
          ? t('history.unassigned', { who })
          : t('history.assigned', { who, name: nameOf(entry.to) })
      case 'archived':
        return t('history.archived', { who })
      case 'restored':
        return t('history.restored', { who })
      case 'text':
        return t('history.wrote', { who, field: t(`fieldNouns.${entry.field}`) })
      case 'comment':
        return t('history.commented', { who, excerpt: entry.excerpt })
      case 'field': {
        if (entry.field === 'media') return mediaChange(t, who, entry.from, entry.to)
        const field = t(`fieldNouns.${entry.field}`)
        const from = shownValue(entry.field, entry.from)
        const to = shownValue(entry.field, entry.to)
        if (entry.from === null) return t('history.set', { who, field, to })
        if (entry.to === null) return t('history.cleared', { who, field, from })
        return t('history.changed', { who, field, from, to })
      }
    }
  }
}

/** [EVT3] The media list's entry holds how many files the card had before and after. */
function mediaChange(t: TFunction, who: string, from: string | null, to: string | null): string {
  const before = Number(from ?? 0)
  const after = Number(to ?? 0)
  if (after > before) return t('history.mediaAdded', { who, count: after - before })
  if (after < before) return t('history.mediaRemoved', { who, count: before - after })
  return t('history.mediaEdited', { who })
}
