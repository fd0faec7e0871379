import { useTranslation } from '../../i18n/use-translation.ts'
import { useWorkspaceClock } from '../../time/use-workspace-clock.ts'

/** Said under a form whose time has passed, until the person confirms it or changes it. */
export function PastTimeWarning({ at }: { at: string | null }) {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  if (!at) return null
  return (
    <p className="form-error" role="alert" data-testid="past-time-warning">
      {t('pastTime.warning', { when: clock.text(at, 'full') })}
    </p>
  )
}
