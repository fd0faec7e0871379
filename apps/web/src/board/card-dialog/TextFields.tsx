import { cardsMap, observeCards, type TextField } from '@pauta/board'
import { LIMITS, type MediaItem } from '@pauta/domain'
import { useCallback, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import { FormField } from '../../app/FormField.tsx'
import { lazyPart } from '../../app/lazy-part.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { isNetwork } from '../card-form.ts'
import { useBoard, useCard } from '../use-board.ts'
import type { CollabTextProps } from './CollabText.tsx'
import type { CopyPreviewProps } from './CopyPreview.tsx'
import { type CardForm, controlOf } from './card-form-kit.tsx'

/**
 * The card's title, the post's copy and the description (notes for the team). The title is
 * saved with the form; the copy and the description are written live, together with whoever
 * else has the card open (`LiveTextField`), when the card holds them as texts to write together.
 */
export function TextFields({ form, cardId }: { form: CardForm; cardId: string }) {
  const { t } = useTranslation()
  const { values, set } = form
  return (
    <>
      <FormField form={form} name="title" label={t('card.title')}>
        <input
          {...controlOf(form, 'title')}
          value={values.title}
          maxLength={LIMITS.title}
          required
          onChange={(e) => set('title', e.target.value)}
        />
      </FormField>
      <LiveTextField form={form} cardId={cardId} field="copy" rows={5} />
      <CopyPreviewField form={form} cardId={cardId} />
      <LiveTextField form={form} cardId={cardId} field="description" rows={4} />
    </>
  )
}

function LiveTextField({
  form,
  cardId,
  field,
  rows,
}: {
  form: CardForm
  cardId: string
  field: TextField
  rows: number
}) {
  const { t } = useTranslation()
  const { session } = useBoard()
  const text = useLiveText(cardId, field)
  const label = t(`card.${field}`)
  const control = controlOf(form, field)
  return (
    <FormField form={form} name={field} label={label}>
      {text ? (
        <CollabTextPart
          text={text}
          awareness={session.awareness}
          id={control.id}
          name={field}
          label={label}
          maxLength={LIMITS[field]}
          readOnly={!form.canEdit}
          describedBy={control['aria-describedby']}
        />
      ) : (
        // a card an older client wrote, not yet upgraded by the server: saved with the form
        <textarea
          {...control}
          value={form.values[field]}
          rows={rows}
          maxLength={LIMITS[field]}
          onChange={(e) => form.set(field, e.target.value)}
        />
      )}
    </FormField>
  )
}

/**
 * Under the copy: its count against the chosen network's limits and the post as that network
 * will show it, following the text live ([FIT1] [FIT2]).
 */
function CopyPreviewField({ form, cardId }: { form: CardForm; cardId: string }) {
  const { workspaceName } = useBoard()
  const text = useLiveText(cardId, 'copy')
  const media = useCard(cardId)?.media ?? NO_MEDIA
  const { network } = form.values
  return (
    <CopyPreviewPart
      copy={text ?? form.values.copy}
      network={isNetwork(network) ? network : null}
      account={workspaceName}
      media={media}
    />
  )
}

const NO_MEDIA: readonly MediaItem[] = []

/** The card's `Y.Text` for `field`, or null while it holds none; follows the card. */
export function useLiveText(cardId: string, field: TextField): Y.Text | null {
  const { doc } = useBoard().session
  const subscribe = useCallback(
    (changed: () => void) =>
      observeCards(doc, (ids) => {
        if (ids.has(cardId)) changed()
      }),
    [doc, cardId],
  )
  const read = () => {
    const value = cardsMap(doc).get(cardId)?.get(field)
    return value instanceof Y.Text ? value : null
  }
  return useSyncExternalStore(subscribe, read)
}

/** The editor, fetched with the card dialog; until it is here, the text as it stands. */
const CollabTextPart = lazyPart<CollabTextProps>(
  () => import('./CollabText.tsx').then((m) => m.CollabText),
  {
    waiting: ({ text, id, name }) => (
      <textarea id={id} name={name} value={text.toString()} readOnly aria-busy="true" rows={4} />
    ),
    failed: ({ text, id, name }, retry) => (
      <textarea id={id} name={name} value={text.toString()} readOnly rows={4} onFocus={retry} />
    ),
  },
)

/** The count and the preview of the copy, in a chunk of their own; nothing until they come. */
export const CopyPreviewPart = lazyPart<CopyPreviewProps>(
  () => import('./CopyPreview.tsx').then((m) => m.CopyPreview),
  { failed: () => null },
)
