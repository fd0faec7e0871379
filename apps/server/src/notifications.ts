import {
  clearCardNotifications,
  type Database,
  insertNotifications,
  lastEscalation,
  listMembers,
} from '@pauta/db'
import {
  changeEvents,
  type MemberRoles,
  notificationsForChange,
} from './notifications-recipients.ts'
import { dueSoonSettled } from './notifications-settled.ts'
import type { BoardObservers, CardsChanged } from './sync-hooks.ts'

/** Told which people just got a notification on this instance (the live bell). */
export interface NotificationSink {
  changed(userIds: readonly string[]): void
}

export interface Notifier extends BoardObservers {
  /** Resolves once every change seen so far has been turned into notifications. */
  idle(): Promise<void>
}

/** Escalations remembered in memory at most (oldest forgotten first). */
const MAX_REMEMBERED = 10_000

/**
 * The stage history row of an escalation is written by the sync hooks right after this
 * observer is called, concurrently: a resolution that follows within moments may look
 * before it exists. So the history is asked again, briefly, when it knows nothing yet.
 */
const HISTORY_RETRIES_MS = [100, 400, 1000]

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * Turns accepted board changes into notifications: an assignment (to the new assignee), an
 * escalation (to the managers; for a crisis the strategists too), a resolution (to whoever
 * escalated and the assignee). Nobody is told about their own action. A "due soon" whose post
 * went out (or left the calendar, or moved) is taken off the bell.
 *
 * Who escalated a card comes from two places, the later one winning: what this instance saw
 * (it remembers every escalation it accepted, at once, so a quick resolution never misses
 * it) and the stage history in SQL (which knows about escalations accepted by other server
 * instances or before a restart).
 *
 * Changes are handled one after another, off the sync path; a failure is reported to
 * `onError` and never affects the change itself.
 */
export function createNotifier(
  database: Database,
  onError: (error: unknown) => void,
  sink?: NotificationSink,
): Notifier {
  const db = database.db
  const escalations = new Map<string, { userId: string; at: number }>()
  let queue: Promise<void> = Promise.resolve()

  const keyOf = (boardId: string, cardId: string) => `${boardId}\u0000${cardId}`

  async function escalatorOf(boardId: string, cardId: string, at: Date): Promise<string | null> {
    const seen = escalations.get(keyOf(boardId, cardId))
    escalations.delete(keyOf(boardId, cardId))
    for (let attempt = 0; ; attempt++) {
      const stored = await lastEscalation(db, boardId, cardId, at)
      const storedAt = stored ? Date.parse(stored.at) : Number.NEGATIVE_INFINITY
      if (seen && seen.at >= storedAt) return seen.userId
      if (stored) return stored.userId
      const wait = HISTORY_RETRIES_MS[attempt]
      if (wait === undefined) return null
      await sleep(wait)
    }
  }

  async function settle(change: CardsChanged, cardIds: readonly string[]) {
    if (cardIds.length === 0) return
    const cleared = await clearCardNotifications(db, change.boardId, cardIds, 'due-soon')
    if (cleared.length > 0) sink?.changed(cleared)
  }

  async function handle(change: CardsChanged, events: ReturnType<typeof changeEvents>) {
    if (events.length === 0) return
    const members: MemberRoles[] = (await listMembers(db, change.workspaceId)).map((m) => ({
      userId: m.userId,
      roles: m.roles,
    }))
    const escalators = new Map<string, string | null>()
    for (const event of events) {
      if (event.type === 'resolved')
        escalators.set(event.card.id, await escalatorOf(change.boardId, event.card.id, change.at))
    }
    const rows = notificationsForChange(events, {
      boardId: change.boardId,
      actor: { id: change.actor.id, name: change.actor.name },
      at: change.at,
      members,
      escalators,
    })
    if (rows.length === 0) return
    const stored = await insertNotifications(db, rows)
    if (stored.length > 0) sink?.changed(stored.map((row) => row.userId))
  }

  return {
    cardsChanged(change) {
      const events = changeEvents(change.diffs)
      const settled = dueSoonSettled(change.diffs)
      if (events.length === 0 && settled.length === 0) return
      // Remembered now, before anything waits: the resolution may be the very next change.
      for (const event of events) {
        if (event.type !== 'escalated') continue
        const key = keyOf(change.boardId, event.card.id)
        escalations.delete(key)
        escalations.set(key, { userId: change.actor.id, at: change.at.getTime() })
        if (escalations.size > MAX_REMEMBERED) {
          const oldest = escalations.keys().next().value
          if (oldest !== undefined) escalations.delete(oldest)
        }
      }
      queue = queue
        .then(() => settle(change, settled))
        .then(() => handle(change, events))
        .catch(onError)
    },

    idle() {
      return queue
    },
  }
}
