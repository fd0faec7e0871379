import { useTranslation } from '../../i18n/use-translation.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/**
 * [FIT3] [ALT1] Whether a post enters Calendar only with a copy that fits its network, and
 * only with each image described.
 */
export function CopyFitPanel({ form, change }: SettingsSectionProps) {
  const { t } = useTranslation()
  return (
    <SettingsPanel
      id="copy-fit-title"
      title={t('settings.copyFit')}
      hint={t('settings.copyFitHint')}
    >
      <label className="check">
        <input
          type="checkbox"
          name="copyMustFit"
          data-testid="copy-must-fit"
          checked={form.copyMustFit}
          onChange={(e) => change({ ...form, copyMustFit: e.target.checked })}
        />
        <span>{t('settings.copyMustFit')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="imagesNeedAlt"
          data-testid="images-need-alt"
          checked={form.imagesNeedAlt}
          onChange={(e) => change({ ...form, imagesNeedAlt: e.target.checked })}
        />
        <span>{t('settings.imagesNeedAlt')}</span>
      </label>
    </SettingsPanel>
  )
}
