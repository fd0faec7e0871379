import { type Severity, STAGES, type Stage, severitySchema } from '@pauta/domain'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../dialect.ts'
import type { DB } from '../schema.ts'

// Values into and out of the dashboards' SQL: times as ISO text, stages, lists of numbers.

/** A time as stored: ISO-8601 UTC text. */
export const iso = (at: Date) => at.toISOString()

/** Code-unit order, as SQL compares the ISO timestamps and ids. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const KNOWN_STAGES: ReadonlySet<string> = new Set(STAGES)

/** A stage read back from SQL; one Pauta does not know is not trusted (null). */
export function parseStage(value: string): Stage | null {
  // A set, not the zod schema: the history queries read tens of thousands of these.
  return KNOWN_STAGES.has(value) ? (value as Stage) : null
}

/** A severity read back from SQL; one Pauta does not know is not trusted (null). */
export function parseSeverity(value: string | null | undefined): Severity | null {
  const severity = severitySchema.safeParse(value)
  return severity.success ? severity.data : null
}

/** A record with one fresh value per stage. */
export function perStage<T>(make: () => T): Record<Stage, T> {
  return Object.fromEntries(STAGES.map((stage) => [stage, make()])) as Record<Stage, T>
}

/** The stages as a table of one column, `stage`, to read a figure per stage in one query. */
export const stageValues = () => sql`values ${sql.join(STAGES.map((stage) => sql`(${stage})`))}`

/** A column's values of a group as one comma-separated text (null for none). */
export function listOf(db: Kysely<DB>, column: RawBuilder<unknown>) {
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`string_agg(${column}::text, ',')`
    : sql<string | null>`group_concat(${column})`
}

/** Whole numbers written by `listOf`, read without a string per number (there may be 100,000). */
export function parseWholeNumbers(text: string | null): Float64Array {
  if (text === null || text === '') return new Float64Array(0)
  let count = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++
  const values = new Float64Array(count)
  let n = 0
  let value = 0
  let sign = 1
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 44
    if (code === 44) {
      values[n++] = sign * value
      value = 0
      sign = 1
    } else if (code === 45) sign = -1
    else if (code >= 48 && code <= 57) value = value * 10 + (code - 48)
    else throw new Error(`not a list of whole numbers: ${text.slice(0, 40)}`)
  }
  return values
}

/**
 * The values of `all` less those of `some` (a sub-multiset of it: each value taken away once),
 * in `all`'s order. One pass with a count per value taken away: no sort of `all` (100,000
 * values over a year of a busy board); `all` is returned as it is when there is nothing to take.
 */
export function withoutValues(all: Float64Array, some: Float64Array): Float64Array {
  if (some.length === 0) return all
  const toTake = new Map<number, number>()
  for (const value of some) toTake.set(value, (toTake.get(value) ?? 0) + 1)
  const kept = new Float64Array(all.length)
  let n = 0
  for (const value of all) {
    const count = toTake.get(value)
    if (count) toTake.set(value, count - 1)
    else kept[n++] = value
  }
  return kept.subarray(0, n)
}
