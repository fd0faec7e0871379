import { LIMITS, type Stage, stageSchema } from '@pauta/domain'
import type { Insertable, Kysely } from 'kysely'
import type { CopyVersionTable, DB } from './schema.ts'

/** Why a version was kept: a stage change, on demand, or a review step ([RND4]). */
export const COPY_VERSION_REASONS = ['stage', 'kept', 'review'] as const
export type CopyVersionReason = (typeof COPY_VERSION_REASONS)[number]

/** How many versions of one card's copy are listed, newest first ([VER2]). */
export const COPY_VERSIONS_LISTED = 50

export interface NewCopyVersion {
  boardId: string
  cardId: string
  userId: string | null
  at: Date
  reason: CopyVersionReason
  /** the stage the card entered (`stage` versions) */
  stage?: Stage | null
  copy: string
}

export interface CopyVersion {
  id: number
  cardId: string
  userId: string | null
  /** ISO-8601 UTC. */
  at: string
  reason: CopyVersionReason
  stage: Stage | null
  copy: string
}

/** Validates one version and turns it into its row; throws on a bad reason, stage or length. */
export function copyVersionRow(version: NewCopyVersion): Insertable<CopyVersionTable> {
  if (!(COPY_VERSION_REASONS as readonly string[]).includes(version.reason))
    throw new TypeError(`unknown version reason ${version.reason}`)
  const stage = version.stage ?? null
  if ((version.reason === 'stage') !== (stage !== null))
    throw new TypeError('a stage version names its stage, and only it does')
  if (typeof version.copy !== 'string' || version.copy.length > LIMITS.copy)
    throw new TypeError(`a copy of at most ${LIMITS.copy} characters`)
  return {
    boardId: version.boardId,
    cardId: version.cardId,
    userId: version.userId,
    at: version.at.toISOString(),
    reason: version.reason,
    stage: stage === null ? null : stageSchema.parse(stage),
    copy: version.copy,
  }
}

/** [VER1] Keeps one version (on demand); returns it as read back. */
export async function keepCopyVersion(
  db: Kysely<DB>,
  version: NewCopyVersion,
): Promise<CopyVersion> {
  const row = copyVersionRow(version)
  const { id } = await db
    .insertInto('copyVersion')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
  return toVersion({ ...row, id: Number(id), userId: row.userId ?? null, stage: row.stage ?? null })
}

/**
 * [VER2] One card's versions, newest first (at most COPY_VERSIONS_LISTED). The caller has
 * checked, via `getBoardForUser`, that the user may see the board.
 */
export async function listCopyVersions(
  db: Kysely<DB>,
  boardId: string,
  cardId: string,
): Promise<CopyVersion[]> {
  const rows = await db
    .selectFrom('copyVersion')
    .selectAll()
    .where('boardId', '=', boardId)
    .where('cardId', '=', cardId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(COPY_VERSIONS_LISTED)
    .execute()
  return rows.map((row) => toVersion({ ...row, id: Number(row.id) }))
}

function toVersion(row: {
  id: number
  cardId: string
  userId: string | null
  at: string
  reason: string
  stage: string | null
  copy: string
}): CopyVersion {
  const stage = stageSchema.safeParse(row.stage)
  return {
    id: row.id,
    cardId: row.cardId,
    userId: row.userId,
    at: row.at,
    reason: (COPY_VERSION_REASONS as readonly string[]).includes(row.reason)
      ? (row.reason as CopyVersionReason)
      : 'kept',
    stage: stage.success ? stage.data : null,
    copy: row.copy,
  }
}
