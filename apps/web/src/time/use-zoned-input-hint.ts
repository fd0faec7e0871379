import { useTranslation } from '../i18n/use-translation.ts'
import { zoneName } from './clock-format.ts'
import { useWorkspaceClock } from './use-workspace-clock.ts'
import { fromZonedInput } from './zoned-input.ts'

/**
 * The hint under a date-and-time input, where the device's clock differs from the
 * workspace's: which zone to type in, and what the typed time is on the device's clock.
 * Undefined where both clocks agree (nothing to explain).
 */
export function useZonedInputHint(value: string | undefined): string | undefined {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  const iso = fromZonedInput(value ?? '', clock.timeZone) ?? new Date()
  const viewer = clock.dual(iso, 'dayTime')?.viewer
  if (!viewer) return undefined
  const zone = t('time.inputZone', { zone: zoneName(clock.timeZone) })
  return value && fromZonedInput(value, clock.timeZone)
    ? `${zone} ${t('time.inputYourTime', { time: viewer.text })}`
    : zone
}
