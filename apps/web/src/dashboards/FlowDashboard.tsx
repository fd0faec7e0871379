import { memo, useDeferredValue, useId } from 'react'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { Panel, type TableModel } from './DataTable.tsx'
import type { Bottlenecks } from './dashboard-api.ts'
import { agingRows, inStageOrder, overLimit, stageTimeRows } from './dashboard-data.ts'
import { formatDuration, formatMediumDate, headlineView, msToDays } from './dashboard-format.ts'
import { EscalationsPanel } from './EscalationsPanel.tsx'
import { StageTimeChart } from './lazy-charts.tsx'
import { StageName } from './StageName.tsx'

/**
 * The manager's bottleneck review: which stage holds the pipeline back, and why. Drawn again
 * only for new figures (not when a request starts or ends); the figures show at once, the
 * chart of time in stage follows just after.
 */
export const FlowDashboard = memo(function FlowDashboard({ data }: { data: Bottlenecks }) {
  const charts = useDeferredValue(data)
  return (
    <>
      <Headline data={data} />
      <StagesPanel data={data} chartStages={charts.stages} />
      <AgingPanel data={data} />
      <CmPanel data={data} />
      <EscalationsPanel data={data} />
    </>
  )
})

function Headline({ data }: { data: Bottlenecks }) {
  const { t, i18n } = useTranslation()
  const { timeZone } = useBoard()
  const headingId = useId()
  const locale = i18n.language
  const { headline } = data
  let sentence = t('dashboards.headline.none')
  if (headline) {
    const view = headlineView(headline, locale)
    sentence = t('dashboards.headline.sentence', {
      stage: t(`stages.${view.stage}`),
      reason: t(view.reasonKey),
      details: view.details.map((p) => t(p.key, p.values)).join(', '),
    })
  }
  // the previous period ends where this one starts: its last instant is one before
  const previousTo = new Date(new Date(data.previous.to).getTime() - 1).toISOString()
  return (
    <section className="dash-panel dash-headline-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="visually-hidden">
        {t('dashboards.headline.title')}
      </h3>
      <p
        className={`dash-headline${headline ? ` has-stage stage-accent-${headline.stage}` : ''}`}
        data-testid="dashboard-headline"
        data-stage={headline?.stage}
        data-reason={headline?.reason}
      >
        {sentence}
      </p>
      <p className="muted small">
        {t('dashboards.previousPeriod', {
          from: formatMediumDate(data.previous.from, locale, timeZone),
          to: formatMediumDate(previousTo, locale, timeZone),
        })}
      </p>
    </section>
  )
}

