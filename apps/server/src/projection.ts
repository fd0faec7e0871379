import type { Database } from '@pauta/db'
import type { BoardObservers } from './sync-hooks.ts'

/**
 * Keeps the `boardCard` table (a SQL projection of every board document's cards) in step
 * with accepted changes, and rebuilds a board's rows from its document when it loads.
 */
export function createCardProjection(
  _database: Database,
  _onError: (error: unknown) => void,
): BoardObservers {
  return {}
}
