import { decodeRefusal } from '@pauta/domain'
import { useId, useState } from 'react'
import { isNetworkError, trpcErrorCode } from '../api/trpc.ts'
import { CopyPreview, type MediaUrlOf } from '../board/card-dialog/CopyPreview.tsx'
import { formatDuration } from '../dashboards/dashboard-format.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { ClockZoneContext } from '../time/use-workspace-clock.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { ApprovalBadge } from './ApprovalBadge.tsx'
import type { RoundPost, RoundView } from './review-api.ts'
import { roundProgress } from './round-status.ts'
import '../styles/board.css'
import '../styles/card-comments.css'
import '../styles/review.css'

/** What a reviewer may do, run by the page on their behalf: as a member, or through a link. */
export interface ReviewActions {
  decide(cardId: string, step: 'approve' | 'changes', comment?: string): Promise<unknown>
  approveAll(): Promise<{ approved: number; refused: number }>
  comment(cardId: string, body: string): Promise<unknown>
}

/**
 * [APPR3] A review round's posts, for whoever reviews them (a member, or someone with a link):
 * the round's name, message, sender and progress, then each post in calendar order as its
 * network will show it, with where it stands, its comments, and — where this person's answer
 * is the one it waits for — Approve and Request changes (saying what, in the card's thread).
 * The server judges every step; `onChanged` fetches the round again after each.
 */
export function ReviewPosts({
  view,
  actions,
  onChanged,
}: {
  view: RoundView
  actions: ReviewActions
  onChanged: () => unknown
}) {
  const { round, posts, viewer } = view
  return (
    <ClockZoneContext value={round.timeZone}>
      <article className="review-round" data-testid="review-round" data-viewer={viewer.kind}>
        <RoundHead view={view} actions={actions} onChanged={onChanged} />
        {posts.length === 0 ? (
          <EmptyRound />
        ) : (
          <ol className="review-posts">
            {posts.map((post) => (
              <ReviewPost
                key={post.cardId}
                post={post}
                account={round.workspaceName}
                actions={actions}
                onChanged={onChanged}
              />
            ))}
          </ol>
        )}
      </article>
    </ClockZoneContext>
  )
}

function EmptyRound() {
  const { t } = useTranslation()
  return <p className="empty-state">{t('review.noPosts')}</p>
}

