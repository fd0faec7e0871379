import { cardsMap } from '@pauta/board'
import type { TFunction } from '../../i18n/translate.ts'
import type { BoardSession, CloseKind, SessionState } from '../board-session.ts'

const NOTICE_KEYS: Record<CloseKind, string> = {
  'access-lost': 'board.accessLost',
  'signed-out': 'board.signedOut',
  rejected: 'board.rejected',
  damaged: 'board.damaged',
  closed: 'board.closed',
}

/** Why the board's session is closed, if it is, and how the page says so. */
export interface ClosedNotice {
  /** the closed session's kind; null while it is open, or when the toast tells of it */
  kind: CloseKind | null
  /** the board could not be loaded and has no offline copy to show: said in its place */
  damagedInPlace: boolean
  /** the notice in the reader's language, or null */
  text: string | null
}

/**
 * The page's notice for a closed session: `state.closed`, or the last `notice` of
 * `useBoardDoc` (a session that was closed and reopened).
 */
export function closedNotice(
  state: SessionState,
  notice: CloseKind | null,
  session: BoardSession | null,
  t: TFunction,
): ClosedNotice {
  // a refused change is told by the toast, and the board reopens by itself; a banner only
  // when this session itself stays closed
  const kind = state.closed?.kind ?? (notice === 'rejected' ? null : notice)
  // a board the server cannot load: said in place of the board (and of a spinner that would
  // never stop), unless this device's offline copy has cards to show
  const damagedInPlace =
    kind === 'damaged' && (!session || !state.loaded || cardsMap(session.doc).size === 0)
  const text = kind
    ? t(kind === 'damaged' && !damagedInPlace ? 'board.damagedCopy' : NOTICE_KEYS[kind], {
        reason: state.closed?.reason ?? '',
      })
    : null
  return { kind, damagedInPlace, text }
}
