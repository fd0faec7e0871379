import { describe, expect, it } from 'vitest'
import { weekSlots } from './calendar-model.ts'
import { periodWeeks } from './calendar-period.ts'
import { neighbourTarget, parseTargetId, type TargetGrid, targetId } from './calendar-targets.ts'

describe('drop target ids', () => {
  it('round-trips days and slots', () => {
    for (const target of [
      { day: '2025-03-10', time: null },
      { day: '2025-03-10', time: '14:30' },
    ]) {
      expect(parseTargetId(targetId(target))).toEqual(target)
    }
    expect(targetId({ day: '2025-03-10', time: '06:00' })).toBe('slot:2025-03-10@06:00')
  })

  it('reads nothing else as a target', () => {
    expect(parseTargetId('card-id')).toBeNull()
    expect(parseTargetId('day:2025-3-1')).toBeNull()
    expect(parseTargetId('slot:2025-03-10@25:00')).toBeNull()
  })
})

describe('keyboard moves', () => {
  const month: TargetGrid = {
    mode: 'month',
    days: periodWeeks({ mode: 'month', anchor: '2025-03-01' }).flat(),
    slots: [],
  }
  const week: TargetGrid = {
    mode: 'week',
    days: periodWeeks({ mode: 'week', anchor: '2025-03-05' }).flat(),
    slots: weekSlots(),
  }

  it('steps a day sideways and a week up and down in the month', () => {
    const from = { day: '2025-03-12', time: null }
    expect(neighbourTarget(from, 'right', month)).toEqual({ day: '2025-03-13', time: null })
    expect(neighbourTarget(from, 'left', month)).toEqual({ day: '2025-03-11', time: null })
    expect(neighbourTarget(from, 'down', month)).toEqual({ day: '2025-03-19', time: null })
    expect(neighbourTarget(from, 'up', month)).toEqual({ day: '2025-03-05', time: null })
    // Sunday → the next row's Monday
    expect(neighbourTarget({ day: '2025-03-09', time: null }, 'right', month)?.day).toBe(
      '2025-03-10',
    )
    expect(neighbourTarget({ day: '2025-02-24', time: null }, 'up', month)).toBeNull()
    expect(neighbourTarget({ day: '2025-04-06', time: null }, 'right', month)).toBeNull()
  })

  it('steps a half hour up and down and a day sideways in the week', () => {
    const from = { day: '2025-03-05', time: '10:00' }
    expect(neighbourTarget(from, 'down', week)).toEqual({ day: '2025-03-05', time: '10:30' })
    expect(neighbourTarget(from, 'up', week)).toEqual({ day: '2025-03-05', time: '09:30' })
    expect(neighbourTarget(from, 'right', week)).toEqual({ day: '2025-03-06', time: '10:00' })
    expect(neighbourTarget({ day: '2025-03-05', time: '06:00' }, 'up', week)).toBeNull()
    expect(neighbourTarget({ day: '2025-03-05', time: '22:30' }, 'down', week)).toBeNull()
    expect(neighbourTarget({ day: '2025-03-09', time: '10:00' }, 'right', week)).toBeNull()
  })

  it('starts from a post’s own time, even outside the hours shown', () => {
    expect(neighbourTarget({ day: '2025-03-05', time: '10:15' }, 'down', week)?.time).toBe('10:30')
    expect(neighbourTarget({ day: '2025-03-05', time: '10:15' }, 'right', week)?.time).toBe('10:00')
    expect(neighbourTarget({ day: '2025-03-05', time: '04:00' }, 'down', week)?.time).toBe('06:00')
    expect(neighbourTarget({ day: '2025-03-05', time: '04:00' }, 'up', week)).toBeNull()
    expect(neighbourTarget({ day: '2025-03-05', time: '23:30' }, 'up', week)?.time).toBe('22:30')
    expect(neighbourTarget({ day: '2025-03-05', time: '23:30' }, 'left', week)).toEqual({
      day: '2025-03-04',
      time: '22:30',
    })
  })
})
