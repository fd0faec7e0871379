import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing'

/**
 * A key strictly between two neighbours, or null when none exists: the neighbours tie (two
 * replicas placed cards in the same gap concurrently) or a key is not a valid fractional key.
 */
export function keyBetween(before: string | null, after: string | null): string | null {
  try {
    return generateKeyBetween(before, after)
  } catch {
    return null
  }
}

/** `count` ascending keys strictly between two keys (either may be null for an open end). */
export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  return generateNKeysBetween(before, after, count)
}
