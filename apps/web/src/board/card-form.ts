import {
  type Card,
  type CardEdit,
  cardEditSchema,
  LIMITS,
  NETWORKS,
  type Network,
} from '@pauta/domain'
import { fromZonedInput, toZonedInput } from '../time/zoned-input.ts'

/** The card dialog's fields, as the inputs hold them (strings). */
export interface CardFormValues {
  title: string
  copy: string
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

export function parseTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
}

/** The card as the dialog's inputs hold it; its time on the clocks of `timeZone` (the workspace's). */
export function toFormValues(card: Card, timeZone: string): CardFormValues {
  return {
    title: card.title,
    copy: card.copy,
    description: card.description,
    network: card.network ?? '',
    scheduledAt: toZonedInput(card.scheduledAt, timeZone),
    assigneeId: card.assigneeId ?? '',
    tags: card.tags.join(', '),
    campaign: card.campaign ?? '',
    objective: card.objective ?? '',
  }
}

export function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value)
}

/**
 * Turns the dialog's strings into a card edit checked by the domain's `cardEditSchema` (the
 * same schema the server applies), or into field errors.
 */
export function parseCardForm(
  values: CardFormValues,
  timeZone: string,
):
  | { ok: true; edit: CardEdit }
  | { ok: false; errors: Partial<Record<CardFormField, FieldError>> } {
  const errors: Partial<Record<CardFormField, FieldError>> = {}
  const scheduledAt = fromZonedInput(values.scheduledAt, timeZone)
  if (scheduledAt === undefined) errors.scheduledAt = { key: 'errors.invalidDate' }
  if (values.network && !isNetwork(values.network)) errors.network = { key: 'errors.invalid' }
  const campaign = values.campaign.trim()
  const objective = values.objective.trim()
  const candidate = {
    title: values.title,
    copy: values.copy,
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
    case 'copy':
      return { key: 'errors.tooLong', values: { max: LIMITS.copy } }
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
