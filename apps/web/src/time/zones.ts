import { foldText } from '../app/fold-text.ts'

/** Zones this browser knows, with `current` first when it is not among them. */
export function knownZones(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']
  return known.includes(current) ? known : [current, ...known]
}

/** Folded as searches compare text, with spaces for the underscores and slashes of zone names. */
function fold(text: string): string {
  return foldText(text).replace(/[_/]+/g, ' ').trim()
}

/**
 * The zones whose name holds every word of `query` ("new york" finds America/New_York,
 * "bogota" America/Bogota), keeping `selected` listed so the choice never disappears.
 */
export function filterZones(zones: readonly string[], query: string, selected: string): string[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...zones]
  const matches = zones.filter((zone) => {
    const name = fold(zone)
    return words.every((word) => name.includes(word))
  })
  return matches.includes(selected) || !zones.includes(selected) ? matches : [selected, ...matches]
}
