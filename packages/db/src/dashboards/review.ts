import { APPROVAL_STATES, REVIEWERS, type ReviewChange } from '@pauta/domain'
import { type Kysely, sql } from 'kysely'
import type { DB } from '../schema.ts'
import { type DashboardFilters, filteredCards } from './filters.ts'
import { iso, listOf } from './values.ts'

// Time in review ([APPR3]): read from the cards' activity, where every accepted change of
// their approval state and reviewer is kept with its time ([ACT1]).

/**
 * "The activity row `alias` is a review step": a change of approval or reviewer (only a
 * `field` activity names those, [ACT2]). Written out, not bound: SQLite uses a partial index
 * only for a query with its very condition.
 */
const REVIEW_STEP = (alias: string) =>
  sql<boolean>`${sql.ref(`${alias}.field`)} in ('approval', 'reviewer')`

/**
 * Each step as one letter after its time: a state (A, B…), a reviewer (a, b…) or none (n);
 * capitals sort first, so a step's change of state comes before its reviewer's, as written.
 */
const STEP_CODES: ReadonlyMap<string, Pick<ReviewChange, 'field' | 'to'>> = new Map([
  ...APPROVAL_STATES.map((state, i) => [letter(65, i), { field: 'approval', to: state }] as const),
  ...REVIEWERS.map((reviewer, i) => [letter(97, i), { field: 'reviewer', to: reviewer }] as const),
  ['n', { field: 'reviewer', to: null }],
  // a value Pauta does not know: the metric trusts it no more than the history would
  ['Z', { field: 'approval', to: '?' }],
  ['z', { field: 'reviewer', to: '?' }],
])

function letter(first: number, i: number): string {
  return String.fromCharCode(first + i)
}

/** The letter of the step `a` (see `STEP_CODES`), in SQL. */
function stepCode() {
  const approval = APPROVAL_STATES.map(
    (state, i) => sql`when ${sql.lit(state)} then ${sql.lit(letter(65, i))}`,
  )
  const reviewer = REVIEWERS.map(
    (who, i) => sql`when ${sql.lit(who)} then ${sql.lit(letter(97, i))}`,
  )
  return sql`case when a."field" = 'approval'
    then (case a."toValue" ${sql.join(approval, sql` `)} else 'Z' end)
    else (case when a."toValue" is null then 'n'
      else (case a."toValue" ${sql.join(reviewer, sql` `)} else 'z' end) end)
  end`
}

/**
 * The changes of approval and reviewer that time in review since `since` needs, of the
 * board's cards (archived ones left out, [ARCH2]) that pass the filters: of each card with a
 * review step since then or in review now (its last approval change before then was into
 * in-review), its steps from its last approval change before `since` on — the review under
 * way then began there, however long ago — and none of its earlier reviews. Each card's in
 * time order. Read card by card from the activity's covering partial index of review steps
 * (migration 0015), returned as one list per card (a row per step would cost Node more than
 * the query): the cost is the board's cards and the period's steps, not their whole activity.
 */
export async function listReviewChanges(
  db: Kysely<DB>,
  boardId: string,
  filters: DashboardFilters,
  since: Date,
): Promise<ReviewChange[]> {
  const after = iso(since)
  /** The card `c`'s review steps (`alias`), by the partial index. */
  const steps = (alias: string) =>
    sql`"cardActivity" ${sql.id(alias)}
      where ${sql.ref(`${alias}.boardId`)} = c."boardId" and ${sql.ref(`${alias}.cardId`)} = c."cardId"
        and ${REVIEW_STEP(alias)}`
  /** When the card `c` last changed approval before `since` (its review then began there). */
  const lastBefore = sql`(
    select max(x."at") from ${steps('x')} and x."field" = 'approval' and x."at" < ${after}
  )`
  const rows = await filteredCards(db, boardId, filters)
    .where('c.archived', '=', 0)
    // a step since then, or in review then (and so now, without a step since)
    .where(
      sql<boolean>`(
        exists (select 1 from ${steps('y')} and y."at" >= ${after})
        or exists (
          select 1 from ${steps('z')}
            and z."field" = 'approval' and z."toValue" = 'in-review' and z."at" = ${lastBefore}
        )
      )`,
    )
    .select('c.cardId')
    .select(
      sql<string | null>`(
        select ${listOf(db, sql`a."at" || ${stepCode()}`)} from ${steps('a')}
          and a."at" >= coalesce(${lastBefore}, '')
      )`.as('steps'),
    )
    .execute()
  const changes: ReviewChange[] = []
  for (const row of rows.sort((x, y) => (x.cardId < y.cardId ? -1 : 1))) {
    // ISO times sort as text: each card's steps in time order
    for (const step of (row.steps ?? '').split(',').sort()) {
      const code = STEP_CODES.get(step.slice(-1))
      if (code) changes.push({ cardId: row.cardId, at: new Date(step.slice(0, -1)), ...code })
    }
  }
  return changes
}

/** The titles of some of the board's cards, by id (a card without a projection row has none). */
export async function cardTitles(
  db: Kysely<DB>,
  boardId: string,
  cardIds: readonly string[],
): Promise<Map<string, string>> {
  if (cardIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('boardCard')
    .select(['cardId', 'title'])
    .where('boardId', '=', boardId)
    .where('cardId', 'in', [...new Set(cardIds)])
    .execute()
  return new Map(rows.map((row) => [row.cardId, row.title]))
}
