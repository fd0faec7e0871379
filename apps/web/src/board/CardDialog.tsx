import {
  type Actor,
  type Card,
  canEditCard,
  canTakeCard,
  isLead,
  LIMITS,
  NETWORKS,
  type Refusal,
} from '@pauta/domain'
import {
  type FormEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  useEffect,
  useId,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import { controlProps, DialogField, focusField } from '../app/DialogField.tsx'
import { ModalDialog } from '../app/ModalDialog.tsx'
import { refusalMessage } from '../rules/refusal-message.ts'
import { SeverityChip } from './CardItem.tsx'
import {
  type CardFormField,
  type CardFormValues,
  type FieldError,
  parseCardForm,
  toFormValues,
} from './card-form.ts'
import { formatDateTime } from './card-format.ts'
import { TakeButton } from './TakeButton.tsx'
import { useBoard, useCard } from './use-board.ts'
import { useCommand } from './use-command.ts'

/** Why this person may only look at this card, or null when they may edit it. */
function viewOnlyReason(live: boolean, actor: Actor, card: Card | undefined): Refusal | null {
  if (!card || (live && canEditCard(actor, card))) return null
  return !live || actor.roles.every((role) => role === 'client')
    ? { code: 'read-only' }
    : { code: 'not-assignee' }
}

/**
 * Edits one card in a modal `<dialog>`: the browser keeps focus inside, Escape closes, and the
 * page behind is inert. Field values are kept locally until Save, so someone else's edit of the
 * same card while the dialog is open does not overwrite what is being typed.
 */
export function CardDialog({ cardId, onClose }: { cardId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const { members, canEdit: live, actor, rules, campaigns, objectives } = useBoard()
  const run = useCommand()
  const card = useCard(cardId)
  const viewOnly = viewOnlyReason(live, actor, card)
  const canEdit = live && viewOnly === null
  const lead = isLead(actor.roles)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [values, setValues] = useState<CardFormValues | null>(() =>
    card ? toFormValues(card) : null,
  )
  const [errors, setErrors] = useState<Partial<Record<CardFormField, FieldError>>>({})
  const ids = useId()

  useEffect(() => {
    // opened before the card arrived (offline copy still loading): fill the form once it does
    if (!values && card) setValues(toFormValues(card))
  }, [card, values])

  const set = (field: CardFormField, value: string) =>
    setValues((current) => (current ? { ...current, [field]: value } : current))

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!values || !canEdit) return
    const parsed = parseCardForm(values)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      focusField(event.currentTarget, Object.keys(parsed.errors))
      return
    }
    if (!card) return
    // only a manager or strategist assigns; the select is shown, disabled, to everyone else
    // (and may hold a stale value after "Take")
    if (!lead) delete parsed.edit.assigneeId
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
    const archived = run({ type: 'archive', cardId })
    if (!archived.ok) return setRefusal(archived.refusal)
    onClose()
  }

  const fieldId = (field: CardFormField) => `${ids}-${field}`
  const errorOf = (field: CardFormField) => {
    const error = errors[field]
    return error ? t(error.key, error.values) : null
  }

  const field = (name: CardFormField, label: string, control: ReactNode, hint?: string) => (
    <DialogField
      id={fieldId(name)}
      className={`field-${name}`}
      label={label}
      hint={hint}
      problem={errorOf(name)}
    >
      {control}
    </DialogField>
  )
  /** `hint`: the field's hint describes its control too */
  const common = (name: CardFormField, hint = false) => ({
    ...controlProps(fieldId(name), name, errorOf(name), hint),
    disabled: !canEdit,
  })

  return (
    <ModalDialog
      aria-labelledby={`${ids}-title`}
      className="card-dialog"
      onClose={onClose}
      onClick={(event) => {
        // a click on the backdrop (the dialog element itself, outside its content) closes it;
        // it is the mouse's Escape, so it needs no key handler of its own
        if (event.target === event.currentTarget) onClose()
      }}
    >
      <form className="card-dialog-body" onSubmit={save} noValidate>
        <header className="card-dialog-header">
          <h2 id={`${ids}-title`}>{t(canEdit ? 'card.dialogTitle' : 'card.viewTitle')}</h2>
          {card && (
            <span className={`stage-pill stage-${card.stage}`}>{t(`stages.${card.stage}`)}</span>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={t('card.close')}
            onClick={onClose}
          >
            ×
          </button>
        </header>
        {!card || !values ? (
          <p className="notice">{t('card.missing')}</p>
        ) : (
          <>
            {viewOnly && (
              <p className="notice info view-only" data-testid="view-only">
                {refusalMessage(viewOnly, t, i18n.language, rules)}
                {live && canTakeCard(actor, card) && (
                  <>
                    {' '}
                    <TakeButton card={card} />
                  </>
                )}
              </p>
            )}
            {(card.severity ||
              card.escalationReason ||
              card.resolutionNote ||
              card.publishedAt ||
              card.monitoring.length > 0) && (
              <dl className="card-facts">
                {card.severity && (
                  <div>
                    <dt>{t('card.severity')}</dt>
                    <dd>
                      <SeverityChip severity={card.severity} />
                    </dd>
                  </div>
                )}
                {card.escalationReason && (
                  <div>
                    <dt>{t('card.escalationReason')}</dt>
                    <dd className="card-fact-text">{card.escalationReason}</dd>
                  </div>
                )}
                {card.resolutionNote && (
                  <div>
                    <dt>{t('card.resolutionNote')}</dt>
                    <dd className="card-fact-text">{card.resolutionNote}</dd>
                  </div>
                )}
                {card.escalationUrl && (
                  <div>
                    <dt>{t('card.escalationUrl')}</dt>
                    <dd className="card-fact-text">
                      <ExternalLink href={card.escalationUrl} />
                    </dd>
                  </div>
                )}
                {card.publishedAt && (
                  <div>
                    <dt>{t('card.publishedAt')}</dt>
                    <dd>
                      <time dateTime={card.publishedAt}>
                        {formatDateTime(card.publishedAt, i18n.language)}
                      </time>
                    </dd>
                  </div>
                )}
                {card.publishedUrl && (
                  <div>
                    <dt>{t('card.publishedUrl')}</dt>
                    <dd className="card-fact-text">
                      <ExternalLink href={card.publishedUrl} />
                    </dd>
                  </div>
                )}
                {card.monitoring.length > 0 && (
                  <div>
                    <dt>{t('card.monitoring')}</dt>
                    <dd>
                      <ul className="monitoring-notes" data-testid="card-monitoring">
                        {card.monitoring.map((note) => (
                          <li key={`${note.at}-${note.by}`}>
                            <time dateTime={note.at}>{formatDateTime(note.at, i18n.language)}</time>
                            {' · '}
                            {[
                              note.reach !== null && t('card.reach', { count: note.reach }),
                              note.engagement !== null &&
                                t('card.engagement', { count: note.engagement }),
                              note.comments !== null &&
                                t('card.comments', { count: note.comments }),
                              note.sentiment && t(`card.sentiments.${note.sentiment}`),
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                            {note.text && <span className="card-fact-text"> — {note.text}</span>}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </div>
                )}
              </dl>
            )}
            {field(
              'title',
              t('card.title'),
              <input
                {...common('title')}
                value={values.title}
                maxLength={LIMITS.title}
                required
                onChange={(e) => set('title', e.target.value)}
              />,
            )}
            {field(
              'description',
              t('card.description'),
              <textarea
                {...common('description')}
                value={values.description}
                rows={4}
                maxLength={LIMITS.description}
                onChange={(e) => set('description', e.target.value)}
              />,
            )}
            <div className="field-row">
              {field(
                'network',
                t('card.network'),
                <select
                  {...common('network')}
                  value={values.network}
                  onChange={(e) => set('network', e.target.value)}
                >
                  <option value="">{t('card.noNetwork')}</option>
                  {NETWORKS.map((network) => (
                    <option key={network} value={network}>
                      {t(`networks.${network}`)}
                    </option>
                  ))}
                </select>,
              )}
              {field(
                'scheduledAt',
                t('card.scheduledAt'),
                <input
                  {...common('scheduledAt')}
                  type="datetime-local"
                  value={values.scheduledAt}
                  onChange={(e) => set('scheduledAt', e.target.value)}
                />,
              )}
            </div>
            <div className="field-row">
              {field(
                'assigneeId',
                t('card.assignee'),
                <select
                  {...common('assigneeId')}
                  disabled={!canEdit || !lead}
                  value={values.assigneeId}
                  onChange={(e) => set('assigneeId', e.target.value)}
                >
                  <option value="">{t('card.unassigned')}</option>
                  {values.assigneeId && !members.has(values.assigneeId) && (
                    <option value={values.assigneeId}>{values.assigneeId}</option>
                  )}
                  {[...members.values()].map((member) => (
                    <option key={member.id} value={member.id}>
                      {member.name}
                    </option>
                  ))}
                </select>,
              )}
              {field(
                'campaign',
                t('card.campaign'),
                campaigns.length > 0 ? (
                  <ListSelect
                    {...common('campaign')}
                    value={values.campaign}
                    items={campaigns}
                    none={t('card.noCampaign')}
                    onChange={(value) => set('campaign', value)}
                  />
                ) : (
                  <input
                    {...common('campaign')}
                    value={values.campaign}
                    maxLength={LIMITS.title}
                    onChange={(e) => set('campaign', e.target.value)}
                  />
                ),
              )}
              {field(
                'objective',
                t('card.objective'),
                <ListSelect
                  {...common('objective')}
                  value={values.objective}
                  items={objectives}
                  none={t('card.noObjective')}
                  onChange={(value) => set('objective', value)}
                />,
                objectives.length === 0 ? t('card.objectiveHint') : undefined,
              )}
            </div>
            {field(
              'tags',
              t('card.tags'),
              <input
                {...common('tags', true)}
                value={values.tags}
                onChange={(e) => set('tags', e.target.value)}
              />,
              t('card.tagsHint'),
            )}
            <p className="muted small">
              {t('card.createdAt', { date: formatDateTime(card.createdAt, i18n.language) })}
            </p>
            {refusal && (
              <p className="form-error" role="alert" data-testid="card-refusal">
                {refusalMessage(refusal, t, i18n.language, rules)}
              </p>
            )}
            <footer className="card-dialog-footer">
              {canEdit && lead && (
                <button
                  type="button"
                  className="button danger subtle"
                  data-testid="archive-card"
                  onClick={archive}
                >
                  {t('card.archive')}
                </button>
              )}
              <span className="spacer" />
              <button type="button" className="button" onClick={onClose}>
                {t(canEdit ? 'card.cancel' : 'card.close')}
              </button>
              {canEdit && (
                <button type="submit" className="button primary" data-testid="save-card">
                  {t('card.save')}
                </button>
              )}
            </footer>
          </>
        )}
      </form>
    </ModalDialog>
  )
}

/** A link out of Pauta: http(s) only (the schema allows nothing else), never with our window. */
function ExternalLink({ href }: { href: string }) {
  if (!/^https?:\/\//i.test(href)) return <span>{href}</span>
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  )
}

/**
 * A choice from one of the workspace's lists. A value the card already holds stays offered
 * even when the list no longer has it, so opening a card never changes it.
 */
function ListSelect({
  value,
  items,
  none,
  onChange,
  ...rest
}: {
  value: string
  items: readonly string[]
  none: string
  onChange: (value: string) => void
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{none}</option>
      {value && !items.includes(value) && <option value={value}>{value}</option>}
      {items.map((item) => (
        <option key={item} value={item}>
          {item}
        </option>
      ))}
    </select>
  )
}
