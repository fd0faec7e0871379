import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Calendar feed URLs: `${PUBLIC_URL}/feeds/<feedId>.<signature>.ics`, the signature being
 * base64url(HMAC-SHA256(auth secret, 'pauta-feed:' + feedId)). The token is derived, never
 * stored: the server, the CLI and every instance sharing AUTH_SECRET compute the same URL, and
 * a URL cannot be forged without the secret. Revoking the feed (a row in `calendarFeed`) kills
 * the URL; rotating AUTH_SECRET kills them all.
 */
export interface FeedSigner {
  /** `<feedId>.<signature>` */
  token(feedId: string): string
  /** The feed id a well-formed, correctly signed token names; null for anything else. */
  verify(token: string): string | null
  /** The URL a calendar app subscribes to. */
  url(feedId: string): string
}

/** A feed id (as `newId` makes them, or any id of the domain's id rule), a dot, 43 characters. */
const TOKEN = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/

export function createFeedSigner(secret: string, publicUrl: string): FeedSigner {
  const sign = (feedId: string) =>
    createHmac('sha256', secret).update(`pauta-feed:${feedId}`).digest('base64url')
  const token = (feedId: string) => `${feedId}.${sign(feedId)}`
  return {
    token,
    verify(candidate) {
      const match = TOKEN.exec(candidate)
      if (!match) return null
      const [, feedId, signature] = match as unknown as [string, string, string]
      const expected = Buffer.from(sign(feedId))
      const given = Buffer.from(signature)
      return given.length === expected.length && timingSafeEqual(given, expected) ? feedId : null
    },
    url: (feedId) => `${publicUrl}/feeds/${token(feedId)}.ics`,
  }
}
