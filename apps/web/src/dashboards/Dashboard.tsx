import { useQuery } from '@tanstack/react-query'
import { type ReactNode, useCallback, useId, useMemo } from 'react'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { navigate, useLocation } from '../app/router.ts'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { DashboardFilters } from './DashboardFilters.tsx'
import { DashboardFrameContext } from './DataTable.tsx'
import { reviewsBottlenecks } from './dashboard-access.ts'
import {
  type DashboardFilter,
  dashboardInput,
  filterSearch,
  parseFilter,
  periodDays,
} from './dashboard-filters.ts'
import { formatMediumDate } from './dashboard-format.ts'
import { FlowDashboard } from './FlowDashboard.tsx'
import { PipelineDashboard } from './PipelineDashboard.tsx'
import { useBottlenecks, useLiveDashboards, usePipeline } from './use-dashboards.ts'
import { useToday } from './use-today.ts'
import '../styles/dashboards.css'

export type DashboardKind = 'flow' | 'pipeline'

/**
 * The board's two dashboards, loaded apart from the board (recharts is heavy). The filter
 * lives in the page's URL, so a filtered view can be shared and survives a reload.
 */
export default function Dashboard({ kind }: { kind: DashboardKind }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const { session, timeZone } = useBoard()
  const boardId = session.boardId
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const today = useToday(timeZone)
  const headingId = useId()
  const href = useLocation()
  const search = href.includes('?') ? href.slice(href.indexOf('?')) : ''
  const filter = useMemo(() => parseFilter(search), [search])
  const setFilter = useCallback(
    (next: DashboardFilter) =>
      navigate(location.pathname + filterSearch(next, location.search), { replace: true }),
    [],
  )
  const input = useMemo(
    () => dashboardInput(boardId, filter, today, timeZone),
    [boardId, filter, today, timeZone],
  )
  useLiveDashboards()

  const locale = i18n.language
  const range = periodDays(filter.period, today)
  const frame = useMemo(
    () => ({ boardName: board.data?.name ?? '', today }),
    [board.data?.name, today],
  )
  const roles = board.data?.roles

  return (
    <main
      className="board-view dashboard"
      id="main"
      data-testid={`dashboard-${kind}`}
      aria-labelledby={headingId}
    >
      <header className="dash-header">
        <h2 id={headingId}>{t(`dashboards.${kind}.title`)}</h2>
        <p className="muted small">{t(`dashboards.${kind}.intro`)}</p>
      </header>
      <DashboardFilters filter={filter} onChange={setFilter} today={today} />
      <p className="dash-period muted small" data-testid="dashboard-period">
        {t('dashboards.period', {
          from: formatMediumDate(range.from, locale, timeZone),
          to: formatMediumDate(range.to, locale, timeZone),
        })}{' '}
        · {t('dashboards.live')}
      </p>
      <DashboardFrameContext value={frame}>
        {kind === 'pipeline' ? (
          <PipelineData input={input} />
        ) : roles === undefined ? (
          <Loading />
        ) : reviewsBottlenecks(roles) ? (
          <FlowData input={input} />
        ) : (
          <p className="notice info" role="status" data-testid="dashboard-forbidden">
            {t('dashboards.flow.forbidden')}
          </p>
        )}
      </DashboardFrameContext>
    </main>
  )
}

type Input = ReturnType<typeof dashboardInput>

function FlowData({ input }: { input: Input }) {
  const query = useBottlenecks(input, true)
  return <QueryState query={query}>{query.data && <FlowDashboard data={query.data} />}</QueryState>
}

function PipelineData({ input }: { input: Input }) {
  const query = usePipeline(input)
  return (
    <QueryState query={query}>{query.data && <PipelineDashboard data={query.data} />}</QueryState>
  )
}

interface QueryLike {
  data: unknown
  error: unknown
  isFetching: boolean
  isPlaceholderData: boolean
  refetch: () => unknown
}

/**
 * The figures, or why there are none yet. While a new answer is on its way the previous one
 * stays (dimmed when it answers another filter), so a live update never blanks the page.
 */
function QueryState({ query, children }: { query: QueryLike; children: ReactNode }) {
  const { t } = useTranslation()
  if (query.data === undefined) {
    if (query.error) {
      const forbidden = trpcErrorCode(query.error) === 'FORBIDDEN'
      return (
        <div className="notice error" role="alert" data-testid="dashboard-error">
          <p>{t(forbidden ? 'dashboards.flow.forbidden' : 'dashboards.error')}</p>
          {!forbidden && (
            <button type="button" className="button small" onClick={() => void query.refetch()}>
              {t('dashboards.retry')}
            </button>
          )}
        </div>
      )
    }
    return <Loading />
  }
  return (
    <div
      className={`dash-body${query.isPlaceholderData ? ' is-stale' : ''}`}
      aria-busy={query.isFetching}
      data-fetching={query.isFetching || undefined}
    >
      {query.isFetching && (
        <span className="dash-updating muted small" aria-hidden="true">
          {t('dashboards.updating')}
        </span>
      )}
      {children}
    </div>
  )
}

function Loading() {
  const { t } = useTranslation()
  return (
    <div className="board-loading" aria-busy="true" data-testid="dashboard-loading">
      <span className="spinner" aria-hidden="true" />
      {t('dashboards.loading')}
    </div>
  )
}
