import { useCallback, useEffect, useState } from 'react'
import { type BoardView, boardViewPath, navigate, searchWithout } from '../../app/router.ts'

/**
 * The card whose dialog is open: first the one the URL names (a notification's link), then
 * whichever is opened. Closing a card opened by its link takes the link out of the URL.
 */
export function useOpenCard(boardId: string, view: BoardView, cardId: string | null) {
  const [openCardId, setOpenCardId] = useState<string | null>(cardId)
  const closeCard = useCallback(() => {
    setOpenCardId(null)
    // a card opened by its link: closing it leaves the link behind (and keeps any filter)
    if (new URLSearchParams(location.search).has('card'))
      navigate(boardViewPath(boardId, view) + searchWithout(location.search, 'card'), {
        replace: true,
      })
  }, [boardId, view])
  useEffect(() => {
    if (cardId) setOpenCardId(cardId)
  }, [cardId])
  return { openCardId, openCard: setOpenCardId, closeCard }
}
