import {
  type ClientRect,
  type CollisionDetection,
  closestCorners,
  rectIntersection,
} from '@dnd-kit/core'

function overlaps(a: ClientRect, b: ClientRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}

/**
 * The board's collision detection: the closest corners, as before, unless that winner is not
 * even under the dragged card while something else is. That happens over a column that shows
 * no card near the top (empty, or emptied by a filter): the column is tall, so its corners are
 * far, and a card of the column the drag came from would win; the keyboard's ArrowRight then
 * went nowhere. Then the droppables under the card decide.
 */
export const boardCollisions: CollisionDetection = (args) => {
  const corners = closestCorners(args)
  const first = corners[0]
  const rect = first ? args.droppableRects.get(first.id) : undefined
  if (!rect || overlaps(rect, args.collisionRect)) return corners
  const under = rectIntersection(args)
  return under.length > 0 ? under : corners
}
