import type { Card } from '@pauta/domain'

/** Lower case, without accents: "Café" and "cafe" read the same. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()
}

/** The board's archived cards whose title holds `query` (case and accents aside), newest first. */
export function archivedCards(cards: readonly Card[], query: string): Card[] {
  const wanted = foldText(query.trim())
  return cards
    .filter((card) => card.archived && (wanted === '' || foldText(card.title).includes(wanted)))
    .sort((a, b) =>
      a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? 1 : -1,
    )
}
