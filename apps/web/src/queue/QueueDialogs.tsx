import type { Command } from '@pauta/board'
import { type Card, LIMITS, type Refusal, SENTIMENTS, SEVERITIES, type Stage } from '@pauta/domain'
import { type ReactNode, useId, useState } from 'react'
import { controlProps, DialogField, focusField } from '../app/DialogField.tsx'
import { useBoard, useCard } from '../board/use-board.ts'
import { useCommand } from '../board/use-command.ts'
import { durationPhrase } from '../escalations/sla-format.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { zoneName } from '../time/clock-format.ts'
import { useWorkspaceClock } from '../time/use-workspace-clock.ts'
import { fromZonedInput, toZonedInput } from '../time/zoned-input.ts'
import { ActionDialog } from './ActionDialog.tsx'
import {
  type Checked,
  checkEscalate,
  checkNote,
  checkPublish,
  type EscalateInput,
  type Escalation,
  type FieldProblem,
  type NoteFields,
  type NoteInput,
  type Publication,
  type PublishInput,
} from './queue-actions.ts'

/** An action waiting in a dialog, on one card. */
export interface PendingAction {
  kind: 'publish' | 'note' | 'escalate'
  cardId: string
}

/** The stages each dialog's action applies to. */
const APPLIES_TO: Record<PendingAction['kind'], readonly Stage[]> = {
  publish: ['calendar'],
  note: ['published', 'monitored', 'escalated'],
  escalate: ['published', 'monitored'],
}

/** Called when the dialog closes; `moved` when the post went to another stage. */
type Done = (moved: boolean) => void

function useProblemText() {
  const { t } = useTranslation()
  return (problem: FieldProblem | undefined, max?: number): string | null =>
    problem ? t(`queue.problems.${problem}`, { max }) : null
}

/**
 * The card as it is now, and why the action no longer applies when someone else moved or
 * archived it while the dialog was open.
 */
function useStillThere(action: PendingAction): { card: Card | undefined; gone: string | null } {
  const { t } = useTranslation()
  const card = useCard(action.cardId)
  if (!card || card.archived) return { card, gone: t('queue.gone') }
  if (!APPLIES_TO[action.kind].includes(card.stage))
    return { card, gone: t('queue.movedMeanwhile', { stage: t(`stages.${card.stage}`) }) }
  return { card, gone: null }
}

function useRefusalText() {
  const { t, i18n } = useTranslation()
  const { rules } = useBoard()
  return (refusal: Refusal | null) =>
    refusal ? refusalMessage(refusal, t, i18n.language, rules) : null
}

/** The attributes `controlProps` gives a field's control. */
type ControlProps = ReturnType<typeof controlProps>

/**
 * What the three dialogs share: the values being typed, the problems the last check found,
 * and a submit that checks them against the card as it is now. `command` is what passed, as
 * the card command that writes it; `moves` says whether it takes the post to another stage.
 */
function useActionForm<V extends Record<keyof V, string>, T>({
  action,
  onDone,
  initial,
  check,
  command,
  moves,
}: {
  action: PendingAction
  onDone: Done
  initial: (card: Card | undefined) => V
  check: (card: Card, values: V, now: Date) => Checked<T, keyof V & string>
  command: (card: Card, value: T) => Command
  moves: boolean
}) {
  const run = useCommand()
  const { card, gone } = useStillThere(action)
  const [values, setValues] = useState<V>(() => initial(card))
  const [errors, setErrors] = useState<Partial<Record<keyof V & string, FieldProblem>>>({})
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const problem = useProblemText()
  const refusalText = useRefusalText()
  const ids = useId()

  const submit = (form: HTMLFormElement) => {
    if (!card || gone) return
    const now = new Date()
    const checked = check(card, values, now)
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefusal(checked.refusal)
      focusField(form, Object.keys(checked.errors))
      return
    }
    const done = run(command(card, checked.value), now)
    if (!done.ok) {
      setErrors({})
      setRefusal(done.refusal)
      return
    }
    onDone(moves)
  }

  const set = (name: keyof V, value: string) => setValues((v) => ({ ...v, [name]: value }))

  /** One field; `hint` also describes the control, `max` goes into a "too long" problem. */
  const field = (
    name: keyof V & string,
    label: string,
    control: (props: ControlProps) => ReactNode,
    { hint, max }: { hint?: ReactNode; max?: number } = {},
  ) => {
    const id = `${ids}-${name}`
    const text = problem(errors[name], max)
    return (
      <DialogField id={id} label={label} hint={hint} problem={text}>
        {control(controlProps(id, name, text, Boolean(hint)))}
      </DialogField>
    )
  }

  return {
    values,
    set,
    field,
    /** what `ActionDialog` takes from the form, the same in every queue dialog */
    dialog: {
      subject: card?.title,
      submitTestId: 'queue-dialog-submit',
      error: gone ?? refusalText(refusal),
      onSubmit: submit,
      onClose: () => onDone(false),
    },
  }
}

