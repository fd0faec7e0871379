import { describe, expect, it } from 'vitest'
import { fromZonedInput, toZonedInput } from './zoned-input.ts'

describe('date and time inputs on the workspace’s clock', () => {
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

  it('reads times around daylight-saving changes on the workspace’s clock', () => {
    // New York, 8 March 2026: 02:00 jumps to 03:00
    expect(fromZonedInput('2026-03-08T01:30', 'America/New_York')).toBe('2026-03-08T06:30:00.000Z')
    expect(fromZonedInput('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z')
    // 02:30 does not exist that night: read as 03:30, half an hour past the change
    expect(fromZonedInput('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z')
    // Madrid, 25 October 2026: 02:30 happens twice; the first one is meant
    expect(fromZonedInput('2026-10-25T02:30', 'Europe/Madrid')).toBe('2026-10-25T00:30:00.000Z')
    expect(fromZonedInput('2026-10-25T03:30', 'Europe/Madrid')).toBe('2026-10-25T02:30:00.000Z')
    // and the instant after the change shows as the wall time it is
    expect(toZonedInput('2026-10-25T01:30:00.000Z', 'Europe/Madrid')).toBe('2026-10-25T02:30')
  })

  it('refuses dates that do not exist and unknown zones', () => {
    expect(fromZonedInput('2026-02-29T10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-13-01T10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-01-01T24:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('10:00', 'UTC')).toBeUndefined()
    expect(fromZonedInput('2026-01-01T10:00', 'Mars/Olympus')).toBeUndefined()
  })
})
