import type { Card, Queue } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import { queueSummary, visibleSections } from './queue-sections.ts'

describe('queue sections', () => {
  it('shows the posts to take only to someone who may take them', () => {
    expect(visibleSections(true)).toEqual([
      'overdue',
      'today',
      'thisWeek',
      'later',
      'following',
      'takeable',
    ])
    expect(visibleSections(false)).not.toContain('takeable')
  })

  it('counts what is left to publish, not what is followed or free', () => {
    const some = (n: number) => Array.from({ length: n }, () => ({}) as Card)
    const queue: Queue = {
      overdue: some(1),
      today: some(2),
      thisWeek: some(0),
      later: some(3),
      following: some(4),
      takeable: some(5),
    }
    expect(queueSummary(queue)).toEqual({ overdue: 1, today: 2, total: 6 })
  })
})
