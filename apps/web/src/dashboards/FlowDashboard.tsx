import { memo, useDeferredValue, useId } from 'react'
import { useBoard } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import type { CsvValue } from './csv.ts'
import { type Column, Panel, type Row, type TableModel } from './DataTable.tsx'
import type { Bottlenecks, PostReview, ReviewWait } from './dashboard-api.ts'
import { agingRows, inStageOrder, overLimit, reviewLines, stageTimeRows } from './dashboard-data.ts'
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
      <ReviewPanel data={data} />
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
  const view = headline ? headlineView(headline, locale) : null
  if (view) {
    const said = {
      reason: t(view.reasonKey),
      details: view.details.map((p) => t(p.key, p.values)).join(', '),
    }
    sentence = view.waitingFor
      ? t(`dashboards.headline.review.${view.waitingFor}`, said)
      : t('dashboards.headline.sentence', { ...said, stage: t(`stages.${view.stage}`) })
  }
  // the previous period ends where this one starts: its last instant is one before
  const previousTo = new Date(new Date(data.previous.to).getTime() - 1).toISOString()
  return (
    <section className="dash-panel dash-headline-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="visually-hidden">
        {t('dashboards.headline.title')}
      </h3>
      <p
        className={`dash-headline${view?.stage ? ` has-stage stage-accent-${view.stage}` : ''}${view?.waitingFor ? ' has-reviewer' : ''}`}
        data-testid="dashboard-headline"
        data-stage={view?.stage ?? undefined}
        data-reviewer={view?.waitingFor ?? undefined}
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
  const { rules } = useBoard()
  const locale = i18n.language
  const stages = inStageOrder(data.stages)
  const waits = reviewLines(data.review.waits, rules.approval.policy)
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
    rows: [
      ...stages.map((s): Row => {
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
      ...waits.map((w) => reviewRow(w, t(`dashboards.review.lines.${w.reviewer}`), duration)),
    ],
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
      rows: [
        ...stages.map((s): CsvValue[] => [
          t(`stages.${s.stage}`),
          s.wip,
          s.limit,
          t(
            s.overLimit || overLimit(s.wip, s.limit)
              ? 'dashboards.table.yes'
              : 'dashboards.table.no',
          ),
          msToDays(s.medianMs),
          msToDays(s.p85Ms),
          msToDays(s.previousMedianMs),
          s.stays,
          s.agingCount,
        ]),
        ...waits.map((w): CsvValue[] => [
          t(`dashboards.review.lines.${w.reviewer}`),
          w.waiting,
          null,
          t('dashboards.table.no'),
          msToDays(w.medianMs),
          msToDays(w.p85Ms),
          msToDays(w.previousMedianMs),
          w.posts,
          w.agingCount,
        ]),
      ],
    },
  }
  return (
    <Panel
      title={table.title}
      hint={t(waits.length > 0 ? 'dashboards.stages.hintWithReview' : 'dashboards.stages.hint')}
      table={table}
      chart={<StagesChart stages={chartStages} />}
      stacked
      testId="dashboard-stages"
    />
  )
}

/**
 * The line of the posts waiting for a reviewer's answer, beside the stages: waiting now (no
 * limit), their wait per post, the posts it is taken over, those waiting longer than usual.
 */
