import {
  claimRoundsToRemind,
  type Database,
  insertNotifications,
  listMembers,
  listOpenEscalations,
  listScheduledCards,
  type NewNotification,
  pruneNotifications,
  reviewBoard,
  type TimedCard,
} from '@pauta/db'
import {
  type BoardRules,
  boardSettingsSchema,
  DEFAULT_RULES,
  isLead,
  reviewTimeMs,
  severitySchema,
} from '@pauta/domain'
import type { NotificationSink } from './notifications.ts'
import {
  DUE_SOON_MS,
  escalationRecipients,
  isDueSoon,
  type MemberRoles,
  slaDeadlineSoon,
} from './notifications-recipients.ts'
import { serialRounds } from './serial-rounds.ts'

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
 * assigned calendar post goes out within the hour), `sla-soon` (an open escalation's
 * SLA is about to run out) and `review-waiting` (a review round waited past its board's
 * review time, [RND5]). It reads the card projection (`boardCard`) and each board's
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

    rows.push(...(await roundReminders(now, membersOf)))

    const stored = rows.length > 0 ? await insertNotifications(db, rows) : []
    if (stored.length > 0) options.sink?.changed(stored.map((row) => row.userId))

    if (now.getTime() - lastPrune >= pruneEveryMs) {
      lastPrune = now.getTime()
      await pruneNotifications(db, now)
    }
    return stored.length
  }

  /**
   * [RND5] A round still waiting for answers past its board's review time reminds whom it
   * waits for (the client members, or the leads) and whoever sent it, once.
   */
  async function roundReminders(
    now: Date,
    membersOf: (workspaceId: string) => Promise<MemberRoles[]>,
  ): Promise<NewNotification[]> {
    const boards = new Map<string, Awaited<ReturnType<typeof reviewBoard>>>()
    const boardOf = async (boardId: string) => {
      if (!boards.has(boardId)) boards.set(boardId, await reviewBoard(db, boardId))
      return boards.get(boardId) ?? null
    }
    const due = await claimRoundsToRemind(db, {
      before: new Date(now.getTime() - 3_600_000),
      now,
      async due(round) {
        const place = await boardOf(round.boardId)
        if (!place) return false
        const waited = now.getTime() - Date.parse(round.createdAt)
        return waited >= reviewTimeMs(place.board.settings.rules.approval)
      },
    })
    const rows: NewNotification[] = []
    for (const round of due) {
      const place = await boardOf(round.boardId)
      if (!place) continue
      const members = await membersOf(place.board.workspaceId)
      const waitsFor = new Set(round.waiting.map((w) => w.reviewer))
      const told = new Set(
        members
          .filter(
            (m) =>
              m.userId === round.createdBy ||
              (waitsFor.has('client') && m.roles.includes('client')) ||
              (waitsFor.has('team') && isLead(m.roles)),
          )
          .map((m) => m.userId),
      )
      for (const userId of told) {
        rows.push({
          userId,
          boardId: round.boardId,
          cardId: null,
          createdAt: now,
          kind: 'review-waiting',
          data: {
            roundId: round.id,
            roundName: round.name,
            waiting: round.waiting.length,
            since: round.createdAt,
          },
          dedupeKey: `review-waiting:${round.id}`,
        })
      }
    }
    return rows
  }

  const rounds = serialRounds(round)
  const runOnce = (now: Date = clock()): Promise<number> => rounds.run(now)

  return {
    start() {
      if (timer) return
      timer = setInterval(() => {
        if (rounds.busy()) return // still busy with the last round: skip this one
        runOnce().catch(options.onError)
      }, intervalMs)
      timer.unref()
    },

    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await rounds.settled()
    },

    runOnce,
  }
}
