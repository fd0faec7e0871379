import { isStage, NETWORKS, type Network } from '@pauta/domain'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import {
  type AssigneeFilter,
  CALENDAR_STAGES,
  type CalendarFilter,
  isFiltering,
  NO_FILTER,
} from './calendar-model.ts'

/** The filter's choices, taken from the board. */
export interface FilterChoices {
  campaigns: readonly string[]
  assignees: readonly { id: string; name: string }[]
}

// <select> values for the assignee filter (an id never starts with "member:" by accident)
function assigneeValue(filter: AssigneeFilter): string {
  switch (filter.kind) {
    case 'anyone':
      return ''
    case 'nobody':
      return 'nobody'
    case 'member':
      return `member:${filter.id}`
  }
}

function assigneeFilter(value: string): AssigneeFilter {
  if (value === 'nobody') return { kind: 'nobody' }
  if (value.startsWith('member:')) return { kind: 'member', id: value.slice('member:'.length) }
  return { kind: 'anyone' }
}

const isNetwork = (value: string): value is Network =>
  (NETWORKS as readonly string[]).includes(value)

export function CalendarFilters({
  filter,
  onChange,
  choices,
}: {
  filter: CalendarFilter
  onChange: (filter: CalendarFilter) => void
  choices: FilterChoices
}) {
  const { t } = useTranslation()
  const ids = useId()
  const set = (patch: Partial<CalendarFilter>) => onChange({ ...filter, ...patch })
  const all = t('calendar.filters.all')
  // a chosen campaign stays offered after its last post went (it would show as blank)
  const campaigns =
    filter.campaign && !choices.campaigns.includes(filter.campaign)
      ? [...choices.campaigns, filter.campaign]
      : choices.campaigns

  return (
    <fieldset className="cal-filters" data-testid="calendar-filters">
      <legend className="visually-hidden">{t('calendar.filters.label')}</legend>
      <div className="cal-filter">
        <label htmlFor={`${ids}-network`}>{t('calendar.filters.network')}</label>
        <select
          id={`${ids}-network`}
          data-testid="calendar-filter-network"
          value={filter.network ?? ''}
          onChange={(e) => set({ network: isNetwork(e.target.value) ? e.target.value : null })}
        >
          <option value="">{all}</option>
          {NETWORKS.map((network) => (
            <option key={network} value={network}>
              {t(`networks.${network}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="cal-filter">
        <label htmlFor={`${ids}-cm`}>{t('calendar.filters.cm')}</label>
        <select
          id={`${ids}-cm`}
          data-testid="calendar-filter-cm"
          value={assigneeValue(filter.assignee)}
          onChange={(e) => set({ assignee: assigneeFilter(e.target.value) })}
        >
          <option value="">{all}</option>
          <option value="nobody">{t('calendar.filters.unassigned')}</option>
          {choices.assignees.map((member) => (
            <option key={member.id} value={`member:${member.id}`}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <div className="cal-filter">
        <label htmlFor={`${ids}-campaign`}>{t('calendar.filters.campaign')}</label>
        <select
          id={`${ids}-campaign`}
          data-testid="calendar-filter-campaign"
          value={filter.campaign ?? ''}
          onChange={(e) => set({ campaign: e.target.value || null })}
        >
          <option value="">{campaigns.length > 0 ? all : t('calendar.filters.noCampaigns')}</option>
          {campaigns.map((campaign) => (
            <option key={campaign} value={campaign}>
              {campaign}
            </option>
          ))}
        </select>
      </div>
      <div className="cal-filter">
        <label htmlFor={`${ids}-stage`}>{t('calendar.filters.stage')}</label>
        <select
          id={`${ids}-stage`}
          data-testid="calendar-filter-stage"
          value={filter.stage ?? ''}
          onChange={(e) => set({ stage: isStage(e.target.value) ? e.target.value : null })}
        >
          <option value="">{all}</option>
          {CALENDAR_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t(`stages.${stage}`)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className={`chip${filter.onlyMine ? ' is-on' : ''}`}
        data-testid="calendar-filter-mine"
        aria-pressed={filter.onlyMine}
        onClick={() => set({ onlyMine: !filter.onlyMine })}
      >
        {t('calendar.filters.onlyMine')}
      </button>
      {isFiltering(filter) && (
        <button
          type="button"
          className="button subtle small"
          data-testid="calendar-filter-clear"
          onClick={() => onChange(NO_FILTER)}
        >
          {t('calendar.filters.clear')}
        </button>
      )}
    </fieldset>
  )
}
