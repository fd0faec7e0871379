import { describe, expect, it } from 'vitest'
import { formatMediumDate, formatShortDate } from './day-format.ts'

describe('dates on the workspace’s calendar', () => {
  it('reads an instant as the workspace’s day, not the device’s or UTC’s', () => {
    // 03:00 UTC on 1 December is still 30 November in Mexico City
    expect(formatMediumDate('2026-12-01T03:00:00.000Z', 'es', 'America/Mexico_City')).toBe(
      '30 nov 2026',
    )
    expect(formatMediumDate('2026-12-01T03:00:00.000Z', 'en', 'Europe/Madrid')).toBe('Dec 1, 2026')
  })

  it('reads a day as that day, wherever the reader is', () => {
    expect(formatShortDate('2026-12-01', 'es')).toBe('1 dic')
    expect(formatMediumDate('2026-12-01', 'en', 'Pacific/Kiritimati')).toBe('Dec 1, 2026')
  })
})
