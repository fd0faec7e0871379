import { CARD_FIELDS } from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import type { CardActivityTable, DB } from './schema.ts'

export const CARD_ACTIVITY_KINDS = ['created', 'field', 'text', 'archived', 'restored'] as const
export type CardActivityKind = (typeof CARD_ACTIVITY_KINDS)[number]

/** How long a stored value of a short field is kept, in characters ([ACT2]). */
export const ACTIVITY_VALUE_MAX = 200

export interface NewCardActivity {
  boardId: string
  cardId: string
  /** Who made the change; null for the server's own. */
  userId: string | null
  at: Date
  kind: CardActivityKind
  /** The field changed (`field` and `text` kinds). */
  field?: string | null
  /** A short field's value before and after, as shown (`field` kind). */
  from?: string | null
  to?: string | null
}

export interface CardActivity {
  id: number
  boardId: string
  cardId: string
  userId: string | null
  /** ISO-8601 UTC. */
  at: string
  kind: CardActivityKind
  field: string | null
  from: string | null
  to: string | null
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(CARD_FIELDS)
const KNOWN_KINDS: ReadonlySet<string> = new Set(CARD_ACTIVITY_KINDS)

const clip = (value: string | null | undefined): string | null =>
  value === null || value === undefined
    ? null
    : value.length > ACTIVITY_VALUE_MAX
      ? `${value.slice(0, ACTIVITY_VALUE_MAX - 1)}…`
      : value

/** Validates one activity and turns it into its row; throws on an unknown kind or field. */
export function cardActivityRow(activity: NewCardActivity): Insertable<CardActivityTable> {
  if (!KNOWN_KINDS.has(activity.kind)) throw new TypeError(`unknown activity ${activity.kind}`)
  const field = activity.field ?? null
  if ((activity.kind === 'field' || activity.kind === 'text') !== (field !== null))
    throw new TypeError(`a ${activity.kind} activity ${field ? 'names no' : 'names a'} field`)
  if (field !== null && !KNOWN_FIELDS.has(field)) throw new TypeError(`unknown field ${field}`)
  const values = activity.kind === 'field'
  return {
    boardId: activity.boardId,
    cardId: activity.cardId,
    userId: activity.userId,
    at: activity.at.toISOString(),
    kind: activity.kind,
    field,
    fromValue: values ? clip(activity.from) : null,
    toValue: values ? clip(activity.to) : null,
  }
}

/**
 * One card's activity (or several cards' of the board, in one read; of one `field` if given),
 * oldest first. The caller has checked, via `getBoardForUser`, that the user may see the
 * board; rows of an unknown kind (written by a later version) are left out.
 */
export async function listCardActivity(
  db: Kysely<DB>,
  boardId: string,
  cardId: string | readonly string[],
  options: { field?: string } = {},
): Promise<CardActivity[]> {
  if (typeof cardId !== 'string' && cardId.length === 0) return []
  let query = db
    .selectFrom('cardActivity')
    .selectAll()
    .where('boardId', '=', boardId)
    .where('cardId', typeof cardId === 'string' ? '=' : 'in', cardId)
  if (options.field !== undefined) query = query.where('field', '=', options.field)
  const rows = await query.orderBy('at').orderBy('id').execute()
  return rows
    .filter((row) => KNOWN_KINDS.has(row.kind))
    .map((row) => ({
      id: Number(row.id),
      boardId: row.boardId,
      cardId: row.cardId,
      userId: row.userId,
      at: row.at,
      kind: row.kind as CardActivityKind,
      field: row.field,
      from: row.fromValue,
      to: row.toValue,
    }))
}
