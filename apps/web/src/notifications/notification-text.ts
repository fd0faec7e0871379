import type { AppRouter } from '@pauta/api'
import type { inferRouterOutputs } from '@trpc/server'

/** One notification as `notifications.list` gives it (a union on `kind`). */
export type NotificationItem = inferRouterOutputs<AppRouter>['notifications']['list'][number]

/** The translate function, as much of it as these helpers need. */
export type Translate = (key: string, options?: Record<string, unknown>) => string

/** A clock time in the reader's language, e.g. "10:30" or "10:30 AM". */
export function clockTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  )
}

/** "just now", "5 minutes ago", "yesterday", "3 days ago" — in the reader's language. */
export function timeAgo(iso: string, now: Date, language: string, t: Translate): string {
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
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }).format(new Date(iso))
}

/** The one sentence that says what happened, e.g. "Marco te asignó «Lanzamiento de otoño»". */
export function notificationSentence(
  item: NotificationItem,
  t: Translate,
  language: string,
): string {
  switch (item.kind) {
    case 'assigned':
      return t('notifications.text.assigned', {
        actor: item.data.actorName,
        title: item.data.title,
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
        time: clockTime(item.data.scheduledAt, language),
      })
    case 'sla-soon':
      return t('notifications.text.slaSoon', {
        title: item.data.title,
        severity: t(`severities.${item.data.severity}`).toLocaleUpperCase(language),
        time: clockTime(item.data.deadline, language),
      })
  }
}

/** What the person wrote with it, shown under the sentence: the reason, the resolution. */
export function notificationDetail(item: NotificationItem): string | null {
  if (item.kind === 'escalated') return item.data.reason.trim() || null
  if (item.kind === 'resolved') return item.data.resolution.trim() || null
  return null
}

/** The badge's text: the count, capped so it stays small. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count)
}
