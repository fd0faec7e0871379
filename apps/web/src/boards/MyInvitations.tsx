import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { useTRPC } from '../api/trpc.ts'
import { FormError } from '../app/FormError.tsx'
import { useTranslation } from '../i18n/use-translation.ts'

/** Invitations addressed to my email, waiting for me to accept them. */
export function MyInvitations({ onJoined }: { onJoined: (workspace: string) => void }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const mine = useQuery(trpc.invitations.mine.queryOptions())
  const [error, setError] = useState<string | null>(null)
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: (_result, input) => {
        setError(null)
        const joined = invitations.find((i) => 'id' in input && i.id === input.id)
        if (joined) onJoined(joined.workspaceName)
        void queryClient.invalidateQueries({ queryKey: trpc.invitations.mine.queryKey() })
        void queryClient.invalidateQueries({ queryKey: trpc.workspaces.pathKey() })
        void queryClient.invalidateQueries({ queryKey: trpc.boards.pathKey() })
      },
      onError: (cause) =>
        setError(t(apiErrorKey(cause, 'invite.errors', ['FORBIDDEN', 'CONFLICT', 'NOT_FOUND']))),
    }),
  )
  const invitations = mine.data ?? []
  if (invitations.length === 0) return null
  return (
    <section className="panel my-invitations" aria-labelledby="my-invitations-title">
      <h2 id="my-invitations-title">{t('boards.invitations')}</h2>
      <ul className="invitation-list">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="invitation-row" data-testid="my-invitation">
            <div>
              <strong>{invitation.workspaceName}</strong>
              <span className="role-list">
                {invitation.roles.map((role) => (
                  <span key={role} className="role-badge">
                    {t(`roles.${role}`)}
                  </span>
                ))}
              </span>
            </div>
            <button
              type="button"
              className="button primary"
              data-testid="accept-my-invitation"
              disabled={accept.isPending}
              onClick={() => accept.mutate({ id: invitation.id })}
            >
              {t('invite.accept')}
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  )
}
