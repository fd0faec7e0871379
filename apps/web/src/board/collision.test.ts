import type { ClientRect, DroppableContainer } from '@dnd-kit/core'
import { describe, expect, it } from 'vitest'
import { columnFirstCollision } from './collision.ts'
import { columnDropId } from './dnd-ids.ts'

const rect = (left: number, top: number, width: number, height: number): ClientRect => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
})

/** Two columns, 200 wide and 700 tall; the only card (being dragged) sits in the first. */
const RECTS = new Map<string, ClientRect>([
  [columnDropId('strategy'), rect(0, 100, 200, 700)],
  [columnDropId('plan'), rect(220, 100, 200, 700)],
  ['card-1', rect(10, 110, 180, 40)],
])

function over(pointer: { x: number; y: number } | null): unknown {
  const containers = [...RECTS.keys()].map((id) => ({ id }) as unknown as DroppableContainer)
  const collisions = columnFirstCollision({
    active: { id: 'card-1' } as never,
    collisionRect: rect((pointer?.x ?? 100) - 90, (pointer?.y ?? 130) - 20, 180, 40),
    droppableRects: RECTS,
    droppableContainers: containers,
    pointerCoordinates: pointer,
  })
  return collisions[0]?.id
}

describe('where a dragged card is over', () => {
  it('is the empty column under the pointer, not the card’s own place', () => {
    expect(over({ x: 320, y: 170 })).toBe(columnDropId('plan'))
  })

  it('stays among its own column’s droppables when the pointer is there', () => {
    expect(over({ x: 100, y: 130 })).toBe('card-1')
  })

  it('is the nearest column when the pointer is in the gap between two, wherever the card is', () => {
    // the gap is 200–220: nearer the plan column at 212, nearer strategy at 205
    expect(over({ x: 212, y: 170 })).toBe(columnDropId('plan'))
    expect(over({ x: 205, y: 130 })).toBe('card-1')
    // and the card shown in the plan column (a drag preview) changes nothing about which
    RECTS.set('card-1', rect(230, 110, 180, 40))
    try {
      expect(over({ x: 205, y: 130 })).toBe(columnDropId('strategy'))
      expect(over({ x: 212, y: 130 })).toBe('card-1')
    } finally {
      RECTS.set('card-1', rect(10, 110, 180, 40))
    }
  })

  it('falls back to the nearest corners without a pointer (keyboard)', () => {
    expect(over(null)).toBe('card-1')
  })
})
