import type { ClientRect, CollisionDetection, DroppableContainer } from '@dnd-kit/core'
import { describe, expect, it } from 'vitest'
import { boardCollisions } from './keyboard-collision.ts'

type Args = Parameters<CollisionDetection>[0]

const box = (left: number, top: number, width: number, height: number): ClientRect => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
})

function detect(collisionRect: ClientRect, rects: Record<string, ClientRect>) {
  const droppableRects = new Map(Object.entries(rects))
  const droppableContainers = Object.keys(rects).map(
    (id) => ({ id, disabled: false, data: { current: {} } }) as unknown as DroppableContainer,
  )
  const args = {
    active: { id: 'a' },
    collisionRect,
    droppableRects,
    droppableContainers,
    pointerCoordinates: null,
  } as unknown as Args
  return boardCollisions(args).map((c) => c.id)
}

describe('boardCollisions', () => {
  // a card 200×90 picked from the top of the first column (x 0–216), columns 700 tall
  const card = box(8, 8, 200, 90)
  const strategyColumn = box(0, 0, 216, 700)
  const planColumn = box(228, 0, 216, 700)

  it('takes the card under the dragged one, as the closest corners always did', () => {
    const over = detect(box(236, 8, 200, 90), {
      a: card,
      strategy: strategyColumn,
      plan: planColumn,
      b: box(236, 8, 200, 80),
    })
    expect(over[0]).toBe('b')
  })

  it('takes a column that shows no card near the top, where the corners chose a card aside', () => {
    // the keyboard puts the dragged card at the plan column's corner: the nearest corners are
    // those of the card it left (the column's lower corners are far), which it does not cover
    const over = detect(box(228, 0, 200, 90), {
      a: card,
      strategy: strategyColumn,
      plan: planColumn,
    })
    expect(over[0]).toBe('plan')
  })
})