/** The round's name, who sent it and when, its message, its progress, and Approve all. */
function RoundHead({
  view,
  actions,
  onChanged,
}: {
  view: RoundView
  actions: ReviewActions
  onChanged: () => unknown
}) {
  const { t, i18n } = useTranslation()
  const { round, posts } = view
  const progress = roundProgress(posts)
  const decidable = posts.filter((post) => post.canDecide).length
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const approveAll = async () => {
    setBusy(true)
    setFailed(null)
    try {
      const result = await actions.approveAll()
      setOutcome(
        result.refused > 0
          ? t('review.approvedSome', { count: result.approved, refused: result.refused })
          : t('review.approvedAll', { count: result.approved }),
      )
    } catch (error) {
      setFailed(failureText(error, t, i18n.language))
    } finally {
      setBusy(false)
      setConfirming(false)
      await onChanged()
    }
  }
  const waitingFor = [
    progress.waiting.client > 0 && t('review.waitingClient', { count: progress.waiting.client }),
    progress.waiting.team > 0 && t('review.waitingTeam', { count: progress.waiting.team }),
    progress.changesRequested > 0 && t('review.changesCount', { count: progress.changesRequested }),
  ].filter((part): part is string => typeof part === 'string')

  return (
    <header className="review-head">
      <p className="review-board small muted">
        {round.workspaceName} · {round.boardName}
      </p>
      <h1 data-testid="review-round-name">{round.name}</h1>
      <p className="muted small">
        {t('review.sentBy', { name: round.createdByName })}{' '}
        <WorkspaceTime at={round.createdAt} style="dayTime" />
      </p>
      {round.message.trim() !== '' && (
        <blockquote className="review-message" data-testid="review-message">
          {round.message}
        </blockquote>
      )}
      <div className="review-progress" data-testid="review-progress">
        <p>
          <strong data-testid="review-approved-count">
            {t('review.approvedOf', { count: progress.approved, total: progress.total })}
          </strong>
          {waitingFor.length > 0 && <span className="muted"> · {waitingFor.join(' · ')}</span>}
        </p>
        <progress max={progress.total || 1} value={progress.approved} aria-hidden="true" />
        {round.doneAt ? (
          <p className="small muted" data-testid="review-done">
            {t('review.doneAt')} <WorkspaceTime at={round.doneAt} style="dayTime" />
          </p>
        ) : (
          <p className="small muted">
            {t('review.inReviewFor', {
              time: formatDuration(round.timeInReviewMs, i18n.language),
            })}
          </p>
        )}
      </div>
      {decidable > 0 && (
        <div className="review-approve-all">
          {confirming ? (
            <>
              <span>{t('review.approveAllConfirm', { count: decidable })}</span>
              <button
                type="button"
                className="button primary"
                data-testid="review-approve-all-confirm"
                disabled={busy}
                onClick={() => void approveAll()}
              >
                {t('review.approveAllYes', { count: decidable })}
              </button>
              <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
                {t('card.cancel')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button primary"
              data-testid="review-approve-all"
              onClick={() => {
                setOutcome(null)
                setConfirming(true)
              }}
            >
              {t('review.approveAll', { count: decidable })}
            </button>
          )}
        </div>
      )}
      {outcome && (
        <p className="notice info" role="status" data-testid="review-approve-all-outcome">
          {outcome}
        </p>
      )}
      {failed && (
        <p className="form-error" role="alert">
          {t('approval.failed', { reason: failed })}
        </p>
      )}
    </header>
  )
}

/** One post of the round: when and where it goes out, its preview, its review and its comments. */
function ReviewPost({
  post,
  account,
  actions,
  onChanged,
}: {
  post: RoundPost
  account: string
  actions: ReviewActions
  onChanged: () => unknown
}) {
  const { t } = useTranslation()
  const id = useId()
  // the files where the round's view says they are (a link's page serves them under its own)
  const mediaUrlOf: MediaUrlOf = (item, which) => {
    const file = post.media.find((candidate) => candidate.id === item.id)
    return (which === 'thumb' ? file?.thumbUrl : null) ?? file?.url ?? ''
  }
  return (
    <li
      className="review-post"
      data-testid="review-post"
      data-card-id={post.cardId}
      data-state={post.approval}
      aria-labelledby={`${id}-title`}
    >
      <header className="review-post-head">
        <p className="review-post-when">
          {post.scheduledAt ? (
            <WorkspaceTime at={post.scheduledAt} style="full" />
          ) : (
            <span className="muted">{t('review.unscheduled')}</span>
          )}
          {post.network && (
            <span className={`network-badge network-${post.network}`}>
              {t(`networks.${post.network}`)}
            </span>
          )}
        </p>
        <h2 id={`${id}-title`}>{post.title}</h2>
        <PostApproval post={post} />
      </header>
      <div className="review-post-body">
        <div className="review-post-preview">
          <CopyPreview
            copy={post.copy}
            network={post.network}
            account={account}
            media={post.media}
            mediaUrlOf={mediaUrlOf}
            reviewing
          />
          {post.media.length > 1 && <MediaStrip media={post.media} />}
        </div>
        <div className="review-post-side">
          {post.canDecide && <DecideSteps post={post} actions={actions} onChanged={onChanged} />}
          <PostDecisions decisions={post.decisions} />
          <PostComments post={post} actions={actions} onChanged={onChanged} />
        </div>
      </div>
    </li>
  )
}

/** [APPR2] Where the post stands, as the board's cards show it, and for how long it has waited. */
function PostApproval({ post }: { post: RoundPost }) {
  const { t, i18n } = useTranslation()
  return (
    <p className="review-post-state">
      <ApprovalBadge
        approval={post.approval}
        reviewer={post.reviewer}
        approvalNote={post.approvalNote}
      />
      {post.approval === 'in-review' && post.timeInReviewMs !== null && (
        <span className="small muted">
          {' '}
          {t('review.inReviewFor', {
            time: formatDuration(post.timeInReviewMs, i18n.language),
          })}
        </span>
      )}
      {post.approval === 'in-review' && post.decisions.at(-1)?.step === 'edited' && (
        <span className="small" data-testid="edited-since-changes">
          {' '}
          {t('review.editedSinceChanges')}
        </span>
      )}
    </p>
  )
}

/** Every file of a carousel, beyond the first the preview shows: each opens in full. */
function MediaStrip({ media }: { media: RoundPost['media'] }) {
  const { t } = useTranslation()
  return (
    <ul className="review-media" aria-label={t('media.count', { count: media.length })}>
      {media.map((item, index) => (
        <li key={item.id}>
          <a href={item.url} target="_blank" rel="noreferrer">
            {item.kind === 'image' || item.thumbUrl ? (
              <img src={item.thumbUrl ?? item.url} alt={item.alt} loading="lazy" />
            ) : (
              <span className="review-media-video">{t('review.video', { n: index + 1 })}</span>
            )}
          </a>
        </li>
      ))}
    </ul>
  )
}

/** Approve, or ask for changes saying what (required: it goes into the card's thread). */
function DecideSteps({
  post,
  actions,
  onChanged,
}: {
  post: RoundPost
  actions: ReviewActions
  onChanged: () => unknown
}) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const [asking, setAsking] = useState(false)
  const [why, setWhy] = useState('')
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  const run = async (step: 'approve' | 'changes') => {
    const comment = why.trim()
    if (step === 'changes' && comment === '') return
    setBusy(true)
    setFailed(null)
    try {
      await actions.decide(post.cardId, step, step === 'changes' ? comment : undefined)
      setAsking(false)
      setWhy('')
    } catch (error) {
      setFailed(failureText(error, t, i18n.language))
    } finally {
      setBusy(false)
      await onChanged()
    }
  }
  return (
    <div className="review-decide" data-testid="review-decide">
      {!asking && (
        <div className="review-decide-steps">
          <button
            type="button"
            className="button primary"
            data-testid="review-post-approve"
            disabled={busy}
            onClick={() => void run('approve')}
          >
            {t('approval.approve')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="review-post-changes"
            disabled={busy}
            onClick={() => setAsking(true)}
          >
            {t('approval.changes')}
          </button>
        </div>
      )}
      {asking && (
        <form
          className="review-ask"
          onSubmit={(event) => {
            event.preventDefault()
            void run('changes')
          }}
        >
          <label className="small" htmlFor={`${id}-why`}>
            {t('review.whatChanges')}
          </label>
          <textarea
            id={`${id}-why`}
            rows={3}
            required
            value={why}
            data-testid="review-changes-why"
            onChange={(event) => setWhy(event.target.value)}
          />
          <div className="review-decide-steps">
            <button
              type="submit"
              className="button primary"
              data-testid="review-changes-send"
              disabled={busy || why.trim() === ''}
            >
              {t('approval.changes')}
            </button>
            <button type="button" className="button subtle" onClick={() => setAsking(false)}>
              {t('card.cancel')}
            </button>
          </div>
        </form>
      )}
      {failed && (
        <p className="form-error" role="alert" data-testid="review-post-failed">
          {t('approval.failed', { reason: failed })}
        </p>
      )}
    </div>
  )
}

/** The post's review so far: who sent, approved or asked for changes, and when. */
function PostDecisions({ decisions }: { decisions: RoundPost['decisions'] }) {
  const { t } = useTranslation()
  if (decisions.length === 0) return null
  return (
    <ul className="review-decisions small muted" aria-label={t('review.decisionsLabel')}>
      {decisions.map((decision) => (
        <li key={`${decision.at}-${decision.step}`}>
          {t(`review.decisions.${decision.step}`, { name: decision.byName })}{' '}
          <WorkspaceTime at={decision.at} style="dayTime" />
        </li>
      ))}
    </ul>
  )
}

/** The post's comments (its card's thread), and a box to add one. */
function PostComments({
  post,
  actions,
  onChanged,
}: {
  post: RoundPost
  actions: ReviewActions
  onChanged: () => unknown
}) {
  const { t } = useTranslation()
  const id = useId()
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const send = async () => {
    const text = body.trim()
    if (text === '') return
    setBusy(true)
    setFailed(false)
    try {
      await actions.comment(post.cardId, text)
      setBody('')
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
      await onChanged()
    }
  }
  const replies = new Set(post.comments.filter((c) => c.parentId).map((c) => c.id))
  return (
    <section className="review-comments" aria-labelledby={`${id}-comments`}>
      <h3 id={`${id}-comments`}>{t('review.comments', { count: post.comments.length })}</h3>
      {post.comments.length > 0 && (
        <ul className="review-comment-list">
          {post.comments.map((comment) => (
            <li
              key={comment.id}
              className={`comment${replies.has(comment.id) ? ' review-reply' : ''}`}
              data-testid="review-comment"
            >
              <span className="small">
                <strong>{comment.authorName}</strong>{' '}
                <span className="muted">
                  <WorkspaceTime at={comment.createdAt} style="dayTime" />
                </span>
              </span>
              <p className="comment-body">{comment.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        className="review-comment-form"
        onSubmit={(event) => {
          event.preventDefault()
          void send()
        }}
      >
        <label className="visually-hidden" htmlFor={`${id}-new`}>
          {t('review.commentLabel')}
        </label>
        <textarea
          id={`${id}-new`}
          rows={2}
          value={body}
          placeholder={t('review.commentPlaceholder')}
          data-testid="review-comment-body"
          onChange={(event) => setBody(event.target.value)}
        />
        <button
          type="submit"
          className="button"
          data-testid="review-comment-send"
          disabled={busy || body.trim() === ''}
        >
          {t('review.commentSend')}
        </button>
      </form>
      {failed && (
        <p className="form-error" role="alert">
          {t('comments.failed')}
        </p>
      )}
    </section>
  )
}

/** Why a step failed, in the reader's language: the server's refusal, or what went wrong. */
export function failureText(
  error: unknown,
  t: (key: string, values?: Record<string, unknown>) => string,
  language: string,
): string {
  if (isNetworkError(error)) return t('auth.errors.network')
  const code = trpcErrorCode(error)
  const message = error instanceof Error ? error.message : ''
  if (code === 'FORBIDDEN') {
    const refusal = decodeRefusal(message)
    if (refusal) return refusalMessage(refusal, t, language)
    return t('review.notYours')
  }
  if (code === 'NOT_FOUND') return t('review.gone')
  if (code === 'CONFLICT') return t('review.conflict')
  return t('app.error')
}
