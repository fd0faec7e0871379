import {
  claimNotificationsToMail,
  type Database,
  type MailedKinds,
  type NotificationToMail,
  releaseNotificationMail,
} from '@pauta/db'
import type { Mailer } from './mailer.ts'
import { notificationMailText } from './notifications-mail-text.ts'
import { serialRounds } from './serial-rounds.ts'

/**
 * The notifications that also go out by email: a mention (someone asks you something by
 * name) and every review step (`review-…`: someone waits for your decision, or yours came
 * back). Assignments, escalations, resolutions and the due-soon and SLA warnings stay under
 * the bell only: they come in bursts while a team works a board it has open, and an email
 * for each would be noise. A warning that needs a person right now is the kind an email
 * is least likely to reach in time.
 */
export const MAILED_KINDS: MailedKinds = { kinds: ['mentioned'], prefixes: ['review-'] }

/** Notifications older than this are never mailed (a server that was down, mail just turned on). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000

/** After a failed send the next round waits this long, doubling up to MAX_BACKOFF_MS. */
const MAX_BACKOFF_MS = 5 * 60 * 1000

export interface MailDispatcher {
  /** Runs a round every `intervalMs` (the timer does not keep the process alive). */
  start(): void
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>
  /** One round at `now`: claims and mails; resolves with how many emails went out. */
  runOnce(now?: Date): Promise<number>
}

export interface MailDispatcherOptions {
  /** The origin people use to reach Pauta (PUBLIC_URL), for the links. */
  publicUrl: string
  onError(error: unknown): void
  /** 5 s. */
  intervalMs?: number
  /** Notifications claimed per round (50). */
  batch?: number
  /** The clock; tests fix it. */
  now?: () => Date
}

/** Where a notification opens: its board, with the card open when it is about one. */
export function notificationLink(
  publicUrl: string,
  n: Pick<NotificationToMail, 'boardId' | 'cardId'> & { data?: unknown },
): string {
  if (!n.boardId) return `${publicUrl}/`
  const board = `${publicUrl}/b/${encodeURIComponent(n.boardId)}`
  // a round's notification opens the round's review page
  const roundId = (n.data as { roundId?: unknown } | null)?.roundId
  if (typeof roundId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(roundId))
    return `${board}/rounds/${roundId}`
  return n.cardId ? `${board}?card=${encodeURIComponent(n.cardId)}` : board
}

/**
 * Sends notification emails ([NOTIF8] in @pauta/db): every round claims the notifications of
 * MAILED_KINDS made in the last 24 hours that nobody has claimed or read yet, and emails each
 * to its recipient's address. The claim is one atomic UPDATE, so however many server
 * instances run this, each notification is mailed at most once. An email that fails for a
 * reason that may pass (the SMTP server down or slow) is given back with the rest of the
 * round's, to be claimed again once the rounds resume (they wait longer after each failure);
 * one the SMTP server refused for good is not retried. Without email nothing is claimed.
 */
export function createMailDispatcher(
  database: Database,
  mailer: Mailer,
  options: MailDispatcherOptions,
): MailDispatcher {
  const db = database.db
  const intervalMs = options.intervalMs ?? 5000
  const batch = options.batch ?? 50
  const clock = options.now ?? (() => new Date())
  let timer: NodeJS.Timeout | null = null
  let failures = 0
  let pausedUntil = 0

  async function round(now: Date): Promise<number> {
    if (!mailer.enabled) return 0
    const since = new Date(now.getTime() - MAX_AGE_MS)
    const claimed = await claimNotificationsToMail(db, {
      at: now,
      since,
      mailed: MAILED_KINDS,
      limit: batch,
    })
    let sent = 0
    for (const [index, n] of claimed.entries()) {
      const text = notificationMailText({
        kind: n.kind,
        data: n.data,
        boardName: n.boardName,
        link: notificationLink(options.publicUrl, n),
      })
      const outcome = await mailer.deliver({ to: n.email, ...text })
      if (outcome === 'sent') sent++
      if (outcome === 'failed') {
        // The SMTP server is unwell: this one and the rest wait for a later round.
        const rest = claimed.slice(index).map((row) => row.id)
        await releaseNotificationMail(db, rest, now)
        failures++
        pausedUntil = Date.now() + Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures)
        return sent
      }
    }
    failures = 0
    return sent
  }

  const rounds = serialRounds(round)
  const runOnce = (now: Date = clock()): Promise<number> => rounds.run(now)

  return {
    start() {
      if (timer || !mailer.enabled) return
      timer = setInterval(() => {
        if (rounds.busy() || Date.now() < pausedUntil) return
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
