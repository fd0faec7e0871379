import {
  type Database,
  insertNotifications,
  listMembers,
  listOpenEscalations,
  listScheduledCards,
  type NewNotification,
  pruneNotifications,
  type TimedCard,
} from '@pauta/db'
import { type BoardRules, boardSettingsSchema, DEFAULT_RULES, severitySchema } from '@pauta/domain'
import type { NotificationSink } from './notifications.ts'
import {
  DUE_SOON_MS,
  escalationRecipients,
  isDueSoon,
  type MemberRoles,
  slaDeadlineSoon,
} from './notifications-recipients.ts'

export interface NotificationScheduler {
  /** Runs a round every `intervalMs` (the timer does not keep the process alive). */
  start(): void
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>
  /**
   * One round at `now` (default: the scheduler's clock): posts due within the hour, SLAs
   * about to breach, and now and then the pruning of old notifications. Resolves with how
   * many notifications it stored; running it again at the same moment stores none.
   */
  runOnce(now?: Date): Promise<number>
}

export interface NotificationSchedulerOptions {
  onError(error: unknown): void
  sink?: NotificationSink
  /** 60 s. */
  intervalMs?: number
  /** The clock; tests fix it. */
  now?: () => Date
  /** How often old notifications are deleted (1 h). */
  pruneEveryMs?: number
}

/** The same instant as the same text, whatever offset or precision it was written with. */
function instant(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString()
}

function rulesOf(settings: string): BoardRules {
  try {
    return boardSettingsSchema.parse(JSON.parse(settings)).rules
  } catch {
    return DEFAULT_RULES
  }
}

/**
 * The notifications that depend on the clock rather than on a change: `due-soon` (an
 * assigned calendar post goes out within the hour) and `sla-soon` (an open escalation's
 * SLA is about to run out). It reads the card projection (`boardCard`) and each board's
 * rules. Every instance may run it: each notification has a dedupe key — (card, scheduled
 * time) and (card, escalation time) — and the store skips one that exists, so a post is
 * announced once however many instances or rounds see it.
 */
export function createNotificationScheduler(
  database: Database,
  options: NotificationSchedulerOptions,
): NotificationScheduler {
  const db = database.db
  const intervalMs = options.intervalMs ?? 60_000
  const pruneEveryMs = options.pruneEveryMs ?? 60 * 60 * 1000
  const clock = options.now ?? (() => new Date())
  let timer: NodeJS.Timeout | null = null
  let running: Promise<number> | null = null
  let lastPrune = Number.NEGATIVE_INFINITY

  async function round(now: Date): Promise<number> {
    const members = new Map<string, MemberRoles[]>()
    const membersOf = async (workspaceId: string) => {
      let list = members.get(workspaceId)
      if (!list) {
        list = (await listMembers(db, workspaceId)).map((m) => ({
          userId: m.userId,
          roles: m.roles,
        }))
        members.set(workspaceId, list)
      }
      return list
    }
    const rows: NewNotification[] = []
    const base = (card: TimedCard, userId: string) => ({
      userId,
      boardId: card.boardId,
      cardId: card.cardId,
      createdAt: now,
    })

    const scheduled = await listScheduledCards(db, now, new Date(now.getTime() + DUE_SOON_MS))
    for (const card of scheduled) {
      const { assigneeId, scheduledAt } = card
      if (!assigneeId || !scheduledAt || !isDueSoon(scheduledAt, now)) continue
      const inWorkspace = (await membersOf(card.workspaceId)).some((m) => m.userId === assigneeId)
      if (!inWorkspace) continue
      rows.push({
        ...base(card, assigneeId),
        kind: 'due-soon',
        data: { title: card.title, scheduledAt: instant(scheduledAt), network: card.network },
        dedupeKey: `due-soon:${card.boardId}:${card.cardId}:${instant(scheduledAt)}`,
      })
    }

    const rules = new Map<string, BoardRules>()
    for (const card of await listOpenEscalations(db)) {
      const severity = severitySchema.safeParse(card.severity)
      if (!severity.success || !card.escalatedAt) continue
      let boardRules = rules.get(card.boardId)
      if (!boardRules) {
        boardRules = rulesOf(card.settings)
        rules.set(card.boardId, boardRules)
      }
      const deadline = slaDeadlineSoon(card.escalatedAt, severity.data, boardRules, now)
      if (!deadline) continue
      const recipients = escalationRecipients(
        await membersOf(card.workspaceId),
        severity.data,
        null,
      )
      for (const userId of recipients) {
        rows.push({
          ...base(card, userId),
          kind: 'sla-soon',
          data: { title: card.title, severity: severity.data, deadline: deadline.toISOString() },
          dedupeKey: `sla-soon:${card.boardId}:${card.cardId}:${instant(card.escalatedAt)}`,
        })
      }
    }

    const stored = rows.length > 0 ? await insertNotifications(db, rows) : []
    if (stored.length > 0) options.sink?.changed(stored.map((row) => row.userId))

    if (now.getTime() - lastPrune >= pruneEveryMs) {
      lastPrune = now.getTime()
      await pruneNotifications(db, now)
    }
    return stored.length
  }

  function runOnce(now: Date = clock()): Promise<number> {
    // Rounds never overlap: a second one waits for the first.
    const previous = running ?? Promise.resolve(0)
    const next = previous.catch(() => 0).then(() => round(now))
    running = next
    void next
      .finally(() => {
        if (running === next) running = null
      })
      .catch(() => {})
    return next
  }

  return {
    start() {
      if (timer) return
      timer = setInterval(() => {
        if (running) return // still busy with the last round: skip this one
        runOnce().catch(options.onError)
      }, intervalMs)
      timer.unref()
    },

    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await running?.catch(() => {})
    },

    runOnce,
  }
}
