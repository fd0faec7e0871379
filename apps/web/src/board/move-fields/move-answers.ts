import { NETWORKS, SEVERITIES } from '@pauta/domain'
import type { AskField, MoveAnswers } from '../../rules/move-plan.ts'
import { fromZonedInput, toZonedInput } from '../../time/zoned-input.ts'
import { parseTags } from '../card-form.ts'

/** The move dialog's inputs, as typed. */
export type MoveValues = Partial<Record<AskField, string>>

/** The i18n key of a community manager's option: at, over or under the board's limit. */
export function cmLoadKey(count: number, limit: number): string {
  if (count > limit) return 'moveFields.cmLoadOver'
  return count === limit ? 'moveFields.cmLoadFull' : 'moveFields.cmLoadLimit'
}

/** Every asked field empty, but a publication's time, which starts as now (on the workspace's clock). */
export function initialValues(fields: readonly AskField[], timeZone: string): MoveValues {
  const values: MoveValues = {}
  for (const field of fields) values[field] = ''
  // a publication usually goes out as it is moved: now, editable
  if (fields.includes('publishedAt')) values.publishedAt = toZonedInput(new Date(), timeZone)
  return values
}

/**
 * The dialog's strings as the fields a move writes, dates read on the clocks of `timeZone`
 * (the workspace's); an unreadable date stays `undefined`-free.
 */
export function toAnswers(
  values: MoveValues,
  timeZone: string,
): { answers: MoveAnswers; badDates: AskField[] } {
  const answers: MoveAnswers = {}
  const badDates: AskField[] = []
  for (const [field, raw] of Object.entries(values) as [AskField, string][]) {
    const value = raw.trim()
    switch (field) {
      case 'scheduledAt':
      case 'publishedAt': {
        const iso = fromZonedInput(value, timeZone)
        if (iso === undefined) badDates.push(field)
        else answers[field] = iso
        break
      }
      case 'network':
        answers.network = (NETWORKS as readonly string[]).includes(value)
          ? (value as MoveAnswers['network'])
          : null
        break
      case 'severity':
        answers.severity = (SEVERITIES as readonly string[]).includes(value)
          ? (value as MoveAnswers['severity'])
          : null
        break
      case 'assigneeId':
        answers.assigneeId = value || null
        break
      case 'escalationReason':
      case 'resolutionNote':
        answers[field] = value || null
        break
      case 'description':
      case 'copy':
        answers[field] = value
        break
      case 'campaign':
        answers.campaign = value
        break
      case 'objective':
        answers.objective = value || null
        break
      case 'publishedUrl':
      case 'escalationUrl':
        answers[field] = value || null
        break
      case 'tags':
        answers.tags = parseTags(value)
        break
      case 'title':
        break
    }
  }
  return { answers, badDates }
}
