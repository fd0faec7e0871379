import { useId } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { Panel } from './DataTable.tsx'
import type { Bottlenecks } from './dashboard-api.ts'
import { escalationTiles } from './escalation-tiles.ts'

/** Open escalations and SLA breaches: what each figure counts is said under it. */
export function EscalationsPanel({ data }: { data: Bottlenecks }) {
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language)
  const ids = useId()
  const { tiles, raisedBefore } = escalationTiles(data.escalations)
  return (
    <Panel title={t('dashboards.escalations.title')} testId="dashboard-escalations">
      <dl className="dash-tiles">
        {tiles.map((tile) => (
          <div
            key={tile.key}
            className={`dash-tile${tile.alert ? ' alert' : ''}`}
            data-testid={`dashboard-escalations-${tile.key}`}
          >
            <dt>{t(`dashboards.escalations.${tile.key}`)}</dt>
            <dd aria-describedby={`${ids}-${tile.key}`}>{number.format(tile.value)}</dd>
            <dd id={`${ids}-${tile.key}`} className="dash-tile-hint">
              {t(`dashboards.escalationHints.${tile.key}`)}
            </dd>
          </div>
        ))}
      </dl>
      {raisedBefore && (
        <p className="muted small" data-testid="dashboard-escalations-before">
          {t('dashboards.escalationHints.raisedBefore')}
        </p>
      )}
    </Panel>
  )
}
