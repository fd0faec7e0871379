import { LIMITS, type Stage, titleSchema } from '@pauta/domain'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { useBoard } from './use-board.ts'
import { useCommand } from './use-command.ts'

/** The quick form under a column's header: a title, Enter adds it, the form stays for the next. */
export function NewCardForm({
  stage,
  onClose,
  onCreated,
}: {
  stage: Stage
  onClose: () => void
  onCreated: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  const { rules } = useBoard()
  const run = useCommand()
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const hintId = useId()

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const parsed = titleSchema.safeParse(title)
    if (!parsed.success) {
      if (title.trim()) setError(t('errors.tooLong', { max: LIMITS.title }))
      return
    }
    const created = run({ type: 'create', card: { title: parsed.data, stage } })
    if (!created.ok) {
      setError(refusalMessage(created.refusal, t, i18n.language, rules))
      return
    }
    setTitle('')
    setError(null)
    onCreated(created.change.cardId)
  }

  return (
    <form className="new-card-form" onSubmit={submit}>
      <input
        data-testid="new-card-title"
        name="title"
        // biome-ignore lint/a11y/noAutofocus: the form opens on request (+ or n) to type a title
        autoFocus
        autoComplete="off"
        maxLength={LIMITS.title}
        value={title}
        placeholder={t('board.newCardPlaceholder')}
        aria-label={t('board.addCard', { stage: t(`stages.${stage}`) })}
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            onClose()
          }
        }}
        onBlur={() => {
          if (!title.trim()) onClose()
        }}
      />
      <p id={hintId} className={error ? 'field-error' : 'visually-hidden'}>
        {error ?? t('board.newCardHint')}
      </p>
    </form>
  )
}
