import {
  type Card,
  type CardEdit,
  cardEditSchema,
  LIMITS,
  NETWORKS,
  type Network,
} from '@pauta/domain'

/** The card dialog's fields, as the inputs hold them (strings). */
export interface CardFormValues {
  title: string
  description: string
  network: string
  scheduledAt: string
  assigneeId: string
  tags: string
  campaign: string
  objective: string
}

export type CardFormField = keyof CardFormValues

/** A field error as an i18n key and its values, so the dialog shows it in the reader's language. */
export interface FieldError {
  key: string
  values?: Record<string, number>
}

const pad = (n: number) => String(n).padStart(2, '0')

/** ISO instant → the value of a `datetime-local` input, in this device's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A `datetime-local` value (local wall time) → an ISO instant in UTC; null when empty or invalid. */
export function localInputToIso(value: string): string | null | undefined {
  if (!value.trim()) return null
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined
  const d = new Date(value) // a date-time without offset is local time
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
}

export function toFormValues(card: Card): CardFormValues {
  return {
    title: card.title,
    description: card.description,
    network: card.network ?? '',
    scheduledAt: isoToLocalInput(card.scheduledAt),
    assigneeId: card.assigneeId ?? '',
    tags: card.tags.join(', '),
    campaign: card.campaign ?? '',
    objective: card.objective ?? '',
  }
}

function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value)
}

/**
 * Turns the dialog's strings into a card edit checked by the domain's `cardEditSchema` (the
 * same schema the server applies), or into field errors.
 */
export function parseCardForm(
  values: CardFormValues,
):
  | { ok: true; edit: CardEdit }
  | { ok: false; errors: Partial<Record<CardFormField, FieldError>> } {
  const errors: Partial<Record<CardFormField, FieldError>> = {}
  const scheduledAt = localInputToIso(values.scheduledAt)
  if (scheduledAt === undefined) errors.scheduledAt = { key: 'errors.invalidDate' }
  if (values.network && !isNetwork(values.network)) errors.network = { key: 'errors.invalid' }
  const campaign = values.campaign.trim()
  const objective = values.objective.trim()
  const candidate = {
    title: values.title,
    description: values.description,
    network: values.network && isNetwork(values.network) ? values.network : null,
    scheduledAt: scheduledAt ?? null,
    assigneeId: values.assigneeId || null,
    tags: parseTags(values.tags),
    campaign: campaign || null,
    objective: objective || null,
  }
  const result = cardEditSchema.safeParse(candidate)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0]
      if (typeof field !== 'string' || !(field in values)) continue
      const name = field as CardFormField
      errors[name] ??= issueToError(name, issue.code, issue.path.length > 1)
    }
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, edit: result.data }
}

function issueToError(field: CardFormField, code: string, nested: boolean): FieldError {
  switch (field) {
    case 'title':
      return code === 'too_big'
        ? { key: 'errors.tooLong', values: { max: LIMITS.title } }
        : { key: 'errors.titleRequired' }
    case 'description':
      return { key: 'errors.tooLong', values: { max: LIMITS.description } }
    case 'campaign':
      return { key: 'errors.tooLong', values: { max: LIMITS.title } }
    case 'objective':
      return { key: 'errors.tooLong', values: { max: LIMITS.listItem } }
    case 'tags':
      return nested
        ? { key: 'errors.tagTooLong', values: { max: LIMITS.tag } }
        : { key: 'errors.tooManyTags', values: { max: LIMITS.tags } }
    case 'scheduledAt':
      return { key: 'errors.invalidDate' }
    default:
      return { key: 'errors.invalid' }
  }
}
