import { STAGES } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { SettingsErrors } from '../settings-form.ts'
import { InvalidNumber, SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/** How many cards each stage holds at most, and how many posts a community manager does. */
export function WipLimitsPanel({
  form,
  change,
  errors,
}: SettingsSectionProps & { errors: SettingsErrors }) {
  const { t } = useTranslation()
  return (
    <SettingsPanel id="wip-title" title={t('settings.wip')} hint={t('settings.wipHint')}>
      <div className="number-grid">
        {STAGES.map((stage) => (
          <label key={stage} className="field">
            <span>{t(`stages.${stage}`)}</span>
            <input
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              name={`wip-${stage}`}
              placeholder={t('settings.none')}
              value={form.wipLimits[stage]}
              aria-invalid={errors[`wipLimits.${stage}`] ? true : undefined}
              onChange={(e) =>
                change({ ...form, wipLimits: { ...form.wipLimits, [stage]: e.target.value } })
              }
            />
            <InvalidNumber errors={errors} path={`wipLimits.${stage}`} />
          </label>
        ))}
        <label className="field">
          <span>{t('settings.cmWip')}</span>
          <input
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            name="cmWipLimit"
            placeholder={t('settings.none')}
            value={form.cmWipLimit}
            aria-invalid={errors['rules.cmWipLimit'] ? true : undefined}
            onChange={(e) => change({ ...form, cmWipLimit: e.target.value })}
          />
          <InvalidNumber errors={errors} path="rules.cmWipLimit" />
        </label>
      </div>
    </SettingsPanel>
  )
}
