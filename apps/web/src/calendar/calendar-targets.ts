import type { DayKey } from '@pauta/domain'
import { type DropTarget, minutesOf, SLOT_MINUTES } from './calendar-model.ts'
import type { CalendarMode } from './calendar-period.ts'

/** The dnd-kit id of a drop target: a month's day, or a week's slot. */
export function targetId(target: DropTarget): string {
  return target.time === null ? `day:${target.day}` : `slot:${target.day}@${target.time}`
}

export function parseTargetId(id: string | number): DropTarget | null {
  const text = String(id)
  const day = /^day:(\d{4}-\d{2}-\d{2})$/.exec(text)
  if (day) return { day: day[1]!, time: null }
  const slot = /^slot:(\d{4}-\d{2}-\d{2})@(\d{2}:\d{2})$/.exec(text)
  if (slot && !Number.isNaN(minutesOf(slot[2]!))) return { day: slot[1]!, time: slot[2]! }
  return null
}

export type Direction = 'up' | 'down' | 'left' | 'right'

export const ARROW_DIRECTIONS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
}

/** The grid the keyboard moves a post through: the days shown, in order, and the week's slots. */
export interface TargetGrid {
  mode: CalendarMode
  days: readonly DayKey[]
  slots: readonly string[]
}

/**
 * Where an arrow key takes a post being moved with the keyboard, from the target it is over
 * (or where it started: its day, and in the week view its own time, which may lie outside the
 * slots shown). Month: left and right step a day, up and down a week. Week: left and right
 * step a day at the same time, up and down a half hour. Null at the grid's edges.
 */
export function neighbourTarget(
  from: DropTarget,
  direction: Direction,
  grid: TargetGrid,
): DropTarget | null {
  const index = grid.days.indexOf(from.day)
  if (index < 0) return null
  if (grid.mode === 'month') {
    const step = { up: -7, down: 7, left: -1, right: 1 }[direction]
    const day = grid.days[index + step]
    return day ? { day, time: null } : null
  }
  const time = from.time ?? grid.slots[0]
  if (time === undefined) return null
  if (direction === 'left' || direction === 'right') {
    const day = grid.days[index + (direction === 'left' ? -1 : 1)]
    if (!day) return null
    // from outside the shown hours, land on the nearest slot
    const minutes = minutesOf(time)
    const nearest =
      grid.slots.find((slot) => minutesOf(slot) + SLOT_MINUTES > minutes) ?? grid.slots.at(-1)
    return nearest === undefined ? null : { day, time: nearest }
  }
  const minutes = minutesOf(time)
  const slotStart = minutes - (minutes % SLOT_MINUTES)
  const next =
    direction === 'up'
      ? grid.slots.findLast((slot) => minutesOf(slot) < slotStart)
      : grid.slots.find((slot) => minutesOf(slot) > slotStart)
  return next === undefined ? null : { day: from.day, time: next }
}
