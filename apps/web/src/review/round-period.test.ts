import { describe, expect, it } from 'vitest'
import { RESOURCES } from '../i18n/resources.ts'
import { translator } from '../i18n/translate.ts'
import { periodRange, presetPeriod, roundName } from './round-period.ts'

const MEXICO = 'America/Mexico_City'
const MADRID = 'Europe/Madrid'
const en = translator(RESOURCES.en, 'en')
const es = translator(RESOURCES.es, 'es')

describe("a new round's period", () => {
  it('counts the weeks and the month on the workspace calendar', () => {
    // Wednesday 10 December 2025, 03:00 UTC: still Tuesday the 9th in Mexico City
    const now = new Date('2025-12-10T03:00:00Z')
    expect(presetPeriod('this-week', now, MEXICO)).toEqual({
      first: '2025-12-08',
      last: '2025-12-14',
    })
    expect(presetPeriod('next-week', now, MEXICO)).toEqual({
      first: '2025-12-15',
      last: '2025-12-21',
    })
    // next month from December is January of the next year
    expect(presetPeriod('next-month', now, MEXICO)).toEqual({
      first: '2026-01-01',
      last: '2026-01-31',
    })
    // a Sunday belongs to the week that began the Monday before
    const sunday = new Date('2025-12-14T12:00:00Z')
    expect(presetPeriod('this-week', sunday, MADRID).first).toBe('2025-12-08')
    // a Monday just past midnight in Madrid, still Sunday in Mexico City
    const monday = new Date('2025-12-14T23:30:00Z')
    expect(presetPeriod('this-week', monday, MADRID).first).toBe('2025-12-15')
    expect(presetPeriod('this-week', monday, MEXICO).first).toBe('2025-12-08')
  })

  it('covers its days from the first midnight to the midnight after, in the workspace zone', () => {
    expect(periodRange({ first: '2025-12-08', last: '2025-12-14' }, MEXICO)).toEqual({
      from: '2025-12-08T06:00:00.000Z',
      to: '2025-12-15T06:00:00.000Z',
    })
    // the week the clocks go forward in Madrid is an hour shorter
    expect(periodRange({ first: '2026-03-23', last: '2026-03-29' }, MADRID)).toEqual({
      from: '2026-03-22T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    })
    expect(periodRange({ first: '2025-12-08', last: '2025-12-08' }, 'UTC')).toEqual({
      from: '2025-12-08T00:00:00.000Z',
      to: '2025-12-09T00:00:00.000Z',
    })
  })

  it('has no range when a day is missing or the last comes first', () => {
    expect(periodRange({ first: '', last: '2025-12-14' }, MEXICO)).toBeNull()
    expect(periodRange({ first: '2025-12-14', last: '2025-12-08' }, MEXICO)).toBeNull()
  })
})

describe("a new round's name", () => {
  const now = new Date('2025-12-10T15:00:00Z')
  const week = { first: '2025-12-08', last: '2025-12-14' }

  it('names the week by its Monday, in the reader’s language', () => {
    expect(roundName('this-week', week, en, 'en', now, MEXICO)).toBe('Week of December 8')
    expect(roundName('next-week', week, es, 'es', now, MEXICO)).toBe('Semana del 8 de diciembre')
    // another year says which
    const next = { first: '2026-01-05', last: '2026-01-11' }
    expect(roundName('next-week', next, es, 'es', now, MEXICO)).toBe(
      'Semana del 5 de enero de 2026',
    )
  })

  it('names a month, and days picked by hand', () => {
    const january = { first: '2026-01-01', last: '2026-01-31' }
    expect(roundName('next-month', january, en, 'en', now, MEXICO)).toBe('January 2026')
    expect(roundName('next-month', january, es, 'es', now, MEXICO)).toBe('Enero de 2026')
    const days = { first: '2025-12-08', last: '2025-12-10' }
    expect(roundName('custom', days, es, 'es', now, MEXICO)).toBe('8–10 de diciembre')
    // (Intl spaces a range with thin spaces)
    expect(roundName('custom', days, en, 'en', now, MEXICO).replace(/\s/g, ' ')).toBe(
      'December 8 – 10',
    )
    const one = { first: '2025-12-09', last: '2025-12-09' }
    expect(roundName('custom', one, en, 'en', now, MEXICO)).toBe('December 9')
    expect(roundName('custom', { first: '', last: '' }, en, 'en', now, MEXICO)).toBe('')
  })
})
