import { useTranslation } from '../i18n/use-translation.ts'
import type { ConnectionStatus as Status } from './board-session.ts'

export function ConnectionStatus({ status }: { status: Status }) {
  const { t } = useTranslation()
  return (
    <output
      className={`connection connection-${status}`}
      data-testid="connection-status"
      data-status={status}
      aria-live="polite"
      title={t(`connection.${status}`)}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{t(`connection.${status}`)}</span>
    </output>
  )
}
