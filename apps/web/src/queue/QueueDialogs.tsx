import { addMonitoringNote, moveCard } from '@pauta/board'
import { type Card, LIMITS, type Refusal, SENTIMENTS, SEVERITIES, type Stage } from '@pauta/domain'
import { type ReactNode, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useBoard, useCard } from '../board/use-board.ts'
import { durationPhrase } from '../escalations/sla-format.ts'
import { refusalMessage } from '../rules/refusal-message.ts'
import { ActionDialog, controlProps, DialogField, focusField } from './ActionDialog.tsx'
import {
  checkEscalate,
  checkNote,
  checkPublish,
  type EscalateInput,
  type FieldProblem,
  type NoteInput,
  type PublishInput,
} from './queue-actions.ts'
import {
  clocksDiffer,
  formatZoned,
  fromZonedInput,
  toZonedInput,
  viewerTimeZone,
} from './zoned-format.ts'

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

/** Appended at the bottom of the target stage, like a new card there. */
const LAST = Number.MAX_SAFE_INTEGER

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

/** Mark published: the post's link (optional) and when it went out, on the workspace's clocks. */
export function PublishDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t, i18n } = useTranslation()
  const { session, actor, rules, timeZone } = useBoard()
  const { card, gone } = useStillThere(action)
  const [values, setValues] = useState<PublishInput>(() => ({
    publishedAt: toZonedInput(new Date(), timeZone),
    publishedUrl: card?.publishedUrl ?? '',
  }))
  const [errors, setErrors] = useState<Partial<Record<keyof PublishInput, FieldProblem>>>({})
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const problem = useProblemText()
  const refusalText = useRefusalText()
  const ids = useId()
  const linkRequired = rules.requiredFields.published?.includes('publishedUrl') ?? false

  const submit = (form: HTMLFormElement) => {
    if (!card || gone) return
    const checked = checkPublish(actor, card, rules, values, timeZone)
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefusal(checked.refusal)
      focusField(form, Object.keys(checked.errors))
      return
    }
    moveCard(session.doc, card.id, { stage: 'published', index: LAST }, checked.value)
    onDone(true)
  }

  // the entered time on the viewer's own clock, while they type, when theirs differs
  const entered = fromZonedInput(values.publishedAt, timeZone)
  const mine = viewerTimeZone()
  const atHint =
    entered && clocksDiffer(new Date(entered), timeZone, mine)
      ? t('queue.publish.onYourClock', {
          time: formatZoned(new Date(entered), i18n.language, mine, 'zoned'),
        })
      : null

  const field = (name: keyof PublishInput, label: string, hint: ReactNode, control: ReactNode) => (
    <DialogField id={`${ids}-${name}`} label={label} hint={hint} problem={problem(errors[name])}>
      {control}
    </DialogField>
  )
  const props = (name: keyof PublishInput, hint: boolean) =>
    controlProps(`${ids}-${name}`, name, problem(errors[name]), hint)

  return (
    <ActionDialog
      title={t('queue.publish.title')}
      subject={card?.title}
      submitLabel={t('queue.publish.submit')}
      submitTestId="queue-dialog-submit"
      error={gone ?? refusalText(refusal)}
      onSubmit={submit}
      onClose={() => onDone(false)}
    >
      {field(
        'publishedUrl',
        t(linkRequired ? 'queue.publish.link' : 'queue.publish.linkOptional'),
        t('queue.publish.linkHint'),
        <input
          {...props('publishedUrl', true)}
          type="url"
          inputMode="url"
          autoComplete="off"
          maxLength={LIMITS.link}
          placeholder="https://"
          required={linkRequired}
          value={values.publishedUrl}
          onChange={(e) => setValues((v) => ({ ...v, publishedUrl: e.target.value }))}
        />,
      )}
      {field(
        'publishedAt',
        t('queue.publish.at', { zone: timeZone }),
        atHint,
        <input
          {...props('publishedAt', atHint !== null)}
          type="datetime-local"
          required
          value={values.publishedAt}
          onChange={(e) => setValues((v) => ({ ...v, publishedAt: e.target.value }))}
        />,
      )}
    </ActionDialog>
  )
}

const NO_NOTE: NoteInput = { reach: '', engagement: '', comments: '', sentiment: '', text: '' }

