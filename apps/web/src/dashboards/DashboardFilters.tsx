import { NETWORKS } from '@pauta/domain'
import { useId, useMemo } from 'react'
import { FilterSelect } from '../app/FilterSelect.tsx'
import { useAllCards, useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import {
  customPeriod,
  type DashboardFilter,
  distinctValues,
  isFiltering,
  NO_FILTER,
  PERIOD_DAYS,
  periodDays,
} from './dashboard-filters.ts'

/**
 * Network, campaign, objective, community manager and period. Campaigns and objectives are
 * the workspace's lists plus any other value a card on this board carries.
 */
export function DashboardFilters({
  filter,
  onChange,
  today,
}: {
  filter: DashboardFilter
  onChange: (filter: DashboardFilter) => void
  today: string
}) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const { members, campaigns: listedCampaigns, objectives: listedObjectives } = useBoard()
  const cards = useAllCards()
  const locale = i18n.language
  const campaigns = useMemo(
    () =>
      distinctValues(
        [...listedCampaigns, ...cards.map((c) => c.campaign), filter.campaign],
        locale,
      ),
    [listedCampaigns, cards, filter.campaign, locale],
  )
  const objectives = useMemo(
    () =>
      distinctValues(
        [...listedObjectives, ...cards.map((c) => c.objective), filter.objective],
        locale,
      ),
    [listedObjectives, cards, filter.objective, locale],
  )
  const cms = useMemo(
    () =>
      [...members.values()]
        .filter((m) => m.roles.includes('cm') || m.id === filter.assigneeId)
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
    [members, filter.assigneeId, locale],
  )
  const set = (patch: Partial<DashboardFilter>) => onChange({ ...filter, ...patch })
  const { period } = filter
  const range = periodDays(period, today)

  const choosePeriod = (value: string | null) => {
    if (value === 'custom') return set({ period: { kind: 'custom', ...range } })
    const days = PERIOD_DAYS.find((d) => String(d) === value)
    if (days) set({ period: { kind: 'last', days } })
  }
  const setBound = (bound: 'from' | 'to', value: string) => {
    // a half-typed date is not a period yet
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || period.kind !== 'custom') return
    const next = { ...period, [bound]: value }
    set({ period: customPeriod(next.from, next.to) })
  }

  return (
    <fieldset className="dash-filters" data-testid="dashboard-filters">
      <legend className="visually-hidden">{t('dashboards.filters.label')}</legend>
      <FilterSelect
        className="dash-filter"
        label={t('dashboards.filters.period')}
        testId="dashboard-filter-period"
        value={period.kind === 'custom' ? 'custom' : String(period.days)}
        options={[
          ...PERIOD_DAYS.map((days) => ({
            value: String(days),
            label: t('dashboards.filters.last', { count: days }),
          })),
          { value: 'custom', label: t('dashboards.filters.custom') },
        ]}
        onChange={choosePeriod}
      />
      {period.kind === 'custom' && (
        <>
          <div className="dash-filter">
            <label htmlFor={`${ids}-from`}>{t('dashboards.filters.from')}</label>
            <input
              id={`${ids}-from`}
              type="date"
              data-testid="dashboard-filter-from"
              value={period.from}
              max={today}
              onChange={(e) => setBound('from', e.target.value)}
            />
          </div>
          <div className="dash-filter">
            <label htmlFor={`${ids}-to`}>{t('dashboards.filters.to')}</label>
            <input
              id={`${ids}-to`}
              type="date"
              data-testid="dashboard-filter-to"
              value={period.to}
              onChange={(e) => setBound('to', e.target.value)}
            />
          </div>
        </>
      )}
      <FilterSelect
        className="dash-filter"
        label={t('dashboards.filters.network')}
        testId="dashboard-filter-network"
        value={filter.network}
        all={t('dashboards.filters.allNetworks')}
        options={NETWORKS.map((network) => ({ value: network, label: t(`networks.${network}`) }))}
        onChange={(network) => set({ network })}
      />
      <FilterSelect
        className="dash-filter"
        label={t('dashboards.filters.campaign')}
        testId="dashboard-filter-campaign"
        value={filter.campaign}
        all={t(
          campaigns.length > 0
            ? 'dashboards.filters.allCampaigns'
            : 'dashboards.filters.noCampaigns',
        )}
        options={campaigns.map((campaign) => ({ value: campaign, label: campaign }))}
        onChange={(campaign) => set({ campaign })}
      />
      <FilterSelect
        className="dash-filter"
        label={t('dashboards.filters.objective')}
        testId="dashboard-filter-objective"
        value={filter.objective}
        all={t(
          objectives.length > 0
            ? 'dashboards.filters.allObjectives'
            : 'dashboards.filters.noObjectives',
        )}
        options={objectives.map((objective) => ({ value: objective, label: objective }))}
        onChange={(objective) => set({ objective })}
      />
      <FilterSelect
        className="dash-filter"
        label={t('dashboards.filters.cm')}
        testId="dashboard-filter-cm"
        value={filter.assigneeId}
        all={t('dashboards.filters.allCms')}
        options={cms.map((member) => ({ value: member.id, label: member.name }))}
        onChange={(assigneeId) => set({ assigneeId })}
      />
      {isFiltering(filter) && (
        <button
          type="button"
          className="button subtle small"
          data-testid="dashboard-filter-clear"
          onClick={() => onChange({ ...NO_FILTER, period })}
        >
          {t('dashboards.filters.clear')}
        </button>
      )}
    </fieldset>
  )
}
