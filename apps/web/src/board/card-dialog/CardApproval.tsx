import { type Card, decodeRefusal, isLead } from '@pauta/domain'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../api/trpc.ts'
import { Link } from '../../app/Link.tsx'
import { roundsPath } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { refusalMessage } from '../../rules/refusal-message.ts'
import { ApprovalBadge, awaitsApproval } from '../CardItem.tsx'
import { useBoard } from '../use-board.ts'

type Step = 'send' | 'approve' | 'changes'

/**
 * [APPR2] [APPR3] The post's approval, on a board whose policy covers it: where it stands,
 * what happens next, and the steps this person may take — a lead sends it for review; the
 * reviewer it waits for (the team, or the client) approves it or asks for changes. Each step
 * is run by the server on their behalf and judged there; the card follows live.
 */
export function CardApproval({ card }: { card: Card }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const { session, actor, rules } = useBoard()
  const [failed, setFailed] = useState<string | null>(null)
  // asking for changes: what should change, said in the card's thread first
  const [asking, setAsking] = useState(false)
  const [why, setWhy] = useState('')
  const comment = useMutation(trpc.comments.add.mutationOptions())
  const review = useMutation(
    trpc.cards.review.mutationOptions({
      onSuccess: () => setFailed(null),
      onError: (error) => {
        const refusal = decodeRefusal(error.message)
        setFailed(refusal ? refusalMessage(refusal, t, i18n.language, rules) : error.message)
      },
    }),
  )
  if (!awaitsApproval(card, rules)) return null
  const lead = isLead(actor.roles)
  const reviewer = card.approval === 'in-review' ? card.reviewer : null
  const mine =
    (reviewer === 'team' && lead) || (reviewer === 'client' && actor.roles.includes('client'))
  const steps: Step[] = []
  if (lead && (card.approval === 'draft' || card.approval === 'changes-requested'))
    steps.push('send')
  if (mine) steps.push('approve', 'changes')
  const explain =
    card.approval === 'in-review'
      ? reviewer === 'client'
        ? 'approval.explainClient'
        : 'approval.explainTeam'
      : card.approval === 'draft'
        ? 'approval.explainDraft'
        : card.approval === 'changes-requested'
          ? 'approval.explainChanges'
          : 'approval.explainApproved'
  const run = (step: Step) => {
    if (step === 'changes' && !asking) return setAsking(true)
    review.mutate({ boardId: session.boardId, cardId: card.id, step })
  }
  const askForChanges = async () => {
    const body = why.trim()
    if (body === '') return
    try {
      await comment.mutateAsync({ boardId: session.boardId, cardId: card.id, body })
    } catch {
      return setFailed(t('comments.failed'))
    }
    setAsking(false)
    setWhy('')
    review.mutate({ boardId: session.boardId, cardId: card.id, step: 'changes' })
  }
  return (
    <section className="card-approval" data-testid="card-approval-section">
      <h3>{t('approval.title')}</h3>
      <ApprovalBadge card={card} />
      <p className="small muted">{t(explain)}</p>
      {steps.length > 0 && (
        <div className="card-approval-steps">
          {steps.map((step) => (
            <button
              key={step}
              type="button"
              className={step === 'approve' ? 'button primary' : 'button'}
              data-testid={`review-${step}`}
              disabled={review.isPending}
              onClick={() => run(step)}
            >
              {t(`approval.${step}`)}
            </button>
          ))}
        </div>
      )}
      {asking && (
        <div className="card-approval-ask">
          <label className="small" htmlFor={`${card.id}-changes`}>
            {t('approval.whatChanges')}
          </label>
          <textarea
            id={`${card.id}-changes`}
            rows={3}
            value={why}
            data-testid="review-changes-why"
            onChange={(e) => setWhy(e.target.value)}
          />
          <div className="card-approval-steps">
            <button
              type="button"
              className="button primary"
              data-testid="review-changes-send"
              disabled={why.trim() === '' || comment.isPending || review.isPending}
              onClick={() => void askForChanges()}
            >
              {t('approval.changes')}
            </button>
            <button type="button" className="button subtle" onClick={() => setAsking(false)}>
              {t('card.cancel')}
            </button>
          </div>
        </div>
      )}
      {lead && review.data?.roundId && (
        <p className="small" data-testid="review-sent-round">
          <Link to={roundsPath(session.boardId, review.data.roundId)}>
            {t('approval.openRound')}
          </Link>
        </p>
      )}
      {failed && (
        <p className="form-error" role="alert">
          {t('approval.failed', { reason: failed })}
        </p>
      )}
    </section>
  )
}
