import { type CollisionDetection, closestCenter, pointerWithin } from '@dnd-kit/core'
import type { PostDragData } from './PostChip.tsx'

/**
 * The pointer decides where a mouse or finger drops (cells are small and close together);
 * a keyboard drag, which has no pointer, lands on the cell its post is centred on.
 */
export const collisionDetection: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : closestCenter(args)

export const isDragData = (value: unknown): value is PostDragData =>
  typeof value === 'object' && value !== null && 'origin' in value

/**
 * A moved post is drawn anew in its new cell, so the focus a keyboard user had on it would be
 * lost: give it back once the calendar has redrawn.
 */
export function refocus(cardId: string): void {
  requestAnimationFrame(() => {
    const post = document.querySelector(
      `[data-testid="calendar-post"][data-card-id="${CSS.escape(cardId)}"]`,
    )
    if (post instanceof HTMLElement && document.activeElement !== post) {
      post.focus({ preventScroll: false })
      post.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    }
  })
}
