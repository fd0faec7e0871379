import type { Actor, BoardRules, Card, Refusal, Role, Stage } from '@pauta/domain'
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
  /** the session is open and the person holds a role that changes things (not only client) */
  canEdit: boolean
  userId: string
  /** who is acting, with their roles in this board's workspace: what the rules are checked against */
  actor: Actor
  rules: BoardRules
  /** The workspace's IANA time zone: times are shown and entered in it. */
  timeZone: string
  /** The workspace's name: the account a post preview shows it published from. */
  workspaceName: string
  /** The workspace's lists the cards choose their campaign and objective from. */
  campaigns: readonly string[]
  objectives: readonly string[]
  openCard: (id: string) => void
  /** tells the person a change was refused (locally, before the server would) */
  refuse: (refusal: Refusal) => void
}

export const BoardContext = createContext<BoardContextValue | null>(null)

/** While a card is dragged: each stage's refusal, or null where the card may go. */
export type DropVerdicts = ReadonlyMap<Stage, Refusal | null>
export const DropVerdictsContext = createContext<DropVerdicts | null>(null)

export function useDropVerdict(stage: Stage): { dragging: boolean; refusal: Refusal | null } {
  const verdicts = useContext(DropVerdictsContext)
  return { dragging: verdicts !== null, refusal: verdicts?.get(stage) ?? null }
}

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

/** Every card of the board, archived ones included; re-renders when any card changes. */
export function useAllCards(): readonly Card[] {
  const { store } = useBoard().session
  const subscribe = useCallback((listener: () => void) => store.subscribeAll(listener), [store])
  return useSyncExternalStore(subscribe, () => store.getAll())
}

/**
 * Every card, as `useAllCards`, once the board is read in full; none until then (a board that
 * just arrived is read in the background after it paints). For lists that can wait a moment.
 */
export function useAllCardsWhenRead(): readonly Card[] {
  const { store } = useBoard().session
  const subscribe = useCallback((listener: () => void) => store.subscribeAll(listener), [store])
  return useSyncExternalStore(subscribe, () => store.getAllWhenRead())
}

/** Whether the board holds any card at all (archived ones too). */
export function useHasCards(): boolean {
  const { store } = useBoard().session
  const subscribe = useCallback((listener: () => void) => store.subscribeAll(listener), [store])
  return useSyncExternalStore(subscribe, () => store.hasCards())
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
