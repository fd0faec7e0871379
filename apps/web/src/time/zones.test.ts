import { describe, expect, it } from 'vitest'
import { filterZones, knownZones } from './zones.ts'

const ZONES = ['America/Bogota', 'America/New_York', 'Europe/Madrid', 'UTC']

describe('time zone search', () => {
  it('finds zones by any words of their name, ignoring case, accents and underscores', () => {
    expect(filterZones(ZONES, 'new york', 'UTC')).toEqual(['UTC', 'America/New_York'])
    expect(filterZones(ZONES, 'Bogotá', 'America/Bogota')).toEqual(['America/Bogota'])
    expect(filterZones(ZONES, 'europe MAD', 'Europe/Madrid')).toEqual(['Europe/Madrid'])
  })

  it('lists everything for an empty search and keeps the chosen zone among the matches', () => {
    expect(filterZones(ZONES, '  ', 'UTC')).toEqual(ZONES)
    expect(filterZones(ZONES, 'madrid', 'America/Bogota')).toEqual([
      'America/Bogota',
      'Europe/Madrid',
    ])
    expect(filterZones(ZONES, 'tokyo', 'Europe/Madrid')).toEqual(['Europe/Madrid'])
  })

  it('offers the current zone even when this runtime does not list it', () => {
    expect(knownZones('Europe/Madrid')).toContain('Europe/Madrid')
    expect(knownZones('Nowhere/Made_Up')[0]).toBe('Nowhere/Made_Up')
  })
})
