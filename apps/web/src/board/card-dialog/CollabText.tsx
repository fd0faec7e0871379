import { defaultKeymap } from '@codemirror/commands'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view'
import { useEffect, useRef } from 'react'
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import '../../styles/collab-text.css'

export interface CollabTextProps {
  /** the card's text, written live: every keystroke is a change of the board */
  text: Y.Text
  /** presence: carries this person's cursor and shows the others' in their colour */
  awareness: Awareness
  /** the editable element's id and name (its label, hint and problem refer to it) */
  id: string
  name: string
  label: string
  /** longest text the card schema takes (the server refuses longer) */
  maxLength: number
  placeholder?: string
  readOnly?: boolean
  describedBy?: string
}

/**
 * A text of the card that several people write at once: CodeMirror bound to the card's
 * `Y.Text` by y-codemirror.next (the Yjs binding), with the others' cursors and selections in
 * their colours and an undo of one's own typing (Ctrl/Cmd+Z inside the text). Plain text:
 * what is typed or pasted is stored as written. Typing past `maxLength` is not taken (the
 * server would refuse the change).
 *
 * In a chunk of its own, fetched with the card dialog: the board does not carry the editor.
 */
export function CollabText({
  text,
  awareness,
  id,
  name,
  label,
  maxLength,
  placeholder,
  readOnly = false,
  describedBy,
}: CollabTextProps) {
  const host = useRef<HTMLDivElement | null>(null)

  useEffect(() => {
    const parent = host.current
    if (!parent) return
    const undoManager = new Y.UndoManager(text)
    const extensions: Extension[] = [
      yCollab(text, awareness, { undoManager }),
      keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        id,
        'data-name': name,
        'aria-label': label,
        'aria-multiline': 'true',
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      }),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      withinLength(maxLength),
    ]
    if (placeholder) extensions.push(placeholderText(placeholder))
    const view = new EditorView({
      parent,
      state: EditorState.create({ doc: text.toString(), extensions }),
    })
    return () => {
      view.destroy()
      undoManager.destroy()
      // the cursor leaves with the editor: nobody sees it blink in a closed dialog
      if (awareness.getLocalState()?.cursor) awareness.setLocalStateField('cursor', null)
    }
  }, [text, awareness, id, name, label, maxLength, placeholder, readOnly, describedBy])

  return <div ref={host} className="collab-text" data-testid={`collab-${name}`} />
}

/**
 * Refuses a person's edit that would make the text longer than `max` (an edit that shortens
 * it always passes); changes arriving from others are the document's and always pass.
 */
function withinLength(max: number): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || tr.annotation(ySyncAnnotation) !== undefined) return tr
    return tr.newDoc.length <= max || tr.newDoc.length <= tr.startState.doc.length ? tr : []
  })
}
