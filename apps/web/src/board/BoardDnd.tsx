import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  type MeasuringConfiguration,
  MeasuringStrategy,
  type ScreenReaderInstructions,
  TouchSensor,
  type UniqueIdentifier,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { STAGES, type Stage } from '@pauta/domain'
import type { ReactNode } from 'react'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { dropVerdicts, planMove } from '../rules/move-plan.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { MoveFieldsDialog } from './board-dialogs.tsx'
import { CardContent } from './CardItem.tsx'
import { columnFirstCollision } from './collision.ts'
import { columnDropId, stageOfColumnDropId } from './dnd-ids.ts'
import type { CardDrag, ColumnDrop, DndKit } from './dnd-kit.tsx'
import {
  KEYBOARD_CODES,
  MouseAndPenSensor,
  startedByTouch,
  TOUCH_AUTO_SCROLL,
} from './dnd-sensors.ts'
import { dropTarget } from './drop-target.ts'
import { useShownColumn } from './filters/filter-context.tsx'
import type { PendingMove } from './MoveFieldsDialog.tsx'
import { type DropVerdicts, DropVerdictsContext, useBoard, useCard } from './use-board.ts'
import { useCommand } from './use-command.ts'

/**
 * Droppables (columns, and the cards in view) are measured while a drag goes on, again whenever
 * one mounts (a column scrolled while dragging); the default. Measuring them always would
 * measure every card in view, and draw each again, whenever the cards in view change (a
 * letter typed in the search). One object: a new one at each render would do the same.
 */
const MEASURING: MeasuringConfiguration = {
  droppable: { strategy: MeasuringStrategy.WhileDragging },
}

/** dnd-kit for the board: what ./dnd-kit.tsx draws the board with once this chunk is here. */
export const DND_KIT: DndKit = {
  useCardDrag,
  useColumnDrop,
  SortableList: ({ stage, ids, children }) => (
    <SortableContext id={stage} items={ids as string[]} strategy={verticalListSortingStrategy}>
      {children}
    </SortableContext>
  ),
  Board: BoardDnd,
}

function useCardDrag(
  id: string,
  { disabled, roleDescription }: { disabled: boolean; roleDescription: string },
): CardDrag {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id,
    data: { type: 'card' },
    disabled,
    attributes: { roleDescription },
  })
  const style = { transform: CSS.Translate.toString(transform), transition }
  return { attributes, listeners, setNodeRef, style, isDragging }
}

function useColumnDrop(stage: Stage): ColumnDrop {
  const { setNodeRef, isOver } = useDroppable({
    id: columnDropId(stage),
    data: { type: 'column', stage },
  })
  return { setNodeRef, isOver }
}

/**
 * Dragging on the board: mouse, touch and keyboard sensors, what may be dropped where (shown on
 * the columns while a card is dragged), what a screen reader hears, and the move a drop makes.
 */
