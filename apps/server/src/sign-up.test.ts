import { createInvitation, getMemberRoles, revokeInvitation } from '@pauta/db'
import { afterEach, describe, expect, it } from 'vitest'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  sessionCookie,
  startTestServer,
  type TestServer,
} from './test-server.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const t = await startTestServer(opts)
  cleanups.push(() => t.dispose())
  return t
}

let accounts = 0
const newEmail = () => `new${++accounts}-${Date.now()}@example.com`
const PASSWORD = 'a long enough password'

function signUp(
  t: TestServer,
  input: { email: string; invitation?: string },
  from?: string,
): ReturnType<typeof callTrpc> {
  return callTrpc(
    t,
    'auth.signUp',
    { name: 'New Person', password: PASSWORD, ...input },
    from ? { headers: { 'x-forwarded-for': from } } : {},
  )
}

describe('sign-up limit per address', () => {
  it('refuses the 11th attempt from one address within the hour with 429; another address still signs up', async () => {
    // TRUST_PROXY=on: the test plays a proxy on this machine forwarding several clients.
    const t = await server({ env: { TRUST_PROXY: 'on' } })
    const taken = newEmail()
    expect((await signUp(t, { email: taken }, '203.0.113.1')).status).toBe(200)
    // Successful or not, every attempt counts: refusals tell as much as successes.
    for (let i = 0; i < 4; i++)
      expect((await signUp(t, { email: newEmail() }, '203.0.113.1')).status).toBe(200)
    for (let i = 0; i < 5; i++)
      expect((await signUp(t, { email: taken }, '203.0.113.1')).status).toBe(409)

    const eleventh = await signUp(t, { email: newEmail() }, '203.0.113.1')
    expect(eleventh.status).toBe(429)
    // Says when to come back, in seconds: at most the hour.
    expect(Number(eleventh.res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(eleventh.res.headers.get('retry-after'))).toBeLessThanOrEqual(3600)
    expect(eleventh.error?.data.code).toBe('TOO_MANY_REQUESTS')
    expect(eleventh.error?.message).toMatch(
      /too many sign-ups from this address; try again in \d+ minutes/,
    )
    // what the client writes itself in front of the proxy's entry changes nothing
    const spoofed = await signUp(t, { email: newEmail() }, '198.51.100.50, 203.0.113.1')
    expect(spoofed.status).toBe(429)

    const elsewhere = await signUp(t, { email: newEmail() }, '203.0.113.2')
    expect(elsewhere.status).toBe(200)
  })

  it('takes its limit from the server options', async () => {
    const t = await server({ serverOptions: { signUpLimit: { max: 2, windowMs: 60_000 } } })
    expect((await signUp(t, { email: newEmail() })).status).toBe(200)
    expect((await signUp(t, { email: newEmail() })).status).toBe(200)
    expect((await signUp(t, { email: newEmail() })).status).toBe(429)
  })
})

describe('sign-up for an email that has an account', () => {
  it('is refused with a neutral message that points to signing in', async () => {
    const t = await server()
    const email = newEmail()
    expect((await signUp(t, { email })).status).toBe(200)
    const again = await signUp(t, { email: email.toUpperCase() })
    expect(again.status).toBe(409)
    expect(again.error?.message).toBe(
      'could not create an account with this email; if you already have one, sign in',
    )
    expect(again.error?.message).not.toMatch(/exists/)
    expect(sessionCookie(again.res)).toBe('')
  })
})

describe('PAUTA_SIGNUP', () => {
  it('open by default, and the web app can ask', async () => {
    const t = await server()
    const mode = await callTrpc(t, 'auth.signUpMode', null, { query: true })
    expect(mode.data).toBe('open')
    expect((await signUp(t, { email: newEmail() })).status).toBe(200)
  })

  it('invite-only: refuses a stranger; accepts the invited email and the holder of a pending link', async () => {
    const t = await server({ env: { PAUTA_SIGNUP: 'invite-only' } })
    const mode = await callTrpc(t, 'auth.signUpMode', null, { query: true })
    expect(mode.data).toBe('invite-only')
    const { workspace } = await addTestBoard(t)
    const lead = await addTestUser(t, workspace.id, ['manager'])
    const invite = (email: string | null, now?: Date) =>
      createInvitation(t.database.db, {
        workspaceId: workspace.id,
        roles: ['cm'],
        email,
        createdBy: lead.id,
        ...(now ? { now } : {}),
      })

    const stranger = await signUp(t, { email: newEmail() })
    expect(stranger.status).toBe(403)
    expect(stranger.error?.data.code).toBe('FORBIDDEN')
    expect(stranger.error?.message).toBe('sign-up is by invitation only on this server')
    expect(sessionCookie(stranger.res)).toBe('')

    // An invitation addressed to an email lets that email sign up, in any letter case.
    const invitedEmail = newEmail()
    await invite(invitedEmail)
    const invited = await signUp(t, { email: invitedEmail.toUpperCase() })
    expect(invited.status).toBe(200)
    expect(invited.data).toMatchObject({ email: invitedEmail })

    // A link for anyone lets whoever holds it sign up, with any email, then accept it.
    const link = await invite(null)
    const holderEmail = newEmail()
    const holder = await signUp(t, { email: holderEmail, invitation: link.token })
    expect(holder.status).toBe(200)
    const accepted = await callTrpc(
      t,
      'invitations.accept',
      { token: link.token },
      { cookie: sessionCookie(holder.res) },
    )
    expect(accepted.data).toEqual({ workspaceId: workspace.id })
    const holderId = (holder.data as { id: string }).id
    expect(await getMemberRoles(t.database.db, workspace.id, holderId)).toEqual(['cm'])
    // Used up, the link opens no more sign-ups.
    expect((await signUp(t, { email: newEmail(), invitation: link.token })).status).toBe(403)

    // Not pending (revoked, expired) or not for this email: refused.
    const revoked = await invite(null)
    await revokeInvitation(t.database.db, workspace.id, revoked.id)
    expect((await signUp(t, { email: newEmail(), invitation: revoked.token })).status).toBe(403)
    const expiredEmail = newEmail()
    await invite(expiredEmail, new Date(Date.now() - 30 * 24 * 3600_000))
    expect((await signUp(t, { email: expiredEmail })).status).toBe(403)
    const forSomeoneElse = await invite(newEmail())
    const wrongEmail = await signUp(t, { email: newEmail(), invitation: forSomeoneElse.token })
    expect(wrongEmail.status).toBe(403)
    expect(
      (await signUp(t, { email: newEmail(), invitation: 'inv_not-a-real-token' })).status,
    ).toBe(403)
  })
})
