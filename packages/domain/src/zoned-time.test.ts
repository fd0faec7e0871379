import { describe, expect, it } from 'vitest'
import {
  addDays,
  dayKeyOf,
  monthGrid,
  startOfDay,
  startOfWeek,
  timeOfDay,
  weekdayOf,
  zonedParts,
  zonedTimeToInstant,
  zoneOffsetMinutes,
} from './zoned-time.ts'

const MADRID = 'Europe/Madrid'
const NEW_YORK = 'America/New_York'
const MEXICO = 'America/Mexico_City'
const KOLKATA = 'Asia/Kolkata'
const at = (iso: string) => new Date(iso)

describe('zoned time', () => {
  it('reads the wall clock of an instant in each zone', () => {
    const instant = at('2026-01-01T20:15:42Z')
    expect(zonedParts(instant, KOLKATA)).toEqual({
      year: 2026,
      month: 1,
      day: 2,
      hour: 1,
      minute: 45,
      second: 42,
      weekday: 5,
    })
    expect(zonedParts(instant, MEXICO)).toMatchObject({ day: 1, hour: 14, weekday: 4 })
    expect(zonedParts(at('2026-01-01T00:00:00Z'), 'UTC')).toMatchObject({ hour: 0, minute: 0 })
    expect(dayKeyOf(instant, KOLKATA)).toBe('2026-01-02')
    expect(dayKeyOf(instant, 'UTC')).toBe('2026-01-01')
    expect(timeOfDay(instant, KOLKATA)).toBe('01:45')
    expect(timeOfDay(at('2026-06-30T23:59:00Z'), 'UTC')).toBe('23:59')
  })

  it('reports offsets across both DST changes, and none in Mexico City', () => {
    expect(zoneOffsetMinutes(at('2026-01-15T12:00:00Z'), MADRID)).toBe(60)
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), MADRID)).toBe(120)
    expect(zoneOffsetMinutes(at('2026-03-29T00:59:59Z'), MADRID)).toBe(60)
    expect(zoneOffsetMinutes(at('2026-03-29T01:00:00Z'), MADRID)).toBe(120)
    expect(zoneOffsetMinutes(at('2026-10-25T00:59:59Z'), MADRID)).toBe(120)
    expect(zoneOffsetMinutes(at('2026-10-25T01:00:00Z'), MADRID)).toBe(60)
    expect(zoneOffsetMinutes(at('2026-03-08T06:59:59Z'), NEW_YORK)).toBe(-300)
    expect(zoneOffsetMinutes(at('2026-03-08T07:00:00Z'), NEW_YORK)).toBe(-240)
    expect(zoneOffsetMinutes(at('2026-11-01T06:00:00Z'), NEW_YORK)).toBe(-300)
    expect(zoneOffsetMinutes(at('2026-01-15T12:00:00Z'), MEXICO)).toBe(-360)
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), MEXICO)).toBe(-360)
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), KOLKATA)).toBe(330)
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), 'UTC')).toBe(0)
  })

  it('turns an ordinary wall-clock time into its instant', () => {
    const local = { year: 2026, month: 7, day: 1, hour: 9, minute: 30 }
    expect(zonedTimeToInstant(local, MADRID).toISOString()).toBe('2026-07-01T07:30:00.000Z')
    expect(zonedTimeToInstant(local, MEXICO).toISOString()).toBe('2026-07-01T15:30:00.000Z')
    expect(zonedTimeToInstant(local, KOLKATA).toISOString()).toBe('2026-07-01T04:00:00.000Z')
    expect(zonedTimeToInstant(local, 'UTC').toISOString()).toBe('2026-07-01T09:30:00.000Z')
    expect(zonedTimeToInstant({ year: 2026, month: 12, day: 1 }, NEW_YORK).toISOString()).toBe(
      '2026-12-01T05:00:00.000Z',
    )
  })

  it('moves a time that spring-forward skips to the same time after the gap', () => {
    const madrid = zonedTimeToInstant(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      MADRID,
    )
    expect(madrid.toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(timeOfDay(madrid, MADRID)).toBe('03:30')
    const ny = zonedTimeToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NEW_YORK)
    expect(ny.toISOString()).toBe('2026-03-08T07:30:00.000Z')
    expect(timeOfDay(ny, NEW_YORK)).toBe('03:30')
    // Either side of the gap is untouched.
    expect(
      zonedTimeToInstant({ year: 2026, month: 3, day: 29, hour: 3 }, MADRID).toISOString(),
    ).toBe('2026-03-29T01:00:00.000Z')
    expect(
      zonedTimeToInstant({ year: 2026, month: 3, day: 29, hour: 1, minute: 59 }, MADRID),
    ).toEqual(at('2026-03-29T00:59:00Z'))
  })

  it('takes the earlier instant of a time that fall-back repeats', () => {
    const madrid = zonedTimeToInstant(
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      MADRID,
    )
    expect(madrid.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    const ny = zonedTimeToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NEW_YORK)
    expect(ny.toISOString()).toBe('2026-11-01T05:30:00.000Z')
    expect(zonedTimeToInstant({ year: 2026, month: 10, day: 25, hour: 3 }, MADRID)).toEqual(
      at('2026-10-25T02:00:00Z'),
    )
  })

  it('round-trips every quarter hour of both DST weekends', () => {
    for (const [zone, from] of [
      [MADRID, '2026-03-28T00:00:00Z'],
      [MADRID, '2026-10-24T00:00:00Z'],
      [NEW_YORK, '2026-03-07T12:00:00Z'],
      [NEW_YORK, '2026-10-31T12:00:00Z'],
    ] as const) {
      for (let i = 0; i < 4 * 48; i++) {
        const instant = new Date(Date.parse(from) + i * 15 * 60_000)
        const p = zonedParts(instant, zone)
        const back = zonedTimeToInstant(p, zone)
        // A repeated hour maps back to its first occurrence, never to a different wall time.
        expect(dayKeyOf(back, zone)).toBe(dayKeyOf(instant, zone))
        expect(timeOfDay(back, zone)).toBe(timeOfDay(instant, zone))
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime())
      }
    }
  })

  it('gives DST days their real length', () => {
    const hours = (day: string, zone: string) =>
      (startOfDay(addDays(day, 1), zone).getTime() - startOfDay(day, zone).getTime()) / 3_600_000
    expect(startOfDay('2026-03-29', MADRID).toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(hours('2026-03-29', MADRID)).toBe(23)
    expect(hours('2026-10-25', MADRID)).toBe(25)
    expect(hours('2026-03-08', NEW_YORK)).toBe(23)
    expect(hours('2026-11-01', NEW_YORK)).toBe(25)
    expect(hours('2026-03-29', MEXICO)).toBe(24)
    expect(startOfDay('2026-01-02', KOLKATA).toISOString()).toBe('2026-01-01T18:30:00.000Z')
  })

  it('does calendar arithmetic on day keys', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(weekdayOf('2026-11-22')).toBe(0)
    expect(weekdayOf('2026-11-23')).toBe(1)
    expect(startOfWeek('2026-11-22')).toBe('2026-11-16')
    expect(startOfWeek('2026-11-22', 0)).toBe('2026-11-22')
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23')
    expect(startOfWeek('2027-01-01')).toBe('2026-12-28')
    expect(() => addDays('2026-1-1', 1)).toThrow(RangeError)
  })

  it('lays out whole weeks covering a month', () => {
    const march = monthGrid(2026, 3)
    expect(march).toHaveLength(6)
    expect(march.every((week) => week.length === 7)).toBe(true)
    expect(march[0]?.[0]).toBe('2026-02-23')
    expect(march[0]?.[6]).toBe('2026-03-01')
    expect(march.at(-1)?.[0]).toBe('2026-03-30')
    expect(march.at(-1)?.[6]).toBe('2026-04-05')
    expect(march.flat().filter((day) => day.startsWith('2026-03'))).toHaveLength(31)

    // February 2026 starts on a Sunday and has exactly four weeks.
    const february = monthGrid(2026, 2, 0)
    expect(february).toHaveLength(4)
    expect(february[0]?.[0]).toBe('2026-02-01')
    expect(february[3]?.[6]).toBe('2026-02-28')

    expect(monthGrid(2026, 12)[0]?.[0]).toBe('2026-11-30')
    expect(monthGrid(2026, 12).at(-1)?.[6]).toBe('2027-01-03')
    expect(() => monthGrid(2026, 13)).toThrow(RangeError)
  })
})
