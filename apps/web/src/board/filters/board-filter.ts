import type { BoardRules, Card } from '@pauta/domain'
import { foldText } from '../../app/fold-text.ts'
import { type BoardFilter, UNASSIGNED } from '../../app/router.ts'
import { matchesApproval } from '../approval-state.ts'

// One folded text per card object: the store keeps a card's object until the card changes,
// so a card is folded once, not at every keystroke or render.
const searchTexts = new WeakMap<Card, string>()

/** What the search looks in: the title, the post's copy, the description, the tags and the campaign, folded. */
export function searchText(card: Card): string {
  let text = searchTexts.get(card)
  if (text === undefined) {
    text = foldText(
      [card.title, card.copy, card.description, ...card.tags, card.campaign ?? ''].join('\n'),
    )
    searchTexts.set(card, text)
  }
  return text
}

/**
 * Folds the cards' texts ahead of the first search, a slice at a time when the browser is idle
 * (the search box calls it when it gets the focus): the first letter typed then only compares.
 */
export function warmSearchTexts(cards: readonly Card[], slice = 500): void {
  const idle: (run: () => void) => void =
    typeof requestIdleCallback === 'function'
      ? (run) => requestIdleCallback(run, { timeout: 500 })
      : (run) => setTimeout(run, 0)
  const step = (from: number) => {
    for (const card of cards.slice(from, from + slice)) searchText(card)
    if (from + slice < cards.length) idle(() => step(from + slice))
  }
  idle(() => step(0))
}

/** The words of a search, folded; a card matches when it holds every one of them. */
export function searchTerms(query: string): string[] {
  return foldText(query).split(/\s+/).filter(Boolean)
}

export function isFiltering(filter: BoardFilter): boolean {
  return activeFilterCount(filter) > 0 || searchTerms(filter.q).length > 0
}

/** How many filters other than the search are set (the phone's "Filters (2)"). */
export function activeFilterCount(filter: BoardFilter): number {
  const set = [
    filter.assignee,
    filter.network,
    filter.campaign,
    filter.objective,
    filter.tag,
    filter.approval,
  ]
  return set.filter((value) => value !== null).length + (filter.mine ? 1 : 0)
}

export type CardPredicate = (card: Card) => boolean

/** Equal texts of a list (campaign, objective, tag) ignoring case and accents. */
const sameText = (a: string | null | undefined, b: string): boolean =>
  a != null && foldText(a.trim()) === b

/**
 * The filter as a test of one card, for the person `userId` on a board of these `rules` (which
 * posts its approval policy covers); null when it lets every card through (the board then
 * shows its columns as they are). Every condition set must hold.
 */
export function cardPredicate(
  filter: BoardFilter,
  userId: string,
  rules: BoardRules,
): CardPredicate | null {
  if (!isFiltering(filter)) return null
  const terms = searchTerms(filter.q)
  const campaign = filter.campaign === null ? null : foldText(filter.campaign)
  const objective = filter.objective === null ? null : foldText(filter.objective)
  const tag = filter.tag === null ? null : foldText(filter.tag)
  const { assignee, network, approval, mine } = filter
  return (card) => {
    if (network !== null && card.network !== network) return false
    if (approval !== null && !matchesApproval(card, approval, rules)) return false
    if (assignee !== null && card.assigneeId !== (assignee === UNASSIGNED ? null : assignee))
      return false
    if (mine && card.assigneeId !== userId) return false
    if (campaign !== null && !sameText(card.campaign, campaign)) return false
    if (objective !== null && !sameText(card.objective, objective)) return false
    if (tag !== null && !card.tags.some((t) => sameText(t, tag))) return false
    if (terms.length === 0) return true
    const text = searchText(card)
    return terms.every((term) => text.includes(term))
  }
}
