import { describe, expect, it } from 'vitest'
import { addTestBoard, addTestUser, callTrpc, serverPerTest, sessionCookie } from './test-server.ts'

const server = serverPerTest()

const call = callTrpc

describe('API', () => {
  it('signs up and in with a password, and the HttpOnly SameSite cookie identifies the user', async () => {
    const t = await server()
    const up = await call(t, 'auth.signUp', {
      name: 'Ana',
      email: 'Ana@Example.com',
      password: 'long enough',
    })
    expect(up.status).toBe(200)
    expect(up.data).toMatchObject({ name: 'Ana', email: 'ana@example.com' })
    const setCookie = up.res.headers.getSetCookie().join('\n')
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)

    const wrong = await call(t, 'auth.signIn', { email: 'ana@example.com', password: 'not it!!' })
    expect(wrong.error?.data.code).toBe('UNAUTHORIZED')
    const signIn = await call(t, 'auth.signIn', {
      email: 'ana@example.com',
      password: 'long enough',
    })
    const me = await call(t, 'auth.me', null, { query: true, cookie: sessionCookie(signIn.res) })
    expect(me.data).toMatchObject({ email: 'ana@example.com' })
    const anonymous = await call(t, 'auth.me', null, { query: true })
    expect(anonymous.data).toBeNull()
  })

  it('explains bad input field by field and stores nothing', async () => {
    const t = await server()
    const bad = await call(t, 'auth.signUp', { name: '', email: 'nope', password: 'short' })
    expect(bad.status).toBe(400)
    expect(bad.error?.data).toMatchObject({
      code: 'BAD_REQUEST',
      zod: {
        fieldErrors: {
          email: ['enter a valid email address'],
          password: ['at least 8 characters'],
        },
      },
    })
    const again = await call(t, 'auth.signIn', { email: 'nope@example.com', password: 'short' })
    expect(again.error?.data.code).toBe('UNAUTHORIZED')
    // No stack trace, with the server's paths and library versions, in any answer.
    for (const answer of [bad, again]) {
      expect(JSON.stringify(answer.error)).not.toMatch(/stack|node_modules|\.ts:\d/)
    }
  })

  it('answers 429 after 10 failed sign-ins for one account from one address', async () => {
    const t = await server()
    await call(t, 'auth.signUp', {
      name: 'Bo',
      email: 'bo@example.com',
      password: 'right password',
    })
    for (let i = 0; i < 10; i++) {
      const failed = await call(t, 'auth.signIn', {
        email: 'bo@example.com',
        password: `wrong ${i} pw`,
      })
      expect(failed.status).toBe(401)
    }
    const blocked = await call(t, 'auth.signIn', {
      email: 'bo@example.com',
      password: 'right password',
    })
    expect(blocked.status).toBe(429)
  })

  it('scopes boards to the workspaces the caller belongs to', async () => {
    const t = await server()
    const mine = await addTestBoard(t, 'Mine')
    const theirs = await addTestBoard(t, 'Theirs')
    const me = await addTestUser(t, mine.workspace.id, ['manager'])
    const list = await call(t, 'boards.list', null, { query: true, token: me.token })
    expect((list.data as Array<{ id: string }>).map((b) => b.id)).toEqual([mine.board.id])
    const get = await call(
      t,
      'boards.get',
      { boardId: mine.board.id },
      { query: true, token: me.token },
    )
    expect(get.data).toMatchObject({ id: mine.board.id, roles: ['manager'] })
    const foreign = await call(
      t,
      'boards.get',
      { boardId: theirs.board.id },
      { query: true, token: me.token },
    )
    expect(foreign.error?.data.code).toBe('NOT_FOUND')
    const create = await call(
      t,
      'boards.create',
      { workspaceId: theirs.workspace.id, name: 'x' },
      { token: me.token },
    )
    expect(create.error?.data.code).toBe('NOT_FOUND')
    const anonymous = await call(t, 'boards.list', null, { query: true })
    expect(anonymous.status).toBe(401)
  })

  it('creates, lists and revokes API tokens; a revoked token stops working', async () => {
    const t = await server()
    const { workspace } = await addTestBoard(t)
    const me = await addTestUser(t, workspace.id, ['strategist'])
    const created = await call(t, 'tokens.create', { name: 'script' }, { token: me.token })
    const { id, token } = created.data as { id: string; token: string }
    expect(token).toMatch(/^pta_/)
    const list = await call(t, 'tokens.list', null, { query: true, token })
    expect(JSON.stringify(list.data)).not.toContain(token)
    await call(t, 'tokens.revoke', { id }, { token: me.token })
    const after = await call(t, 'boards.list', null, { query: true, token })
    expect(after.status).toBe(401)
  })

  it('refuses a cross-site form POST and a foreign Origin on mutations', async () => {
    const t = await server()
    const form = await fetch(`${t.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&email=x%40example.com&password=12345678',
    })
    expect(form.status).toBe(415)
    const foreign = await call(
      t,
      'auth.signUp',
      { name: 'x', email: 'x@example.com', password: '12345678' },
      {
        headers: { origin: 'https://evil.example' },
      },
    )
    expect(foreign.status).toBe(403)
    const sameSite = await call(
      t,
      'auth.signUp',
      { name: 'x', email: 'x@example.com', password: '12345678' },
      {
        headers: { origin: 'http://127.0.0.1:3999' },
      },
    )
    expect(sameSite.status).toBe(200)
  })

  it('limits the size of a batch', async () => {
    const t = await server()
    const batch = (n: number) => Array.from({ length: n }, () => 'auth.me').join(',')
    const ok = await fetch(`${t.url}/trpc/${batch(16)}?batch=1&input={}`)
    expect(ok.status).toBe(200)
    const tooMany = await fetch(`${t.url}/trpc/${batch(40)}?batch=1&input={}`)
    expect(tooMany.status).toBe(400)
  })

  it('reports health', async () => {
    const t = await server()
    const res = await fetch(`${t.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })
})
