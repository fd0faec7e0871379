import { FEED_LANGUAGES, type FeedLanguage } from '@pauta/domain'

function isFeedLanguage(value: string): value is FeedLanguage {
  return (FEED_LANGUAGES as readonly string[]).includes(value)
}

/**
 * A feed's URL as the person copies it: with their language (`?lang=es`), which the server
 * writes the feed's words in (stage names, labels). The address is left as is when the
 * language is not one feeds are written in, or the URL cannot be read.
 */
export function feedUrlIn(url: string, language: string): string {
  const base = language.toLowerCase().split('-')[0] ?? ''
  if (!isFeedLanguage(base)) return url
  try {
    const parsed = new URL(url)
    parsed.searchParams.set('lang', base)
    return parsed.href
  } catch {
    return url
  }
}
