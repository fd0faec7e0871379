import { describe, expect, it } from 'vitest'
import {
  clocksDiffer,
  dualTime,
  formatInZone,
  formatSlot,
  splitOffset,
  zoneAbbreviation,
  zoneName,
} from './clock-format.ts'

const MX = 'America/Mexico_City'
const MADRID = 'Europe/Madrid'
const NY = 'America/New_York'

describe('one clock: the workspace’s, with the device’s beside it', () => {
  // 17:43 UTC on 24 November 2026: 11:43 in Mexico City (UTC-6), 18:43 in Madrid (UTC+1)
  const post = '2026-11-24T17:43:00.000Z'

  it('reads the workspace’s zone and gives the device’s time where the zones differ', () => {
    const dual = dualTime(post, { language: 'es', timeZone: MX, viewerZone: MADRID }, 'time')
    expect(dual?.workspace).toBe('11:43')
    expect(dual?.viewer?.text).toBe('18:43')
    expect(dual?.workspaceTitle).toMatch(/^America\/Mexico City \((CST|GMT-6)\)$/)
    expect(dual?.viewer?.title).toMatch(/^Europe\/Madrid \((CET|GMT\+1)\)$/)
    expect(dual?.iso).toBe(post)
  })

  it('shows one time only when the device is in the workspace’s zone, or reads the same', () => {
    expect(dualTime(post, { language: 'es', timeZone: MX, viewerZone: MX }, 'time')?.viewer).toBe(
      null,
    )
    // Paris and Madrid share their clock all year
    const same = dualTime(
      post,
      { language: 'en', timeZone: MADRID, viewerZone: 'Europe/Paris' },
      'dateTime',
    )
    expect(same?.viewer).toBe(null)
    expect(same?.workspace).toBe('Nov 24, 2026, 6:43 PM')
  })

  it('writes es and en as each language does', () => {
    expect(formatInZone(post, 'es', MX, 'time')).toBe('11:43')
    expect(formatInZone(post, 'en', MX, 'time')).toBe('11:43 AM')
    expect(formatInZone(post, 'es', MX, 'dateTime')).toBe('24 nov 2026, 11:43')
    expect(formatInZone(post, 'en', MX, 'dateTime')).toBe('Nov 24, 2026, 11:43 AM')
    expect(formatInZone(post, 'es', MX, 'dayTime')).toBe('mar, 24 nov, 11:43')
    expect(formatInZone(post, 'en', MX, 'dayTime')).toBe('Tue, Nov 24, 11:43 AM')
    expect(formatInZone(post, 'es', MX, 'full')).toBe('martes, 24 de noviembre de 2026, 11:43')
    expect(formatInZone(post, 'es', MX, 'dayMonth')).toBe('24 nov')
    expect(formatInZone('not a date', 'es', MX, 'time')).toBe('')
  })

  it('writes the device’s day too when it is another day there', () => {
    // 23:30 in Mexico City is 06:30 the next morning in Madrid
    const late = '2026-11-25T05:30:00.000Z'
    const zones = { language: 'en', timeZone: MX, viewerZone: MADRID }
    expect(dualTime(late, zones, 'time')).toMatchObject({
      workspace: '11:30 PM',
      viewer: { text: 'Wed, Nov 25, 6:30 AM' },
    })
    expect(dualTime(late, { ...zones, language: 'es' }, 'dateTime')).toMatchObject({
      workspace: '24 nov 2026, 23:30',
      viewer: { text: 'mié, 25 nov, 6:30' },
    })
  })

  it('follows each zone across its daylight-saving changes', () => {
    // Madrid springs forward on 29 March 2026, New York on 8 March: for three weeks the gap
    // between them is 5 hours, not 6.
    const zones = { language: 'es', timeZone: NY, viewerZone: MADRID }
    expect(dualTime('2026-03-02T15:00:00Z', zones, 'time')).toMatchObject({
      workspace: '10:00',
      viewer: { text: '16:00' },
    })
    expect(dualTime('2026-03-16T14:00:00Z', zones, 'time')).toMatchObject({
      workspace: '10:00',
      viewer: { text: '15:00' },
    })
    expect(dualTime('2026-03-30T14:00:00Z', zones, 'time')).toMatchObject({
      workspace: '10:00',
      viewer: { text: '16:00' },
    })
    // the abbreviation follows the change too
    expect(zoneAbbreviation('2026-03-02T15:00:00Z', 'en', NY)).toBe('EST')
    expect(zoneAbbreviation('2026-03-16T14:00:00Z', 'en', NY)).toBe('EDT')
  })

  it('reads the instants either side of a change on the workspace’s clock', () => {
    // Madrid, 25 October 2026: 03:00 summer time goes back to 02:00
    expect(formatInZone('2026-10-25T00:30:00Z', 'es', MADRID, 'time')).toBe('2:30')
    expect(formatInZone('2026-10-25T01:30:00Z', 'es', MADRID, 'time')).toBe('2:30')
    expect(zoneAbbreviation('2026-10-25T00:30:00Z', 'en-GB', MADRID)).toBe('CEST')
    expect(zoneAbbreviation('2026-10-25T01:30:00Z', 'en-GB', MADRID)).toBe('CET')
  })

  it('tells when two zones’ clocks read differently at that moment', () => {
    const winter = new Date('2026-01-15T12:00:00Z')
    expect(clocksDiffer(winter, MADRID, MADRID)).toBe(false)
    expect(clocksDiffer(winter, MADRID, 'Europe/Paris')).toBe(false)
    expect(clocksDiffer(winter, MADRID, 'America/Bogota')).toBe(true)
    // London and Lisbon differ from Madrid, and agree with each other
    expect(clocksDiffer(winter, 'Europe/London', 'Europe/Lisbon')).toBe(false)
  })

  it('falls back to the device’s clock for a zone it does not know, never throwing', () => {
    expect(() => formatInZone(post, 'es', 'Mars/Olympus', 'time')).not.toThrow()
    expect(clocksDiffer(post, MADRID, 'Mars/Olympus')).toBe(false)
  })

  it('writes slots, zone names and offsets', () => {
    expect(formatSlot('06:30', 'en')).toBe('6:30 AM')
    expect(formatSlot('18:00', 'es')).toBe('18:00')
    expect(zoneName(MX)).toBe('America/Mexico City')
    expect(splitOffset(-330)).toEqual({ hours: 5, minutes: 30 })
  })
})
