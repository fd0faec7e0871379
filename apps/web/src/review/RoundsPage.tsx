import { isLead } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { boardPath, boardSettingsPath, roundsPath } from '../app/router.ts'
import { formatDuration } from '../dashboards/dashboard-format.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { ClockZoneContext } from '../time/use-workspace-clock.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { NewRoundForm } from './NewRoundForm.tsx'
import type { RoundSummary } from './review-api.ts'
import { clientIsBottleneck } from './round-status.ts'
import '../styles/board.css'
import '../styles/review.css'

/**
 * `/b/<board>/rounds`: the board's review rounds, newest first, each with how far its review
 * has got and who holds it up; a lead sends a new one from here.
 */
export function RoundsPage({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  // how the rounds stand changes as their reviewers answer: asked again on every visit
  const rounds = useQuery(trpc.rounds.list.queryOptions({ boardId }, { staleTime: 0 }))
  const [creating, setCreating] = useState(false)
  const code = trpcErrorCode(board.error) ?? trpcErrorCode(rounds.error)
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN') {
    return (
      <FullPageMessage>
        <p role="alert">{t('board.notFound')}</p>
        <Link to="/">{t('app.backToBoards')}</Link>
      </FullPageMessage>
    )
  }
  const lead = board.data ? isLead(board.data.roles) : false
  const noPolicy = board.data?.settings.rules.approval.policy === 'none'
  return (
    <div className="page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{t('review.roundsTitle')}</h1>
            {board.data && (
              <Link
                to={boardPath(boardId)}
                className="small review-board-link"
                data-testid="back-to-board"
              >
                {board.data.name}
              </Link>
            )}
          </div>
        }
      />
      <ClockZoneContext value={board.data?.timeZone ?? null}>
        <main className="review-page" id="main">
          <p className="muted rounds-intro">{t('review.roundsIntro')}</p>
          {noPolicy && (
            <p className="notice warning review-no-policy" data-testid="review-no-policy">
              {t('review.noPolicy')}{' '}
              <Link to={boardSettingsPath(boardId)}>{t('board.rulesLink')}</Link>
            </p>
          )}
          {lead && board.data && !creating && (
            <p>
              <button
                type="button"
                className="button primary"
                data-testid="new-round"
                onClick={() => setCreating(true)}
              >
                {t('review.newRound')}
              </button>
            </p>
          )}
          {lead && board.data && creating && (
            <NewRoundForm
              boardId={boardId}
              timeZone={board.data.timeZone}
              onCancel={() => setCreating(false)}
            />
          )}
          {(rounds.isPending || board.isPending) && <p className="muted">{t('app.loading')}</p>}
          {rounds.isError && !rounds.data && (
            <p className="form-error" role="alert">
              {t('app.error')}
            </p>
          )}
          {rounds.data && rounds.data.length === 0 && !creating && (
            <p className="empty-state" data-testid="rounds-empty">
              {t(lead ? 'review.noRoundsLead' : 'review.noRounds')}
            </p>
          )}
          {rounds.data && rounds.data.length > 0 && (
            <ul className="round-list" data-testid="round-list">
              {rounds.data.map((round) => (
                <RoundRow key={round.id} boardId={boardId} round={round} />
              ))}
            </ul>
          )}
        </main>
      </ClockZoneContext>
    </div>
  )
}

/** One round: its name, who sent it when, its progress, whom it waits for, and for how long. */
function RoundRow({ boardId, round }: { boardId: string; round: RoundSummary }) {
  const { t, i18n } = useTranslation()
  const clientHolds = !round.doneAt && clientIsBottleneck(round.waiting)
  return (
    <li
      className="round-row"
      data-testid="round-row"
      data-round-id={round.id}
      data-done={round.doneAt ? 'true' : 'false'}
    >
      <div className="round-row-main">
        <Link to={roundsPath(boardId, round.id)} className="round-row-name">
          {round.name}
        </Link>
        <span className="small muted">
          {t('review.sentBy', { name: round.createdByName })}{' '}
          <WorkspaceTime at={round.createdAt} style="dayTime" />
        </span>
      </div>
      <div className="round-row-progress">
        <span data-testid="round-approved">
          {t('review.approvedOf', { count: round.approved, total: round.posts })}
        </span>
        <progress max={round.posts || 1} value={round.approved} aria-hidden="true" />
      </div>
      <div className="round-row-waiting small">
        {round.waiting.client > 0 && (
          <span
            className={clientHolds ? 'round-client-bottleneck' : undefined}
            data-testid="round-waiting-client"
            data-bottleneck={clientHolds ? 'true' : 'false'}
          >
            {t('review.waitingClient', { count: round.waiting.client })}
          </span>
        )}
        {round.waiting.team > 0 && (
          <span>{t('review.waitingTeam', { count: round.waiting.team })}</span>
        )}
        {round.changesRequested > 0 && (
          <span>{t('review.changesCount', { count: round.changesRequested })}</span>
        )}
      </div>
      <div className="round-row-time small muted">
        {round.doneAt ? (
          <span data-testid="round-done">
            {t('review.doneIn', { time: formatDuration(round.timeInReviewMs, i18n.language) })}
          </span>
        ) : (
          <span>
            {t('review.inReviewFor', {
              time: formatDuration(round.timeInReviewMs, i18n.language),
            })}
          </span>
        )}
      </div>
    </li>
  )
}
