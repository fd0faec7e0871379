import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../api/trpc.ts'
import { navigate } from '../app/router.ts'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { AuthForm } from './AuthForm.tsx'
import { takeSessionEnded } from './session-ended.ts'

export function SignInPage({ next }: { next: string | null }) {
  const { t } = useTranslation()
  const [sessionEnded] = useState(takeSessionEnded)
  const trpc = useTRPC()
  // named only on a server that has the demo workspace
  const demo = useQuery(trpc.auth.demoAccount.queryOptions(undefined, { staleTime: Infinity }))
  return (
    <main className="auth-page">
      <div className="auth-corner">
        <LanguageSwitcher />
      </div>
      <section className="auth-card" aria-labelledby="auth-title">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </p>
        {sessionEnded && (
          <p className="notice info" role="status" data-testid="session-ended">
            {t('auth.sessionEnded')}
          </p>
        )}
        <AuthForm
          titleId="auth-title"
          onSignedIn={() => navigate(next ?? '/', { replace: true })}
        />
        {demo.data && (
          <p className="notice info demo-hint" data-testid="demo-hint">
            {t('auth.demoHint', { email: demo.data.email, password: demo.data.password })}
          </p>
        )}
      </section>
    </main>
  )
}
