import { describe, expect, it } from 'vitest'
import {
  clocksDiffer,
  formatZoned,
  fromZonedInput,
  safeLink,
  toZonedInput,
} from './zoned-format.ts'

describe('times on the workspace’s clocks', () => {
  it('shows an instant as the workspace reads it, whatever the device’s zone', () => {
    const at = new Date('2026-03-10T16:30:00.000Z')
    expect(toZonedInput(at, 'America/Mexico_City')).toBe('2026-03-10T10:30')
    expect(toZonedInput(at.toISOString(), 'Europe/Madrid')).toBe('2026-03-10T17:30')
    expect(toZonedInput(null, 'Europe/Madrid')).toBe('')
    expect(toZonedInput('not a date', 'Europe/Madrid')).toBe('')
  })

  it('reads what was typed as wall time in the workspace’s zone', () => {
    expect(fromZonedInput('2026-03-10T10:30', 'America/Mexico_City')).toBe(
      '2026-03-10T16:30:00.000Z',
    )
    // summer time in Madrid: UTC+2
    expect(fromZonedInput('2026-07-01T09:00', 'Europe/Madrid')).toBe('2026-07-01T07:00:00.000Z')
    expect(fromZonedInput(' ', 'Europe/Madrid')).toBeNull()
  })

  it('round-trips through the input', () => {
    const iso = '2026-11-01T05:45:00.000Z'
    for (const zone of ['America/Bogota', 'Europe/Madrid', 'Asia/Kolkata', 'UTC']) {
      expect(fromZonedInput(toZonedInput(iso, zone), zone)).toBe(iso)
    }
  })

  it('refuses dates that do not exist and unknown zones', () => {
    expect(fromZonedInput('2026-02-29T10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-13-01T10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-01-01T24:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-01-01T10:00', 'Mars/Olympus')).toBeUndefined()
  })

  it('tells when two zones’ clocks read differently at that moment', () => {
    const winter = new Date('2026-01-15T12:00:00Z')
    expect(clocksDiffer(winter, 'Europe/Madrid', 'Europe/Madrid')).toBe(false)
    expect(clocksDiffer(winter, 'Europe/Madrid', 'Europe/Paris')).toBe(false)
    expect(clocksDiffer(winter, 'Europe/Madrid', 'America/Bogota')).toBe(true)
    expect(clocksDiffer(winter, 'Europe/Madrid', 'Nowhere/Else')).toBe(false)
  })

  it('formats in the zone and the reader’s language', () => {
    const at = new Date('2026-03-10T16:30:00.000Z')
    expect(formatZoned(at, 'es', 'America/Mexico_City', 'time')).toBe('10:30')
    expect(formatZoned(at, 'en', 'Europe/Madrid', 'dayTime')).toMatch(/Tue.*Mar.*10.*05:30|17:30/)
  })
})

describe('safe links', () => {
  it('opens only http(s) addresses', () => {
    expect(safeLink('https://instagram.com/p/1')).toBe('https://instagram.com/p/1')
    expect(safeLink('http://example.org')).toBe('http://example.org/')
    expect(safeLink('javascript:alert(1)')).toBeNull()
    expect(safeLink('data:text/html,hi')).toBeNull()
    expect(safeLink('not a url')).toBeNull()
    expect(safeLink(null)).toBeNull()
  })
})
