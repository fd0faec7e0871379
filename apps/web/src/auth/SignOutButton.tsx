import { useTranslation } from '../i18n/use-translation.ts'
import { useSignOut } from './use-sign-out.ts'

/** Signs out of this browser; `className` places it (the header hides it on a phone). */
export function SignOutButton({ className, testId }: { className: string; testId: string }) {
  const { t } = useTranslation()
  const signOut = useSignOut()
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      disabled={signOut.isPending}
      onClick={() => signOut.mutate()}
    >
      {t('header.signOut')}
    </button>
  )
}
