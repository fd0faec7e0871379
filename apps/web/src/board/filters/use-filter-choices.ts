import { useMemo } from 'react'
import { distinctValues } from '../../app/distinct-values.ts'
import type { BoardFilter } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useAllCardsWhenRead, useBoard } from '../use-board.ts'

/** What each list of the filter bar offers. */
export interface FilterChoices {
  members: readonly { id: string; name: string }[]
  campaigns: readonly string[]
  objectives: readonly string[]
  tags: readonly string[]
}

/**
 * The board's people, and the campaigns, objectives and tags in use: the workspace's lists plus
 * whatever a card carries, plus the value chosen now (still offered when its last card went).
 */
export function useFilterChoices(filter: BoardFilter): FilterChoices {
  const { i18n } = useTranslation()
  const locale = i18n.language
  const { members, campaigns, objectives } = useBoard()
  // the lists can wait for a board that just arrived to be read in full
  const cards = useAllCardsWhenRead()
  const inUse = useMemo(() => {
    const live = cards.filter((card) => !card.archived)
    return {
      campaigns: live.map((card) => card.campaign),
      objectives: live.map((card) => card.objective),
      tags: live.flatMap((card) => card.tags),
    }
  }, [cards])
  const people = useMemo(
    () =>
      [...members.values()]
        .map((member) => ({ id: member.id, name: member.name }))
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
    [members, locale],
  )
  return useMemo(
    () => ({
      members: people,
      campaigns: distinctValues([...campaigns, ...inUse.campaigns, filter.campaign], locale),
      objectives: distinctValues([...objectives, ...inUse.objectives, filter.objective], locale),
      tags: distinctValues([...inUse.tags, filter.tag], locale),
    }),
    [people, campaigns, objectives, inUse, filter.campaign, filter.objective, filter.tag, locale],
  )
}
