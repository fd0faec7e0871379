import { useId, useMemo, useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { filterZones, knownZones } from '../time/zones.ts'

/**
 * A time zone chosen from the IANA zones this browser knows: a search box narrows the list
 * below it ("lima", "new york"), the chosen zone always stays in it.
 */
export function ZonePicker({
  value,
  onChange,
  problem,
}: {
  value: string
  onChange: (zone: string) => void
  problem: string | null
}) {
  const { t } = useTranslation()
  const id = useId()
  const [query, setQuery] = useState('')
  const all = useMemo(() => knownZones(value), [value])
  const shown = useMemo(() => filterZones(all, query, value), [all, query, value])
  return (
    <fieldset className="zone-picker">
      <legend>{t('onboarding.timeZone')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('onboarding.timeZoneHint')}
      </p>
      <div className="zone-picker-row">
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('onboarding.zoneSearch')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            autoComplete="off"
            placeholder={t('onboarding.zoneSearchPlaceholder')}
            data-testid="zone-search"
            onChange={(event) => {
              const next = event.target.value
              setQuery(next)
              // a search that leaves the chosen zone out picks its first match
              const matches = filterZones(all, next, '')
              if (matches[0] && !matches.includes(value)) onChange(matches[0])
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('onboarding.timeZone')}</label>
          <select
            id={`${id}-zone`}
            name="timeZone"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
            aria-invalid={problem ? true : undefined}
            data-testid="first-run-zone"
          >
            {shown.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.trim() && filterZones(all, query, '').length === 0 && (
        <p className="hint">{t('onboarding.noZones', { query: query.trim() })}</p>
      )}
      {problem && (
        <p className="field-error" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </fieldset>
  )
}
