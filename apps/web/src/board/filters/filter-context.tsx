import type { Stage } from '@pauta/domain'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useDeferredValue,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react'
import { useBoard } from '../use-board.ts'
import { cardPredicate } from './board-filter.ts'
import { type FilteredColumn, FilteredColumns } from './filtered-columns.ts'
import { useBoardFilter } from './use-board-filter.ts'

const FilteredColumnsContext = createContext<FilteredColumns | null>(null)

/**
 * Applies the URL's filter to the columns inside it. The filter is taken as a deferred value:
 * typing in the search stays quick on a big board, the columns follow a moment later.
 */
export function BoardFilterProvider({ children }: { children: ReactNode }) {
  const { session, userId, rules } = useBoard()
  const filter = useDeferredValue(useBoardFilter())
  const columns = useMemo(
    () => new FilteredColumns(session.store, cardPredicate(filter, userId, rules)),
    [session.store, filter, userId, rules],
  )
  return <FilteredColumnsContext value={columns}>{children}</FilteredColumnsContext>
}

/** The filtered columns in force, or the plain ones outside a BoardFilterProvider. */
function useFilteredColumns(): FilteredColumns {
  const filtered = useContext(FilteredColumnsContext)
  const { store } = useBoard().session
  return useMemo(() => filtered ?? new FilteredColumns(store, null), [filtered, store])
}

/**
 * The ids a column shows under the filter, read when asked (a drag's announcements say
 * "position 2 of 3" of what the person sees, not of the cards the filter hides).
 */
export function useShownColumn(): (stage: Stage) => readonly string[] {
  const columns = useRef<FilteredColumns | null>(null)
  columns.current = useFilteredColumns()
  return useCallback((stage: Stage) => columns.current?.getColumn(stage).ids ?? [], [])
}

/** One column as the filter shows it: the matching ids, and how many cards it holds in all. */
export function useFilteredColumn(stage: Stage): FilteredColumn {
  const columns = useFilteredColumns()
  const getSnapshot = useCallback(() => columns.getColumn(stage), [columns, stage])
  return useSyncExternalStore(columns.subscribe, getSnapshot)
}

/** How many cards the board shows under the filter. */
export function useMatchCount(): number {
  const columns = useFilteredColumns()
  return useSyncExternalStore(columns.subscribe, columns.getMatchCount)
}
