import { SEVERITIES, type Severity } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { DurationUnit, SettingsErrors, SettingsForm } from '../settings-form.ts'
import { InvalidNumber, SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

type SlaProps = SettingsSectionProps & { errors: SettingsErrors }

/** How long an escalation of each severity may wait for an answer. */
export function SlaPanel({ form, change, errors }: SlaProps) {
  const { t } = useTranslation()
  return (
    <SettingsPanel id="sla-title" title={t('settings.sla')} hint={t('settings.slaHint')}>
      <div className="number-grid">
        {SEVERITIES.map((severity) => (
          <SlaField
            key={severity}
            severity={severity}
            form={form}
            change={change}
            errors={errors}
          />
        ))}
      </div>
    </SettingsPanel>
  )
}

/** One severity's response time: a number and its unit. */
function SlaField({ severity, form, change, errors }: SlaProps & { severity: Severity }) {
  const { t } = useTranslation()
  const update = (patch: Partial<SettingsForm['sla'][Severity]>) =>
    change({ ...form, sla: { ...form.sla, [severity]: { ...form.sla[severity], ...patch } } })
  return (
    <div className="field">
      <label htmlFor={`sla-${severity}`}>{t(`severities.${severity}`)}</label>
      <div className="duration">
        <input
          id={`sla-${severity}`}
          type="number"
          min={1}
          step="any"
          name={`sla-${severity}`}
          value={form.sla[severity].value}
          aria-invalid={errors[`rules.slaMinutes.${severity}`] ? true : undefined}
          onChange={(e) => update({ value: e.target.value })}
        />
        <select
          name={`sla-unit-${severity}`}
          aria-label={t('settings.unit')}
          value={form.sla[severity].unit}
          onChange={(e) => update({ unit: e.target.value as DurationUnit })}
        >
          <option value="minutes">{t('settings.minutes')}</option>
          <option value="hours">{t('settings.hours')}</option>
        </select>
      </div>
      <InvalidNumber errors={errors} path={`rules.slaMinutes.${severity}`} />
    </div>
  )
}
