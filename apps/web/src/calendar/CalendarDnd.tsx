import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  type ScreenReaderInstructions,
  TouchSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import type { DayKey } from '@pauta/domain'
import type { ReactNode } from 'react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { KEYBOARD_CODES, MouseAndPenSensor } from '../board/dnd-sensors.ts'
import { useBoard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { formatSlot } from '../time/clock-format.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import { collisionDetection, isDragData, refocus } from './calendar-dnd-kit.ts'
import { type CalendarPost, planReschedule } from './calendar-model.ts'
import { dayLabel } from './calendar-period.ts'
import {
  ARROW_DIRECTIONS,
  neighbourTarget,
  parseTargetId,
  type TargetGrid,
  targetId,
} from './calendar-targets.ts'
import { DraggedPost } from './PostChip.tsx'
import { type PastDrop, PastTimeDialog } from './past-time/PastTimeDialog.tsx'
import { isPast } from './past-time/past-time.ts'

/**
 * Drag to reschedule. A drop on a day (month) keeps the post's time of day; a drop on a slot
 * (week) sets day and time. The write is judged first as the server will judge it, and goes
 * into the shared document, so everyone on the board sees the post move.
 */
export function CalendarDnd({
  grid,
  posts,
  onDropped,
  children,
}: {
  /** the targets shown, for the arrow keys */
  grid: TargetGrid
  posts: ReadonlyMap<string, CalendarPost>
  /** after a post moved to `day` (the month view makes sure it shows there) */
  onDropped: (day: DayKey) => void
  children: ReactNode
}) {
  const { t, i18n } = useTranslation()
  const clock = useWorkspaceClock()
  const { session, canEdit, actor, rules, refuse, timeZone } = useBoard()
  const { store, presence } = session
  const run = useCommand()
  const [activeId, setActiveId] = useState<string | null>(null)
  // what a confirmed drop did, once the drag's own announcement is long over
  const [said, setSaid] = useState('')
  const gridRef = useRef(grid)
  // what the drop did, told by the announcement that dnd-kit makes right after onDragEnd
  const resultRef = useRef<string | undefined>(undefined)
  // a drop on a time that has passed, waiting for the person to confirm it
  const [past, setPast] = useState<{
    drop: PastDrop
    target: { day: DayKey }
    keyboard: boolean
  } | null>(null)

  useEffect(() => {
    gridRef.current = grid
  }, [grid])

  const coordinateGetter: KeyboardCoordinateGetter = (event, { context }) => {
    const direction = ARROW_DIRECTIONS[event.code]
    if (!direction) return undefined
    event.preventDefault()
    const { active, over, collisionRect, droppableRects } = context
    if (!active || !collisionRect) return undefined
    const data = active.data.current
    const from = (over ? parseTargetId(over.id) : null) ?? (isDragData(data) ? data.origin : null)
    if (!from) return undefined
    const next = neighbourTarget(from, direction, gridRef.current)
    const rect = next ? droppableRects.get(targetId(next)) : undefined
    if (!rect) return undefined
    // centre the post on the target: the collision detection picks the nearest centre
    return {
      x: rect.left + (rect.width - collisionRect.width) / 2,
      y: rect.top + (rect.height - collisionRect.height) / 2,
    }
  }

  const sensors = useSensors(
    useSensor(MouseAndPenSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter, keyboardCodes: KEYBOARD_CODES }),
  )

  const finish = () => {
    setActiveId(null)
    presence.setDragging(null)
  }

  const onDragStart = ({ active }: DragStartEvent) => {
    const id = String(active.id)
    resultRef.current = undefined
    setActiveId(id)
    presence.setDragging(id)
  }

  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    finish()
    const id = String(active.id)
    const card = store.getCard(id)
    const target = over ? parseTargetId(over.id) : null
    if (!card) return
    const title = card.title
    const when = card.scheduledAt ? clock.text(card.scheduledAt, 'full') : ''
    if (!target) {
      resultRef.current = t('calendar.dnd.droppedNowhere', { title })
      return
    }
    const plan = canEdit
      ? planReschedule(actor, card, target, rules, timeZone)
      : { kind: 'refused' as const, refusal: { code: 'read-only' as const } }
    switch (plan.kind) {
      case 'unchanged':
        resultRef.current = t('calendar.dnd.unchanged', { title, when })
        return
      case 'refused':
        refuse(plan.refusal)
        resultRef.current = t('calendar.dnd.refused', {
          title,
          reason: refusalMessage(plan.refusal, t, i18n.language, rules),
        })
        return
      case 'reschedule': {
        const keyboard = activatorEvent instanceof KeyboardEvent
        if (isPast(plan.scheduledAt, new Date())) {
          // the rules allow it, the person may not mean it: ask first
          const when = clock.text(plan.scheduledAt, 'full')
          resultRef.current = t('pastTime.asking', { title, when })
          setPast({
            drop: { cardId: id, title, scheduledAt: plan.scheduledAt, when },
            target,
            keyboard,
          })
          return
        }
        resultRef.current = reschedule(id, plan.scheduledAt, target.day, keyboard)
        return
      }
    }
  }

  /** Writes the new time (judged first); says what happened, for the announcement. */
  const reschedule = (id: string, scheduledAt: string, day: DayKey, keyboard: boolean) => {
    const title = store.getCard(id)?.title ?? ''
    const moved = run({ type: 'edit', cardId: id, fields: { scheduledAt } })
    if (!moved.ok) {
      refuse(moved.refusal)
      return t('calendar.dnd.refused', {
        title,
        reason: refusalMessage(moved.refusal, t, i18n.language, rules),
      })
    }
    onDropped(day)
    if (keyboard) refocus(id)
    return t('calendar.dnd.moved', {
      title,
      when: clock.text(scheduledAt, 'full'),
    })
  }

  const accessibility = useMemo(() => {
    const title = (id: UniqueIdentifier) => store.getCard(String(id))?.title ?? ''
    const when = (id: UniqueIdentifier) => {
      const at = store.getCard(String(id))?.scheduledAt
      return at ? clock.text(at, 'full') : ''
    }
    const announcements: Announcements = {
      onDragStart: ({ active }) =>
        t('calendar.dnd.pickedUp', { title: title(active.id), when: when(active.id) }),
      onDragOver: ({ active, over }) => {
        const target = over ? parseTargetId(over.id) : null
        if (!target) return t('calendar.dnd.notOver', { title: title(active.id) })
        const day = dayLabel(target.day, i18n.language)
        return target.time === null
          ? t('calendar.dnd.overDay', { title: title(active.id), day })
          : t('calendar.dnd.overSlot', {
              title: title(active.id),
              day,
              time: formatSlot(target.time, i18n.language),
            })
      },
      onDragEnd: () => resultRef.current,
      onDragCancel: ({ active }) =>
        t('calendar.dnd.cancelled', { title: title(active.id), when: when(active.id) }),
    }
    const screenReaderInstructions: ScreenReaderInstructions = {
      draggable: t('calendar.dnd.instructions'),
    }
    return { announcements, screenReaderInstructions }
  }, [store, t, i18n.language, clock])

  const activePost = activeId ? posts.get(activeId) : undefined

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={accessibility}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={finish}
    >
      {children}
      {/* no drop animation: the post is already drawn at its new place */}
      <DragOverlay dropAnimation={null}>
        {activePost ? <DraggedPost post={activePost} /> : null}
      </DragOverlay>
      {past && (
        <PastTimeDialog
          drop={past.drop}
          onConfirm={() => {
            setPast(null)
            setSaid(
              reschedule(past.drop.cardId, past.drop.scheduledAt, past.target.day, past.keyboard),
            )
          }}
          onCancel={() => {
            setPast(null)
            if (past.keyboard) refocus(past.drop.cardId)
          }}
        />
      )}
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </DndContext>
  )
}
