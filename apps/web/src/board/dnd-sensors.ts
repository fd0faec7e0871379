import { PointerSensor, type PointerSensorOptions } from '@dnd-kit/core'
import type { PointerEvent as ReactPointerEvent } from 'react'

/**
 * The mouse and pen half of the pointer sensor, for the board and the calendar alike. Touch
 * goes to the TouchSensor, which waits for a long press, so that a finger swiping a column or
 * a calendar still scrolls it.
 */
export class MouseAndPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: (
        { nativeEvent: event }: ReactPointerEvent,
        { onActivation }: PointerSensorOptions,
      ): boolean => {
        if (!event.isPrimary || event.button !== 0 || event.pointerType === 'touch') return false
        onActivation?.({ event })
        return true
      },
    },
  ]
}

/** Keyboard dragging: Space lifts, Space or Enter drops, Escape cancels. */
export const KEYBOARD_CODES = { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] }

/**
 * Auto-scroll while a finger drags a card on a phone. dnd-kit's default (starting a fifth of
 * the board's width from its edge, up to 10 px every 5 ms) crosses a 320 px column in a
 * fraction of a second, too fast to stop over the next stage; this starts closer to the edge
 * and goes at most 3 px every 5 ms, about a column a second.
 */
export const TOUCH_AUTO_SCROLL = { threshold: { x: 0.1, y: 0.12 }, acceleration: 3 } as const

/** Whether a drag was started by a finger (the touch sensor's activator event). */
export function startedByTouch(event: Event | null | undefined): boolean {
  return event != null && 'touches' in event
}
