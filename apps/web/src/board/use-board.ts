import type { Card, Role } from '@pauta/domain'
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react'
import type { BoardSession } from './board-session.ts'
import type { Peer } from './presence-store.ts'

export interface Member {
  id: string
  name: string
  email: string
  roles: readonly Role[]
}

/**
 * What every part of an open board needs. Nothing in it changes when a card changes: cards and
 * columns are read from the store by the components that show them.
 */
export interface BoardContextValue {
  session: BoardSession
  members: ReadonlyMap<string, Member>
  canEdit: boolean
  userId: string
  openCard: (id: string) => void
}

export const BoardContext = createContext<BoardContextValue | null>(null)

export function useBoard(): BoardContextValue {
  const value = useContext(BoardContext)
  if (!value) throw new Error('useBoard outside a BoardContext')
  return value
}

export function useCard(id: string): Card | undefined {
  const { store } = useBoard().session
  const subscribe = useCallback(
    (listener: () => void) => store.subscribeCard(id, listener),
    [store, id],
  )
  return useSyncExternalStore(subscribe, () => store.getCard(id))
}

export function useColumnIds(stage: Card['stage']): readonly string[] {
  const { store } = useBoard().session
  const subscribe = useCallback(
    (listener: () => void) => store.subscribeColumn(stage, listener),
    [store, stage],
  )
  return useSyncExternalStore(subscribe, () => store.getColumn(stage))
}

/** The name of someone else dragging this card, or null. */
export function useDragger(cardId: string): string | null {
  const { presence } = useBoard().session
  const subscribe = useCallback((listener: () => void) => presence.subscribe(listener), [presence])
  return useSyncExternalStore(subscribe, () => presence.getDragger(cardId))
}

export function usePeers(): readonly Peer[] {
  const { presence } = useBoard().session
  const subscribe = useCallback((listener: () => void) => presence.subscribe(listener), [presence])
  return useSyncExternalStore(subscribe, () => presence.getPeers())
}
