import { type BoardSettings, STAGES, wipLimit } from '@pauta/domain'
import { type FocusEvent, memo, useLayoutEffect, useRef } from 'react'
import { Column } from '../Column.tsx'
import { DndKitContext, STILL, useDndKit } from '../dnd-kit.tsx'
import { MoveToHost } from '../move-to/MoveToHost.tsx'

/**
 * The six columns, draggable once the drag's chunk has arrived (./dnd-kit.tsx). A board that
 * painted before it did is drawn again with it; the card that had the focus keeps it.
 *
 * Memoised: the page above draws again at every change of the URL (each letter typed in the
 * search), and drawing the columns again would draw every card in view with dnd-kit's hooks;
 * the columns follow the filter through its own context.
 */
export const BoardColumns = memo(function BoardColumns({
  name,
  settings,
  loaded,
}: {
  /** the board's name, which labels its columns */
  name: string | undefined
  settings: BoardSettings | undefined
  loaded: boolean
}) {
  const kit = useDndKit()
  const Kit = kit ?? STILL
  const focused = useRef<string | null>(null)
  useLayoutEffect(() => {
    const id = focused.current
    if (!kit || !id || document.activeElement !== document.body) return
    // the columns draw their cards once they have measured themselves: a few frames
    let frame = 0
    let tries = 0
    const refocus = () => {
      const card = document.querySelector<HTMLElement>(
        `[data-testid="card"][data-card-id="${CSS.escape(id)}"]`,
      )
      if (card) card.focus({ preventScroll: true })
      else if (++tries < 10) frame = requestAnimationFrame(refocus)
    }
    refocus()
    return () => cancelAnimationFrame(frame)
  }, [kit])
  const remember = (event: FocusEvent) => {
    const target = event.target instanceof HTMLElement ? event.target.dataset : null
    focused.current = target?.testid === 'card' ? (target.cardId ?? null) : null
  }
  return (
    <MoveToHost>
      {/* a kit is never swapped under mounted columns: the key draws them anew */}
      <DndKitContext key={kit ? 'dnd' : 'still'} value={Kit}>
        <Kit.Board>
          <main
            className="board"
            id="main"
            aria-label={name}
            data-dnd={kit ? 'ready' : undefined}
            onFocus={remember}
          >
            {STAGES.map((stage) => (
              <Column
                key={stage}
                stage={stage}
                limit={settings ? wipLimit(settings, stage) : null}
                loaded={loaded}
              />
            ))}
          </main>
        </Kit.Board>
      </DndKitContext>
    </MoveToHost>
  )
})