function reviewRow(wait: ReviewWait, name: string, duration: (ms: number | null) => string): Row {
  return {
    key: `review-${wait.reviewer}`,
    reviewer: wait.reviewer,
    testId: 'dashboard-review-line',
    cells: [
      <span key="stage" className="dash-stage">
        <span className="dash-dot dash-dot-review" aria-hidden="true" />
        {name}
      </span>,
      <span key="wip" data-testid="dashboard-review-waiting" data-reviewer={wait.reviewer}>
        {wait.waiting}
      </span>,
      duration(wait.medianMs),
      duration(wait.p85Ms),
      duration(wait.previousMedianMs),
      wait.posts,
      wait.agingCount,
    ],
  }
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

/**
 * Time in review per post: the summary over the reviews that ended in the period, who waits
 * for an answer now, and the posts longest in review (one under way counted so far).
 */
function ReviewPanel({ data }: { data: Bottlenecks }) {
  const { t, i18n } = useTranslation()
  const { openCard, rules } = useBoard()
  const locale = i18n.language
  const { review } = data
  const waits = reviewLines(review.waits, rules.approval.policy)
  if (waits.length === 0 && review.postCount === 0) return null
  const duration = (ms: number | null) => formatDuration(ms, locale, 'short')
  const columns: Column[] = [
    { label: t('dashboards.review.post') },
    { label: t('dashboards.review.now') },
    { label: t('dashboards.review.time'), numeric: true },
    { label: t('dashboards.review.team'), numeric: true },
    { label: t('dashboards.review.client'), numeric: true },
    { label: t('dashboards.review.reviews'), numeric: true },
  ]
  const status = (post: PostReview) =>
    post.inReview
      ? t(`dashboards.review.status.${post.waitingFor ?? 'nobody'}`, {
          duration: formatDuration(post.waitingMs, locale),
        })
      : '—'
  const table: TableModel = {
    name: 'reviews',
    title: t('dashboards.review.title'),
    columns,
    rows: review.posts.map((post) => ({
      key: post.cardId,
      testId: 'dashboard-review-post',
      ...(post.waitingFor ? { reviewer: post.waitingFor } : {}),
      cells: [
        <button
          key="card"
          type="button"
          className="link-button dash-card-link"
          data-card-id={post.cardId}
          aria-label={t('dashboards.aging.open', { title: post.title })}
          onClick={() => openCard(post.cardId)}
        >
          {post.title}
        </button>,
        status(post),
        duration(post.reviewMs),
        duration(post.teamMs),
        duration(post.clientMs),
        post.reviews,
      ],
    })),
    csv: {
      header: [
        t('dashboards.review.post'),
        t('dashboards.review.waitingFor'),
        t('dashboards.review.waitingDays'),
        t('dashboards.review.timeDays'),
        t('dashboards.review.teamDays'),
        t('dashboards.review.clientDays'),
        t('dashboards.review.reviews'),
      ],
      rows: review.posts.map((post): CsvValue[] => [
        post.title,
        post.waitingFor === null ? null : t(`dashboards.review.lines.${post.waitingFor}`),
        msToDays(post.waitingMs),
        msToDays(post.reviewMs),
        msToDays(post.teamMs),
        msToDays(post.clientMs),
        post.reviews,
      ]),
    },
  }
  const { times } = review
  const waiting = waits.filter((w) => w.waiting > 0)
  return (
    <Panel
      title={table.title}
      hint={t('dashboards.review.hint')}
      table={table}
      scrollTable
      testId="dashboard-review"
    >
      <div className="dash-review-summary" data-testid="dashboard-review-summary">
        {times.posts > 0 && (
          <p>
            {t('dashboards.review.summary', {
              count: times.posts,
              median: formatDuration(times.medianMs, locale),
              p85: formatDuration(times.p85Ms, locale),
            })}
            {times.previousMedianMs !== null &&
              ` ${t('dashboards.review.previous', {
                median: formatDuration(times.previousMedianMs, locale),
              })}`}
          </p>
        )}
        {waiting.length === 0 ? (
          <p>{t('dashboards.review.nobodyWaiting')}</p>
        ) : (
          waiting.map((w) => (
            <p key={w.reviewer} data-reviewer={w.reviewer}>
              {t(`dashboards.review.nowWaiting.${w.reviewer}`, {
                count: w.waiting,
                duration: formatDuration(w.oldestMs, locale),
              })}
            </p>
          ))
        )}
        {review.postCount > review.posts.length && (
          <p className="muted small">
            {t('dashboards.review.listed', {
              shown: review.posts.length,
              count: review.postCount,
            })}
          </p>
        )}
      </div>
    </Panel>
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
