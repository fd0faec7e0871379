import type { Card, Network } from './card.ts'
import { FEED_LABELS, type FeedLanguage, feedTime } from './ics-labels.ts'
import { inStages, OUT_STAGES } from './stages.ts'

/** One event of a calendar feed (RFC 5545 VEVENT); times are instants, written in UTC. */
export interface IcsEvent {
  uid: string
  start: Date
  /** 30 unless told. */
  durationMinutes?: number
  summary: string
  description?: string
  url?: string | null
  categories?: string[]
  lastModified?: Date
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
}

export interface CalendarOptions {
  name: string
  events: readonly IcsEvent[]
  /** Written as every event's DTSTAMP: when this copy of the feed was made. */
  now: Date
  /** How often a subscribed calendar app should fetch the feed again; 60 unless told. */
  refreshMinutes?: number
  /**
   * The workspace's IANA zone, written as the calendar's own (X-WR-TIMEZONE, which Google
   * and Apple calendars read): the events' times stay in UTC.
   */
  timeZone?: string
}

const CRLF = '\r\n'
const MAX_OCTETS = 75
const DEFAULT_DURATION_MINUTES = 30
const DEFAULT_REFRESH_MINUTES = 60

/** 20261120T160000Z */
function utcDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date in a calendar event')
  return at
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:]/g, '')
}

/** An RFC 5545 DURATION in its largest units (PT1H, P1D), as calendar apps show it. */
function duration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new RangeError(`a duration is a whole number of minutes: ${minutes}`)
  }
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  const time = `${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/** A TEXT value (RFC 5545 §3.3.11). */
function text(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // Control characters other than tab are not allowed in TEXT at all.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  )
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1
  if (codePoint < 0x800) return 2
  if (codePoint < 0x10000) return 3
  return 4
}

/**
 * Folds a content line into physical lines of at most 75 octets (RFC 5545 §3.1), each
 * continuation starting with a space. It splits between code points, never inside a UTF-8
 * sequence; an emoji made of several code points may straddle a fold, which unfolding
 * rejoins.
 */
function fold(line: string): string {
  const lines: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0)
    if (octets + size > MAX_OCTETS) {
      lines.push(current)
      current = ' '
      octets = 1
    }
    current += char
    octets += size
  }
  lines.push(current)
  return lines.join(CRLF)
}

function eventLines(event: IcsEvent, stamp: string): string[] {
  const minutes = event.durationMinutes ?? DEFAULT_DURATION_MINUTES
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`an event lasts zero minutes or more: ${minutes}`)
  }
  const end = new Date(event.start.getTime() + minutes * 60_000)
  const lines = [
    'BEGIN:VEVENT',
    `UID:${text(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(end)}`,
    `SUMMARY:${text(event.summary)}`,
  ]
  if (event.description) lines.push(`DESCRIPTION:${text(event.description)}`)
  // A URI is not TEXT: escaping its commas would change the address.
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`)
  const categories = (event.categories ?? []).filter((category) => category.trim().length > 0)
  if (categories.length > 0) lines.push(`CATEGORIES:${categories.map(text).join(',')}`)
  if (event.lastModified) lines.push(`LAST-MODIFIED:${utcDateTime(event.lastModified)}`)
  if (event.status) lines.push(`STATUS:${event.status}`)
  lines.push('END:VEVENT')
  return lines
}

/** A whole calendar feed, ready to serve as text/calendar. */
export function buildCalendar(opts: CalendarOptions): string {
  const refresh = duration(opts.refreshMinutes ?? DEFAULT_REFRESH_MINUTES)
  const stamp = utcDateTime(opts.now)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Pauta//Pauta//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${text(opts.name)}`,
    `X-WR-CALNAME:${text(opts.name)}`,
    ...(opts.timeZone ? [`X-WR-TIMEZONE:${text(opts.timeZone)}`] : []),
    // RFC 7986's refresh hint, and the older one Outlook and Google read.
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...opts.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ]
  return lines.map(fold).join(CRLF) + CRLF
}

/** How each network writes its own name. */
export const NETWORK_NAMES: Record<Network, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  x: 'X',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  threads: 'Threads',
  blog: 'Blog',
}

export interface PostEventOptions {
  boardName: string
  /** The card in the app. */
  link: string
  /** Makes the UID unique beyond this board: `${card.id}@${domain}`. */
  domain: string
  /** The subscriber's language; English unless told. */
  language?: FeedLanguage
  /** The board's workspace's zone, the clock the description's time is on; UTC unless told. */
  timeZone?: string
}

/** A scheduled post as a calendar event; null when it has no time or is archived. */
export function postEvent(card: Card, opts: PostEventOptions): IcsEvent | null {
  if (card.archived || card.scheduledAt === null) return null
  const start = new Date(card.scheduledAt)
  if (Number.isNaN(start.getTime())) return null
  const network = card.network ? NETWORK_NAMES[card.network] : null
  const title = network ? `${network} · ${card.title}` : card.title
  // In the subscriber's language; the time on the workspace's clock, whatever the app shows.
  const language = opts.language ?? 'en'
  const words = FEED_LABELS[language]
  const description = [
    `${words.when}: ${feedTime(start, language, opts.timeZone ?? 'UTC')}`,
    `${words.board}: ${opts.boardName}`,
    `${words.stage}: ${words.stages[card.stage]}`,
    card.campaign ? `${words.campaign}: ${card.campaign}` : null,
    card.publishedUrl ? `${words.published}: ${card.publishedUrl}` : null,
    opts.link,
  ]
  const categories = [network, card.campaign].filter((value): value is string => !!value)
  return {
    uid: `${card.id}@${opts.domain}`,
    start,
    // A check mark tells at a glance, in any calendar app, which posts already went out.
    summary: inStages(card.stage, OUT_STAGES) ? `✓ ${title}` : title,
    description: description.filter((line) => line !== null).join('\n'),
    url: opts.link,
    categories,
  }
}
