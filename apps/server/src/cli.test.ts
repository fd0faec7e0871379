import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import {
  createBoard,
  findUserByEmail,
  findWorkspace,
  getMemberRoles,
  verifyApiToken,
} from '@pauta/db'
import { afterAll, describe, expect, it } from 'vitest'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

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

describe('admin CLI (pnpm pauta)', { timeout: 30_000 }, () => {
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
  })
})
