import type { AppRouter } from '@pauta/api'
import type { inferRouterOutputs } from '@trpc/server'
import { type ClockStyle, dualTime, formatInZone } from '../time/clock-format.ts'
import { dualText } from '../time/use-workspace-clock.ts'

/** One notification as `notifications.list` gives it (a union on `kind`). */
export type NotificationItem = inferRouterOutputs<AppRouter>['notifications']['list'][number]

/** The translate function, as much of it as these helpers need. */
export type Translate = (key: string, options?: Record<string, unknown>) => string

/** Who reads a notification where: their language and their device's zone. */
export interface Reader {
  language: string
  viewerZone: string
}

/** The zone a notification's times are read in: its board's workspace's, else the device's. */
function zoneOf(item: NotificationItem, reader: Reader): string {
  return item.timeZone ?? reader.viewerZone
}

/** A time on the workspace's clock, the device's beside it: "10:30 (17:30 your time)". */
function clockTime(
  iso: string,
  item: NotificationItem,
  reader: Reader,
  t: Translate,
  style: ClockStyle = 'time',
): string {
  const zones = { ...reader, timeZone: zoneOf(item, reader) }
  return dualText(dualTime(iso, zones, style), t)
}

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago" — in the reader's language; past a
 * week, the day on the workspace's calendar ("2 mar").
 */
export function timeAgo(
  item: Pick<NotificationItem, 'createdAt' | 'timeZone'>,
  now: Date,
  reader: Reader,
  t: Translate,
): string {
  const { language } = reader
  const iso = item.createdAt
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000)
  if (Number.isNaN(seconds)) return ''
  if (seconds < 60) return t('notifications.justNow')
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return format.format(-minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return format.format(-hours, 'hour')
  const days = Math.floor(hours / 24)
  if (days < 7) return format.format(-days, 'day')
  return formatInZone(iso, language, item.timeZone ?? reader.viewerZone, 'dayMonth')
}

/** The one sentence that says what happened, e.g. "Marco te asignó «Lanzamiento de otoño»". */
export function notificationSentence(item: NotificationItem, t: Translate, reader: Reader): string {
  const { language } = reader
  switch (item.kind) {
    case 'assigned':
      return item.data.scheduledAt === null
        ? t('notifications.text.assigned', { actor: item.data.actorName, title: item.data.title })
        : t('notifications.text.assignedAt', {
            actor: item.data.actorName,
            title: item.data.title,
            time: clockTime(item.data.scheduledAt, item, reader, t, 'dayTime'),
          })
    case 'escalated':
      return item.data.severity === null
        ? t('notifications.text.escalatedPlain', {
            title: item.data.title,
            actor: item.data.actorName,
          })
        : t('notifications.text.escalated', {
            severity: t(`severities.${item.data.severity}`).toLocaleUpperCase(language),
            title: item.data.title,
            actor: item.data.actorName,
          })
    case 'resolved':
      return t('notifications.text.resolved', {
        actor: item.data.actorName,
        title: item.data.title,
        stage: t(`stages.${item.data.to}`),
      })
    case 'due-soon':
      return t('notifications.text.dueSoon', {
        title: item.data.title,
        time: clockTime(item.data.scheduledAt, item, reader, t),
      })
    case 'sla-soon':
      return t('notifications.text.slaSoon', {
        title: item.data.title,
        severity: t(`severities.${item.data.severity}`).toLocaleUpperCase(language),
        time: clockTime(item.data.deadline, item, reader, t),
      })
    case 'mentioned':
      return t('notifications.text.mentioned', {
        actor: item.data.actorName,
        title: item.data.title,
      })
    case 'review-requested':
      return t('notifications.text.reviewRequested', {
        actor: item.data.actorName,
        round: item.data.roundName,
        count: item.data.posts,
      })
    case 'review-decided':
      return item.data.step === 'changes'
        ? t('notifications.text.reviewChanges', {
            actor: item.data.actorName,
            title: item.data.title,
          })
        : item.data.toState === 'approved'
          ? t('notifications.text.reviewApproved', {
              actor: item.data.actorName,
              title: item.data.title,
            })
          : t('notifications.text.reviewToClient', {
              actor: item.data.actorName,
              title: item.data.title,
            })
    case 'review-waiting':
      return t('notifications.text.reviewWaiting', {
        round: item.data.roundName,
        count: item.data.waiting,
      })
  }
}

/** What the person wrote with it, shown under the sentence: the reason, the resolution. */
export function notificationDetail(item: NotificationItem): string | null {
  if (item.kind === 'escalated') return item.data.reason.trim() || null
  if (item.kind === 'resolved') return item.data.resolution.trim() || null
  if (item.kind === 'mentioned') return item.data.excerpt.trim() || null
  if (item.kind === 'review-decided') return item.data.comment.trim() || null
  return null
}

/** The badge's text: the count, capped so it stays small. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count)
}
