import { decodeRefusal, type Network, networkSchema } from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { Link } from '../app/Link.tsx'
import { NetworkOptions } from '../app/NetworkOptions.tsx'
import { navigate, roundsPath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { WorkspaceTime } from '../time/WorkspaceTime.tsx'
import { ApprovalBadge } from './ApprovalBadge.tsx'
import type { RoundCandidate } from './review-api.ts'
import {
  PERIOD_PRESETS,
  type PeriodPreset,
  periodRange,
  presetPeriod,
  type RoundPeriod,
  roundName,
} from './round-period.ts'

const CREATE_ERRORS = ['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND'] as const

/**
 * A lead's new review round: a period (this week, next week, next month, or days picked), a
 * network or all, a name (the period's, until changed) and a message for the reviewers, and the
 * posts the board's approval covers in that period, all ticked. Sending it sends each post for
 * review; what the server refused is said post by post.
 */
export function NewRoundForm({
  boardId,
  timeZone,
  onCancel,
}: {
  boardId: string
  timeZone: string
  onCancel: () => void
}) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const now = useMemo(() => new Date(), [])
  const [preset, setPreset] = useState<PeriodPreset>('this-week')
  const [period, setPeriod] = useState<RoundPeriod>(() => presetPeriod('this-week', now, timeZone))
  const [network, setNetwork] = useState<Network | null>(null)
  // the name follows the period until the lead writes their own
  const [typedName, setTypedName] = useState<string | null>(null)
  const [message, setMessage] = useState('')
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [refused, setRefused] = useState<{
    roundId: string
    sent: number
    refused: { cardId: string; code: string }[]
  } | null>(null)

  const range = periodRange(period, timeZone)
  const candidates = useQuery({
    ...trpc.rounds.candidates.queryOptions({
      boardId,
      from: range?.from ?? '',
      to: range?.to ?? '',
      network,
    }),
    enabled: range !== null,
  })
  const posts = range ? (candidates.data ?? []) : []
  const chosen = posts.filter((post) => !unticked.has(post.cardId))
  const suggested = roundName(preset, period, t, i18n.language, now, timeZone)
  const name = typedName ?? suggested

  const create = useMutation(
    trpc.rounds.create.mutationOptions({
      onSuccess: (answer) => {
        void queryClient.invalidateQueries({ queryKey: trpc.rounds.list.queryKey({ boardId }) })
        if (answer.refused.length === 0) navigate(roundsPath(boardId, answer.roundId))
        else setRefused(answer)
      },
      onError: (cause) => setError(t(apiErrorKey(cause, 'review.createErrors', CREATE_ERRORS))),
    }),
  )

  const choosePreset = (next: PeriodPreset) => {
    setPreset(next)
    if (next !== 'custom') setPeriod(presetPeriod(next, now, timeZone))
  }
  const toggle = (cardId: string, on: boolean) =>
    setUnticked((current) => {
      const next = new Set(current)
      if (on) next.delete(cardId)
      else next.add(cardId)
      return next
    })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    if (name.trim() === '') return setError(t('review.nameNeeded'))
    if (chosen.length === 0) return setError(t('review.postsNeeded'))
    create.mutate({
      boardId,
      name: name.trim(),
      message: message.trim(),
      cardIds: chosen.map((post) => post.cardId),
    })
  }

  if (refused) return <RefusedPosts boardId={boardId} answer={refused} posts={posts} />

  return (
    <form
      className="panel new-round"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="new-round-form"
    >
      <h2 id={`${id}-title`}>{t('review.newRound')}</h2>
      <fieldset className="new-round-period">
        <legend>{t('review.period')}</legend>
        {PERIOD_PRESETS.map((choice) => (
          <label key={choice} className="check">
            <input
              type="radio"
              name={`${id}-preset`}
              value={choice}
              checked={preset === choice}
              data-testid={`round-preset-${choice}`}
              onChange={() => choosePreset(choice)}
            />
            {t(`review.presets.${choice}`)}
          </label>
        ))}
      </fieldset>
      <div className="new-round-row">
        <div className="field">
          <label htmlFor={`${id}-first`}>{t('review.from')}</label>
          <input
            id={`${id}-first`}
            type="date"
            value={period.first}
            disabled={preset !== 'custom'}
            data-testid="round-from"
            onChange={(event) => setPeriod({ ...period, first: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-last`}>{t('review.to')}</label>
          <input
            id={`${id}-last`}
            type="date"
            value={period.last}
            min={period.first}
            disabled={preset !== 'custom'}
            aria-invalid={range === null || undefined}
            data-testid="round-to"
            onChange={(event) => setPeriod({ ...period, last: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-network`}>{t('fieldLabels.network')}</label>
          <select
            id={`${id}-network`}
            value={network ?? ''}
            data-testid="round-network"
            onChange={(event) => {
              const picked = networkSchema.safeParse(event.target.value)
              setNetwork(picked.success ? picked.data : null)
            }}
          >
            <NetworkOptions empty={t('review.anyNetwork')} />
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('review.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={120}
          data-testid="round-name"
          onChange={(event) => setTypedName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-message`}>{t('review.message')}</label>
        <textarea
          id={`${id}-message`}
          rows={3}
          value={message}
          maxLength={4000}
          placeholder={t('review.messagePlaceholder')}
          data-testid="round-message"
          onChange={(event) => setMessage(event.target.value)}
        />
      </div>
      <fieldset className="new-round-posts">
        <legend>
          {range
            ? t('review.postsChosen', { count: chosen.length, total: posts.length })
            : t('review.badPeriod')}
        </legend>
        {range && candidates.isPending && <p className="muted">{t('app.loading')}</p>}
        {range && candidates.isSuccess && posts.length === 0 && (
          <p className="muted" data-testid="round-no-candidates">
            {t('review.noCandidates')}
          </p>
        )}
        {posts.length > 0 && (
          <ul className="candidate-list">
            {posts.map((post) => (
              <Candidate
                key={post.cardId}
                post={post}
                ticked={!unticked.has(post.cardId)}
                onTick={(on) => toggle(post.cardId, on)}
              />
            ))}
          </ul>
        )}
      </fieldset>
      <FormError message={error} testId="new-round-error" />
      <div className="new-round-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="round-send"
          disabled={create.isPending || chosen.length === 0}
        >
          {t('review.send', { count: chosen.length })}
        </button>
        <button type="button" className="button subtle" onClick={onCancel}>
          {t('card.cancel')}
        </button>
      </div>
    </form>
  )
}

/** One post the round may take: its tick, when and where it goes out, where it stands. */
function Candidate({
  post,
  ticked,
  onTick,
}: {
  post: RoundCandidate
  ticked: boolean
  onTick: (on: boolean) => void
}) {
  const { t } = useTranslation()
  return (
    <li className="candidate" data-testid="round-candidate" data-card-id={post.cardId}>
      <label className="check">
        <input
          type="checkbox"
          checked={ticked}
          onChange={(event) => onTick(event.target.checked)}
        />
        <span className="candidate-title">{post.title}</span>
      </label>
      <span className="candidate-meta small muted">
        {post.scheduledAt && <WorkspaceTime at={post.scheduledAt} style="dayTime" />}
        {post.network && (
          <span className={`network-badge network-${post.network}`}>
            {t(`networks.${post.network}`)}
          </span>
        )}
        <ApprovalBadge approval={post.approval} reviewer={post.reviewer} approvalNote={null} />
      </span>
    </li>
  )
}

/** The round was made, but some posts could not be sent for review: which, and why. */
function RefusedPosts({
  boardId,
  answer,
  posts,
}: {
  boardId: string
  answer: { roundId: string; sent: number; refused: { cardId: string; code: string }[] }
  posts: readonly RoundCandidate[]
}) {
  const { t, i18n } = useTranslation()
  const titles = new Map(posts.map((post) => [post.cardId, post.title]))
  return (
    <section className="panel new-round" role="status" data-testid="round-refused">
      <h2>{t('review.made')}</h2>
      <p>{t('review.refusedIntro', { count: answer.refused.length })}</p>
      <ul>
        {answer.refused.map((refusal) => (
          <li key={refusal.cardId}>
            <strong>{titles.get(refusal.cardId) ?? refusal.cardId}</strong>:{' '}
            {refusal.code === 'not-covered'
              ? t('review.notCovered')
              : refusalMessage(decodeRefusal(refusal.code), t, i18n.language)}
          </li>
        ))}
      </ul>
      <Link to={roundsPath(boardId, answer.roundId)} className="button primary">
        {t('review.openRound')}
      </Link>
    </section>
  )
}
