import { type ClientRect, type CollisionDetection, closestCorners } from '@dnd-kit/core'
import { stageOfColumnDropId } from './dnd-ids.ts'
import { boardCollisions } from './keyboard-collision.ts'

/**
 * dnd-kit's closestCorners, among the droppables of the column under the pointer only: the
 * column a person points at is where the card goes. Over all droppables, a card dragged into
 * a column without cards stayed "over" itself (its own place was nearer by corners than the
 * tall empty column), so on a new board nothing could be dragged anywhere.
 *
 * Between two columns (the gap) or beside them, the nearest column by its edges: the columns'
 * rects do not move while a card is dragged, so the answer does not either. Falling back to
 * every droppable there made the card's preview jump between the two columns without end
 * (each jump moved the card, which changed the nearest corners) until React gave up. Without
 * a pointer (the keyboard), `boardCollisions` over everything.
 */
export const columnFirstCollision: CollisionDetection = (args) => {
  const { pointerCoordinates: pointer, droppableContainers, droppableRects } = args
  if (!pointer) return boardCollisions(args)
  let column: ClientRect | undefined
  let distance = Number.POSITIVE_INFINITY
  for (const container of droppableContainers) {
    if (stageOfColumnDropId(container.id) === null) continue
    const rect = droppableRects.get(container.id)
    if (!rect) continue
    const away = Math.max(rect.left - pointer.x, pointer.x - rect.right, 0)
    if (away < distance) {
      column = rect
      distance = away
    }
  }
  if (!column) return boardCollisions(args)
  // dnd-kit's rects read the scroll offsets of every scrollable ancestor on each side asked
  // for: the column's sides once, and one side of each droppable
  const { left, right } = column
  const inColumn = droppableContainers.filter((c) => {
    const rect = droppableRects.get(c.id)
    if (!rect) return false
    const middle = rect.left + rect.width / 2
    return left <= middle && middle <= right
  })
  return closestCorners({ ...args, droppableContainers: inColumn })
}
