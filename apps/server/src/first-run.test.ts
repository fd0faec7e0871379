import { describe, expect, it } from 'vitest'
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './demo.ts'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  serverPerTest,
  sessionCookie,
  type TestServer,
} from './test-server.ts'

const server = serverPerTest()

async function newcomer(t: TestServer, email: string): Promise<string> {
  const up = await callTrpc(t, 'auth.signUp', { name: 'Nueva', email, password: 'long enough' })
  expect(up.status).toBe(200)
  return sessionCookie(up.res)
}

describe('first run', () => {
  it('[TEAM4] starts a workspace and its first board in one step, the founder leading it', async () => {
    const t = await server()
    const cookie = await newcomer(t, 'nueva@example.com')
    const started = await callTrpc(
      t,
      'workspaces.start',
      { name: 'Estudio Sur', timeZone: 'America/Lima', boardName: 'Lanzamiento' },
      { cookie },
    )
    expect(started.status).toBe(200)
    const { workspaceId, boardId } = started.data as { workspaceId: string; boardId: string }
    const workspaces = await callTrpc(t, 'workspaces.list', null, { query: true, cookie })
    expect(workspaces.data).toEqual([
      {
        id: workspaceId,
        name: 'Estudio Sur',
        timeZone: 'America/Lima',
        roles: ['strategist', 'manager', 'cm'],
      },
    ])
    const boards = await callTrpc(t, 'boards.list', null, { query: true, cookie })
    expect(boards.data).toMatchObject([{ id: boardId, name: 'Lanzamiento', workspaceId }])
  })

  it('refuses a bad zone or a blank board name field by field, and stores nothing', async () => {
    const t = await server()
    const cookie = await newcomer(t, 'nueva@example.com')
    const bad = await callTrpc(
      t,
      'workspaces.start',
      { name: 'Estudio', timeZone: 'Mars/Olympus', boardName: '' },
      { cookie },
    )
    expect(bad.status).toBe(400)
    const data = bad.error?.data as unknown as { zod?: { fieldErrors: object } } | undefined
    const fields = data?.zod?.fieldErrors ?? {}
    expect(Object.keys(fields).sort()).toEqual(['boardName', 'timeZone'])
    const workspaces = await callTrpc(t, 'workspaces.list', null, { query: true, cookie })
    expect(workspaces.data).toEqual([])
    const anonymous = await callTrpc(t, 'workspaces.start', {
      name: 'Estudio',
      timeZone: 'UTC',
      boardName: 'Uno',
    })
    expect(anonymous.status).toBe(401)
  })

  it('names the demo account only while the demo workspace exists on the server', async () => {
    const t = await server()
    const none = await callTrpc(t, 'auth.demoAccount', null, { query: true })
    expect(none.data).toBeNull()
    await seedDemo(t.database, t.server.auth)
    const demo = await callTrpc(t, 'auth.demoAccount', null, { query: true })
    expect(demo.data).toEqual({ email: DEMO_EMAIL, password: DEMO_PASSWORD })
  })

  it('shows a pending invitation link again, and not once it is used', async () => {
    const t = await server()
    const { workspace } = await addTestBoard(t)
    const lead = await addTestUser(t, workspace.id, ['manager'])
    const created = await callTrpc(
      t,
      'invitations.create',
      { workspaceId: workspace.id, roles: ['cm'] },
      { token: lead.token },
    )
    const { id, url } = created.data as { id: string; url: string }
    const listed = async () =>
      (
        await callTrpc(
          t,
          'invitations.list',
          { workspaceId: workspace.id },
          { query: true, token: lead.token },
        )
      ).data as Array<{ id: string; url: string | null }>
    expect(await listed()).toEqual([expect.objectContaining({ id, url })])
    expect(await listed()).toEqual([expect.objectContaining({ id, url })])

    const token = url.split('/invite/')[1]
    const cookie = await newcomer(t, 'cm@example.com')
    const accepted = await callTrpc(t, 'invitations.accept', { token }, { cookie })
    expect(accepted.data).toEqual({ workspaceId: workspace.id })
    expect(await listed()).toEqual([])
  })
})
