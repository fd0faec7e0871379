import {
  type Role,
  roleSchema,
  rolesSchema,
  timeZoneSchema,
  workspaceListSchema,
  workspaceNameSchema,
} from '@pauta/domain'
import type { Kysely } from 'kysely'
import { type Board, createBoard } from './boards.ts'
import { newId } from './ids.ts'
import { groupRoles, toRoles } from './roles-column.ts'
import type { DB } from './schema.ts'

export interface Workspace {
  id: string
  name: string
  /** IANA zone the team schedules in. */
  timeZone: string
}

/** The names a workspace's cards choose their campaign and objective from. */
export interface WorkspaceLists {
  campaigns: string[]
  objectives: string[]
}

function parseList(json: string): string[] {
  try {
    const parsed = workspaceListSchema.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** The workspace's lists; empty ones for a workspace that does not exist. */
export async function getWorkspaceLists(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<WorkspaceLists> {
  const row = await db
    .selectFrom('workspace')
    .select(['campaigns', 'objectives'])
    .where('id', '=', workspaceId)
    .executeTakeFirst()
  return {
    campaigns: row ? parseList(row.campaigns) : [],
    objectives: row ? parseList(row.objectives) : [],
  }
}

/** Replaces the lists given (validated: trimmed, unique, bounded); false without such a workspace. */
export async function setWorkspaceLists(
  db: Kysely<DB>,
  workspaceId: string,
  lists: Partial<WorkspaceLists>,
): Promise<boolean> {
  const set: { campaigns?: string; objectives?: string } = {}
  if (lists.campaigns) set.campaigns = JSON.stringify(workspaceListSchema.parse(lists.campaigns))
  if (lists.objectives) set.objectives = JSON.stringify(workspaceListSchema.parse(lists.objectives))
  if (Object.keys(set).length === 0) {
    const found = await db
      .selectFrom('workspace')
      .select('id')
      .where('id', '=', workspaceId)
      .executeTakeFirst()
    return found !== undefined
  }
  const result = await db
    .updateTable('workspace')
    .set(set)
    .where('id', '=', workspaceId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export interface WorkspaceForUser extends Workspace {
  roles: Role[]
}

export interface WorkspaceMember {
  userId: string
  name: string
  email: string
  roles: Role[]
}

export async function createWorkspace(
  db: Kysely<DB>,
  input: { name: string; timeZone?: string },
): Promise<Workspace> {
  const workspace = {
    id: newId(),
    name: workspaceNameSchema.parse(input.name),
    timeZone: timeZoneSchema.parse(input.timeZone ?? 'UTC'),
  }
  await db
    .insertInto('workspace')
    .values({ ...workspace, createdAt: new Date().toISOString() })
    .execute()
  return workspace
}

/**
 * Makes `userId` a member of the workspace holding exactly `roles` (at least one; duplicates
 * are ignored). Calling it again replaces the roles.
 */
export async function addMember(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  const parsed = rolesSchema.parse(roles)
  await db.transaction().execute((trx) => writeMember(trx, workspaceId, userId, parsed))
}

/** `userId` becomes a member of the workspace, if not one already (roles are written apart). */
async function ensureMember(trx: Kysely<DB>, workspaceId: string, userId: string): Promise<void> {
  await trx
    .insertInto('member')
    .values({ workspaceId, userId, createdAt: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['workspaceId', 'userId']).doNothing())
    .execute()
}

/** `addMember`'s writes, inside a transaction the caller holds. */
async function writeMember(
  trx: Kysely<DB>,
  workspaceId: string,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  await ensureMember(trx, workspaceId, userId)
  await trx
    .deleteFrom('memberRole')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', userId)
    .execute()
  await trx
    .insertInto('memberRole')
    .values(roles.map((role) => ({ workspaceId, userId, role })))
    .execute()
}

/**
 * A new workspace with its founder (holding `roles`) and its first board, in one
 * transaction: all three or nothing ([WS3]).
 */
export async function createWorkspaceWithBoard(
  db: Kysely<DB>,
  input: {
    name: string
    timeZone?: string
    boardName: string
    founderId: string
    roles: readonly Role[]
  },
): Promise<{ workspace: Workspace; board: Board }> {
  const roles = rolesSchema.parse(input.roles)
  return db.transaction().execute(async (trx) => {
    const workspace = await createWorkspace(trx, {
      name: input.name,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    })
    await writeMember(trx, workspace.id, input.founderId, roles)
    const board = await createBoard(trx, { workspaceId: workspace.id, name: input.boardName })
    return { workspace, board }
  })
}

/**
 * Makes `userId` a member holding the roles they had plus `roles` (a union: nothing is taken
 * away). For use inside a transaction. Concurrent calls cannot lose each other's roles, as
 * each only inserts what is missing.
 */
export async function grantRoles(
  trx: Kysely<DB>,
  workspaceId: string,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  const parsed = rolesSchema.parse(roles)
  await ensureMember(trx, workspaceId, userId)
  await trx
    .insertInto('memberRole')
    .values(parsed.map((role) => ({ workspaceId, userId, role })))
    .onConflict((oc) => oc.columns(['workspaceId', 'userId', 'role']).doNothing())
    .execute()
}

/** Removes the membership and its roles. Returns whether there was one. */
export async function removeMember(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('member')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', userId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** The roles `userId` holds in the workspace; `[]` when not a member. */
export async function getMemberRoles(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
): Promise<Role[]> {
  const rows = await db
    .selectFrom('memberRole')
    .select('role')
    .where('workspaceId', '=', workspaceId)
    .where('userId', '=', userId)
    .execute()
  return toRoles(rows.map((row) => row.role))
}

/** How many members of the workspace hold `role` (e.g. to keep at least one manager). */
export async function countMembersWithRole(
  db: Kysely<DB>,
  workspaceId: string,
  role: Role,
): Promise<number> {
  const row = await db
    .selectFrom('memberRole')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('workspaceId', '=', workspaceId)
    .where('role', '=', roleSchema.parse(role))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Sets the zone a workspace schedules in; false when there is no such workspace. */
export async function setWorkspaceTimeZone(
  db: Kysely<DB>,
  workspaceId: string,
  timeZone: string,
): Promise<boolean> {
  const result = await db
    .updateTable('workspace')
    .set({ timeZone: timeZoneSchema.parse(timeZone) })
    .where('id', '=', workspaceId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The workspaces `userId` belongs to, by name, with the roles held in each. */
export async function listWorkspacesForUser(
  db: Kysely<DB>,
  userId: string,
): Promise<WorkspaceForUser[]> {
  const rows = await db
    .selectFrom('member')
    .innerJoin('workspace', 'workspace.id', 'member.workspaceId')
    .leftJoin('memberRole', (join) =>
      join
        .onRef('memberRole.workspaceId', '=', 'member.workspaceId')
        .onRef('memberRole.userId', '=', 'member.userId'),
    )
    .select(['workspace.id', 'workspace.name', 'workspace.timeZone', 'memberRole.role'])
    .where('member.userId', '=', userId)
    .orderBy('workspace.name')
    .orderBy('workspace.id')
    .execute()
  const byId = new Map(rows.map((row) => [row.id, row]))
  const roles = groupRoles(rows.map((row) => ({ key: row.id, role: row.role })))
  return [...roles].map(([id, held]) => ({
    id,
    name: byId.get(id)?.name ?? '',
    timeZone: byId.get(id)?.timeZone ?? 'UTC',
    roles: held,
  }))
}

/** Everyone in the workspace, by name, with their roles. */
export async function listMembers(db: Kysely<DB>, workspaceId: string): Promise<WorkspaceMember[]> {
  const rows = await db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.userId')
    .leftJoin('memberRole', (join) =>
      join
        .onRef('memberRole.workspaceId', '=', 'member.workspaceId')
        .onRef('memberRole.userId', '=', 'member.userId'),
    )
    .select(['user.id', 'user.name', 'user.email', 'memberRole.role'])
    .where('member.workspaceId', '=', workspaceId)
    .orderBy('user.name')
    .orderBy('user.id')
    .execute()
  const people = new Map(rows.map((row) => [row.id, row]))
  const roles = groupRoles(rows.map((row) => ({ key: row.id, role: row.role })))
  return [...roles].map(([userId, held]) => {
    const person = people.get(userId)!
    return { userId, name: person.name, email: person.email, roles: held }
  })
}

/**
 * For the admin CLI: a workspace by id, else by exact name. Throws when several workspaces
 * share the name, so a script never acts on the wrong one.
 */
export async function findWorkspace(db: Kysely<DB>, idOrName: string): Promise<Workspace | null> {
  const byId = await db
    .selectFrom('workspace')
    .select(['id', 'name', 'timeZone'])
    .where('id', '=', idOrName)
    .executeTakeFirst()
  if (byId) return byId
  const byName = await db
    .selectFrom('workspace')
    .select(['id', 'name', 'timeZone'])
    .where('name', '=', idOrName)
    .limit(2)
    .execute()
  if (byName.length > 1) {
    throw new Error(`several workspaces are named "${idOrName}"; use the workspace id`)
  }
  return byName[0] ?? null
}
