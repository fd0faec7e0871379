import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { CopyButton, CopyRow } from '../app/CopyButton.tsx'
import { FormError } from '../app/FormError.tsx'
import { RevocableTable } from '../app/RevocableTable.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import type { CreatedLink, ReviewLink } from './review-api.ts'
import { linkForm, linkStatus, NEW_LINK } from './review-links.ts'

const LINK_ERRORS = ['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN'] as const

/**
 * A round's review links, for its leads: a link for someone without an account (the client,
 * an agency's account manager), with an optional email to send it to and an optional PIN; its
 * address to copy, and whether it was emailed; every link made, how it stands, and Revoke.
 */
export function LinksPanel({ boardId, roundId }: { boardId: string; roundId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const clock = useWorkspaceClock()
  const id = useId()
  const links = useQuery(trpc.rounds.links.queryOptions({ boardId, roundId }))
  const [form, setForm] = useState(NEW_LINK)
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<CreatedLink | null>(null)
  const onError = (cause: unknown) =>
    setError(t(apiErrorKey(cause, 'review.linkErrors', LINK_ERRORS)))
  const create = useMutation(
    trpc.rounds.createLink.mutationOptions({
      onSuccess: (answer) => {
        setCreated(answer)
        setForm(NEW_LINK)
      },
      onError,
      onSettled: () => links.refetch(),
    }),
  )
  const revoke = useMutation(
    trpc.rounds.revokeLink.mutationOptions({ onError, onSettled: () => links.refetch() }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setError(null)
    const parsed = linkForm(form)
    if (!parsed.ok) return setProblem(parsed.problem)
    setProblem(null)
    setCreated(null)
    create.mutate({ boardId, roundId, ...parsed.link })
  }
  const set = (field: keyof typeof form) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }))
  const now = Date.now()
  const date = (at: string | null) => (at ? clock.format(at, 'dateTime') : t('review.never'))

  return (
    <section
      className="panel review-links"
      aria-labelledby={`${id}-title`}
      data-testid="review-links"
    >
      <h2 id={`${id}-title`}>{t('review.linksTitle')}</h2>
      <p className="muted">{t('review.linksHint')}</p>
      <form className="review-link-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('review.linkLabel')}</label>
          <input
            id={`${id}-label`}
            value={form.label}
            maxLength={80}
            placeholder={t('review.linkLabelPlaceholder')}
            aria-invalid={problem === 'label' || undefined}
            data-testid="review-link-label"
            onChange={(event) => set('label')(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('review.linkEmail')}</label>
          <input
            id={`${id}-email`}
            type="email"
            value={form.email}
            aria-invalid={problem === 'email' || undefined}
            aria-describedby={`${id}-email-hint`}
            data-testid="review-link-email"
            onChange={(event) => set('email')(event.target.value)}
          />
          <span className="hint" id={`${id}-email-hint`}>
            {t('review.linkEmailHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-pin`}>{t('review.linkPin')}</label>
          <input
            id={`${id}-pin`}
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={form.pin}
            aria-invalid={problem === 'pin' || undefined}
            aria-describedby={`${id}-pin-hint`}
            data-testid="review-link-pin"
            onChange={(event) => set('pin')(event.target.value.replace(/\D/g, ''))}
          />
          <span className="hint" id={`${id}-pin-hint`}>
            {t('review.linkPinHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t('review.linkDays')}</label>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={60}
            value={form.days}
            aria-invalid={problem === 'days' || undefined}
            data-testid="review-link-days"
            onChange={(event) => set('days')(event.target.value)}
          />
        </div>
        <button
          type="submit"
          className="button primary"
          data-testid="review-link-create"
          disabled={create.isPending}
        >
          {t('review.linkCreate')}
        </button>
      </form>
      <FormError message={problem ? t(`review.linkProblems.${problem}`) : error} />
      {created && <CreatedLinkResult created={created} />}

      <h3>{t('review.linksMade')}</h3>
      {links.isSuccess && links.data.length === 0 && (
        <p className="muted">{t('review.linksEmpty')}</p>
      )}
      {links.data && links.data.length > 0 && (
        <div className="review-links-table">
          <RevocableTable<ReviewLink>
            items={links.data}
            rowTestId="review-link-row"
            columns={[
              {
                header: t('review.linkFor'),
                cell: (link) => (
                  <>
                    {link.label}
                    {link.email && <span className="muted small"> · {link.email}</span>}
                    {link.hasPin && <span className="muted small"> · {t('review.withPin')}</span>}
                  </>
                ),
              },
              {
                header: t('review.linkStatus'),
                cell: (link) => {
                  const status = linkStatus(link, now)
                  return (
                    <span className={`review-link-status status-${status}`} data-status={status}>
                      {status === 'revoked'
                        ? t('review.linkRevoked', { date: date(link.revokedAt) })
                        : status === 'expired'
                          ? t('review.linkExpired', { date: date(link.expiresAt) })
                          : status === 'locked'
                            ? t('review.linkLocked', { date: date(link.lockedUntil) })
                            : t('review.linkActive', { date: date(link.expiresAt) })}
                    </span>
                  )
                },
              },
              { header: t('review.linkLastUsed'), cell: (link) => date(link.lastUsedAt) },
              {
                // a link stays at hand while it works: copy it again to send it again
                header: t('review.linkAddress'),
                cell: (link) =>
                  linkStatus(link, now) === 'active' ? (
                    <CopyButton
                      text={link.url}
                      testId="review-link-copy"
                      label={t('review.linkCopy')}
                    />
                  ) : null,
              },
            ]}
            revoke={{
              label: t('review.linkRevoke'),
              testId: 'review-link-revoke',
              ariaLabel: (link) => t('review.linkRevokeFor', { label: link.label }),
              disabled: revoke.isPending,
              spent: (link) => linkStatus(link, now) === 'revoked',
              onRevoke: (link) => {
                if (!window.confirm(t('review.linkRevokeConfirm', { label: link.label }))) return
                setError(null)
                revoke.mutate({ boardId, linkId: link.id })
              },
            }}
          />
        </div>
      )}
    </section>
  )
}

/** The link just made, to copy; and whether the server emailed it, or could not. */
function CreatedLinkResult({ created }: { created: CreatedLink }) {
  const { t } = useTranslation()
  const { link, emailed, mail } = created
  return (
    <div className="invite-result" data-testid="review-link-created" role="status">
      <p>{t('review.linkMade', { label: link.label })}</p>
      <CopyRow text={link.url} testId="review-link-url" copyTestId="review-link-copy" />
      <p className="small" data-testid="review-link-mail" data-emailed={emailed}>
        {emailed && link.email
          ? t('review.emailSent', { email: link.email })
          : !mail
            ? t('review.noSmtp')
            : link.email
              ? t('review.emailFailed', { email: link.email })
              : t('review.sendIt')}
      </p>
    </div>
  )
}
