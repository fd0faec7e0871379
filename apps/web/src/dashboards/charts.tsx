import { STAGES, type Stage } from '@pauta/domain'
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useTranslation } from '../i18n/use-translation.ts'
import type { Bin, CfdRow, StageTimeRow } from './dashboard-data.ts'
import { formatNumber, formatShortDate } from './dashboard-format.ts'

// The charts draw what the table beside them says; the table is what assistive technology
// reads, so the charts leave recharts' keyboard layer off (they sit in an aria-hidden box).

const HEIGHT = 260
const AXIS = { fontSize: 12, fill: 'var(--text-muted)' }
const GRID = 'var(--border)'
const stageColour = (stage: Stage) => `var(--stage-${stage})`
// recharts colours legend text like its series; a pale series would give pale text
const legendText = (value: unknown) => <span className="dash-legend">{String(value)}</span>

function useNumber() {
  const { i18n } = useTranslation()
  const locale = i18n.language
  return {
    locale,
    number: (value: unknown) => formatNumber(typeof value === 'number' ? value : null, locale),
  }
}

/** Median and 85th percentile per stage, as horizontal bars: stage names stay legible on a phone. */
export function StageTimeChart({ rows }: { rows: readonly StageTimeRow[] }) {
  const { t } = useTranslation()
  const { number } = useNumber()
  const data = rows.map((row) => ({ ...row, name: t(`stages.${row.stage}`) }))
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8 }}>
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis type="number" tick={AXIS} tickFormatter={number} allowDecimals />
        <YAxis type="category" dataKey="name" tick={AXIS} width={96} />
        <Tooltip formatter={number} />
        <Legend formatter={legendText} />
        <Bar dataKey="medianDays" name={t('dashboards.stages.medianDays')} fill="var(--accent)" />
        <Bar dataKey="p85Days" name={t('dashboards.stages.p85Days')} fill="var(--dash-p85)" />
      </BarChart>
    </ResponsiveContainer>
  )
}

export function ThroughputChart({
  rows,
}: {
  rows: readonly { weekStart: string; published: number }[]
}) {
  const { t } = useTranslation()
  const { locale, number } = useNumber()
  const day = (value: unknown) => formatShortDate(String(value), locale)
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={[...rows]} accessibilityLayer={false}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="weekStart" tick={AXIS} tickFormatter={day} />
        <YAxis tick={AXIS} allowDecimals={false} tickFormatter={number} width={36} />
        <Tooltip labelFormatter={day} formatter={number} />
        <Bar
          dataKey="published"
          name={t('dashboards.throughput.published')}
          fill={stageColour('published')}
        />
      </BarChart>
    </ResponsiveContainer>
  )
}

/** Lead times as a histogram, the median's and the 85th percentile's bins marked. */
export function LeadTimeChart({
  bins,
  medianBin,
  p85Bin,
}: {
  bins: readonly Bin[]
  medianBin: Bin | null
  p85Bin: Bin | null
}) {
  const { t } = useTranslation()
  const { number } = useNumber()
  const label = (bin: Bin) => `${bin.from}–${bin.to}`
  const data = bins.map((bin) => ({ range: label(bin), count: bin.count }))
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart
        data={data}
        accessibilityLayer={false}
        margin={{ top: 20, bottom: 12 }}
        barCategoryGap={2}
      >
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis
          dataKey="range"
          tick={AXIS}
          label={{ value: t('dashboards.leadTime.range'), position: 'insideBottom', offset: -8 }}
          height={40}
        />
        <YAxis tick={AXIS} allowDecimals={false} tickFormatter={number} width={36} />
        <Tooltip formatter={number} />
        <Bar dataKey="count" name={t('dashboards.leadTime.cards')} fill="var(--stage-plan)" />
        {medianBin && (
          <ReferenceLine
            x={label(medianBin)}
            stroke="var(--text)"
            strokeDasharray="4 3"
            label={{ value: t('dashboards.leadTime.median'), position: 'top', ...AXIS }}
          />
        )}
        {p85Bin && (
          <ReferenceLine
            x={label(p85Bin)}
            stroke="var(--danger)"
            strokeDasharray="4 3"
            label={{
              value: t('dashboards.leadTime.p85'),
              position: p85Bin === medianBin ? 'insideTopRight' : 'top',
              ...AXIS,
            }}
          />
        )}
      </BarChart>
    </ResponsiveContainer>
  )
}

// the legend reads in pipeline order, whatever order the areas are stacked in
const pipelineOrder = (item: { dataKey?: unknown }) => STAGES.indexOf(String(item.dataKey) as Stage)

/** Cards per stage day by day, stacked in pipeline order (the earliest stage on top). */
export function CfdChart({ rows }: { rows: readonly CfdRow[] }) {
  const { t } = useTranslation()
  const { locale, number } = useNumber()
  const day = (value: unknown) => formatShortDate(String(value), locale)
  // the last stage at the bottom: done work settles, new work piles on top
  const stacked = [...STAGES].reverse()
  return (
    <ResponsiveContainer width="100%" height={HEIGHT + 40}>
      <AreaChart data={[...rows]} accessibilityLayer={false}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tick={AXIS} tickFormatter={day} minTickGap={16} />
        <YAxis tick={AXIS} allowDecimals={false} tickFormatter={number} width={36} />
        <Tooltip labelFormatter={day} formatter={number} />
        <Legend formatter={legendText} itemSorter={pipelineOrder} />
        {stacked.map((stage) => (
          <Area
            key={stage}
            type="monotone"
            dataKey={stage}
            name={t(`stages.${stage}`)}
            stackId="cfd"
            stroke={stageColour(stage)}
            fill={stageColour(stage)}
            fillOpacity={0.55}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  )
}
