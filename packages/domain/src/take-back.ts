import type { Card, CardField } from './card.ts'
import type { Stage } from './stages.ts'

/** [BACK1] How long a person may take back their own move, whatever the rules say of it. */
export const TAKE_BACK_MS = 2 * 60 * 1000

/**
 * [STAMP2] The fields the server writes on every stage change, from its own clock and the
 * sender's identity. Nobody else writes them.
 */
export const MOVE_STAMP_FIELDS = ['movedBy', 'movedAt', 'movedFrom'] as const satisfies CardField[]

/**
 * [STAMP3] The fields the server writes when a card is archived (and clears when it is
 * restored), from its own clock and the sender's identity. Nobody else writes them.
 */
export const ARCHIVE_STAMP_FIELDS = ['archivedAt', 'archivedBy'] as const satisfies CardField[]

/** Every field only the server writes ([STAMP2], [STAMP3]). */
const SERVER_STAMP_FIELDS: readonly string[] = [...MOVE_STAMP_FIELDS, ...ARCHIVE_STAMP_FIELDS]

/** The first of `changed` that only the server may write, if any ([STAMP2], [STAMP3]). */
export function serverStampField(changed: readonly CardField[]): CardField | undefined {
  return changed.find((field) => SERVER_STAMP_FIELDS.includes(field))
}

/**
 * [BACK2] What entering a stage writes besides `stage` and `order`, which taking that move
 * back may restore: publishing writes when and where the post went out. Other stages' moves
 * write nothing a take-back restores (leaving and entering escalated are never taken back).
 */
const ENTRY_FIELDS: Partial<Record<Stage, readonly CardField[]>> = {
  published: ['publishedAt', 'publishedUrl'],
}

/** The fields a take-back out of `stage` may change. */
export function takeBackFields(stage: Stage): readonly CardField[] {
  return ['stage', 'order', ...(ENTRY_FIELDS[stage] ?? [])]
}

/**
 * [BACK1] Whether `after` takes back `actorId`'s own last move of the card: `before` was last
 * moved by them, from the stage `after` returns to, no more than `TAKE_BACK_MS` before `now`.
 * `'late'` when it would be one but the time is up; `'no'` when it is no take-back at all
 * (someone else's move, another stage, a field a take-back does not restore, escalated).
 */
export function takeBack(
  actorId: string,
  before: Card,
  after: Card,
  changed: readonly CardField[],
  now: Date,
): 'ok' | 'late' | 'no' {
  if (before.stage === after.stage) return 'no'
  if (before.stage === 'escalated' || after.stage === 'escalated') return 'no'
  if (before.movedBy !== actorId || before.movedFrom !== after.stage || before.movedAt === null)
    return 'no'
  const allowed = takeBackFields(before.stage)
  if (changed.some((field) => !allowed.includes(field))) return 'no'
  return now.getTime() - Date.parse(before.movedAt) <= TAKE_BACK_MS ? 'ok' : 'late'
}
