import { addDays, type DayKey, NETWORKS, type Network, startOfDay } from '@pauta/domain'
import type { DashboardInput } from './dashboard-api.ts'

/** The spans offered in one click, in days ending today. */
export const PERIOD_DAYS = [7, 28, 90, 365] as const
export type PeriodDays = (typeof PERIOD_DAYS)[number]

export type Period =
  | { kind: 'last'; days: PeriodDays }
  | { kind: 'custom'; from: DayKey; to: DayKey }

export interface DashboardFilter {
  period: Period
  network: Network | null
  campaign: string | null
  objective: string | null
  assigneeId: string | null
}

const DEFAULT_DAYS: PeriodDays = 28
export const DEFAULT_PERIOD: Period = { kind: 'last', days: DEFAULT_DAYS }

export const NO_FILTER: DashboardFilter = {
  period: DEFAULT_PERIOD,
  network: null,
  campaign: null,
  objective: null,
  assigneeId: null,
}

/** The longest custom period, in days (the server takes a year at most). */
export const MAX_CUSTOM_DAYS = 365

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/

function isDayKey(value: string | null): value is DayKey {
  if (!value || !DAY_KEY.test(value)) return false
  const [year, month, day] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1
}

const isNetwork = (value: string | null): value is Network =>
  value !== null && (NETWORKS as readonly string[]).includes(value)

const isPeriodDays = (value: number): value is PeriodDays =>
  (PERIOD_DAYS as readonly number[]).includes(value)

/** Reads the filter from the page's query string; anything unknown falls back to the default. */
export function parseFilter(search: string): DashboardFilter {
  const params = new URLSearchParams(search)
  const text = (name: string) => params.get(name)?.trim() || null
  const network = text('network')
  return {
    period: parsePeriod(params),
    network: isNetwork(network) ? network : null,
    campaign: text('campaign'),
    objective: text('objective'),
    assigneeId: text('cm'),
  }
}

function parsePeriod(params: URLSearchParams): Period {
  const raw = params.get('period')
  if (raw === 'custom') {
    const from = params.get('from')
    const to = params.get('to')
    if (isDayKey(from) && isDayKey(to)) return customPeriod(from, to)
    return DEFAULT_PERIOD
  }
  const days = Number(raw)
  return isPeriodDays(days) ? { kind: 'last', days } : DEFAULT_PERIOD
}

/** Two days as a period, whichever order they come in, a year long at most (ending at the later). */
export function customPeriod(a: DayKey, b: DayKey): Period {
  const [from, to] = a <= b ? [a, b] : [b, a]
  const earliest = addDays(to, -(MAX_CUSTOM_DAYS - 1))
  // (day keys compare as text: Math.max does not apply)
  if (from < earliest) return { kind: 'custom', from: earliest, to }
  return { kind: 'custom', from, to }
}

/**
 * The filter as a query string (with its `?`, or empty), keeping any other parameter of
 * `current` (an open card's `card=`). Defaults are left out, so a plain view has a plain URL.
 */
export function filterSearch(filter: DashboardFilter, current = ''): string {
  const params = new URLSearchParams(current)
  for (const name of ['period', 'from', 'to', 'network', 'campaign', 'objective', 'cm'])
    params.delete(name)
  const { period } = filter
  if (period.kind === 'custom') {
    params.set('period', 'custom')
    params.set('from', period.from)
    params.set('to', period.to)
  } else if (period.days !== DEFAULT_DAYS) {
    params.set('period', String(period.days))
  }
  if (filter.network) params.set('network', filter.network)
  if (filter.campaign) params.set('campaign', filter.campaign)
  if (filter.objective) params.set('objective', filter.objective)
  if (filter.assigneeId) params.set('cm', filter.assigneeId)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function isFiltering(filter: DashboardFilter): boolean {
  return (
    filter.network !== null ||
    filter.campaign !== null ||
    filter.objective !== null ||
    filter.assigneeId !== null
  )
}

/** The first and last day a period covers, both included, `today` being the last of "last N". */
export function periodDays(period: Period, today: DayKey): { from: DayKey; to: DayKey } {
  if (period.kind === 'custom') return { from: period.from, to: period.to }
  return { from: addDays(today, -(period.days - 1)), to: today }
}

/**
 * What the dashboards are asked for. Days are the workspace's: a period runs from the start of
 * its first day to the start of the day after its last. "Last N days" leaves `to` out (the
 * server reads it as now) so that the question, and its cache entry, stay the same all day.
 */
export function dashboardInput(
  boardId: string,
  filter: DashboardFilter,
  today: DayKey,
  timeZone: string,
): DashboardInput {
  const days = periodDays(filter.period, today)
  const input: DashboardInput = { boardId, from: startOfDay(days.from, timeZone).toISOString() }
  if (filter.period.kind === 'custom')
    input.to = startOfDay(addDays(days.to, 1), timeZone).toISOString()
  if (filter.network) input.network = filter.network
  if (filter.campaign) input.campaign = filter.campaign
  if (filter.objective) input.objective = filter.objective
  if (filter.assigneeId) input.assigneeId = filter.assigneeId
  return input
}

// the board's filters use it too, without the rest of this module
export { distinctValues } from '../app/distinct-values.ts'
