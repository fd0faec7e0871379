import type { Bottlenecks } from './dashboard-api.ts'

export type EscalationTileKey = 'open' | 'breached' | 'breachedInPeriod'

export interface EscalationTile {
  key: EscalationTileKey
  value: number
  alert: boolean
}

/**
 * The escalation figures as tiles: two about now (open, and of those past their SLA, whenever
 * raised) and one about the period (raised in it and answered late or still open past the
 * deadline). `raisedBefore`: some escalation open past its SLA now was raised before the
 * period — the only way "now" can exceed "in the period", so the panel says why.
 */
export function escalationTiles(figures: Bottlenecks['escalations']): {
  tiles: EscalationTile[]
  raisedBefore: boolean
} {
  const { open, breached, breachedInPeriod } = figures
  return {
    tiles: [
      { key: 'open', value: open, alert: false },
      { key: 'breached', value: breached, alert: breached > 0 },
      { key: 'breachedInPeriod', value: breachedInPeriod, alert: breachedInPeriod > 0 },
    ],
    raisedBefore: breached > breachedInPeriod,
  }
}
