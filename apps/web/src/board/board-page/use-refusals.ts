import { decodeRefusal, type Refusal } from '@pauta/domain'
import { useCallback, useEffect, useState } from 'react'
import type { ShownRefusal } from '../RefusalToast.tsx'
import type { Rejection } from '../use-board-doc.ts'

/**
 * The refusal the toast shows: one the server sent back (`rejection`, after which the board is
 * refetched, since the rules or the person's roles may have changed), or one judged here
 * (`refuse`). Each has its own `seq`, so a repeated refusal shows again.
 */
export function useRefusals(rejection: Rejection | null, refetchBoard: () => unknown) {
  const [shownRefusal, setShownRefusal] = useState<ShownRefusal | null>(null)
  const dismissRefusal = useCallback(() => setShownRefusal(null), [])

  useEffect(() => {
    if (!rejection) return
    setShownRefusal({
      refusal: decodeRefusal(rejection.reason),
      fromServer: true,
      seq: rejection.seq,
    })
    // refused: perhaps because the rules or my roles changed meanwhile
    void refetchBoard()
  }, [rejection, refetchBoard])

  const refuse = useCallback(
    (refusal: Refusal) =>
      setShownRefusal((previous) => ({
        refusal,
        fromServer: false,
        seq: (previous?.seq ?? 0) + 1,
      })),
    [],
  )
  return { shownRefusal, refuse, dismissRefusal }
}
