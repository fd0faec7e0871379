import { createHash, randomBytes } from 'node:crypto'
import { type Role, rolesSchema } from '@pauta/domain'
import type { ExpressionBuilder, Kysely } from 'kysely'
import { newId } from './ids.ts'
import { toRoles } from './roles-column.ts'
import type { DB } from './schema.ts'
import { getMemberRoles, grantRoles } from './workspaces.ts'

export const INVITATION_TOKEN_PREFIX = 'inv_'

/** Pending: neither accepted nor revoked, and not expired at `at` (ISO-8601). One definition for every query. */
function isPending(eb: ExpressionBuilder<DB, 'invitation'>, at: string) {
  return eb.and([
    eb('invitation.acceptedAt', 'is', null),
    eb('invitation.revokedAt', 'is', null),
    eb('invitation.expiresAt', '>', at),
  ])
}

/** How long an invitation stays usable unless the caller says otherwise. */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired'

/** What the holder of an invitation link sees before accepting it. */
export interface InvitationByToken {
  id: string
  workspaceId: string
  workspaceName: string
  /** null: anyone holding the link may use it. */
  email: string | null
  roles: Role[]
  createdByName: string | null
  /** ISO-8601 UTC. */
  expiresAt: string
  status: InvitationStatus
}

/** A workspace's pending invitation, as its managers see it (never the token or its hash). */
export interface PendingInvitation {
  id: string
  email: string | null
  roles: Role[]
  /** ISO-8601 UTC. */
  createdAt: string
  expiresAt: string
  createdByName: string | null
}

/** A pending invitation addressed to someone, as they see it. */
export interface InvitationForEmail {
  id: string
  workspaceId: string
  workspaceName: string
  roles: Role[]
  /** ISO-8601 UTC. */
  expiresAt: string
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * The stored roles, checked with `rolesSchema`. Unknown values (a role a newer version wrote)
 * grant nothing, so they are dropped, as for `memberRole`; `[]` when nothing valid is left.
 */
function readRoles(text: string): Role[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return []
  }
  const parsed = rolesSchema.safeParse(value)
  if (parsed.success) return parsed.data
  return Array.isArray(value) ? toRoles(value.filter((v) => typeof v === 'string')) : []
}

/**
 * Invites someone to the workspace with `roles`: the person with `email` (any letter case), or
 * with `email: null` anyone holding the link. Returns the token once (`inv_` + 32 base64url
 * characters, 192 random bits); only its sha256 is stored.
 */
export async function createInvitation(
  db: Kysely<DB>,
  input: {
    workspaceId: string
    roles: readonly Role[]
    email: string | null
    createdBy: string
    /** Default 14 days. */
    ttlMs?: number
    now?: Date
    /**
     * Derives the token from the new id (the server signs it), so that the link can be shown
     * again while the invitation is pending; random when not given.
     */
    tokenFor?: (id: string) => string
  },
): Promise<{ id: string; token: string; expiresAt: string }> {
  const roles = rolesSchema.parse(input.roles)
  const email = input.email === null ? null : normalizeEmail(input.email)
  if (email === '') throw new Error('an invitation email must not be empty')
  const ttlMs = input.ttlMs ?? INVITATION_TTL_MS
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be positive')
  const now = input.now ?? new Date()
  const id = newId()
  const token = input.tokenFor
    ? input.tokenFor(id)
    : INVITATION_TOKEN_PREFIX + randomBytes(24).toString('base64url')
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString()
  await db
    .insertInto('invitation')
    .values({
      id,
      workspaceId: input.workspaceId,
      email,
      roles: JSON.stringify(roles),
      tokenHash: hashToken(token),
      createdBy: input.createdBy,
      createdAt: now.toISOString(),
      expiresAt,
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    })
    .execute()
  return { id, token, expiresAt }
}

