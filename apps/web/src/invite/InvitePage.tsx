import type { Role } from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useContext, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { Link } from '../app/Link.tsx'
import { navigate } from '../app/router.ts'
import { AuthForm } from '../auth/AuthForm.tsx'
import { MeContext } from '../auth/me.ts'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { markJoined } from '../onboarding/joined.ts'

const ACCEPT_ERRORS = ['FORBIDDEN', 'CONFLICT', 'NOT_FOUND'] as const

/**
 * `/invite/<token>`: what the invitation offers, and accepting it. Signed out, the auth form
 * is right here; signing in (or up) accepts at once.
 */
export function InvitePage({ token }: { token: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const me = useContext(MeContext)
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }, { retry: false }))
  const [error, setError] = useState<string | null>(null)
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async () => {
        if (invitation) markJoined(invitation.workspaceName)
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.boards.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.invitations.pathKey() }),
        ])
        navigate('/')
      },
      onError: (cause) => setError(t(apiErrorKey(cause, 'invite.errors', ACCEPT_ERRORS))),
    }),
  )

  const invitation = preview.data
  const notFound = trpcErrorCode(preview.error) === 'NOT_FOUND'
  const wrongPerson =
    invitation?.email && me && invitation.email.toLowerCase() !== me.email.toLowerCase()

  return (
    <main className="auth-page">
      <div className="auth-corner">
        <LanguageSwitcher />
      </div>
      <section className="auth-card invite-card" aria-labelledby="invite-title">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </p>
        {preview.isPending && <p aria-busy="true">{t('app.loading')}</p>}
        {(notFound || (preview.isError && !notFound)) && (
          <>
            <h1 id="invite-title">{t('invite.title')}</h1>
            <p role="alert" data-testid="invite-status" data-status="not-found">
              {t(notFound ? 'invite.notFound' : 'app.error')}
            </p>
          </>
        )}
        {invitation && (
          <>
            <h1 id="invite-title">
              {t('invite.heading', { workspace: invitation.workspaceName })}
            </h1>
            <p>
              {invitation.createdByName
                ? t('invite.by', { name: invitation.createdByName })
                : t('invite.byUnknown')}
            </p>
            <p className="role-list invite-roles">
              {invitation.roles.map((role: Role) => (
                <span key={role} className="role-badge">
                  {t(`roles.${role}`)}
                </span>
              ))}
            </p>
            {invitation.email && (
              <p className="muted">{t('invite.forEmail', { email: invitation.email })}</p>
            )}
            {invitation.status !== 'pending' ? (
              <p
                className="notice warning"
                data-testid="invite-status"
                data-status={invitation.status}
              >
                {t(`invite.status.${invitation.status}`)}
              </p>
            ) : me ? (
              <>
                {wrongPerson && (
                  <p className="notice warning">
                    {t('invite.otherEmail', { email: invitation.email, me: me.email })}
                  </p>
                )}
                <button
                  type="button"
                  className="button primary wide"
                  data-testid="accept-invite"
                  disabled={accept.isPending}
                  onClick={() => accept.mutate({ token })}
                >
                  {accept.isPending ? t('auth.working') : t('invite.accept')}
                </button>
              </>
            ) : (
              <div className="invite-auth">
                <p className="muted">{t('invite.signInFirst')}</p>
                <AuthForm
                  initialMode="sign-up"
                  email={invitation.email}
                  invitationToken={token}
                  onSignedIn={() => accept.mutate({ token })}
                />
              </div>
            )}
            <FormError message={error} testId="invite-error" />
          </>
        )}
        {me && (
          <p>
            <Link to="/">{t('app.backToBoards')}</Link>
          </p>
        )}
      </section>
    </main>
  )
}
