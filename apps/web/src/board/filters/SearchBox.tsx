import { useEffect, useId, useRef, useState } from 'react'
import { isTyping } from '../../app/keyboard.ts'
import { whenIdle } from '../../app/lazy-part.tsx'
import type { BoardFilter } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useBoard } from '../use-board.ts'
import { warmSearchTexts } from './board-filter.ts'
import { setBoardFilter } from './use-board-filter.ts'

/**
 * The board's search: `/` anywhere on the board (outside a field or a dialog) puts the cursor in
 * it, Escape clears it, and a second Escape leaves it. What is typed goes to the URL as it is
 * typed, replacing the step (the history keeps one entry per search, not one per letter).
 */
export function SearchBox({ filter }: { filter: BoardFilter }) {
  const { t } = useTranslation()
  const { store } = useBoard().session
  const id = useId()
  const input = useRef<HTMLInputElement | null>(null)
  // the field keeps its own text (spaces and all); the URL's takes over when it changes elsewhere
  const [text, setText] = useState(filter.q)
  useEffect(() => {
    setText((current) => (current.trim() === filter.q.trim() ? current : filter.q))
  }, [filter.q])

  // the cards' texts are folded while the board is idle, so that the first letter typed only
  // compares (the focus folds again what changed since)
  useEffect(() => whenIdle(() => warmSearchTexts(store.getAll())), [store])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return
      event.preventDefault()
      input.current?.focus()
      input.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const change = (q: string) => {
    setText(q)
    setBoardFilter({ ...filter, q }, { replace: true })
  }

  return (
    <div className="board-search">
      <label htmlFor={id} className="visually-hidden">
        {t('boardFilters.search')}
      </label>
      <input
        ref={input}
        id={id}
        type="search"
        data-testid="board-search"
        value={text}
        placeholder={t('boardFilters.searchPlaceholder')}
        title={t('boardFilters.searchHint')}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        onFocus={() => warmSearchTexts(store.getAll())}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return
          e.preventDefault()
          if (text) change('')
          else e.currentTarget.blur()
        }}
      />
    </div>
  )
}
