import { DATED_STAGES, NETWORKS } from '@pauta/domain'
import { ApprovalFilterSelect, FilterSelect } from '../app/FilterSelect.tsx'
import { approvalFilterChoices } from '../board/approval-state.ts'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import {
  type AssigneeFilter,
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
function assigneeValue(filter: AssigneeFilter): string | null {
  switch (filter.kind) {
    case 'anyone':
      return null
    case 'nobody':
      return 'nobody'
    case 'member':
      return `member:${filter.id}`
  }
}

function assigneeFilter(value: string | null): AssigneeFilter {
  if (value === 'nobody') return { kind: 'nobody' }
  if (value?.startsWith('member:')) return { kind: 'member', id: value.slice('member:'.length) }
  return { kind: 'anyone' }
}

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
  const { rules } = useBoard()
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
      <FilterSelect
        className="cal-filter"
        label={t('calendar.filters.network')}
        testId="calendar-filter-network"
        value={filter.network}
        all={all}
        options={NETWORKS.map((network) => ({ value: network, label: t(`networks.${network}`) }))}
        onChange={(network) => set({ network })}
      />
      <FilterSelect
        className="cal-filter"
        label={t('calendar.filters.cm')}
        testId="calendar-filter-cm"
        value={assigneeValue(filter.assignee)}
        all={all}
        options={[
          { value: 'nobody', label: t('calendar.filters.unassigned') },
          ...choices.assignees.map((member) => ({
            value: `member:${member.id}`,
            label: member.name,
          })),
        ]}
        onChange={(value) => set({ assignee: assigneeFilter(value) })}
      />
      <FilterSelect
        className="cal-filter"
        label={t('calendar.filters.campaign')}
        testId="calendar-filter-campaign"
        value={filter.campaign}
        all={campaigns.length > 0 ? all : t('calendar.filters.noCampaigns')}
        options={campaigns.map((campaign) => ({ value: campaign, label: campaign }))}
        onChange={(campaign) => set({ campaign })}
      />
      <FilterSelect
        className="cal-filter"
        label={t('calendar.filters.stage')}
        testId="calendar-filter-stage"
        value={filter.stage}
        all={all}
        options={DATED_STAGES.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
        onChange={(stage) => set({ stage })}
      />
      <ApprovalFilterSelect
        className="cal-filter"
        testId="calendar-filter-approval"
        choices={approvalFilterChoices(rules, filter.approval)}
        value={filter.approval}
        onChange={(approval) => set({ approval })}
      />
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
