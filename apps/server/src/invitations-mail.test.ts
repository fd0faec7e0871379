import net from 'node:net'
import { INVITATION_EMAIL_LIMIT } from '@pauta/api'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServerOptions } from './app.ts'
import { addTestBoard, addTestUser, callTrpc, startTestServer } from './test-server.ts'
import { startTestSmtp, type TestSmtp } from './test-smtp.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function smtp(): Promise<TestSmtp> {
  const server = await startTestSmtp()
  cleanups.push(() => server.close())
  return server
}

/** A server (with SMTP_URL when given), a workspace named Agencia Sur and its strategist. */
async function setUp(smtpUrl: string | null, serverOptions: ServerOptions = {}) {
  const t = await startTestServer({ env: smtpUrl ? { SMTP_URL: smtpUrl } : {}, serverOptions })
  cleanups.push(() => t.dispose())
  const { workspace } = await addTestBoard(t)
  await t.database.db
    .updateTable('workspace')
    .set({ name: 'Agencia Sur', timeZone: 'Europe/Madrid' })
    .where('id', '=', workspace.id)
    .execute()
  const lead = await addTestUser(t, workspace.id, ['strategist'])
  const invite = (input: { email?: string; roles?: string[] }) =>
    callTrpc(
      t,
      'invitations.create',
      { workspaceId: workspace.id, roles: input.roles ?? ['cm'], ...input },
      { token: lead.token },
    )
  return { t, lead, invite, workspaceId: workspace.id }
}

type Created = { id: string; url: string; emailed: boolean; expiresAt: string }

describe('invitation emails', () => {
  it('an invitation for an address emails its link there; one by link alone emails nobody', async () => {
    const inbox = await smtp()
    const { t, lead, invite } = await setUp(inbox.url)
    expect((await callTrpc(t, 'server.info', undefined, { query: true })).data).toEqual({
      mail: true,
    })

    const created = (await invite({ email: 'ana@example.com', roles: ['cm', 'client'] }))
      .data as Created
    expect(created.emailed).toBe(true)
    expect(inbox.received).toHaveLength(1)
    const [mail] = inbox.received
    expect(mail?.envelopeTo).toEqual(['ana@example.com'])
    expect(mail?.subject).toBe(
      `${lead.name} invited you to “Agencia Sur” on Pauta · ${lead.name} te invitó a «Agencia Sur» en Pauta`,
    )
    expect(mail?.text).toContain(`Accept the invitation: ${created.url}`)
    expect(mail?.text).toContain(`Acepta la invitación: ${created.url}`)
    expect(mail?.text).toContain('as Community Manager, Client.')
    expect(mail?.text).toContain('como Community Manager, Cliente.')
    expect(mail?.text).toContain('(Europe/Madrid)')
    // the emailed link is the invitation's
    const preview = await callTrpc(
      t,
      'invitations.preview',
      { token: created.url.split('/invite/')[1] },
      { query: true },
    )
    expect(preview.data).toMatchObject({ workspaceName: 'Agencia Sur', email: 'ana@example.com' })

    const byLink = (await invite({})).data as Created
    expect(byLink.emailed).toBe(false)
    expect(inbox.received).toHaveLength(1)
  })

  it('without SMTP_URL, or with its server down: the invitation is made, not emailed, and says so', async () => {
    const off = await setUp(null)
    expect((await callTrpc(off.t, 'server.info', undefined, { query: true })).data).toEqual({
      mail: false,
    })
    const made = await off.invite({ email: 'ana@example.com' })
    expect(made.data).toMatchObject({ emailed: false, url: expect.stringContaining('/invite/') })

    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as net.AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const down = await setUp(`smtp://127.0.0.1:${port}`)
    const started = Date.now()
    const tried = await down.invite({ email: 'ana@example.com' })
    expect(tried.error).toBeUndefined()
    expect(tried.data).toMatchObject({ emailed: false })
    expect(Date.now() - started).toBeLessThan(3000)
    const pending = await callTrpc(
      down.t,
      'invitations.list',
      { workspaceId: down.workspaceId },
      { token: down.lead.token, query: true },
    )
    expect(pending.data).toMatchObject([{ email: 'ana@example.com' }])
  })

  it('one person sends a limited number of invitation emails an hour (20); past that the link is still made', async () => {
    expect(INVITATION_EMAIL_LIMIT).toEqual({ max: 20, windowMs: 60 * 60_000 })
    const inbox = await smtp()
    const { invite } = await setUp(inbox.url, {
      invitationEmailLimit: { max: 2, windowMs: 60 * 60_000 },
    })
    const results: Created[] = []
    for (let i = 0; i < 3; i++) {
      results.push((await invite({ email: `p${i}@example.com` })).data as Created)
    }
    expect(results.map((r) => r.emailed)).toEqual([true, true, false])
    expect(results[2]?.url).toContain('/invite/')
    expect(inbox.received.map((m) => m.envelopeTo[0])).toEqual(['p0@example.com', 'p1@example.com'])
  })
})
