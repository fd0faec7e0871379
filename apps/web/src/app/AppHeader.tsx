import type { ReactNode } from 'react'
import { useMe } from '../auth/me.ts'
import { SignOutButton } from '../auth/SignOutButton.tsx'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { NotificationBell } from '../notifications/NotificationBell.tsx'
import { Link } from './Link.tsx'

/** The bar on top of every signed-in page; `children` sit between the title and the menu. */
export function AppHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation()
  const me = useMe()
  return (
    <header className="app-header">
      <Link to="/" className="brand" aria-label={t('header.home', { app: t('app.name') })}>
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.name')}</span>
      </Link>
      <div className="app-header-title">{title}</div>
      <div className="app-header-tools">
        {children}
        <NotificationBell />
        <span className="wide-only">
          <LanguageSwitcher />
        </span>
        <Link
          to="/account"
          className="me"
          data-testid="account-link"
          title={t('header.signedInAs', { name: me.name })}
        >
          {me.name}
        </Link>
        <SignOutButton className="button subtle wide-only" testId="sign-out" />
      </div>
    </header>
  )
}
