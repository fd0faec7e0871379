import { useMutation, useQuery } from '@tanstack/react-query'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { boardPath, roundsPath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { LinksPanel } from './LinksPanel.tsx'
import { type ReviewActions, ReviewPosts } from './ReviewPosts.tsx'

import { ROUND_POLL_MS } from './round-status.ts'

/**
 * `/b/<board>/rounds/<round>`: a review round as a member sees it — its posts to approve or
 * send back where the answer is theirs, their comments; a lead also gives people without an
 * account a link to review it.
 */
export function RoundPage({ boardId, roundId }: { boardId: string; roundId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const round = useQuery(
    trpc.rounds.get.queryOptions(
      { boardId, roundId },
      // polled while the page is in sight (react-query pauses in a hidden tab)
      { refetchInterval: ROUND_POLL_MS },
    ),
  )
  const decide = useMutation(trpc.rounds.decide.mutationOptions())
  const approveAll = useMutation(trpc.rounds.approveAll.mutationOptions())
  const comment = useMutation(trpc.rounds.comment.mutationOptions())
  const actions: ReviewActions = {
    decide: (cardId, step, why) =>
      decide.mutateAsync({
        boardId,
        roundId,
        cardId,
        step,
        ...(why !== undefined && { comment: why }),
      }),
    approveAll: () => approveAll.mutateAsync({ boardId, roundId }),
    comment: (cardId, body) => comment.mutateAsync({ boardId, roundId, cardId, body }),
  }

  const code = trpcErrorCode(round.error)
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN') {
    return (
      <FullPageMessage>
        <p role="alert">{t('review.roundNotFound')}</p>
        <Link to={roundsPath(boardId)}>{t('review.backToRounds')}</Link>
      </FullPageMessage>
    )
  }
  const view = round.data
  return (
    <div className="page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{t('review.roundsTitle')}</h1>
            {view && (
              <Link
                to={boardPath(boardId)}
                className="small review-board-link"
                data-testid="back-to-board"
              >
                {view.round.boardName}
              </Link>
            )}
          </div>
        }
      >
        <Link to={roundsPath(boardId)} className="button subtle" data-testid="back-to-rounds">
          {t('review.allRounds')}
        </Link>
      </AppHeader>
      <main className="review-page" id="main">
        {round.isPending && <p className="muted">{t('app.loading')}</p>}
        {round.isError && !view && (
          <p className="form-error" role="alert">
            {t('app.error')}
          </p>
        )}
        {view && (
          <>
            <ReviewPosts view={view} actions={actions} onChanged={() => round.refetch()} />
            {view.viewer.lead && <LinksPanel boardId={boardId} roundId={roundId} />}
          </>
        )}
      </main>
    </div>
  )
}
