import { useTranslation } from '../../i18n/use-translation.ts'
import type { SettingsForm } from '../settings-form.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/** The rules a post must pass to enter Calendar, each a yes or no. */
type PostRule = 'copyMustFit' | 'imagesNeedAlt'

const TEST_IDS: Record<PostRule, string> = {
  copyMustFit: 'copy-must-fit',
  imagesNeedAlt: 'images-need-alt',
}

/**
 * [FIT3] [ALT1] Whether a post enters Calendar only with a copy that fits its network, and
 * only with each image described.
 */
export function CopyFitPanel({ form, change }: SettingsSectionProps) {
  const { t } = useTranslation()
  const check = (rule: PostRule, label: string) => (
    <label className="check" key={rule}>
      <input
        type="checkbox"
        name={rule}
        data-testid={TEST_IDS[rule]}
        checked={form[rule]}
        onChange={(e) => change({ ...form, [rule]: e.target.checked } satisfies SettingsForm)}
      />
      <span>{label}</span>
    </label>
  )
  return (
    <SettingsPanel
      id="copy-fit-title"
      title={t('settings.copyFit')}
      hint={t('settings.copyFitHint')}
    >
      {check('copyMustFit', t('settings.copyMustFit'))}
      {check('imagesNeedAlt', t('settings.imagesNeedAlt'))}
    </SettingsPanel>
  )
}
