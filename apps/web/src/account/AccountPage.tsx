import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { CopyRow } from '../app/CopyButton.tsx'
import { FormError } from '../app/FormError.tsx'
import { Link } from '../app/Link.tsx'
import { RevocableTable } from '../app/RevocableTable.tsx'
import { useMe } from '../auth/me.ts'
import { SignOutButton } from '../auth/SignOutButton.tsx'
import { CalendarFeeds } from '../feeds/CalendarFeeds.tsx'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'

/** The language and signing out, which a phone's header has no room for. */
function SessionTools() {
  return (
    <div className="inline-form">
      <LanguageSwitcher />
      <SignOutButton className="button subtle" testId="account-sign-out" />
    </div>
  )
}

/** `/account`: who I am, my calendar feeds, and my personal API tokens for scripts. */
export function AccountPage() {
  const { t } = useTranslation()
  const me = useMe()
  return (
    <div className="page">
      <AppHeader title={<h1>{t('account.title')}</h1>} />
      <main className="settings-page" id="main">
        <p>
          <Link to="/">{t('app.backToBoards')}</Link>
        </p>
        <section className="panel" aria-labelledby="me-title">
          <h2 id="me-title">{me.name}</h2>
          <p className="muted">{me.email}</p>
          <SessionTools />
        </section>
        <CalendarFeeds />
        <ApiTokens />
      </main>
    </div>
  )
}

function ApiTokens() {
  const { t } = useTranslation()
  // no workspace to go by: the account's own dates are on the device's clock
  const clock = useWorkspaceClock()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const tokens = useQuery(trpc.tokens.list.queryOptions())
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() })
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSettled: refresh }))
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSettled: refresh,
      onError: (cause) => setError(t(apiErrorKey(cause, 'account.errors', []))),
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const name = String(new FormData(form).get('name') ?? '').trim()
    if (!name) {
      setError(t('errors.nameRequired'))
      return
    }
    setError(null)
    create.mutate(
      { name },
      {
        onSuccess: (result) => {
          setCreated({ name, token: result.token })
          form.reset()
        },
        onError: (cause) => setError(t(apiErrorKey(cause, 'account.errors', []))),
      },
    )
  }

  const date = (iso: string | null) => (iso ? clock.format(iso, 'dateTime') : t('account.never'))
  const active = (tokens.data ?? []).filter((token) => token.revokedAt === null)

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('account.tokens')}</h2>
      <p className="muted">{t('account.tokensHint')}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('account.tokenName')}</label>
          <input id={`${id}-name`} name="name" maxLength={80} data-testid="token-name" />
        </div>
        <button
          type="submit"
          className="button primary"
          data-testid="create-token"
          disabled={create.isPending}
        >
          {t('account.create')}
        </button>
      </form>
      <FormError message={error} />
      {created && (
        <div className="invite-result" role="status">
          <p>{t('account.tokenOnce', { name: created.name })}</p>
          <CopyRow text={created.token} testId="new-token" copyTestId="copy-token" />
        </div>
      )}
      {tokens.isSuccess && active.length === 0 && <p className="muted">{t('account.empty')}</p>}
      {active.length > 0 && (
        <RevocableTable
          items={active}
          columns={[
            { header: t('account.name'), cell: (token) => token.name },
            { header: t('account.created'), cell: (token) => date(token.createdAt) },
            { header: t('account.lastUsed'), cell: (token) => date(token.lastUsedAt) },
          ]}
          rowTestId="token-row"
          revoke={{
            label: t('account.revoke'),
            testId: 'revoke-token',
            disabled: revoke.isPending,
            onRevoke: (token) => revoke.mutate({ id: token.id }),
          }}
        />
      )}
    </section>
  )
}
