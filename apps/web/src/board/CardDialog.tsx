import { cardsMap, TEXT_FIELDS } from '@pauta/board'
import { type Card, isLead, type Refusal, STAGES } from '@pauta/domain'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import * as Y from 'yjs'
import { focusField } from '../app/DialogField.tsx'
import { ModalDialog } from '../app/ModalDialog.tsx'
import type { TFunction } from '../i18n/translate.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { CardApproval } from './card-dialog/CardApproval.tsx'
import { CardComments } from './card-dialog/CardComments.tsx'
import { CardDialogFooter, CardRefusal } from './card-dialog/CardDialogFooter.tsx'
import { CardDialogHeader } from './card-dialog/CardDialogHeader.tsx'
import { CardCreated, CardFacts } from './card-dialog/CardFacts.tsx'
import { CardFields } from './card-dialog/CardFields.tsx'
import { CardHistory } from './card-dialog/CardHistory.tsx'
import { CardMedia } from './card-dialog/CardMedia.tsx'
import { CardReadView } from './card-dialog/CardReadView.tsx'
import type { CardForm } from './card-dialog/card-form-kit.tsx'
import { ViewOnlyNotice } from './card-dialog/ViewOnlyNotice.tsx'
import { viewOnlyReason } from './card-dialog/view-only.ts'
import {
  type CardFormField,
  type CardFormValues,
  type FieldError,
  parseCardForm,
  toFormValues,
} from './card-form.ts'
import { MoveToDialog } from './move-to/MoveToDialog.tsx'
import { focusCard } from './move-to/MoveToHost.tsx'
import { moveTargets } from './move-to/move-targets.ts'
import { useArchive } from './undo/use-archive.ts'
import { useBoard, useCard } from './use-board.ts'
import { useCommand } from './use-command.ts'

type FieldErrors = Partial<Record<CardFormField, FieldError>>

/** Field ids under the dialog's `useId`, and the errors in the reader's language. */
function fieldLookups(ids: string, errors: FieldErrors, t: TFunction) {
  return {
    idOf: (field: CardFormField) => `${ids}-${field}`,
    problemOf: (field: CardFormField) => {
      const error = errors[field]
      return error ? t(error.key, error.values) : null
    },
  }
}

/**
 * The form's values, kept here until Save: filled from the card when the dialog opens, or once
 * the card arrives; null until then. The assignee follows the card while the form still shows
 * the one it was opened with (a "Take" from the dialog shows at once), never over a choice made
 * in the form.
 */
function useFormValues(card: Card | undefined, timeZone: string) {
  const [values, setValues] = useState<CardFormValues | null>(() =>
    card ? toFormValues(card, timeZone) : null,
  )
  const assigneeId = card?.assigneeId ?? ''
  const shownAssignee = useRef(assigneeId)
  useEffect(() => {
    // opened before the card arrived (offline copy still loading): fill the form once it does
    if (!values && card) setValues(toFormValues(card, timeZone))
  }, [card, values, timeZone])
  useEffect(() => {
    const before = shownAssignee.current
    if (before === assigneeId) return
    shownAssignee.current = assigneeId
    setValues((current) =>
      current && current.assigneeId === before ? { ...current, assigneeId } : current,
    )
  }, [assigneeId])
  const set = (field: CardFormField, value: string) =>
    setValues((current) => (current ? { ...current, [field]: value } : current))
  return [values, set] as const
}

/**
 * Edits one card in a modal `<dialog>`: the browser keeps focus inside, Escape closes, and the
 * page behind is inert. Field values are kept locally until Save, so someone else's edit of the
 * same card while the dialog is open does not overwrite what is being typed.
 */
