import { useTranslation } from 'react-i18next'
import { useBoard } from '../../board/use-board.ts'
import { formatWhen } from '../calendar-format.ts'

/** Said under a form whose time has passed, until the person confirms it or changes it. */
export function PastTimeWarning({ at }: { at: string | null }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  if (!at) return null
  return (
    <p className="form-error" role="alert" data-testid="past-time-warning">
      {t('pastTime.warning', { when: formatWhen(at, timeZone, i18n.language) })}
    </p>
  )
}
