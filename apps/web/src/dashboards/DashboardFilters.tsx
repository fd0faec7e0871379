import { NETWORKS, type Network } from '@pauta/domain'
import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useAllCards, useBoard } from '../board/use-board.ts'
import {
  customPeriod,
  type DashboardFilter,
  distinctValues,
  isFiltering,
  NO_FILTER,
  PERIOD_DAYS,
  periodDays,
} from './dashboard-filters.ts'

const isNetwork = (value: string): value is Network =>
  (NETWORKS as readonly string[]).includes(value)

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

  const choosePeriod = (value: string) => {
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
      <div className="dash-filter">
        <label htmlFor={`${ids}-period`}>{t('dashboards.filters.period')}</label>
        <select
          id={`${ids}-period`}
          data-testid="dashboard-filter-period"
          value={period.kind === 'custom' ? 'custom' : String(period.days)}
          onChange={(e) => choosePeriod(e.target.value)}
        >
          {PERIOD_DAYS.map((days) => (
            <option key={days} value={days}>
              {t('dashboards.filters.last', { count: days })}
            </option>
          ))}
          <option value="custom">{t('dashboards.filters.custom')}</option>
        </select>
      </div>
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
      <div className="dash-filter">
        <label htmlFor={`${ids}-network`}>{t('dashboards.filters.network')}</label>
        <select
          id={`${ids}-network`}
          data-testid="dashboard-filter-network"
          value={filter.network ?? ''}
          onChange={(e) => set({ network: isNetwork(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t('dashboards.filters.allNetworks')}</option>
          {NETWORKS.map((network) => (
            <option key={network} value={network}>
              {t(`networks.${network}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-filter">
        <label htmlFor={`${ids}-campaign`}>{t('dashboards.filters.campaign')}</label>
        <select
          id={`${ids}-campaign`}
          data-testid="dashboard-filter-campaign"
          value={filter.campaign ?? ''}
          onChange={(e) => set({ campaign: e.target.value || null })}
        >
          <option value="">
            {t(
              campaigns.length > 0
                ? 'dashboards.filters.allCampaigns'
                : 'dashboards.filters.noCampaigns',
            )}
          </option>
          {campaigns.map((campaign) => (
            <option key={campaign} value={campaign}>
              {campaign}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-filter">
        <label htmlFor={`${ids}-objective`}>{t('dashboards.filters.objective')}</label>
        <select
          id={`${ids}-objective`}
          data-testid="dashboard-filter-objective"
          value={filter.objective ?? ''}
          onChange={(e) => set({ objective: e.target.value || null })}
        >
          <option value="">
            {t(
              objectives.length > 0
                ? 'dashboards.filters.allObjectives'
                : 'dashboards.filters.noObjectives',
            )}
          </option>
          {objectives.map((objective) => (
            <option key={objective} value={objective}>
              {objective}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-filter">
        <label htmlFor={`${ids}-cm`}>{t('dashboards.filters.cm')}</label>
        <select
          id={`${ids}-cm`}
          data-testid="dashboard-filter-cm"
          value={filter.assigneeId ?? ''}
          onChange={(e) => set({ assigneeId: e.target.value || null })}
        >
          <option value="">{t('dashboards.filters.allCms')}</option>
          {cms.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
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
