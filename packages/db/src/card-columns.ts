import {
  type ApprovalState,
  approvalStateSchema,
  type Card,
  type CardField,
  type Reviewer,
  reviewerSchema,
  type Stage,
  stageSchema,
} from '@pauta/domain'
import type { ColumnType } from 'kysely'

/**
 * How one card value is kept in SQL: `toSql` turns the card's value into the column's,
 * `fromSql` reads the column back (undefined when the row cannot be trusted: it is left out).
 */
interface ColumnCodec<V, S, R> {
  toSql(value: V): S
  fromSql(value: S): R | undefined
}

/** Text kept as written. */
const text: ColumnCodec<string, string, string> = {
  toSql: (value) => value,
  fromSql: (value) => value,
}

/** Text or null, kept as written. */
const optionalText: ColumnCodec<string | null, string | null, string | null> = {
  toSql: (value) => value,
  fromSql: (value) => value,
}

/** An ISO date-time or null. The document may hold any offset; SQL keeps UTC, so text order is time order. */
const utcTime: ColumnCodec<string | null, string | null, string | null> = {
  toSql: (value) => (value === null ? null : new Date(value).toISOString()),
  fromSql: (value) => value,
}

/** A stage, as text; a row whose stage is not one Pauta knows is not trusted. */
const stage: ColumnCodec<Stage, string, Stage> = {
  toSql: (value) => value,
  fromSql: (value) => stageSchema.safeParse(value).data,
}

/** [APPR2] An approval state (rows from before migration 0013 read as drafts). */
const approvalState: ColumnCodec<ApprovalState, string, ApprovalState> = {
  toSql: (value) => value,
  fromSql: (value) => approvalStateSchema.safeParse(value).data,
}

/** [APPR2] Whom a post in review waits for, or null. */
const reviewer: ColumnCodec<Reviewer | null, string | null, Reviewer | null> = {
  toSql: (value) => value,
  fromSql: (value) => (value === null ? null : reviewerSchema.safeParse(value).data),
}

/** A boolean as 0 or 1 (an integer on both dialects). */
const flag: ColumnCodec<boolean, number, boolean> = {
  toSql: (value) => (value ? 1 : 0),
  fromSql: (value) => Boolean(value),
}

/**
 * The card fields the projection (`boardCard`) keeps, keyed by card field: the SQL column
 * each is stored in and how its value maps to that column. Enough for SQL to answer "whose
 * posts, when, where" without reading board documents. Writing, updating and reading the
 * projection all derive from this table; only the migrations, which are history, name the
 * columns again. A field added here needs a migration adding its column (nullable, so older
 * rows read as null until their board loads again).
 */
export const CARD_COLUMNS = {
  id: { column: 'cardId', ...text },
  title: { column: 'title', ...text },
  stage: { column: 'stage', ...stage },
  network: { column: 'network', ...optionalText },
  assigneeId: { column: 'assigneeId', ...optionalText },
  scheduledAt: { column: 'scheduledAt', ...utcTime },
  publishedAt: { column: 'publishedAt', ...utcTime },
  publishedUrl: { column: 'publishedUrl', ...optionalText },
  campaign: { column: 'campaign', ...optionalText },
  /** Added by migration 0004. */
  objective: { column: 'objective', ...optionalText },
  severity: { column: 'severity', ...optionalText },
  escalatedAt: { column: 'escalatedAt', ...utcTime },
  archived: { column: 'archived', ...flag },
  /** Added by migration 0013: what review rounds, reminders and the flow read. */
  approval: { column: 'approval', ...approvalState, sqlDefault: true },
  reviewer: { column: 'reviewer', ...reviewer },
} as const satisfies {
  readonly [F in CardField]?: {
    readonly column: string
    /** the column has a SQL default: an insert may leave it out */
    readonly sqlDefault?: true
    toSql(value: Card[F]): unknown
    fromSql(value: never): unknown
  }
}

type Columns = typeof CARD_COLUMNS
/** The card fields the projection keeps. */
export type ProjectedField = keyof Columns
/** The SQL columns they are kept in. */
export type ProjectedColumn = Columns[ProjectedField]['column']

type SqlValue<F extends ProjectedField> = ReturnType<Columns[F]['toSql']>
type ReadValue<F extends ProjectedField> = Exclude<ReturnType<Columns[F]['fromSql']>, undefined>

/**
 * The projected columns as Kysely sees them. A nullable column may be left out of an insert
 * (SQL stores null), and so may one with a SQL default (`sqlDefault`): a column added later
 * is null (or its default) on older rows, and hand-written rows in tests need not name it.
 */
export type CardColumnsTable = {
  [F in ProjectedField as Columns[F]['column']]: null extends SqlValue<F>
    ? ColumnType<SqlValue<F>, SqlValue<F> | undefined, SqlValue<F>>
    : Columns[F] extends { sqlDefault: true }
      ? ColumnType<SqlValue<F>, SqlValue<F> | undefined, SqlValue<F>>
      : SqlValue<F>
}

/** The projected columns of a row as read back (`fromSql` applied). */
export type CardColumnsRow = { [F in ProjectedField as Columns[F]['column']]: ReadValue<F> }

/** The projected card fields, in the table's order. */
export const PROJECTED_FIELDS = Object.freeze(Object.keys(CARD_COLUMNS) as ProjectedField[])

/** The projected columns, in the table's order. */
export const PROJECTED_COLUMNS: readonly ProjectedColumn[] = Object.freeze(
  PROJECTED_FIELDS.map((field) => CARD_COLUMNS[field].column),
)

/**
 * A value's column under its codec. The table pairs each field with a codec for that field's
 * values, which TypeScript cannot follow through a loop over the fields: hence the casts.
 */
function codecOf(field: ProjectedField): ColumnCodec<unknown, unknown, unknown> {
  return CARD_COLUMNS[field] as unknown as ColumnCodec<unknown, unknown, unknown>
}

/** The projected columns' values for these card fields (already checked by the card schema). */
export function cardToColumns(card: Pick<Card, ProjectedField>): Record<ProjectedColumn, unknown> {
  const columns: Partial<Record<ProjectedColumn, unknown>> = {}
  for (const field of PROJECTED_FIELDS)
    columns[CARD_COLUMNS[field].column] = codecOf(field).toSql(card[field])
  return columns as Record<ProjectedColumn, unknown>
}

/** The projected columns of a row as read back, or null when one of them is not trusted. */
export function columnsFromSql(
  row: Readonly<Record<ProjectedColumn, unknown>>,
): CardColumnsRow | null {
  const read: Partial<Record<ProjectedColumn, unknown>> = {}
  for (const field of PROJECTED_FIELDS) {
    const column = CARD_COLUMNS[field].column
    const value = codecOf(field).fromSql(row[column])
    if (value === undefined) return null
    read[column] = value
  }
  return read as CardColumnsRow
}

/** The card fields a row's projected columns hold, keyed by card field (read values). */
export function columnsToFields(row: CardColumnsRow): Record<ProjectedField, unknown> {
  const fields: Partial<Record<ProjectedField, unknown>> = {}
  for (const field of PROJECTED_FIELDS) fields[field] = row[CARD_COLUMNS[field].column]
  return fields as Record<ProjectedField, unknown>
}
