import type { Reviewer, Stage } from '@pauta/domain'
import { formatLongDate } from '../time/day-format.ts'
import type { Headline, HeadlineReason, Pipeline } from './dashboard-api.ts'

// The dashboards' dates come from the one clock module; re-exported for their components.
export { formatLongDate, formatMediumDate, formatShortDate } from '../time/day-format.ts'

/** A translation key and its values: the component says it in the reader's language. */
export interface Phrase {
  key: string
  values: Record<string, number | string>
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

export type DurationUnit = 'minute' | 'hour' | 'day'

/**
 * A span in the unit people count it in: minutes under an hour, hours under two days, days
 * after that; one decimal for hours and days ("3.2 days"), whole minutes.
 */
export function durationValue(ms: number): { value: number; unit: DurationUnit } {
  const span = Math.max(0, ms)
  if (span < HOUR_MS) return { value: Math.round(span / MINUTE_MS), unit: 'minute' }
  if (span < 2 * DAY_MS) return { value: Math.round((span / HOUR_MS) * 10) / 10, unit: 'hour' }
  return { value: Math.round((span / DAY_MS) * 10) / 10, unit: 'day' }
}

/** "3.2 days" / "3,2 días" (long), "3.2 days" / "3,2 d" (short); a dash when there is none. */
export function formatDuration(
  ms: number | null,
  locale: string,
  display: 'long' | 'short' = 'long',
): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  const { value, unit } = durationValue(ms)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: display,
    maximumFractionDigits: 1,
  }).format(value)
}

/** Days with one decimal at most ("3.5"), for axes and tables whose column says "days". */
export function formatNumber(value: number | null, locale: string, fractionDigits = 1): string {
  if (value === null || !Number.isFinite(value)) return '—'
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value)
}

/** A span in days, rounded to a tenth: what charts plot and CSV files carry. */
export function msToDays(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms)) return null
  return Math.round((ms / DAY_MS) * 10) / 10
}

/** "40%" / "40 %", from a change given in percent (40 for +40 %). */
export function formatPercent(pct: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    pct / 100,
  )
}

/**
 * The bottleneck sentence, as pieces the component joins in the reader's language: a stage
 * holds the pipeline back, or a reviewer's answers do (`waitingFor`).
 */
export interface HeadlineView {
  stage: Stage | null
  waitingFor: Reviewer | null
  reasonKey:
    | `dashboards.headline.reason.${HeadlineReason}`
    | `dashboards.headline.reviewReason.${HeadlineReason}`
  details: Phrase[]
}

export function headlineView(headline: Headline, locale: string): HeadlineView {
  const details: Phrase[] = [{ key: 'dashboards.headline.cards', values: { count: headline.wip } }]
  if (headline.limit !== null)
    details.push({ key: 'dashboards.headline.limit', values: { limit: headline.limit } })
  if (headline.aging)
    details.push({ key: 'dashboards.headline.aging', values: { count: headline.aging } })
  if (headline.medianMs !== null) {
    details.push({
      key: 'dashboards.headline.median',
      values: { duration: formatDuration(headline.medianMs, locale) },
    })
  }
  const change = headline.changePct
  if (change !== null && Number.isFinite(change) && headline.previousMedianMs !== null) {
    const pct = formatPercent(Math.abs(change), locale)
    if (Math.round(change) === 0) details.push({ key: 'dashboards.headline.same', values: {} })
    else
      details.push({
        key: change > 0 ? 'dashboards.headline.up' : 'dashboards.headline.down',
        values: { pct },
      })
  }
  if ('waitingFor' in headline)
    return {
      stage: null,
      waitingFor: headline.waitingFor,
      reasonKey: `dashboards.headline.reviewReason.${headline.reason}`,
      details,
    }
  return {
    stage: headline.stage,
    waitingFor: null,
    reasonKey: `dashboards.headline.reason.${headline.reason}`,
    details,
  }
}

/** "The 9 cards now in Plan will be published by 12 December (85% likely)", or why not. */
export function forecastPhrase(
  forecast: Pipeline['forecast'],
  locale: string,
  timeZone: string,
  now: Date,
): Phrase {
  if (forecast.backlog === 0) return { key: 'dashboards.forecast.empty', values: {} }
  if (forecast.date === null) {
    return {
      key: 'dashboards.forecast.unknown',
      values: { count: forecast.backlog, weeks: forecast.basedOnWeeks },
    }
  }
  return {
    key: 'dashboards.forecast.sentence',
    values: {
      count: forecast.backlog,
      date: formatLongDate(forecast.date, locale, timeZone, now),
      weeks: forecast.basedOnWeeks,
    },
  }
}
