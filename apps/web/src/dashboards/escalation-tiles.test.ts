import { describe, expect, it } from 'vitest'
import { escalationTiles } from './escalation-tiles.ts'

describe('the escalation tiles', () => {
  it('say why "past SLA now" can exceed "in the period": one was raised before the period', () => {
    const seen = escalationTiles({ open: 1, breached: 1, breachedInPeriod: 0 })
    expect(seen.tiles.map((tile) => [tile.key, tile.value, tile.alert])).toEqual([
      ['open', 1, false],
      ['breached', 1, true],
      ['breachedInPeriod', 0, false],
    ])
    expect(seen.raisedBefore).toBe(true)
  })

  it('say nothing more when the period holds every breach open now', () => {
    expect(escalationTiles({ open: 2, breached: 1, breachedInPeriod: 1 }).raisedBefore).toBe(false)
    // answered late in the period, nothing open past SLA now
    expect(escalationTiles({ open: 0, breached: 0, breachedInPeriod: 3 }).raisedBefore).toBe(false)
  })
})
