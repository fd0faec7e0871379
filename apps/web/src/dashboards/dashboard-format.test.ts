import { describe, expect, it } from 'vitest'
import {
  DAY_MS,
  durationValue,
  forecastPhrase,
  formatDuration,
  formatLongDate,
  formatPercent,
  headlineView,
  msToDays,
} from './dashboard-format.ts'

const HOUR = 3_600_000

describe('dashboard format', () => {
  it('counts a span in minutes, hours or days', () => {
    expect(durationValue(90_000)).toEqual({ value: 2, unit: 'minute' })
    expect(durationValue(5.25 * HOUR)).toEqual({ value: 5.3, unit: 'hour' })
    expect(durationValue(3.2 * DAY_MS)).toEqual({ value: 3.2, unit: 'day' })
    expect(durationValue(-5)).toEqual({ value: 0, unit: 'minute' })
  })

  it('says a duration in either language', () => {
    expect(formatDuration(3.2 * DAY_MS, 'en')).toBe('3.2 days')
    expect(formatDuration(3.2 * DAY_MS, 'es')).toBe('3,2 días')
    expect(formatDuration(HOUR, 'es')).toBe('1 hora')
    expect(formatDuration(null, 'en')).toBe('—')
    expect(msToDays(1.55 * DAY_MS)).toBe(1.6)
  })

  it('writes percentages the way each language does', () => {
    expect(formatPercent(40, 'en')).toBe('40%')
    expect(formatPercent(40, 'es')).toMatch(/^40\s%$/)
  })

  it('writes a date without the year when it is this year', () => {
    const now = new Date('2025-11-20T12:00:00Z')
    expect(formatLongDate('2025-12-12', 'es', 'UTC', now)).toBe('12 de diciembre')
    expect(formatLongDate('2025-12-12', 'en', 'UTC', now)).toBe('December 12')
    expect(formatLongDate('2026-01-09', 'en', 'UTC', now)).toBe('January 9, 2026')
    // an instant is read on the workspace's clocks
    expect(formatLongDate('2025-12-13T03:00:00Z', 'es', 'America/Bogota', now)).toBe(
      '12 de diciembre',
    )
  })

  it('turns the structured headline into its pieces', () => {
    const view = headlineView(
      {
        stage: 'calendar',
        reason: 'over-limit',
        wip: 14,
        limit: 8,
        medianMs: 3.2 * DAY_MS,
        previousMedianMs: 2.3 * DAY_MS,
        changePct: 40,
        aging: 0,
      },
      'en',
    )
    expect(view.stage).toBe('calendar')
    expect(view.waitingFor).toBeNull()
    expect(view.reasonKey).toBe('dashboards.headline.reason.over-limit')
    expect(view.details).toEqual([
      { key: 'dashboards.headline.cards', values: { count: 14 } },
      { key: 'dashboards.headline.limit', values: { limit: 8 } },
      { key: 'dashboards.headline.median', values: { duration: '3.2 days' } },
      { key: 'dashboards.headline.up', values: { pct: '40%' } },
    ])
    const calm = headlineView(
      {
        stage: 'plan',
        reason: 'slowest',
        wip: 3,
        limit: null,
        medianMs: null,
        previousMedianMs: null,
        changePct: null,
        aging: 0,
      },
      'es',
    )
    expect(calm.details).toEqual([{ key: 'dashboards.headline.cards', values: { count: 3 } }])
    const aging = headlineView(
      {
        stage: 'escalated',
        reason: 'aging',
        wip: 2,
        limit: 3,
        medianMs: null,
        previousMedianMs: null,
        changePct: null,
        aging: 2,
      },
      'es',
    )
    expect(aging.details.map((p) => p.key)).toEqual([
      'dashboards.headline.cards',
      'dashboards.headline.limit',
      'dashboards.headline.aging',
    ])
  })

  it('words a headline that names a reviewer with its own reasons', () => {
    const view = headlineView(
      {
        waitingFor: 'client',
        reason: 'slowest',
        wip: 2,
        limit: null,
        medianMs: 40 * 3_600_000,
        previousMedianMs: 24 * 3_600_000,
        changePct: 67,
        aging: 1,
      },
      'en',
    )
    expect(view).toEqual({
      stage: null,
      waitingFor: 'client',
      reasonKey: 'dashboards.headline.reviewReason.slowest',
      details: [
        { key: 'dashboards.headline.cards', values: { count: 2 } },
        { key: 'dashboards.headline.aging', values: { count: 1 } },
        { key: 'dashboards.headline.median', values: { duration: '40 hours' } },
        { key: 'dashboards.headline.up', values: { pct: '67%' } },
      ],
    })
  })

  it('says the forecast, or why there is none', () => {
    const now = new Date('2025-11-20T12:00:00Z')
    expect(
      forecastPhrase(
        { backlog: 9, date: '2025-12-12', weeks: 3, basedOnWeeks: 8 },
        'es',
        'UTC',
        now,
      ),
    ).toEqual({
      key: 'dashboards.forecast.sentence',
      values: { count: 9, date: '12 de diciembre', weeks: 8 },
    })
    expect(
      forecastPhrase({ backlog: 0, date: null, weeks: null, basedOnWeeks: 8 }, 'es', 'UTC', now)
        .key,
    ).toBe('dashboards.forecast.empty')
    expect(
      forecastPhrase({ backlog: 4, date: null, weeks: null, basedOnWeeks: 8 }, 'es', 'UTC', now),
    ).toEqual({ key: 'dashboards.forecast.unknown', values: { count: 4, weeks: 8 } })
  })
})
