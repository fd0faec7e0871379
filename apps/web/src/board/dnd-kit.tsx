import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core'
import type { Stage } from '@pauta/domain'
import {
  type ComponentType,
  type CSSProperties,
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useState,
} from 'react'
import { loader } from '../app/lazy-part.tsx'

/**
 * Dragging cards is a chunk of its own (dnd-kit, BoardDnd.tsx): the board paints without it
 * and can be dragged once it has arrived, usually before the board's cards have. Until then
 * the columns and cards draw the same, still (`STILL`); the board is drawn again with the
 * chunk's kit, which gives cards and columns their dnd-kit hooks.
 */
export interface DndKit {
  useCardDrag(id: string, options: { disabled: boolean; roleDescription: string }): CardDrag
  useColumnDrop(stage: Stage): ColumnDrop
  /** a column's cards, in order: what dnd-kit sorts */
  SortableList: ComponentType<{ stage: Stage; ids: readonly string[]; children: ReactNode }>
  /** around the columns: dnd-kit's context, the dragged card, the dialog a drop may open */
  Board: ComponentType<{ children: ReactNode }>
}

/** What makes a card draggable: spread on its element. */
export interface CardDrag {
  setNodeRef: (node: HTMLElement | null) => void
  attributes: Partial<DraggableAttributes>
  listeners: DraggableSyntheticListeners
  /** where the card is drawn while it moves */
  style: CSSProperties
  isDragging: boolean
}

export interface ColumnDrop {
  setNodeRef: (node: HTMLElement | null) => void
  /** a card is dragged over the column */
  isOver: boolean
}

const noNode = () => {}
const STILL_CARD: CardDrag = {
  setNodeRef: noNode,
  attributes: {},
  listeners: undefined,
  style: {},
  isDragging: false,
}
const STILL_COLUMN: ColumnDrop = { setNodeRef: noNode, isOver: false }
const Children = ({ children }: { children: ReactNode }) => children

/** The board before the drag's chunk has arrived: nothing moves. */
export const STILL: DndKit = {
  useCardDrag: () => STILL_CARD,
  useColumnDrop: () => STILL_COLUMN,
  SortableList: Children,
  Board: Children,
}

/** The kit the board is drawn with; a kit is never swapped under a mounted column or card. */
export const DndKitContext = createContext<DndKit>(STILL)

export function useCardDrag(
  id: string,
  options: { disabled: boolean; roleDescription: string },
): CardDrag {
  return useContext(DndKitContext).useCardDrag(id, options)
}

export function useColumnDrop(stage: Stage): ColumnDrop {
  return useContext(DndKitContext).useColumnDrop(stage)
}

export function SortableList(props: { stage: Stage; ids: readonly string[]; children: ReactNode }) {
  const { SortableList: List } = useContext(DndKitContext)
  return <List {...props} />
}

const dnd = loader(() => import('./BoardDnd.tsx').then((m) => m.DND_KIT))

/** Fetches the drag's chunk ahead of the board's first paint. */
export function prefetchDndKit(): void {
  dnd.load().catch(() => {
    // the board stays still; the next board opened tries again
  })
}

/** dnd-kit's kit once its chunk is here (fetching it), null until then. */
export function useDndKit(): DndKit | null {
  const [kit, setKit] = useState(dnd.loaded)
  useEffect(() => {
    if (kit) return
    let live = true
    dnd.load().then(
      (arrived) => live && setKit(() => arrived),
      () => {
        // offline before it came: the board stays still, cards still open and move with `m`
      },
    )
    return () => {
      live = false
    }
  }, [kit])
  return kit
}
