import { lazyDialog } from '../app/lazy-part.tsx'

// The board's dialogs are chunks of their own: the board paints without them, and they are
// fetched when the browser is idle after it has (`prefetchBoardParts`). One opened before its
// chunk is here shows once it is; focus stays where it was until then, and goes back there
// when the dialog closes.

export const CardDialog = lazyDialog(
  () => import('./CardDialog.tsx').then((m) => m.CardDialog),
  (props) => props.onClose,
)
export const NewCardDialog = lazyDialog(
  () => import('./new-card/NewCardDialog.tsx').then((m) => m.NewCardDialog),
  (props) => props.onClose,
)
export const MoveToDialog = lazyDialog(
  () => import('./move-to/MoveToDialog.tsx').then((m) => m.MoveToDialog),
  (props) => props.onClose,
)
export const MoveFieldsDialog = lazyDialog(
  () => import('./MoveFieldsDialog.tsx').then((m) => m.MoveFieldsDialog),
  (props) => props.onDone,
)
export const ArchivedDialog = lazyDialog(
  () => import('./undo/ArchivedDialog.tsx').then((m) => m.ArchivedDialog),
  (props) => props.onClose,
)

export const BOARD_DIALOGS = [
  CardDialog,
  NewCardDialog,
  MoveToDialog,
  MoveFieldsDialog,
  ArchivedDialog,
] as const
