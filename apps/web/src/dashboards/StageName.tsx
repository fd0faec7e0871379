import type { Stage } from '@pauta/domain'
import { useTranslation } from '../i18n/use-translation.ts'

/** A stage's name with its colour beside it (the name carries the meaning, the dot helps the eye). */
export function StageName({ stage }: { stage: Stage }) {
  const { t } = useTranslation()
  return (
    <span className="dash-stage">
      <span className={`dash-dot stage-dot-${stage}`} aria-hidden="true" />
      {t(`stages.${stage}`)}
    </span>
  )
}
