import { useMemo } from 'react'
import {
  type BoardFilter,
  boardFilterSearch,
  navigate,
  parseBoardFilter,
  useLocation,
} from '../../app/router.ts'

/** The board's filter as the page's URL holds it; the same object while it is the same filter. */
export function useBoardFilter(): BoardFilter {
  const href = useLocation()
  const search = href.includes('?') ? href.slice(href.indexOf('?')) : ''
  // another parameter (an open card's) changing leaves the filter, and what it shows, alone
  const key = boardFilterSearch(parseBoardFilter(search))
  return useMemo(() => parseBoardFilter(key), [key])
}

/**
 * Puts a filter in the URL, keeping the page's other parameters. A choice is a step of its own
 * (Back takes it back); typing in the search replaces the step it started in.
 */
export function setBoardFilter(filter: BoardFilter, options: { replace?: boolean } = {}): void {
  navigate(location.pathname + boardFilterSearch(filter, location.search), options)
}