function BoardDnd({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const { session, canEdit, actor, rules, refuse } = useBoard()
  const { store, presence } = session
  const run = useCommand()
  const shownColumn = useShownColumn()
  const [activeId, setActiveId] = useState<string | null>(null)
  const [verdicts, setVerdicts] = useState<DropVerdicts | null>(null)
  // read by the dnd-kit callbacks, which see the state of the render that started the drag
  const verdictsRef = useRef<DropVerdicts | null>(null)
  const [pending, setPending] = useState<PendingMove | null>(null)
  const [touch, setTouch] = useState(false)

  const forbidden = (stage: Stage | null | undefined) =>
    stage != null && (verdictsRef.current?.get(stage) ?? null) !== null

  const sensors = useSensors(
    useSensor(MouseAndPenSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: KEYBOARD_CODES,
    }),
  )

  const finish = () => {
    setActiveId(null)
    verdictsRef.current = null
    setVerdicts(null)
    presence.setDragging(null)
  }

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    setTouch(startedByTouch(activatorEvent))
    const id = String(active.id)
    const card = store.getCard(id)
    const next = card ? dropVerdicts(actor, card, rules, STAGES) : null
    verdictsRef.current = next
    setVerdicts(next)
    setActiveId(id)
    presence.setDragging(id)
  }

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return
    const id = String(active.id)
    const fromStage = store.stageOf(id)
    const columnStage = stageOfColumnDropId(over.id)
    const overStage = columnStage ?? store.stageOf(String(over.id))
    if (forbidden(overStage)) {
      // a stage that does not take the card: it stays (and is shown) where it was
      store.setPreview(null)
      return
    }
    if (!fromStage || !overStage || overStage === fromStage) return
    // across columns: show the card in the other column now; sortable handles moves within one
    const target = store.getColumn(overStage).filter((cardId) => cardId !== id)
    let index = target.length
    if (!columnStage) {
      const overIndex = target.indexOf(String(over.id))
      const dragged = active.rect.current.translated
      const below = dragged !== null && dragged.top > over.rect.top + over.rect.height / 2
      if (overIndex >= 0) index = overIndex + (below ? 1 : 0)
    }
    store.setPreview({ id, stage: overStage, index })
  }

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id)
    const overStage = over ? (stageOfColumnDropId(over.id) ?? store.stageOf(String(over.id))) : null
    const dropAllowed = !forbidden(overStage)
    const target = over && dropAllowed ? dropTarget(store, id, over.id) : null
    const refusedThere = overStage ? (verdictsRef.current?.get(overStage) ?? null) : null
    finish()
    store.setPreview(null)
    const card = store.getCard(id)
    // dropped on a column that does not take the card: it is back in place, and says why
    if (refusedThere && card && overStage !== card.stage && canEdit) {
      refuse(refusedThere)
      return
    }
    if (!target || !card || !canEdit) return
    const column = store.getColumn(card.stage)
    if (target.stage === card.stage && column.indexOf(id) === target.index) return
    const plan = planMove(actor, card, target.stage, rules)
    if (plan.kind === 'forbidden') {
      refuse(plan.refusal)
      return
    }
    if (plan.kind === 'ask') {
      // the card shows where it was dropped while the dialog asks for the fields
      store.setPreview({ id, stage: target.stage, index: target.index })
      setPending({ cardId: id, target, fields: plan.fields })
      return
    }
    const moved = run({ type: 'move', cardId: id, stage: target.stage, index: target.index })
    if (!moved.ok) refuse(moved.refusal)
  }

  const onDragCancel = () => {
    store.setPreview(null)
    finish()
  }

  const accessibility = useMemo(() => {
    const title = (id: UniqueIdentifier) => store.getCard(String(id))?.title ?? ''
    const place = (id: UniqueIdentifier) => {
      const stage = store.stageOf(String(id))
      if (!stage) return null
      const view = shownColumn(stage)
      return {
        stage: t(`stages.${stage}`),
        position: view.indexOf(String(id)) + 1,
        total: view.length,
      }
    }
    const announcements: Announcements = {
      onDragStart: ({ active }) =>
        t('dnd.pickedUp', { title: title(active.id), ...place(active.id) }),
      onDragOver: ({ active, over }) => {
        if (!over) return t('dnd.notOver', { title: title(active.id) })
        const column = stageOfColumnDropId(over.id)
        if (column) {
          const refusal = verdictsRef.current?.get(column) ?? null
          if (refusal) return refusalMessage(refusal, t, i18n.language, rules)
          return t('dnd.overColumn', { title: title(active.id), stage: t(`stages.${column}`) })
        }
        return t('dnd.overCard', { title: title(active.id), ...place(over.id) })
      },
      onDragEnd: ({ active, over }) =>
        over
          ? t('dnd.dropped', { title: title(active.id), ...place(active.id) })
          : t('dnd.droppedNowhere', { title: title(active.id) }),
      onDragCancel: ({ active }) =>
        t('dnd.cancelled', { title: title(active.id), stage: place(active.id)?.stage ?? '' }),
    }
    const screenReaderInstructions: ScreenReaderInstructions = { draggable: t('dnd.instructions') }
    return { announcements, screenReaderInstructions }
  }, [store, shownColumn, t, i18n.language, rules])

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={columnFirstCollision}
      autoScroll={touch ? TOUCH_AUTO_SCROLL : true}
      measuring={MEASURING}
      accessibility={accessibility}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      <DropVerdictsContext value={verdicts}>{children}</DropVerdictsContext>
      <DragOverlay>{activeId ? <DraggedCard id={activeId} /> : null}</DragOverlay>
      {pending && (
        <MoveFieldsDialog
          key={pending.cardId}
          move={pending}
          onDone={() => {
            store.setPreview(null)
            setPending(null)
          }}
        />
      )}
    </DndContext>
  )
}

function DraggedCard({ id }: { id: string }) {
  const card = useCard(id)
  if (!card) return null
  return (
    <div className="card is-overlay">
      <CardContent card={card} hooks={false} />
    </div>
  )
}