/** The invitation a token stands for, whatever its status; null for an unknown token. */
export async function findInvitationByToken(
  db: Kysely<DB>,
  token: string,
  now: Date = new Date(),
): Promise<InvitationByToken | null> {
  if (!token.startsWith(INVITATION_TOKEN_PREFIX)) return null
  const row = await db
    .selectFrom('invitation')
    .innerJoin('workspace', 'workspace.id', 'invitation.workspaceId')
    .leftJoin('user', 'user.id', 'invitation.createdBy')
    .select([
      'invitation.id',
      'invitation.workspaceId',
      'workspace.name as workspaceName',
      'invitation.email',
      'invitation.roles',
      'user.name as createdByName',
      'invitation.expiresAt',
      'invitation.acceptedAt',
      'invitation.revokedAt',
    ])
    .where('invitation.tokenHash', '=', hashToken(token))
    .executeTakeFirst()
  if (!row) return null
  const status: InvitationStatus =
    row.acceptedAt !== null
      ? 'accepted'
      : row.revokedAt !== null
        ? 'revoked'
        : row.expiresAt <= now.toISOString()
          ? 'expired'
          : 'pending'
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    workspaceName: row.workspaceName,
    email: row.email,
    roles: readRoles(row.roles),
    createdByName: row.createdByName,
    expiresAt: row.expiresAt,
    status,
  }
}

/** The workspace's pending invitations (not accepted, revoked or expired), newest first. */
export async function listPendingInvitations(
  db: Kysely<DB>,
  workspaceId: string,
  now: Date = new Date(),
): Promise<PendingInvitation[]> {
  const rows = await db
    .selectFrom('invitation')
    .leftJoin('user', 'user.id', 'invitation.createdBy')
    .select([
      'invitation.id',
      'invitation.email',
      'invitation.roles',
      'invitation.createdAt',
      'invitation.expiresAt',
      'user.name as createdByName',
    ])
    .where('invitation.workspaceId', '=', workspaceId)
    .where((eb) => isPending(eb, now.toISOString()))
    .orderBy('invitation.createdAt', 'desc')
    .orderBy('invitation.id', 'desc')
    .execute()
  return rows.map((row) => ({ ...row, roles: readRoles(row.roles) }))
}

/** The pending invitations addressed to `email` (any letter case), newest first. */
export async function listInvitationsForEmail(
  db: Kysely<DB>,
  email: string,
  now: Date = new Date(),
): Promise<InvitationForEmail[]> {
  const rows = await db
    .selectFrom('invitation')
    .innerJoin('workspace', 'workspace.id', 'invitation.workspaceId')
    .select([
      'invitation.id',
      'invitation.workspaceId',
      'workspace.name as workspaceName',
      'invitation.roles',
      'invitation.expiresAt',
    ])
    .where('invitation.email', '=', normalizeEmail(email))
    .where((eb) => isPending(eb, now.toISOString()))
    .orderBy('invitation.createdAt', 'desc')
    .orderBy('invitation.id', 'desc')
    .execute()
  return rows.map((row) => ({ ...row, roles: readRoles(row.roles) }))
}

/**
 * Accepts a pending invitation for `userId`, in one transaction: marks it accepted and makes
 * the user a member holding the union of the roles they already had there and the
 * invitation's. Returns the workspace and the roles the user now holds in it, or null when the
 * invitation is unknown, already accepted, revoked or expired. Of concurrent accepts exactly
 * one wins (a conditional UPDATE whose row count is checked).
 *
 * It does not compare the user's email with the invitation's: the caller does that.
 */
export async function acceptInvitation(
  db: Kysely<DB>,
  invitationId: string,
  userId: string,
  now: Date = new Date(),
): Promise<{ workspaceId: string; roles: Role[] } | null> {
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom('invitation')
      .select(['workspaceId', 'roles'])
      .where('id', '=', invitationId)
      .executeTakeFirst()
    if (!invitation) return null
    const roles = readRoles(invitation.roles)
    // An invitation with no role this version knows grants nothing: it stays unused.
    if (roles.length === 0) return null
    const claimed = await trx
      .updateTable('invitation')
      .set({ acceptedAt: at, acceptedBy: userId })
      .where('id', '=', invitationId)
      .where((eb) => isPending(eb, at))
      .executeTakeFirst()
    if (claimed.numUpdatedRows !== 1n) return null
    await grantRoles(trx, invitation.workspaceId, userId, roles)
    return {
      workspaceId: invitation.workspaceId,
      roles: await getMemberRoles(trx, invitation.workspaceId, userId),
    }
  })
}

/**
 * Revokes one of the workspace's invitations that is not accepted yet. False when it belongs
 * to another workspace, does not exist, or is already accepted or revoked.
 */
export async function revokeInvitation(
  db: Kysely<DB>,
  workspaceId: string,
  invitationId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invitation')
    .set({ revokedAt: new Date().toISOString() })
    .where('id', '=', invitationId)
    .where('workspaceId', '=', workspaceId)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
