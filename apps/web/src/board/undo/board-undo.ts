import { CommandOrigin, cardsMap, getCard } from '@pauta/board'
import * as Y from 'yjs'
import {
  type JudgeContext,
  judgeRevert,
  type StepMeta,
  type StepRefusal,
  stepsOf,
} from './card-steps.ts'

export type UndoKind = 'undo' | 'redo'

/** What pressing undo or redo did: applied, nothing to do, or refused (nothing written). */
export type UndoOutcome = { ok: true } | { ok: false; refusal: StepRefusal | null }

export interface UndoState {
  canUndo: boolean
  canRedo: boolean
}

const META = 'pauta'

/**
 * Undo and redo of this person's own card commands on one board document. A Y.UndoManager
 * scoped to the cards tracks only transactions whose origin is a `CommandOrigin` ([CMD4]):
 * changes that arrived from others, and the server's stamps, are never undone. Each command
 * is its own step. Before a step is undone or redone it is judged with the rules the server
 * uses, at this moment; a step the server would refuse is not applied and stays where it is.
 */
export class BoardUndo {
  readonly #manager: Y.UndoManager
  readonly #doc: Y.Doc
  readonly #listeners = new Set<() => void>()
  #state: UndoState = { canUndo: false, canRedo: false }

  constructor(doc: Y.Doc) {
    this.#doc = doc
    this.#manager = new Y.UndoManager(cardsMap(doc), {
      trackedOrigins: new Set([CommandOrigin]),
      captureTimeout: 0,
    })
    this.#manager.on('stack-item-added', ({ stackItem, changedParentTypes }) => {
      const meta: StepMeta = { cards: stepsOf(doc, changedParentTypes), at: Date.now() }
      stackItem.meta.set(META, meta)
      this.#changed()
    })
    this.#manager.on('stack-item-popped', () => this.#changed())
    this.#manager.on('stack-cleared', () => this.#changed())
  }

  /** Whether there is something to undo or redo (stable between changes). */
  getState = (): UndoState => this.#state

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Undoes (or redoes) the last step, if the rules allow it now; otherwise says why. */
  run(kind: UndoKind, ctx: JudgeContext): UndoOutcome {
    const stack = kind === 'undo' ? this.#manager.undoStack : this.#manager.redoStack
    const item = stack.at(-1)
    if (!item) return { ok: false, refusal: null }
    const meta = item.meta.get(META) as StepMeta | undefined
    const refusal = meta ? judgeRevert((id) => getCard(this.#doc, id), meta, ctx) : null
    if (refusal) return { ok: false, refusal }
    // Y.UndoManager goes on to the next item when one no longer changes anything (others
    // overwrote it): only the judged item is offered to it.
    const rest = stack.slice(0, -1)
    stack.splice(0, stack.length, item)
    try {
      if (kind === 'undo') this.#manager.undo()
      else this.#manager.redo()
    } finally {
      stack.unshift(...rest)
      this.#changed()
    }
    return { ok: true }
  }

  destroy(): void {
    this.#manager.destroy()
    this.#listeners.clear()
  }

  #changed(): void {
    const next = { canUndo: this.#manager.canUndo(), canRedo: this.#manager.canRedo() }
    if (next.canUndo === this.#state.canUndo && next.canRedo === this.#state.canRedo) return
    this.#state = next
    for (const listener of this.#listeners) listener()
  }
}
