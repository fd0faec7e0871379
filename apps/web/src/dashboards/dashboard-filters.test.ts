import { describe, expect, it } from 'vitest'
import {
  customPeriod,
  DEFAULT_PERIOD,
  dashboardInput,
  distinctValues,
  filterSearch,
  NO_FILTER,
  parseFilter,
  periodDays,
} from './dashboard-filters.ts'

describe('dashboard filters', () => {
  it('reads the filter from the query string and ignores what it does not know', () => {
    expect(parseFilter('')).toEqual(NO_FILTER)
    expect(parseFilter('?period=90&network=instagram&campaign=Verano&cm=u1')).toEqual({
      period: { kind: 'last', days: 90 },
      network: 'instagram',
      campaign: 'Verano',
      objective: null,
      assigneeId: 'u1',
    })
    expect(parseFilter('?period=13&network=myspace').period).toEqual(DEFAULT_PERIOD)
    expect(parseFilter('?network=myspace').network).toBeNull()
    expect(parseFilter('?period=custom&from=2025-02-30&to=2025-03-10').period).toEqual(
      DEFAULT_PERIOD,
    )
    // a reversed range reads the way it was meant
    expect(parseFilter('?period=custom&from=2025-03-10&to=2025-03-01').period).toEqual({
      kind: 'custom',
      from: '2025-03-01',
      to: '2025-03-10',
    })
  })

  it('keeps a custom period within a year, ending where it was asked to', () => {
    expect(parseFilter('?period=custom&from=2023-01-01&to=2025-03-10').period).toEqual({
      kind: 'custom',
      from: '2024-03-11',
      to: '2025-03-10',
    })
    expect(customPeriod('2025-03-10', '2025-03-01')).toEqual({
      kind: 'custom',
      from: '2025-03-01',
      to: '2025-03-10',
    })
  })

  it('writes the filter back, keeping other parameters and leaving defaults out', () => {
    expect(filterSearch(NO_FILTER)).toBe('')
    expect(filterSearch({ ...NO_FILTER, network: 'tiktok' }, '?card=c1&network=x')).toBe(
      '?card=c1&network=tiktok',
    )
    const custom = {
      ...NO_FILTER,
      period: { kind: 'custom', from: '2025-01-01', to: '2025-01-31' },
      objective: 'Ventas y más',
    } as const
    expect(parseFilter(filterSearch(custom))).toEqual(custom)
  })

  it('turns a period into the days it covers', () => {
    expect(periodDays({ kind: 'last', days: 7 }, '2025-03-10')).toEqual({
      from: '2025-03-04',
      to: '2025-03-10',
    })
    expect(periodDays({ kind: 'custom', from: '2025-01-01', to: '2025-01-02' }, 'x')).toEqual({
      from: '2025-01-01',
      to: '2025-01-02',
    })
  })

  it('asks from the start of the first day in the workspace zone, to now or the day after the last', () => {
    expect(dashboardInput('b1', NO_FILTER, '2025-03-28', 'America/Bogota')).toEqual({
      boardId: 'b1',
      from: '2025-03-01T05:00:00.000Z',
    })
    expect(
      dashboardInput(
        'b1',
        {
          period: { kind: 'custom', from: '2025-01-01', to: '2025-01-31' },
          network: 'instagram',
          campaign: 'Verano',
          objective: 'Ventas',
          assigneeId: 'u1',
        },
        '2025-03-28',
        'Europe/Madrid',
      ),
    ).toEqual({
      boardId: 'b1',
      from: '2024-12-31T23:00:00.000Z',
      to: '2025-01-31T23:00:00.000Z',
      network: 'instagram',
      campaign: 'Verano',
      objective: 'Ventas',
      assigneeId: 'u1',
    })
  })

  it('offers each campaign once, sorted for the reader', () => {
    expect(
      distinctValues(['Verano', null, ' ', 'árbol', 'verano', 'Verano', 'Otoño'], 'es'),
    ).toEqual(['árbol', 'Otoño', 'Verano', 'verano'])
  })
})
