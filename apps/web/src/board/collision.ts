import { type CollisionDetection, closestCorners } from '@dnd-kit/core'
import { stageOfColumnDropId } from './dnd-ids.ts'
import { boardCollisions } from './keyboard-collision.ts'

/**
 * dnd-kit's closestCorners, among the droppables of the column under the pointer only: the
 * column a person points at is where the card goes. Over all droppables, a card dragged into
 * a column without cards stayed "over" itself (its own place was nearer by corners than the
 * tall empty column), so on a new board nothing could be dragged anywhere. Without a pointer
 * (the keyboard) or outside every column, `boardCollisions` over everything.
 */
export const columnFirstCollision: CollisionDetection = (args) => {
  const { pointerCoordinates: pointer, droppableContainers, droppableRects } = args
  if (!pointer) return boardCollisions(args)
  const column = droppableContainers
    .filter((c) => stageOfColumnDropId(c.id) !== null)
    .map((c) => droppableRects.get(c.id))
    .find((rect) => rect !== undefined && rect.left <= pointer.x && pointer.x <= rect.right)
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
