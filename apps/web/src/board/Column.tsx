import type { Stage } from '@pauta/domain'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import { isTyping } from '../app/keyboard.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { CardItem } from './CardItem.tsx'
import { SortableList, useColumnDrop } from './dnd-kit.tsx'
import { ColumnCount } from './filters/ColumnCount.tsx'
import { useFilteredColumn } from './filters/filter-context.tsx'
import { NewCardEntry, useCreatePlan } from './new-card/NewCardEntry.tsx'
import { useBoard, useDropVerdict } from './use-board.ts'

const ESTIMATED_CARD_HEIGHT = 84
const CARD_GAP = 8

/**
 * One stage. Renders only the cards in view (virtualised); the sortable list still gets every
 * id of the column so that dnd-kit knows each card's index.
 */
export const Column = memo(function Column({
  stage,
  limit,
  loaded,
}: {
  stage: Stage
  limit: number | null
  loaded: boolean
}) {
  const { t, i18n } = useTranslation()
  const { rules } = useBoard()
  // what the create command needs here: no "+", a title, or the stage's fields
  const createPlan = useCreatePlan(stage)
  const canCreate = createPlan.kind !== 'absent'
  const drop = useDropVerdict(stage)
  // the cards the board's filter lets through (all of them when none is set)
  const column = useFilteredColumn(stage)
  const { ids } = column
  const [adding, setAdding] = useState(false)
  const scrollRef = useRef<HTMLDivElement | null>(null)
  const { setNodeRef: setDropRef, isOver } = useColumnDrop(stage)
  const setScrollRef = useCallback(
    (node: HTMLDivElement | null) => {
      scrollRef.current = node
      setDropRef(node)
    },
    [setDropRef],
  )

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    getItemKey: (index) => ids[index] ?? index,
    overscan: 6,
    gap: CARD_GAP,
    paddingStart: CARD_GAP,
    paddingEnd: CARD_GAP,
  })

  // `n` opens the quick form of the first stage (ideas start in strategy)
  useEffect(() => {
    if (stage !== 'strategy' || !canCreate) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return
      event.preventDefault()
      setAdding(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [stage, canCreate])

  const count = ids.length
  const over = limit !== null && column.total > limit
  const stageName = t(`stages.${stage}`)
  const onCreated = useCallback(() => {
    // a new card goes to the bottom: bring it into view
    requestAnimationFrame(() =>
      virtualizer.scrollToIndex(Number.MAX_SAFE_INTEGER, { align: 'end' }),
    )
  }, [virtualizer])

  return (
    <section
      className={`column stage-${stage}${over ? ' is-over-limit' : ''}${isOver && !drop.refusal ? ' is-drop-target' : ''}${drop.refusal ? ' is-forbidden' : ''}`}
      data-testid={`column-${stage}`}
      data-drop={drop.dragging ? (drop.refusal ? 'forbidden' : 'allowed') : undefined}
      aria-labelledby={`column-title-${stage}`}
    >
      <header className="column-header">
        <h2 id={`column-title-${stage}`} className="column-title">
          {stageName}
        </h2>
        <span className="column-header-tools">
          <ColumnCount stage={stage} limit={limit} column={column} />
          {canCreate && (
            <button
              type="button"
              className="icon-button add-card"
              data-testid={`add-card-${stage}`}
              aria-label={t('board.addCard', { stage: stageName })}
              title={t('board.addCard', { stage: stageName })}
              aria-expanded={adding}
              onClick={() => setAdding(true)}
            >
              +
            </button>
          )}
        </span>
      </header>
      {drop.refusal && (
        <p className="drop-reason" data-testid={`drop-reason-${stage}`}>
          {refusalMessage(drop.refusal, t, i18n.language, rules)}
        </p>
      )}
      {adding && canCreate && (
        <NewCardEntry
          stage={stage}
          plan={createPlan}
          onClose={() => setAdding(false)}
          onCreated={onCreated}
        />
      )}
      <SortableList stage={stage} ids={ids}>
        <div className="column-body" ref={setScrollRef}>
          {count === 0 ? (
            loaded && (
              <p className="column-empty">
                {t(column.total > 0 ? 'boardFilters.columnEmpty' : 'board.emptyColumn')}
              </p>
            )
          ) : (
            <div className="column-rows" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((row) => {
                const id = ids[row.index]
                if (id === undefined) return null
                return (
                  <div
                    key={row.key}
                    className="column-row"
                    data-index={row.index}
                    ref={virtualizer.measureElement}
                    style={{ transform: `translateY(${row.start}px)` }}
                  >
                    <CardItem id={id} />
                  </div>
                )
              })}
            </div>
          )}
        </div>
      </SortableList>
    </section>
  )
})
