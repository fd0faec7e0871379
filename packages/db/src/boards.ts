import {
  type BoardSettings,
  boardNameSchema,
  boardSettingsSchema,
  DEFAULT_BOARD_SETTINGS,
  type Role,
} from '@pauta/domain'
import type { Kysely } from 'kysely'
import { newId } from './ids.ts'
import { groupRoles, toRoles } from './roles-column.ts'
import type { DB } from './schema.ts'

export interface Board {
  id: string
  workspaceId: string
  name: string
  settings: BoardSettings
  /** ISO-8601 UTC. */
  createdAt: string
}

export interface BoardForUser {
  id: string
  name: string
  workspaceId: string
  workspaceName: string
  roles: Role[]
}

export interface BoardListing {
  id: string
  name: string
  workspaceId: string
  workspaceName: string
}

const BOARD_COLUMNS = [
  'board.id',
  'board.workspaceId',
  'board.name',
  'board.settings',
  'board.createdAt',
] as const

/**
 * Parsed settings by their stored text. Every socket that opens a board reads the board's
 * row, and checking its settings against the schema cost more than the rest of the
 * connection's authentication; the same text always parses to the same settings, shared
 * (frozen, so no reader can change another's copy).
 */
const parsedSettings = new Map<string, BoardSettings>()
const MAX_PARSED_SETTINGS = 256

function parseSettings(json: string): BoardSettings {
  const known = parsedSettings.get(json)
  if (known) return known
  const settings = deepFreeze(boardSettingsSchema.parse(JSON.parse(json)))
  if (parsedSettings.size >= MAX_PARSED_SETTINGS) parsedSettings.clear()
  parsedSettings.set(json, settings)
  return settings
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

export function toBoard(row: Omit<Board, 'settings'> & { settings: string }): Board {
  return { ...row, settings: parseSettings(row.settings) }
}

export async function createBoard(
  db: Kysely<DB>,
  input: { workspaceId: string; name: string; settings?: BoardSettings },
): Promise<Board> {
  const board: Board = {
    id: newId(),
    workspaceId: input.workspaceId,
    name: boardNameSchema.parse(input.name),
    settings: boardSettingsSchema.parse(input.settings ?? DEFAULT_BOARD_SETTINGS),
    createdAt: new Date().toISOString(),
  }
  await db
    .insertInto('board')
    .values({ ...board, settings: JSON.stringify(board.settings) })
    .execute()
  return board
}

/** Every board in every workspace `userId` belongs to, with the roles held there. */
export async function listBoardsForUser(db: Kysely<DB>, userId: string): Promise<BoardForUser[]> {
  const boards = await db
    .selectFrom('board')
    .innerJoin('member', 'member.workspaceId', 'board.workspaceId')
    .innerJoin('workspace', 'workspace.id', 'board.workspaceId')
    .select(['board.id', 'board.name', 'board.workspaceId', 'workspace.name as workspaceName'])
    .where('member.userId', '=', userId)
    .orderBy('workspace.name')
    .orderBy('board.workspaceId')
    .orderBy('board.name')
    .orderBy('board.id')
    .execute()
  if (boards.length === 0) return []
  const roleRows = await db
    .selectFrom('memberRole')
    .select(['workspaceId', 'role'])
    .where('userId', '=', userId)
    .execute()
  const roles = groupRoles(roleRows.map((row) => ({ key: row.workspaceId, role: row.role })))
  return boards.map((board) => ({ ...board, roles: roles.get(board.workspaceId) ?? [] }))
}

/**
 * The board and the roles `userId` holds in its workspace, or null when the board does not
 * exist or `userId` is not a member there — deliberately the same answer, so a caller cannot
 * probe for board ids it may not see.
 */
export async function getBoardForUser(
  db: Kysely<DB>,
  userId: string,
  boardId: string,
): Promise<{ board: Board; roles: Role[] } | null> {
  const rows = await db
    .selectFrom('board')
    .innerJoin('member', 'member.workspaceId', 'board.workspaceId')
    .leftJoin('memberRole', (join) =>
      join
        .onRef('memberRole.workspaceId', '=', 'member.workspaceId')
        .onRef('memberRole.userId', '=', 'member.userId'),
    )
    .select([...BOARD_COLUMNS, 'memberRole.role'])
    .where('board.id', '=', boardId)
    .where('member.userId', '=', userId)
    .execute()
  const first = rows[0]
  if (!first) return null
  const { role: _role, ...board } = first
  return { board: toBoard(board), roles: toRoles(rows.flatMap((row) => row.role ?? [])) }
}

/** Every board, for the admin CLI only: no membership check. */
export async function listAllBoards(db: Kysely<DB>): Promise<BoardListing[]> {
  return db
    .selectFrom('board')
    .innerJoin('workspace', 'workspace.id', 'board.workspaceId')
    .select(['board.id', 'board.name', 'board.workspaceId', 'workspace.name as workspaceName'])
    .orderBy('workspace.name')
    .orderBy('board.workspaceId')
    .orderBy('board.name')
    .orderBy('board.id')
    .execute()
}

/** One board by id with its workspace's name, or null; for the admin CLI only: no membership check. */
export async function findBoard(db: Kysely<DB>, boardId: string): Promise<BoardListing | null> {
  const row = await db
    .selectFrom('board')
    .innerJoin('workspace', 'workspace.id', 'board.workspaceId')
    .select(['board.id', 'board.name', 'board.workspaceId', 'workspace.name as workspaceName'])
    .where('board.id', '=', boardId)
    .executeTakeFirst()
  return row ?? null
}

/**
 * Replaces the board's settings (validated first). The caller has already checked, through
 * `getBoardForUser`, that the user may change them. Returns the updated board, or null.
 */
export async function updateBoardSettings(
  db: Kysely<DB>,
  boardId: string,
  settings: BoardSettings,
): Promise<Board | null> {
  const parsed = boardSettingsSchema.parse(settings)
  const row = await db
    .updateTable('board')
    .set({ settings: JSON.stringify(parsed) })
    .where('id', '=', boardId)
    .returning(['id', 'workspaceId', 'name', 'settings', 'createdAt'])
    .executeTakeFirst()
  return row ? toBoard(row) : null
}
