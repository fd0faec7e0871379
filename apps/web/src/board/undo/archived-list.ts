import type { Card } from '@pauta/domain'
import { foldText } from '../../app/fold-text.ts'

/** Newest first; a missing time (null) after every time. */
function newestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? 1 : -1
}

/**
 * The board's archived cards whose title holds `query` (case and accents aside): the most
 * recently archived first ([STAMP3]); older cards without the stamp last, newest created first.
 */
export function archivedCards(cards: readonly Card[], query: string): Card[] {
  const wanted = foldText(query.trim())
  return cards
    .filter((card) => card.archived && (wanted === '' || foldText(card.title).includes(wanted)))
    .sort(
      (a, b) =>
        newestFirst(a.archivedAt, b.archivedAt) ||
        newestFirst(a.createdAt, b.createdAt) ||
        a.id.localeCompare(b.id),
    )
}
