import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { isNetworkError, trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { type ReviewActions, ReviewPosts } from './ReviewPosts.tsx'
import type { RoundView } from './review-api.ts'
import { ROUND_POLL_MS } from './round-status.ts'

/** Why the link does not open the round (yet). */
type Blocked =
  | 'dead'
  | 'pin-required'
  | 'pin-wrong'
  | 'pin-locked'
  | 'slow-down'
  | 'network'
  | 'error'

const PASS_KEY = 'pauta.reviewPass.'

/** The pass this tab was given for a link: a reload does not ask for the PIN again. */
function storedPass(token: string): string | null {
  try {
    return sessionStorage.getItem(PASS_KEY + token)
  } catch {
    return null
  }
}

function storePass(token: string, pass: string | null): void {
  try {
    if (pass) sessionStorage.setItem(PASS_KEY + token, pass)
    else sessionStorage.removeItem(PASS_KEY + token)
  } catch {
    // private mode: the PIN is asked again after a reload
  }
}

/** What the answer to opening the link (or to a later call) means for the person holding the link. */
export function blockedBy(error: unknown): Blocked {
  if (isNetworkError(error)) return 'network'
  const code = trpcErrorCode(error)
  const message = error instanceof Error ? error.message : ''
  if (code === 'NOT_FOUND') return 'dead'
  if (code === 'UNAUTHORIZED') return message === 'pin-wrong' ? 'pin-wrong' : 'pin-required'
  if (code === 'TOO_MANY_REQUESTS') return message === 'pin-locked' ? 'pin-locked' : 'slow-down'
  return 'error'
}

/**
 * `/review/<token>`: a review round opened by its link, by someone who needs no account (the
 * client, usually). Only Pauta's name, the language, the round and its posts: no board, no
 * menu. A link with a PIN asks for it first. A link that is wrong, expired or revoked says only
 * that it does not work any more, whichever it is.
 */
export function ReviewLinkPage({ token }: { token: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [pass, setPass] = useState<string | null>(() => storedPass(token))
  const [blocked, setBlocked] = useState<Blocked | null>(null)
  const open = useMutation(
    trpc.review.open.mutationOptions({
      onSuccess: (opened) => {
        queryClient.setQueryData(
          trpc.review.round.queryKey({ token, pass: opened.pass }),
          opened.round,
        )
        storePass(token, opened.pass)
        setBlocked(null)
        setPass(opened.pass)
      },
      onError: (error) => setBlocked(blockedBy(error)),
    }),
  )
  // opened once on arrival (a tab that has a pass goes straight to the round)
  const asked = useRef(false)
  useEffect(() => {
    if (pass || asked.current) return
    asked.current = true
    open.mutate({ token })
  }, [pass, token, open])

  const round = useQuery({
    ...trpc.review.round.queryOptions(
      { token, pass: pass ?? '' },
      { refetchInterval: ROUND_POLL_MS, retry: false },
    ),
    enabled: pass !== null,
  })
  // a pass that has run out (or a link revoked meanwhile): open the link again
  const roundBlocked = round.error ? blockedBy(round.error) : null
  useEffect(() => {
    if (roundBlocked === 'pin-required' || roundBlocked === 'pin-wrong') {
      storePass(token, null)
      setPass(null)
      asked.current = false
    } else if (roundBlocked === 'dead') {
      storePass(token, null)
      setBlocked('dead')
    }
  }, [roundBlocked, token])

  const shown: Blocked | null = blocked ?? (round.data ? null : roundBlocked)
  return (
    <div className="review-link-page">
      <header className="review-bar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </p>
        {round.data && (
          <p className="small muted review-viewer" data-testid="review-viewer">
            {t('review.reviewingAs', { name: round.data.viewer.name })}
          </p>
        )}
        <LanguageSwitcher />
      </header>
      <main className="review-page" id="main">
        {shown === 'dead' ? (
          <DeadLink />
        ) : shown === 'pin-required' || shown === 'pin-wrong' || shown === 'pin-locked' ? (
          <PinForm
            blocked={shown}
            busy={open.isPending}
            onPin={(pin) => open.mutate({ token, pin })}
          />
        ) : shown ? (
          <CannotOpen blocked={shown} onRetry={() => open.mutate({ token })} />
        ) : round.data && pass ? (
          <LinkRound
            token={token}
            pass={pass}
            view={round.data}
            onChanged={() => round.refetch()}
          />
        ) : (
          <p className="muted" aria-busy="true">
            {t('app.loading')}
          </p>
        )}
      </main>
    </div>
  )
}

/** The round's posts, each step sent with the link and the pass it opened with. */
function LinkRound({
  token,
  pass,
  view,
  onChanged,
}: {
  token: string
  pass: string
  view: RoundView
  onChanged: () => unknown
}) {
  const trpc = useTRPC()
  const decide = useMutation(trpc.review.decide.mutationOptions())
  const approveAll = useMutation(trpc.review.approveAll.mutationOptions())
  const comment = useMutation(trpc.review.comment.mutationOptions())
  const actions: ReviewActions = {
    decide: (cardId, step, why) =>
      decide.mutateAsync({
        token,
        pass,
        cardId,
        step,
        ...(why !== undefined && { comment: why }),
      }),
    approveAll: () => approveAll.mutateAsync({ token, pass }),
    comment: (cardId, body) => comment.mutateAsync({ token, pass, cardId, body }),
  }
  return <ReviewPosts view={view} actions={actions} onChanged={onChanged} />
}

/** One neutral page for a link that is wrong, expired or revoked: which, it does not say. */
function DeadLink() {
  const { t } = useTranslation()
  return (
    <section className="panel review-blocked" data-testid="review-link-dead">
      <h1>{t('review.deadTitle')}</h1>
      <p className="muted">{t('review.deadHint')}</p>
    </section>
  )
}

/** The link's PIN, asked before the round opens; wrong ones are counted by the server. */
function PinForm({
  blocked,
  busy,
  onPin,
}: {
  blocked: 'pin-required' | 'pin-wrong' | 'pin-locked'
  busy: boolean
  onPin: (pin: string) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const [pin, setPin] = useState('')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (/^\d{4,12}$/.test(pin)) onPin(pin)
  }
  const problem =
    blocked === 'pin-wrong'
      ? t('review.pinWrong')
      : blocked === 'pin-locked'
        ? t('review.pinLocked')
        : null
  return (
    <form className="panel review-blocked review-pin" onSubmit={submit} data-testid="review-pin">
      <h1>{t('review.pinTitle')}</h1>
      <p className="muted">{t('review.pinHint')}</p>
      <div className="field">
        <label htmlFor={`${id}-pin`}>{t('review.pinLabel')}</label>
        <input
          id={`${id}-pin`}
          name="pin"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{4,12}"
          maxLength={12}
          required
          value={pin}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          data-testid="review-pin-input"
          onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
        />
      </div>
      {problem && (
        <p className="form-error" role="alert" id={`${id}-problem`} data-testid="review-pin-error">
          {problem}
        </p>
      )}
      <button
        type="submit"
        className="button primary wide"
        data-testid="review-pin-submit"
        disabled={busy || !/^\d{4,12}$/.test(pin)}
      >
        {t('review.pinOpen')}
      </button>
    </form>
  )
}

/** The server could not be reached, asked to slow down, or failed: try again. */
function CannotOpen({
  blocked,
  onRetry,
}: {
  blocked: 'slow-down' | 'network' | 'error'
  onRetry: () => void
}) {
  const { t } = useTranslation()
  return (
    <section className="panel review-blocked" role="alert">
      <p>
        {t(
          blocked === 'network'
            ? 'auth.errors.network'
            : blocked === 'slow-down'
              ? 'review.slowDown'
              : 'app.error',
        )}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </section>
  )
}