function StagesPanel({
  data,
  chartStages,
}: {
  data: Bottlenecks
  /** What the chart draws: the same stages, a moment behind while new figures show. */
  chartStages: Bottlenecks['stages']
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const stages = inStageOrder(data.stages)
  const duration = (ms: number | null) => formatDuration(ms, locale, 'short')
  const table: TableModel = {
    name: 'stages',
    title: t('dashboards.stages.title'),
    columns: [
      { label: t('dashboards.stages.stage') },
      { label: t('dashboards.stages.wip'), numeric: true },
      { label: t('dashboards.stages.median'), numeric: true },
      { label: t('dashboards.stages.p85'), numeric: true },
      { label: t('dashboards.stages.previousMedian'), numeric: true },
      { label: t('dashboards.stages.stays'), numeric: true },
      { label: t('dashboards.stages.aging'), numeric: true },
    ],
    rows: stages.map((s) => {
      const over = s.overLimit || overLimit(s.wip, s.limit)
      return {
        key: s.stage,
        stage: s.stage,
        testId: 'dashboard-stage-row',
        cells: [
          <StageName key="stage" stage={s.stage} />,
          <span key="wip" className="dash-wip">
            <span
              data-testid="dashboard-wip"
              data-stage={s.stage}
              data-over-limit={over || undefined}
              className={over ? 'dash-over' : undefined}
            >
              {s.limit === null ? s.wip : `${s.wip} / ${s.limit}`}
            </span>
            {over && <span className="dash-badge over">{t('dashboards.stages.overLimit')}</span>}
          </span>,
          duration(s.medianMs),
          duration(s.p85Ms),
          duration(s.previousMedianMs),
          s.stays,
          s.agingCount,
        ],
      }
    }),
    csv: {
      header: [
        t('dashboards.stages.stage'),
        t('dashboards.stages.wipCount'),
        t('dashboards.stages.limit'),
        t('dashboards.stages.overLimitCsv'),
        t('dashboards.stages.medianDays'),
        t('dashboards.stages.p85Days'),
        t('dashboards.stages.previousMedianDays'),
        t('dashboards.stages.stays'),
        t('dashboards.stages.aging'),
      ],
      rows: stages.map((s) => [
        t(`stages.${s.stage}`),
        s.wip,
        s.limit,
        t(
          s.overLimit || overLimit(s.wip, s.limit) ? 'dashboards.table.yes' : 'dashboards.table.no',
        ),
        msToDays(s.medianMs),
        msToDays(s.p85Ms),
        msToDays(s.previousMedianMs),
        s.stays,
        s.agingCount,
      ]),
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.stages.hint')}
      table={table}
      chart={<StagesChart stages={chartStages} />}
      stacked
      testId="dashboard-stages"
    />
  )
}

const StagesChart = memo(function StagesChart({ stages }: { stages: Bottlenecks['stages'] }) {
  return <StageTimeChart rows={stageTimeRows(inStageOrder(stages))} />
})

function AgingPanel({ data }: { data: Bottlenecks }) {
  const { t, i18n } = useTranslation()
  const { openCard } = useBoard()
  const rows = agingRows(data.stages)
  const table: TableModel = {
    name: 'aging',
    title: t('dashboards.aging.title'),
    columns: [
      { label: t('dashboards.aging.card') },
      { label: t('dashboards.aging.stage') },
      { label: t('dashboards.aging.time'), numeric: true },
    ],
    rows: rows.map((row) => ({
      key: row.cardId,
      stage: row.stage,
      testId: 'dashboard-aging-row',
      cells: [
        <button
          key="card"
          type="button"
          className="link-button dash-card-link"
          data-card-id={row.cardId}
          aria-label={t('dashboards.aging.open', { title: row.title })}
          onClick={() => openCard(row.cardId)}
        >
          {row.title}
        </button>,
        <StageName key="stage" stage={row.stage} />,
        formatDuration(row.msInStage, i18n.language, 'short'),
      ],
    })),
    csv: {
      header: [t('dashboards.aging.card'), t('dashboards.aging.stage'), t('dashboards.aging.days')],
      rows: rows.map((row) => [row.title, t(`stages.${row.stage}`), msToDays(row.msInStage)]),
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.aging.hint')}
      table={table}
      testId="dashboard-aging"
    />
  )
}

function CmPanel({ data }: { data: Bottlenecks }) {
  const { t, i18n } = useTranslation()
  const cms = [...data.cms].sort((a, b) => a.name.localeCompare(b.name, i18n.language))
  const table: TableModel = {
    name: 'cms',
    title: t('dashboards.cms.title'),
    columns: [
      { label: t('dashboards.cms.name') },
      { label: t('dashboards.cms.assigned'), numeric: true },
      { label: t('dashboards.cms.overdue'), numeric: true },
      { label: t('dashboards.cms.wip'), numeric: true },
    ],
    rows: cms.map((cm) => {
      const over = overLimit(cm.wip, cm.limit)
      return {
        key: cm.userId,
        testId: 'dashboard-cm-row',
        cells: [
          cm.name,
          cm.assigned,
          <span key="overdue" className={cm.overdue > 0 ? 'dash-over' : undefined}>
            {cm.overdue}
          </span>,
          <span key="wip" className="dash-wip">
            <span className={over ? 'dash-over' : undefined}>
              {cm.limit === null ? cm.wip : `${cm.wip} / ${cm.limit}`}
            </span>
            {over && <span className="dash-badge over">{t('dashboards.cms.overLimit')}</span>}
          </span>,
        ],
      }
    }),
    csv: {
      header: [
        t('dashboards.cms.name'),
        t('dashboards.cms.assigned'),
        t('dashboards.cms.overdue'),
        t('dashboards.cms.wipCount'),
        t('dashboards.cms.limit'),
      ],
      rows: cms.map((cm) => [cm.name, cm.assigned, cm.overdue, cm.wip, cm.limit]),
    },
  }
  return <Panel title={table.title} table={table} testId="dashboard-cms" />
}
