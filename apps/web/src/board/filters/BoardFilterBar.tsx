import { isCm, NETWORKS } from '@pauta/domain'
import { useId, useState } from 'react'
import { ApprovalFilterSelect, FilterSelect } from '../../app/FilterSelect.tsx'
import {
  type ApprovalFilter,
  type BoardFilter,
  NO_BOARD_FILTER,
  UNASSIGNED,
} from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { approvalFilterChoices } from '../approval-state.ts'
import { useBoard } from '../use-board.ts'
import { activeFilterCount, isFiltering } from './board-filter.ts'
import { useMatchCount } from './filter-context.tsx'
import { SearchBox } from './SearchBox.tsx'
import { setBoardFilter, useBoardFilter } from './use-board-filter.ts'
import { type FilterChoices, useFilterChoices } from './use-filter-choices.ts'
import '../../styles/board-filters.css'

/**
 * Above the columns: the search, "only mine", and assignee, network, campaign, objective, tag
 * and (where the board asks for approval) the posts' approval. On a phone the lists fold into
 * a "Filters" disclosure; the search and "only mine" stay.
 */
export function BoardFilterBar() {
  const { t } = useTranslation()
  const filter = useBoardFilter()
  // posts are assigned to community managers: "only mine" is theirs (or on, from a link, to turn off)
  const { actor, rules } = useBoard()
  const offersMine = isCm(actor.roles) || filter.mine
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const filtering = isFiltering(filter)
  const listed = activeFilterCount(filter) - (filter.mine ? 1 : 0)
  const set = (patch: Partial<BoardFilter>) => setBoardFilter({ ...filter, ...patch })

  return (
    <section
      className="board-filters"
      aria-label={t('boardFilters.label')}
      data-testid="board-filters"
    >
      <div className="board-filters-main">
        <SearchBox filter={filter} />
        {offersMine && (
          <button
            type="button"
            className={`chip${filter.mine ? ' is-on' : ''}`}
            data-testid="board-filter-mine"
            aria-pressed={filter.mine}
            onClick={() => set({ mine: !filter.mine })}
          >
            {t('boardFilters.onlyMine')}
          </button>
        )}
        <button
          type="button"
          className={`chip board-filters-toggle${listed > 0 ? ' is-on' : ''}`}
          data-testid="board-filters-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
        >
          {listed > 0 ? t('boardFilters.toggleCount', { count: listed }) : t('boardFilters.toggle')}
        </button>
      </div>
      <FilterLists
        id={panelId}
        open={open}
        filter={filter}
        choices={useFilterChoices(filter)}
        approvals={approvalFilterChoices(rules, filter.approval)}
        set={set}
      />
      <FilterStatus filtering={filtering} />
    </section>
  )
}

function FilterLists({
  id,
  open,
  filter,
  choices,
  approvals,
  set,
}: {
  id: string
  open: boolean
  filter: BoardFilter
  choices: FilterChoices
  approvals: readonly ApprovalFilter[]
  set: (patch: Partial<BoardFilter>) => void
}) {
  const { t } = useTranslation()
  const text = (values: readonly string[]) => values.map((value) => ({ value, label: value }))
  const emptyOr = (values: readonly string[], all: string, none: string) =>
    t(values.length > 0 ? all : none)
  return (
    <fieldset id={id} className={`board-filters-lists${open ? ' is-open' : ''}`}>
      <legend className="visually-hidden">{t('boardFilters.label')}</legend>
      <FilterSelect
        className="board-filter"
        label={t('boardFilters.assignee')}
        testId="board-filter-assignee"
        value={filter.assignee}
        all={t('boardFilters.anyone')}
        options={[
          { value: UNASSIGNED, label: t('boardFilters.unassigned') },
          ...choices.members.map((member) => ({ value: member.id, label: member.name })),
        ]}
        onChange={(assignee) => set({ assignee })}
      />
      <FilterSelect
        className="board-filter"
        label={t('boardFilters.network')}
        testId="board-filter-network"
        value={filter.network}
        all={t('boardFilters.allNetworks')}
        options={NETWORKS.map((network) => ({ value: network, label: t(`networks.${network}`) }))}
        onChange={(network) => set({ network })}
      />
      <FilterSelect
        className="board-filter"
        label={t('boardFilters.campaign')}
        testId="board-filter-campaign"
        value={filter.campaign}
        all={emptyOr(choices.campaigns, 'boardFilters.allCampaigns', 'boardFilters.noCampaigns')}
        options={text(choices.campaigns)}
        onChange={(campaign) => set({ campaign })}
      />
      <FilterSelect
        className="board-filter"
        label={t('boardFilters.objective')}
        testId="board-filter-objective"
        value={filter.objective}
        all={emptyOr(choices.objectives, 'boardFilters.allObjectives', 'boardFilters.noObjectives')}
        options={text(choices.objectives)}
        onChange={(objective) => set({ objective })}
      />
      <FilterSelect
        className="board-filter"
        label={t('boardFilters.tag')}
        testId="board-filter-tag"
        value={filter.tag}
        all={emptyOr(choices.tags, 'boardFilters.allTags', 'boardFilters.noTags')}
        options={text(choices.tags)}
        onChange={(tag) => set({ tag })}
      />
      <ApprovalFilterSelect
        className="board-filter"
        testId="board-filter-approval"
        choices={approvals}
        value={filter.approval}
        onChange={(approval) => set({ approval })}
      />
    </fieldset>
  )
}

/** How many cards match, or that none does; and the way back to the whole board. */
function FilterStatus({ filtering }: { filtering: boolean }) {
  const { t } = useTranslation()
  const shown = useMatchCount()
  const nothing = filtering && shown === 0
  return (
    <div className="board-filters-status">
      {/* always there, so that a screen reader hears what a change of filter did */}
      <p
        className={nothing ? 'board-filters-nothing' : 'muted small'}
        role="status"
        data-testid={nothing ? 'board-filters-nothing' : 'board-filters-shown'}
      >
        {!filtering
          ? ''
          : nothing
            ? t('boardFilters.nothing')
            : t('boardFilters.shown', { count: shown })}
      </p>
      {filtering && (
        <button
          type="button"
          className="button subtle small"
          data-testid="board-filters-clear"
          onClick={() => setBoardFilter(NO_BOARD_FILTER)}
        >
          {t('boardFilters.clear')}
        </button>
      )}
    </div>
  )
}
