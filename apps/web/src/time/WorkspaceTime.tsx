import { useTranslation } from '../i18n/use-translation.ts'
import type { ClockStyle } from './clock-format.ts'
import { useWorkspaceClock } from './use-workspace-clock.ts'
import './time.css'

/**
 * An instant on the workspace's clock, with the device's beside it in a muted span where the
 * two read differently: "11:43 (18:43 your time)". Each zone's name is in its title.
 */
export function WorkspaceTime({ at, style }: { at: string | Date; style: ClockStyle }) {
  const clock = useWorkspaceClock()
  const { t } = useTranslation()
  const dual = clock.dual(at, style)
  if (!dual) return null
  return (
    <span className="clock" data-testid="clock">
      <time dateTime={dual.iso} title={dual.workspaceTitle} data-testid="clock-workspace">
        {dual.workspace}
      </time>
      {dual.viewer && (
        <span className="clock-viewer" title={dual.viewer.title} data-testid="clock-viewer">
          {' '}
          {t('time.yourTime', { time: dual.viewer.text })}
        </span>
      )}
    </span>
  )
}
