import {
  NETWORKS,
  type Network,
  type NewCard,
  newCardSchema,
  zonedTimeToInstant,
} from '@pauta/domain'
import { minutesOf } from './calendar-model.ts'

/** A post added on a day without a slot starts at this time (workspace zone). */
export const DEFAULT_NEW_POST_TIME = '10:00'

/** The new-post dialog's fields, as the inputs hold them. */
export interface NewPostValues {
  title: string
  /** 'YYYY-MM-DD', as a date input gives it */
  date: string
  /** 'HH:MM' in the workspace's zone */
  time: string
  network: string
  assigneeId: string
  campaign: string
  /** one of the workspace's objectives, or '' for none */
  objective: string
}

export type NewPost = NewCard & { stage: 'calendar'; scheduledAt: string }

const isNetwork = (value: string): value is Network =>
  (NETWORKS as readonly string[]).includes(value)

/** A real calendar date written 'YYYY-MM-DD' (not 2025-02-30). */
function dateParts(value: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real ? { year, month, day } : null
}

/**
 * The dialog's strings as the card to create in Calendar, with the date and time read in the
 * workspace's zone; or the fields that are missing or unreadable. Whether the board's rules
 * let this person create it is judged afterwards, on the built card.
 */
export function parseNewPost(
  values: NewPostValues,
  timeZone: string,
): { ok: true; input: NewPost } | { ok: false; invalid: (keyof NewPostValues)[] } {
  const invalid: (keyof NewPostValues)[] = []
  const title = values.title.trim()
  if (!title) invalid.push('title')
  const date = dateParts(values.date)
  if (!date) invalid.push('date')
  const minutes = minutesOf(values.time)
  if (Number.isNaN(minutes)) invalid.push('time')
  if (values.network && !isNetwork(values.network)) invalid.push('network')
  if (!date || invalid.length > 0) return { ok: false, invalid }
  const scheduledAt = zonedTimeToInstant(
    { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    timeZone,
  ).toISOString()
  const input: NewPost = {
    title,
    stage: 'calendar',
    network: isNetwork(values.network) ? values.network : null,
    assigneeId: values.assigneeId || null,
    scheduledAt,
    campaign: values.campaign.trim() || null,
    objective: values.objective.trim() || null,
  }
  const checked = newCardSchema.safeParse(input)
  if (!checked.success) {
    const fields = checked.error.issues.map((issue) => issue.path[0])
    return {
      ok: false,
      invalid: fields.includes('campaign') ? ['campaign'] : ['title'],
    }
  }
  return { ok: true, input }
}
