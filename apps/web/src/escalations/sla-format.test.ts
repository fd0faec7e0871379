import { describe, expect, it } from 'vitest'
import { countdownKey, durationPhrase, slaLook } from './sla-format.ts'

const MIN = 60_000

describe('SLA countdown words', () => {
  it('shows minutes, then hours and minutes, then days and hours', () => {
    expect(durationPhrase(30_000)).toEqual({ key: 'escalations.duration.underMinute', values: {} })
    expect(durationPhrase(12 * MIN + 59_000)).toEqual({
      key: 'escalations.duration.minutes',
      values: { minutes: 12 },
    })
    expect(durationPhrase(3 * 60 * MIN + 5 * MIN)).toEqual({
      key: 'escalations.duration.hoursMinutes',
      values: { hours: 3, minutes: '05' },
    })
    expect(durationPhrase(2 * 24 * 60 * MIN + 4 * 60 * MIN + 30 * MIN)).toEqual({
      key: 'escalations.duration.daysHours',
      values: { days: 2, hours: 4 },
    })
    expect(durationPhrase(4 * 60 * MIN)).toEqual({
      key: 'escalations.duration.hours',
      values: { hours: 4 },
    })
    expect(durationPhrase(48 * 60 * MIN + 59_000)).toEqual({
      key: 'escalations.duration.days',
      values: { days: 2 },
    })
    expect(durationPhrase(-5 * MIN).key).toBe('escalations.duration.underMinute')
  })

  it('says time left, or how long ago it was breached', () => {
    expect(slaLook({ breached: false, soon: false })).toBe('ok')
    expect(slaLook({ breached: false, soon: true })).toBe('soon')
    expect(slaLook({ breached: true, soon: false })).toBe('breached')
    expect(countdownKey({ breached: false })).toBe('escalations.sla.left')
    expect(countdownKey({ breached: true })).toBe('escalations.sla.breachedAgo')
  })
})