export function CardDialog({ cardId, onClose }: { cardId: string; onClose: () => void }) {
  const { t } = useTranslation()
  const { canEdit: live, actor, timeZone, session } = useBoard()
  const run = useCommand()
  const card = useCard(cardId)
  const viewOnly = viewOnlyReason(live, actor, card)
  const canEdit = live && viewOnly === null
  const lead = isLead(actor.roles)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [values, set] = useFormValues(card, timeZone)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [moving, setMoving] = useState(false)
  const ids = useId()
  const archiveCard = useArchive()

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!values || !canEdit) return
    const parsed = parseCardForm(values, timeZone)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      focusField(event.currentTarget, Object.keys(parsed.errors))
      return
    }
    if (!card) return
    // only a manager or strategist assigns; the select is shown, disabled, to everyone else
    if (!lead) delete parsed.edit.assigneeId
    // a text written live is in the card already: the form's copy of it is from when it opened
    for (const field of TEXT_FIELDS)
      if (cardsMap(session.doc).get(cardId)?.get(field) instanceof Y.Text) delete parsed.edit[field]
    // the same judgement the server makes: refused here, with its words, nothing is written
    const edited = run({ type: 'edit', cardId, fields: parsed.edit })
    if (!edited.ok) {
      setRefusal(edited.refusal)
      return
    }
    onClose()
  }

  const archive = () => {
    if (!canEdit || !lead) return
    const archived = archiveCard(cardId)
    if (!archived.ok) return setRefusal(archived.refusal)
    onClose()
  }

  const form = values && { values, set, canEdit, ...fieldLookups(ids, errors, t) }

  return (
    <>
      <ModalDialog
        aria-labelledby={`${ids}-heading`}
        className="card-dialog"
        onClose={onClose}
        onClick={(event) => {
          // a click on the backdrop (the dialog element itself, outside its content) closes it;
          // it is the mouse's Escape, so it needs no key handler of its own
          if (event.target === event.currentTarget) onClose()
        }}
      >
        <form className="card-dialog-body" onSubmit={save} noValidate>
          <CardDialogHeader
            titleId={`${ids}-heading`}
            canEdit={canEdit}
            stage={card?.stage}
            onClose={onClose}
          />
          {!card || !form ? (
            <p className="notice">{t('card.missing')}</p>
          ) : (
            <CardDialogContent
              card={card}
              form={form}
              viewOnly={viewOnly}
              refusal={refusal}
              lead={lead}
              onArchive={archive}
              onRefused={setRefusal}
              onMoveTo={live ? () => setMoving(true) : null}
              onClose={onClose}
            />
          )}
        </form>
      </ModalDialog>
      {moving && (
        // beside the card dialog, not in its form: its own form and Escape are its own
        <MoveToDialog
          cardId={cardId}
          onClose={() => setMoving(false)}
          onMoved={(stage) => {
            // the form holds the card as it was: closed, so a Save cannot undo what the move wrote
            onClose()
            focusCard(cardId, stage)
          }}
        />
      )}
    </>
  )
}

/** Everything under the header once the card is there, in the dialog's order. */
function CardDialogContent({
  card,
  form,
  viewOnly,
  refusal,
  lead,
  onArchive,
  onRefused,
  onMoveTo,
  onClose,
}: {
  card: Card
  form: CardForm
  viewOnly: Refusal | null
  refusal: Refusal | null
  lead: boolean
  onArchive: () => void
  /** a change made from inside the dialog (a version restored) was refused */
  onRefused: (refusal: Refusal) => void
  onMoveTo: (() => void) | null
  onClose: () => void
}) {
  const { actor, rules } = useBoard()
  // offered only when some stage takes the card from this person
  const movable = onMoveTo !== null && moveTargets(actor, card, rules, STAGES).length > 0
  return (
    <>
      {viewOnly && <ViewOnlyNotice reason={viewOnly} card={card} />}
      <CardFacts card={card} />
      <CardApproval card={card} />
      {viewOnly ? (
        <CardReadView card={card} />
      ) : (
        <CardFields form={form} lead={lead} cardId={card.id} />
      )}
      <CardMedia
        cardId={card.id}
        media={card.media}
        canEdit={form.canEdit && !viewOnly}
        onRefused={onRefused}
      />
      <CardCreated card={card} />
      <CardComments cardId={card.id} />
      <CardHistory cardId={card.id} canEdit={form.canEdit && !viewOnly} onRefused={onRefused} />
      {refusal && <CardRefusal refusal={refusal} />}
      <CardDialogFooter
        canEdit={form.canEdit}
        lead={lead}
        onArchive={onArchive}
        onMoveTo={movable ? onMoveTo : null}
        onClose={onClose}
      />
    </>
  )
}