/** A monitoring note: reach, engagement, comments, overall sentiment, and words. */
export function NoteDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t } = useTranslation()
  const { session, actor, rules } = useBoard()
  const { card, gone } = useStillThere(action)
  const [values, setValues] = useState<NoteInput>(NO_NOTE)
  const [errors, setErrors] = useState<Partial<Record<keyof NoteInput, FieldProblem>>>({})
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const problem = useProblemText()
  const refusalText = useRefusalText()
  const ids = useId()

  const submit = (form: HTMLFormElement) => {
    if (!card || gone) return
    const now = new Date()
    const checked = checkNote(actor, card, rules, values, now)
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefusal(checked.refusal)
      focusField(form, Object.keys(checked.errors))
      return
    }
    addMonitoringNote(session.doc, card.id, checked.value, { userId: actor.id, now })
    onDone(false)
  }

  const set = (name: keyof NoteInput) => (value: string) =>
    setValues((v) => ({ ...v, [name]: value }))
  const count = (name: 'reach' | 'engagement' | 'comments') => (
    <DialogField
      id={`${ids}-${name}`}
      label={t(`queue.note.${name}`)}
      problem={problem(errors[name])}
    >
      <input
        {...controlProps(`${ids}-${name}`, name, problem(errors[name]))}
        inputMode="numeric"
        autoComplete="off"
        value={values[name]}
        onChange={(e) => set(name)(e.target.value)}
      />
    </DialogField>
  )

  return (
    <ActionDialog
      title={t('queue.note.title')}
      subject={card?.title}
      submitLabel={t('queue.note.submit')}
      submitTestId="queue-dialog-submit"
      error={gone ?? refusalText(refusal)}
      onSubmit={submit}
      onClose={() => onDone(false)}
    >
      <p className="hint action-dialog-intro">{t('queue.note.intro')}</p>
      <div className="field-row field-row-3">
        {count('reach')}
        {count('engagement')}
        {count('comments')}
      </div>
      <DialogField
        id={`${ids}-sentiment`}
        label={t('queue.note.sentiment')}
        problem={problem(errors.sentiment)}
      >
        <select
          {...controlProps(`${ids}-sentiment`, 'sentiment', problem(errors.sentiment))}
          value={values.sentiment}
          onChange={(e) => set('sentiment')(e.target.value)}
        >
          <option value="">{t('queue.note.noSentiment')}</option>
          {SENTIMENTS.map((sentiment) => (
            <option key={sentiment} value={sentiment}>
              {t(`queue.sentiments.${sentiment}`)}
            </option>
          ))}
        </select>
      </DialogField>
      <DialogField
        id={`${ids}-text`}
        label={t('queue.note.text')}
        problem={problem(errors.text, LIMITS.note)}
      >
        <textarea
          {...controlProps(`${ids}-text`, 'text', problem(errors.text, LIMITS.note))}
          rows={3}
          maxLength={LIMITS.note}
          value={values.text}
          onChange={(e) => set('text')(e.target.value)}
        />
      </DialogField>
    </ActionDialog>
  )
}

const NO_ESCALATION: EscalateInput = { escalationReason: '', severity: '', escalationUrl: '' }

/** Escalate to a manager: why, how serious, and where the conversation is. */
export function EscalateDialog({ action, onDone }: { action: PendingAction; onDone: Done }) {
  const { t } = useTranslation()
  const { session, actor, rules } = useBoard()
  const { card, gone } = useStillThere(action)
  const [values, setValues] = useState<EscalateInput>(NO_ESCALATION)
  const [errors, setErrors] = useState<Partial<Record<keyof EscalateInput, FieldProblem>>>({})
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const problem = useProblemText()
  const refusalText = useRefusalText()
  const ids = useId()

  const submit = (form: HTMLFormElement) => {
    if (!card || gone) return
    const checked = checkEscalate(actor, card, rules, values, new Date())
    if (!checked.ok) {
      setErrors(checked.errors)
      setRefusal(checked.refusal)
      focusField(form, Object.keys(checked.errors))
      return
    }
    moveCard(session.doc, card.id, { stage: 'escalated', index: LAST }, checked.value)
    onDone(true)
  }

  const set = (name: keyof EscalateInput) => (value: string) =>
    setValues((v) => ({ ...v, [name]: value }))
  const props = (name: keyof EscalateInput, hint = false) =>
    controlProps(`${ids}-${name}`, name, problem(errors[name], LIMITS.description), hint)

  return (
    <ActionDialog
      title={t('queue.escalate.title')}
      subject={card?.title}
      submitLabel={t('queue.escalate.submit')}
      submitTestId="queue-dialog-submit"
      error={gone ?? refusalText(refusal)}
      onSubmit={submit}
      onClose={() => onDone(false)}
    >
      <DialogField
        id={`${ids}-escalationReason`}
        label={t('queue.escalate.reason')}
        problem={problem(errors.escalationReason, LIMITS.description)}
      >
        <textarea
          {...props('escalationReason')}
          rows={3}
          required
          maxLength={LIMITS.description}
          value={values.escalationReason}
          onChange={(e) => set('escalationReason')(e.target.value)}
        />
      </DialogField>
      <DialogField
        id={`${ids}-severity`}
        label={t('queue.escalate.severity')}
        problem={problem(errors.severity)}
      >
        <select
          {...props('severity')}
          required
          value={values.severity}
          onChange={(e) => set('severity')(e.target.value)}
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
      </DialogField>
      <DialogField
        id={`${ids}-escalationUrl`}
        label={t('queue.escalate.link')}
        hint={t('queue.escalate.linkHint')}
        problem={problem(errors.escalationUrl)}
      >
        <input
          {...props('escalationUrl', true)}
          type="url"
          inputMode="url"
          autoComplete="off"
          maxLength={LIMITS.link}
          placeholder="https://"
          value={values.escalationUrl}
          onChange={(e) => set('escalationUrl')(e.target.value)}
        />
      </DialogField>
    </ActionDialog>
  )
}
