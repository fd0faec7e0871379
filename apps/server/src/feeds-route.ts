import {
  type BoardCardRow,
  boardTimeZones,
  columnsToFields,
  type Database,
  getUser,
  listAssignedPosts,
  listScheduledPosts,
  openCalendarFeed,
} from '@pauta/db'
import {
  buildCalendar,
  cardSchema,
  type FeedLanguage,
  feedLanguageSchema,
  type IcsEvent,
  postEvent,
} from '@pauta/domain'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { FeedSigner } from './feeds.ts'

/** Calendar apps poll; ask them to come back about this often (they mostly decide themselves). */
const REFRESH_MINUTES = 30

const paramsSchema = z.object({ file: z.string().max(200).endsWith('.ics') })

/**
 * The subscriber's language: users keep no language on the server yet, so the one the web
 * app put in the URL (`?lang=es`) when it showed the feed; English when none or another.
 */
const querySchema = z.object({ lang: z.catch(feedLanguageSchema, 'en') }).catch({ lang: 'en' })

function feedLanguage(query: unknown): FeedLanguage {
  return querySchema.parse(query ?? {}).lang
}

/** The one zone all the feed's boards share, to name as the calendar's; none when they differ. */
function sharedZone(zones: ReadonlyMap<string, string>): string | undefined {
  const distinct = new Set(zones.values())
  return distinct.size === 1 ? [...distinct][0] : undefined
}

/**
 * The projection keeps only what a calendar needs; the rest of the card reads as its default.
 * A row that does not make a valid card (written by hand, say) is left out rather than trusted.
 */
function rowToCard(row: BoardCardRow) {
  const card = cardSchema.safeParse({
    ...columnsToFields(row),
    order: 'a0',
    createdAt: row.updatedAt,
  })
  return card.success ? card.data : null
}

/**
 * `GET /feeds/<token>.ics`: a calendar feed, no cookie needed (calendar apps have none). The
 * token in the URL is the only credential; what it shows is decided at every fetch (the feed
 * is active, its owner still a member). Anything wrong is the same bare 404.
 */
export function registerFeedRoute(
  app: FastifyInstance,
  opts: { database: Database; signer: FeedSigner; publicUrl: string },
): void {
  const { database, signer, publicUrl } = opts
  const db = database.db
  const domain = new URL(publicUrl).hostname

  app.get('/feeds/:file', async (req, reply) => {
    const notFound = () =>
      reply
        .code(404)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('Not Found')
    const params = paramsSchema.safeParse(req.params)
    if (!params.success) return notFound()
    const feedId = signer.verify(params.data.file.slice(0, -'.ics'.length))
    if (feedId === null) return notFound()
    const scope = await openCalendarFeed(db, feedId)
    if (!scope) return notFound()

    let name: string
    let rows: BoardCardRow[]
    if (scope.boardId === null) {
      const user = await getUser(db, scope.userId)
      if (!user) return notFound()
      name = `Pauta · ${user.name}`
      rows = await listAssignedPosts(db, scope.userId)
    } else {
      name = `Pauta · ${scope.boardName}`
      rows = await listScheduledPosts(db, scope.boardId)
    }
    const language = feedLanguage(req.query)
    const boardIds = rows.map((row) => row.boardId)
    const zones = await boardTimeZones(db, scope.boardId ? [scope.boardId, ...boardIds] : boardIds)
    const events: IcsEvent[] = []
    for (const row of rows) {
      const card = rowToCard(row)
      if (!card) continue
      const link = `${publicUrl}/b/${encodeURIComponent(row.boardId)}?card=${encodeURIComponent(row.cardId)}`
      const timeZone = zones.get(row.boardId) ?? 'UTC'
      const event = postEvent(card, { boardName: row.boardName, link, domain, language, timeZone })
      if (event) events.push({ ...event, lastModified: new Date(row.updatedAt) })
    }
    const boardZone = scope.boardId === null ? sharedZone(zones) : zones.get(scope.boardId)
    const body = buildCalendar({
      name,
      events,
      now: new Date(),
      refreshMinutes: REFRESH_MINUTES,
      timeZone: boardZone,
    })
    return reply
      .code(200)
      .header('cache-control', 'private, no-cache')
      .header('x-robots-tag', 'noindex')
      .header('content-disposition', 'inline; filename="pauta.ics"')
      .type('text/calendar; charset=utf-8')
      .send(body)
  })
}
