import type { Database } from '@pauta/db'
import type { BoardObservers } from './sync-hooks.ts'

/** Turns accepted board changes into notifications (an assignment, an escalation, …). */
export function createNotifier(
  _database: Database,
  _onError: (error: unknown) => void,
): BoardObservers {
  return {}
}
