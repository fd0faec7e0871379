import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addMember,
  createBoard,
  createWorkspace,
  type Database,
  migrateToLatest,
  openDatabase,
} from '@pauta/db'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boardLead } from './access.ts'
import { createAppRouter } from './app-router.ts'
import type { ApiContext } from './context.ts'
import { router } from './trpc.ts'

let dataDir: string
let database: Database
let workspaceId: string
let boardId: string
const people: Record<'strategist' | 'manager' | 'cm' | 'client' | 'stranger', string> = {
  strategist: '',
  manager: '',
  cm: '',
  client: '',
  stranger: '',
}

async function seedUser(name: string): Promise<string> {
  const id = randomUUID()
  const now = new Date().toISOString()
  await database.db
    .insertInto('user')
    .values({
      id,
      name,
      email: `${name}@example.com`,
      emailVerified: 0,
      image: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  return id
}

/** What the access procedures read: the database and the caller; nothing else is reached. */
function contextOf(who: keyof typeof people): ApiContext {
  const id = people[who]
  return {
    db: database.db,
    user: { id, name: who, email: `${who}@example.com` },
    live: { accessChanged: async () => {}, settingsChanged: () => {} },
  } as unknown as ApiContext
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pauta-api-'))
  database = await openDatabase({ dataDir })
  await migrateToLatest(database.db)
  for (const who of Object.keys(people) as (keyof typeof people)[])
    people[who] = await seedUser(who)
  const workspace = await createWorkspace(database.db, { name: 'Team' })
  workspaceId = workspace.id
  for (const role of ['strategist', 'manager', 'cm', 'client'] as const) {
    await addMember(database.db, workspaceId, people[role], [role])
  }
  boardId = (await createBoard(database.db, { workspaceId, name: 'Social' })).id
})

afterAll(async () => {
  await database.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('access procedures', () => {
  const app = createAppRouter()

  it('answers NOT_FOUND to someone outside the workspace, as for one that does not exist', async () => {
    const stranger = app.createCaller(contextOf('stranger'))
    expect(await refusal(stranger.workspaces.lists({ workspaceId }))).toEqual({
      code: 'NOT_FOUND',
      message: 'no such workspace',
    })
    expect(
      await refusal(stranger.workspaces.setTimeZone({ workspaceId, timeZone: 'UTC' })),
    ).toEqual({
      code: 'NOT_FOUND',
      message: 'no such workspace',
    })
    expect(await refusal(stranger.boards.get({ boardId }))).toEqual({
      code: 'NOT_FOUND',
      message: 'no such board',
    })
  })

  it('checks the whole input before asking who the caller is', async () => {
    const stranger = app.createCaller(contextOf('stranger'))
    const bad = await refusal(
      stranger.workspaces.setTimeZone({ workspaceId, timeZone: 'Mars/Olympus' }),
    )
    expect(bad.code).toBe('BAD_REQUEST')
  })

  it('lets any member read and only leads change, each refusal with its own message', async () => {
    expect(await app.createCaller(contextOf('client')).workspaces.lists({ workspaceId })).toEqual({
      campaigns: [],
      objectives: [],
    })
    for (const who of ['cm', 'client'] as const) {
      const caller = app.createCaller(contextOf(who))
      expect(
        await refusal(caller.workspaces.setLists({ workspaceId, campaigns: ['Spring'] })),
      ).toEqual({
        code: 'FORBIDDEN',
        message: 'only a strategist or manager keeps the lists',
      })
      expect(
        await refusal(caller.workspaces.setTimeZone({ workspaceId, timeZone: 'UTC' })),
      ).toEqual({
        code: 'FORBIDDEN',
        message: 'only a strategist or manager sets the time zone',
      })
    }
    const manager = app.createCaller(contextOf('manager'))
    expect(
      (await manager.workspaces.setLists({ workspaceId, campaigns: ['Spring'] })).campaigns,
    ).toEqual(['Spring'])
  })

  it('[TEAM4] lets every member who works the boards create one, not a client', async () => {
    expect(
      await refusal(
        app.createCaller(contextOf('client')).boards.create({ workspaceId, name: 'X' }),
      ),
    ).toEqual({ code: 'FORBIDDEN', message: 'a client does not create boards' })
    for (const who of ['strategist', 'manager', 'cm'] as const) {
      const created = await app
        .createCaller(contextOf(who))
        .boards.create({ workspaceId, name: 'Y' })
      expect(created.workspaceId).toBe(workspaceId)
    }
  })

  it('leaves the board rules to strategists', async () => {
    const manager = app.createCaller(contextOf('manager'))
    const board = await manager.boards.get({ boardId })
    expect(board.roles).toEqual(['manager'])
    expect(
      await refusal(manager.boards.updateSettings({ boardId, settings: board.settings })),
    ).toEqual({
      code: 'FORBIDDEN',
      message: 'only a strategist changes the board rules',
    })
    const strategist = app.createCaller(contextOf('strategist'))
    expect(await strategist.boards.updateSettings({ boardId, settings: board.settings })).toEqual(
      board.settings,
    )
  })

  it('boardLead lets strategists and managers through, with the board in the context', async () => {
    const probe = router({
      lead: boardLead('only leads').query(({ ctx }) => ({ board: ctx.board.id, roles: ctx.roles })),
    })
    for (const who of ['strategist', 'manager'] as const) {
      expect(await probe.createCaller(contextOf(who)).lead({ boardId })).toEqual({
        board: boardId,
        roles: [who],
      })
    }
    expect(await refusal(probe.createCaller(contextOf('cm')).lead({ boardId }))).toEqual({
      code: 'FORBIDDEN',
      message: 'only leads',
    })
    expect((await refusal(probe.createCaller(contextOf('stranger')).lead({ boardId }))).code).toBe(
      'NOT_FOUND',
    )
  })
})
