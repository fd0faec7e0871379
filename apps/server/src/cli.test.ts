import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import {
  createBoard,
  findUserByEmail,
  findWorkspace,
  getMemberRoles,
  listAccessChangesAfter,
  verifyApiToken,
} from '@pauta/db'
import { afterAll, describe, expect, it } from 'vitest'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'
import { callTrpc, startTestServer } from './test-server.ts'

const run = promisify(execFile)
const serverDir = path.resolve(import.meta.dirname, '..')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-cli-'))

async function pauta(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: serverDir,
        env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: serverDir },
      },
    )
    return { code: 0, stdout: stdout.trim(), stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr }
  }
}

// Each command is a process of its own that loads the whole server code (a second or two on
// a quiet machine, several times that on a busy one): the time is for a slow machine, not a
// target.
describe('admin CLI (pnpm pauta)', { timeout: 90_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('adds a user, makes them a member with roles, creates a token and lists boards', async () => {
    expect(
      (await pauta('user', 'add', 'ana@example.com', '--password', 'long enough', '--name', 'Ana'))
        .code,
    ).toBe(0)
    const member = await pauta(
      'member',
      'add',
      'Agencia Sur',
      'ana@example.com',
      '--role',
      'manager',
      '--role',
      'cm',
    )
    expect(member.stdout).toContain('manager, cm in Agencia Sur')
    const token = await pauta('token', 'create', 'ana@example.com')
    expect(token.stdout).toMatch(/^pta_[A-Za-z0-9_-]{43}$/)

    const database = await openStorage(loadEnv({ DATA_DIR: dataDir }))
    try {
      const user = await findUserByEmail(database.db, 'ana@example.com')
      const workspace = await findWorkspace(database.db, 'Agencia Sur')
      expect(await getMemberRoles(database.db, workspace!.id, user!.id)).toEqual(['manager', 'cm'])
      expect((await verifyApiToken(database.db, token.stdout))?.userId).toBe(user!.id)
      await createBoard(database.db, { workspaceId: workspace!.id, name: 'Lanzamientos' })
    } finally {
      await database.close()
    }
    const boards = JSON.parse((await pauta('board', 'list', '--json')).stdout)
    expect(boards).toMatchObject([{ name: 'Lanzamientos', workspaceName: 'Agencia Sur' }])
  })

  it('explains bad input and exits non-zero', async () => {
    const bad = await pauta('member', 'add', 'Agencia Sur', 'ana@example.com', '--role', 'owner')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('invalid input')
    const unknown = await pauta('user', 'remove')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('unknown command: user remove')
    expect((await pauta('--help')).stdout).toContain('token create <email>')
    // an id that starts with "-" (boards made before ids stopped doing so): how to pass it
    const dashed = await pauta('board', 'check', '-s4ikfhC0RMKFqGn')
    expect(dashed.code).toBe(1)
    expect(dashed.stderr).toContain('goes after "--"')
    expect(dashed.stderr).not.toContain('    at ')
  })

  it('prints a user’s calendar feed URL, the same one the server gives and serves', async () => {
    expect((await pauta('user', 'add', 'cal@example.com', '--password', 'long enough')).code).toBe(
      0,
    )
    const printed = await pauta('feed', 'url', 'cal@example.com')
    expect(printed.code).toBe(0)
    expect(printed.stdout).toMatch(
      /^http:\/\/localhost:3000\/feeds\/[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}\.ics$/,
    )
    // get-or-create: asking again prints the same URL
    expect((await pauta('feed', 'url', 'CAL@example.com')).stdout).toBe(printed.stdout)

    // A server on the same data directory (same secret, same PUBLIC_URL) agrees and serves it.
    const t = await startTestServer({
      dataDir,
      env: {
        AUTH_SECRET: readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim(),
        PUBLIC_URL: 'http://localhost:3000',
      },
    })
    try {
      const token = (await pauta('token', 'create', 'cal@example.com')).stdout
      const mine = await callTrpc(t, 'feeds.mine', null, { token })
      expect(mine.data).toMatchObject({ url: printed.stdout })
      const res = await fetch(`${t.url}${new URL(printed.stdout).pathname}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
      expect(await res.text()).toContain('BEGIN:VCALENDAR')
    } finally {
      await t.stop()
    }

    const unknown = await pauta('feed', 'url', 'nobody@example.com')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no account for nobody@example.com')
    expect((await pauta('feed', 'url')).code).toBe(1)
    expect((await pauta('--help')).stdout).toContain('feed url <email>')
  })

  it('removes a member, keeping the last strategist, and notes each change in the access log', async () => {
    for (const email of ['rosa@example.com', 'teo@example.com'])
      expect((await pauta('user', 'add', email, '--password', 'long enough')).code).toBe(0)
    expect(
      (await pauta('member', 'add', 'Agencia Norte', 'rosa@example.com', '--role', 'strategist'))
        .code,
    ).toBe(0)
    expect(
      (await pauta('member', 'add', 'Agencia Norte', 'teo@example.com', '--role', 'cm')).code,
    ).toBe(0)

    const last = await pauta('member', 'remove', 'Agencia Norte', 'rosa@example.com')
    expect(last.code).toBe(1)
    expect(last.stderr).toContain('a workspace keeps at least one strategist')
    const removed = await pauta('member', 'remove', 'Agencia Norte', 'teo@example.com')
    expect(removed.code).toBe(0)
    expect(removed.stdout).toContain('teo@example.com is no longer a member of Agencia Norte')
    const again = await pauta('member', 'remove', 'Agencia Norte', 'teo@example.com')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('teo@example.com is not a member of Agencia Norte')
    expect((await pauta('--help')).stdout).toContain('member remove <workspace> <email>')

    const database = await openStorage(loadEnv({ DATA_DIR: dataDir }))
    try {
      const workspace = await findWorkspace(database.db, 'Agencia Norte')
      const rosa = await findUserByEmail(database.db, 'rosa@example.com')
      const teo = await findUserByEmail(database.db, 'teo@example.com')
      expect(await getMemberRoles(database.db, workspace!.id, rosa!.id)).toEqual(['strategist'])
      expect(await getMemberRoles(database.db, workspace!.id, teo!.id)).toEqual([])
      // Two adds and one removal changed access; the refusals did not.
      const logged = (await listAccessChangesAfter(database.db, 0, 100)).map((c) => c.userId)
      expect(logged.filter((id) => id === rosa!.id)).toHaveLength(1)
      expect(logged.filter((id) => id === teo!.id)).toHaveLength(2)
    } finally {
      await database.close()
    }
  })
})
