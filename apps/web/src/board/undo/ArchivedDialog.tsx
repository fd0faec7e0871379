import { checkCommand, docView } from '@pauta/board'
import type { Card } from '@pauta/domain'
import { useId, useMemo, useState } from 'react'
import { ModalDialog } from '../../app/ModalDialog.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useWorkspaceClock } from '../../time/use-workspace-clock.ts'
import { useAllCards, useBoard } from '../use-board.ts'
import { useCommand } from '../use-command.ts'
import { archivedCards } from './archived-list.ts'
import { useUndo } from './use-undo.ts'

/**
 * The board's archived cards, searchable by title, each with its stage and, for those the rules
 * let restore them, "Restore": back at the end of its stage.
 */
export function ArchivedDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const cards = useAllCards()
  const [query, setQuery] = useState('')
  const shown = useMemo(() => archivedCards(cards, query), [cards, query])
  const total = useMemo(() => cards.filter((card) => card.archived).length, [cards])
  return (
    <ModalDialog
      aria-labelledby={`${ids}-title`}
      className="card-dialog archived-dialog"
      data-testid="archived-dialog"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose()
      }}
    >
      <div className="card-dialog-body">
        <header className="card-dialog-header">
          <h2 id={`${ids}-title`}>{t('archived.title')}</h2>
          <span className="muted small">{t('archived.count', { count: total })}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('archived.close')}
            onClick={onClose}
          >
            ×
          </button>
        </header>
        <input
          type="search"
          className="archived-search"
          placeholder={t('archived.search')}
          aria-label={t('archived.search')}
          value={query}
          data-testid="archived-search"
          onChange={(event) => setQuery(event.target.value)}
        />
        {shown.length === 0 ? (
          <p className="muted archived-empty" data-testid="archived-empty">
            {total === 0 ? t('archived.empty') : t('archived.noMatch', { query: query.trim() })}
          </p>
        ) : (
          <ul className="archived-list">
            {shown.map((card) => (
              <ArchivedRow key={card.id} card={card} />
            ))}
          </ul>
        )}
      </div>
    </ModalDialog>
  )
}

function ArchivedRow({ card }: { card: Card }) {
  const { t } = useTranslation()
  const { session, actor, rules, canEdit, refuse } = useBoard()
  const run = useCommand()
  const { notify } = useUndo()
  const command = { type: 'restore', cardId: card.id } as const
  const allowed = canEdit && checkCommand(docView(session.doc), { actor, rules }, command).ok
  const stage = t(`stages.${card.stage}`)
  const restore = () => {
    const restored = run(command)
    if (!restored.ok) return refuse(restored.refusal)
    notify({ text: t('undo.restored', { title: card.title }), tone: 'status' })
  }
  return (
    <li className="archived-row" data-testid="archived-row" data-card-id={card.id}>
      <div className="archived-row-text">
        <strong>{card.title}</strong>
        <ArchivedStamp card={card} />
      </div>
      <span className={`stage-pill stage-${card.stage}`}>{stage}</span>
      {allowed && (
        <button
          type="button"
          className="button"
          title={t('archived.restoreHint', { stage })}
          data-testid="restore-card"
          onClick={restore}
        >
          {t('archived.restore')}
        </button>
      )}
    </li>
  )
}

/**
 * "Archived <when> by <who>" ([STAMP3]), on the workspace's clock; only when, for someone no
 * longer on the board; nothing for a card archived before the server stamped archives.
 */
function ArchivedStamp({ card }: { card: Card }) {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  const { members } = useBoard()
  if (!card.archivedAt) return null
  const date = clock.text(card.archivedAt, 'dateTime')
  const name = card.archivedBy ? members.get(card.archivedBy)?.name : undefined
  return (
    <span className="muted small" data-testid="archived-stamp">
      {name ? t('archived.archivedBy', { date, name }) : t('archived.archivedAt', { date })}
    </span>
  )
}
