import { createContext, useContext } from 'react'

/** Opens "Move to…" for a card: the board's host of the dialog, for the cards' `m` key. */
export const MoveToContext = createContext<((cardId: string) => void) | null>(null)

export function useOpenMoveTo(): ((cardId: string) => void) | null {
  return useContext(MoveToContext)
}