/** A web address (the post's, the conversation's); the action's check says when it is not one. */
function LinkInput({
  value,
  onChange,
  ...props
}: ControlProps & { required?: boolean; value: string; onChange: (value: string) => void }) {
  return (
    <input
      {...props}
      type="url"
      inputMode="url"
      autoComplete="off"
      maxLength={LIMITS.link}
      placeholder="https://"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

/** Mark published: the post's link (optional) and when it went out, on the workspace's clocks. */
export function PublishDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t } = useTranslation()
  const { actor, rules, timeZone } = useBoard()
  const clock = useWorkspaceClock()
  const { values, set, field, dialog } = useActionForm<PublishInput, Publication>({
    action,
    onDone,
    initial: (card) => ({
      publishedAt: toZonedInput(new Date(), timeZone),
      publishedUrl: card?.publishedUrl ?? '',
    }),
    check: (card, values) => checkPublish(actor, card, rules, values, timeZone),
    command: (card, fields) => ({
      type: 'publish',
      cardId: card.id,
      publishedAt: fields.publishedAt,
      publishedUrl: fields.publishedUrl,
    }),
    moves: true,
  })
  const linkRequired = rules.requiredFields.published?.includes('publishedUrl') ?? false

  // the entered time on the viewer's own clock, while they type, when theirs differs
  const entered = fromZonedInput(values.publishedAt, timeZone)
  const viewer = entered ? clock.dual(entered, 'time')?.viewer : null
  const atHint = viewer ? t('queue.publish.onYourClock', { time: viewer.text }) : null

  return (
    <ActionDialog
      {...dialog}
      title={t('queue.publish.title')}
      submitLabel={t('queue.publish.submit')}
    >
      {field(
        'publishedUrl',
        t(linkRequired ? 'queue.publish.link' : 'queue.publish.linkOptional'),
        (props) => (
          <LinkInput
            {...props}
            required={linkRequired}
            value={values.publishedUrl}
            onChange={(value) => set('publishedUrl', value)}
          />
        ),
        { hint: t('queue.publish.linkHint') },
      )}
      {field(
        'publishedAt',
        t('queue.publish.at', { zone: zoneName(timeZone) }),
        (props) => (
          <input
            {...props}
            type="datetime-local"
            required
            value={values.publishedAt}
            onChange={(e) => set('publishedAt', e.target.value)}
          />
        ),
        { hint: atHint },
      )}
    </ActionDialog>
  )
}

const NO_NOTE: NoteInput = { reach: '', engagement: '', comments: '', sentiment: '', text: '' }

/** A monitoring note: reach, engagement, comments, overall sentiment, and words. */
export function NoteDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t } = useTranslation()
  const { actor, rules } = useBoard()
  const { values, set, field, dialog } = useActionForm<NoteInput, NoteFields>({
    action,
    onDone,
    initial: () => NO_NOTE,
    check: (card, values, now) => checkNote(actor, card, rules, values, now),
    command: (card, note) => ({ type: 'note', cardId: card.id, note }),
    moves: false,
  })

  const count = (name: 'reach' | 'engagement' | 'comments') =>
    field(name, t(`queue.note.${name}`), (props) => (
      <input
        {...props}
        inputMode="numeric"
        autoComplete="off"
        value={values[name]}
        onChange={(e) => set(name, e.target.value)}
      />
    ))

  return (
    <ActionDialog {...dialog} title={t('queue.note.title')} submitLabel={t('queue.note.submit')}>
      <p className="hint action-dialog-intro">{t('queue.note.intro')}</p>
      <div className="field-row field-row-3">
        {count('reach')}
        {count('engagement')}
        {count('comments')}
      </div>
      {field('sentiment', t('queue.note.sentiment'), (props) => (
        <select
          {...props}
          value={values.sentiment}
          onChange={(e) => set('sentiment', e.target.value)}
        >
          <option value="">{t('queue.note.noSentiment')}</option>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {t(`queue.sentiments.${sentiment}`)}
            </option>
          ))}
        </select>
      ))}
      {field(
        'text',
        t('queue.note.text'),
        (props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={LIMITS.note}
            value={values.text}
            onChange={(e) => set('text', e.target.value)}
          />
        ),
        { max: LIMITS.note },
      )}
    </ActionDialog>
  )
}

const NO_ESCALATION: EscalateInput = { escalationReason: '', severity: '', escalationUrl: '' }

/** Escalate to a manager: why, how serious, and where the conversation is. */
export function EscalateDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t } = useTranslation()
  const { actor, rules } = useBoard()
  const { values, set, field, dialog } = useActionForm<EscalateInput, Escalation>({
    action,
    onDone,
    initial: () => NO_ESCALATION,
    check: (card, values, now) => checkEscalate(actor, card, rules, values, now),
    command: (card, fields) => ({
      type: 'escalate',
      cardId: card.id,
      escalationReason: fields.escalationReason,
      severity: fields.severity,
      escalationUrl: fields.escalationUrl,
    }),
    moves: true,
  })

  return (
    <ActionDialog
      {...dialog}
      title={t('queue.escalate.title')}
      submitLabel={t('queue.escalate.submit')}
    >
      {field(
        'escalationReason',
        t('queue.escalate.reason'),
        (props) => (
          <textarea
            {...props}
            rows={3}
            required
            maxLength={LIMITS.description}
            value={values.escalationReason}
            onChange={(e) => set('escalationReason', e.target.value)}
          />
        ),
        { max: LIMITS.description },
      )}
      {field('severity', t('queue.escalate.severity'), (props) => (
        <select
          {...props}
          required
          value={values.severity}
          onChange={(e) => set('severity', e.target.value)}
        >
          <option value="">{t('moveFields.choose')}</option>
          {SEVERITIES.map((severity) => {
            const sla = durationPhrase(rules.slaMinutes[severity] * 60_000)
            return (
              <option key={severity} value={severity}>
                {t('queue.escalate.severityOption', {
                  severity: t(`severities.${severity}`),
                  time: t(sla.key, sla.values),
                })}
              </option>
            )
          })}
        </select>
      ))}
      {field(
        'escalationUrl',
        t('queue.escalate.link'),
        (props) => (
          <LinkInput
            {...props}
            value={values.escalationUrl}
            onChange={(value) => set('escalationUrl', value)}
          />
        ),
        { hint: t('queue.escalate.linkHint') },
      )}
    </ActionDialog>
  )
}
