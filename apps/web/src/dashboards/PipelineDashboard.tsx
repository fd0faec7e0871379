import { STAGES } from '@pauta/domain'
import { memo, useDeferredValue, useId, useMemo } from 'react'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { CsvButton, Panel, type TableModel } from './DataTable.tsx'
import type { Pipeline } from './dashboard-api.ts'
import { binOf, cfdRows, histogram } from './dashboard-data.ts'
import { DAY_MS, forecastPhrase, formatDuration, formatMediumDate } from './dashboard-format.ts'
import { CfdChart, LeadTimeChart, ThroughputChart } from './lazy-charts.tsx'
import { StageName } from './StageName.tsx'

/**
 * The strategist's pipeline: what is where, how fast it moves, and when the plan will be out.
 * New figures show at once; the charts (tens of milliseconds of drawing each) follow just
 * after, so a live move is never held back by them.
 */
export const PipelineDashboard = memo(function PipelineDashboard({ data }: { data: Pipeline }) {
  const charts = useDeferredValue(data)
  return (
    <>
      <CountsPanel data={data} />
      <Forecast data={data} />
      <ThroughputPanel data={charts} />
      <LeadTimePanel data={charts} />
      <CfdPanel data={charts} />
    </>
  )
})

function CountsPanel({ data }: { data: Pipeline }) {
  const { t, i18n } = useTranslation()
  const headingId = useId()
  const number = new Intl.NumberFormat(i18n.language)
  const table: TableModel = {
    name: 'counts',
    title: t('dashboards.counts.title'),
    columns: [{ label: t('dashboards.counts.stage') }, { label: t('dashboards.counts.cards') }],
    rows: [],
    csv: {
      header: [t('dashboards.counts.stage'), t('dashboards.counts.cards')],
      rows: STAGES.map((stage) => [t(`stages.${stage}`), data.counts[stage] ?? 0]),
    },
  }
  // the tiles are this table: each says its stage and its number, in pipeline order
  return (
    <section className="dash-panel" aria-labelledby={headingId} data-testid="dashboard-counts">
      <header className="dash-panel-header">
        <h3 id={headingId}>{table.title}</h3>
        <CsvButton table={table} />
      </header>
      <ul className="dash-counts">
        {STAGES.map((stage) => (
          <li key={stage} className={`dash-count stage-accent-${stage}`}>
            <StageName stage={stage} />
            <span className="dash-count-value" data-testid="dashboard-count" data-stage={stage}>
              {number.format(data.counts[stage] ?? 0)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Forecast({ data }: { data: Pipeline }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  const headingId = useId()
  const phrase = forecastPhrase(data.forecast, i18n.language, timeZone, new Date())
  return (
    <section className="dash-panel dash-forecast-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('dashboards.forecast.title')}</h3>
      <p className="dash-forecast" data-testid="dashboard-forecast" data-date={data.forecast.date}>
        {t(phrase.key, phrase.values)}
      </p>
      {data.forecast.date !== null && (
        <p className="muted small">
          {t('dashboards.forecast.basis', { count: data.forecast.basedOnWeeks })}
        </p>
      )}
    </section>
  )
}

const ThroughputPanel = memo(function ThroughputPanel({ data }: { data: Pipeline }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  const locale = i18n.language
  const table: TableModel = {
    name: 'throughput',
    title: t('dashboards.throughput.title'),
    columns: [
      { label: t('dashboards.throughput.week') },
      { label: t('dashboards.throughput.published'), numeric: true },
    ],
    rows: data.throughput.map((week) => ({
      key: week.weekStart,
      cells: [formatMediumDate(week.weekStart, locale, timeZone), week.published],
    })),
    csv: {
      header: [t('dashboards.throughput.week'), t('dashboards.throughput.published')],
      rows: data.throughput.map((week) => [week.weekStart, week.published]),
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.throughput.hint')}
      table={table}
      chart={<ThroughputChart rows={data.throughput} />}
      testId="dashboard-throughput"
    />
  )
})

const LeadTimePanel = memo(function LeadTimePanel({ data }: { data: Pipeline }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { leadTime } = data
  const bins = useMemo(() => histogram(leadTime.days), [leadTime.days])
  const days = (value: number | null) =>
    formatDuration(value === null ? null : value * DAY_MS, locale)
  const number = new Intl.NumberFormat(locale)
  const table: TableModel = {
    name: 'leadTime',
    title: t('dashboards.leadTime.title'),
    columns: [
      { label: t('dashboards.leadTime.range') },
      { label: t('dashboards.leadTime.cards'), numeric: true },
    ],
    rows: bins.map((bin) => ({
      key: String(bin.from),
      cells: [
        t('dashboards.leadTime.rangeValue', {
          from: number.format(bin.from),
          to: number.format(bin.to),
        }),
        bin.count,
      ],
    })),
    csv: {
      header: [
        t('dashboards.leadTime.from'),
        t('dashboards.leadTime.to'),
        t('dashboards.leadTime.cards'),
      ],
      rows: bins.map((bin) => [bin.from, bin.to, bin.count]),
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.leadTime.hint')}
      table={table}
      chart={
        <LeadTimeChart
          bins={bins}
          medianBin={binOf(bins, leadTime.medianDays)}
          p85Bin={binOf(bins, leadTime.p85Days)}
        />
      }
      testId="dashboard-lead-time"
    >
      {leadTime.days.length > 0 && (
        <p className="dash-summary" data-testid="dashboard-lead-time-summary">
          {t('dashboards.leadTime.summary', {
            count: leadTime.days.length,
            median: days(leadTime.medianDays),
            p85: days(leadTime.p85Days),
          })}
        </p>
      )}
    </Panel>
  )
})

const CfdPanel = memo(function CfdPanel({ data }: { data: Pipeline }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  const locale = i18n.language
  const rows = useMemo(() => cfdRows(data.cfd), [data.cfd])
  // the newest day first in the table: what a reader looks for
  const newestFirst = [...rows].reverse()
  const table: TableModel = {
    name: 'cfd',
    title: t('dashboards.cfd.title'),
    columns: [
      { label: t('dashboards.cfd.day') },
      ...STAGES.map((stage) => ({ label: t(`stages.${stage}`), numeric: true })),
    ],
    rows: newestFirst.map((row) => ({
      key: row.day,
      cells: [formatMediumDate(row.day, locale, timeZone), ...STAGES.map((stage) => row[stage])],
    })),
    csv: {
      header: [t('dashboards.cfd.day'), ...STAGES.map((stage) => t(`stages.${stage}`))],
      rows: rows.map((row) => [row.day, ...STAGES.map((stage) => row[stage])]),
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.cfd.hint')}
      table={table}
      chart={<CfdChart rows={rows} />}
      scrollTable
      stacked
      testId="dashboard-cfd"
    />
  )
})
