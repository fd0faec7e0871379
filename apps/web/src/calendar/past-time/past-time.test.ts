import { describe, expect, it } from 'vitest'
import { isPast } from './past-time.ts'

describe('a time in the past', () => {
  const now = new Date('2026-05-04T10:00:00.000Z')

  it('is one before now, to the millisecond', () => {
    expect(isPast('2026-05-04T09:59:59.999Z', now)).toBe(true)
    expect(isPast('2026-05-04T10:00:00.000Z', now)).toBe(false)
    expect(isPast('2026-05-05T09:00:00.000+02:00', now)).toBe(false)
    expect(isPast('2026-05-04T11:30:00.000+02:00', now)).toBe(true)
  })

  it('is never a missing or unreadable time', () => {
    expect(isPast(null, now)).toBe(false)
    expect(isPast(undefined, now)).toBe(false)
    expect(isPast('soon', now)).toBe(false)
  })
})
