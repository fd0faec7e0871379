import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import { DEMO_USERS, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// An invitation for an address: with SMTP_URL the server emails the link and the page says to
// whom; without it the page says no email went, so the link must be sent by hand.

/** Who each email the test SMTP server accepted was for. */
const recipients: string[][] = []
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    stream.resume()
    stream.on('end', () => {
      recipients.push(session.envelope.rcptTo.map((to) => to.address))
      callback()
    })
  },
})

let withMail: RunningServer
let withoutMail: RunningServer
let browser: Browser

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
  const { port } = smtp.server.address() as AddressInfo
  ;[withMail, withoutMail, browser] = await Promise.all([
    startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } }),
    startServer(),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await withMail?.stop()
  await withoutMail?.stop()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

/** Estela (a strategist) on her workspace's members page. */
async function workspacePage(server: RunningServer): Promise<Page> {
  const context = await newUserContext(browser, server.url)
  const page = await context.newPage()
  await signIn(page, DEMO_USERS.estela)
  const listed = await page.request.get('/trpc/workspaces.list')
  const body = (await listed.json()) as { result: { data: Array<{ id: string }> } }
  await page.goto(`/w/${body.result.data[0]!.id}`)
  await page.getByTestId('create-invite').waitFor()
  return page
}

/** The hint under the invitation's email field. */
async function emailHint(page: Page): Promise<string> {
  const id = await page.getByTestId('invite-email').getAttribute('aria-describedby')
  return (await page.locator(`[id="${id}"]`).textContent()) ?? ''
}

async function inviteByEmail(page: Page, email: string): Promise<string> {
  await page.getByTestId('invite-email').fill(email)
  await page.getByTestId('create-invite').click()
  const status = page.getByTestId('invite-email-status')
  await status.waitFor()
  return (await status.textContent()) ?? ''
}

describe('invitation emails', () => {
  it('with SMTP configured, the link is emailed and the page says to whom', async () => {
    const page = await workspacePage(withMail)
    await expect.poll(() => emailHint(page)).toContain('The link is emailed to them')
    expect(await inviteByEmail(page, 'nuevo@example.com')).toBe('Email sent to nuevo@example.com.')
    expect(await page.getByTestId('invite-link').textContent()).toContain('/invite/')
    expect(recipients).toEqual([['nuevo@example.com']])
    await page.context().close()
  })

  it('without SMTP, the page says no email was sent: copy the link', async () => {
    const page = await workspacePage(withoutMail)
    expect(await inviteByEmail(page, 'nuevo@example.com')).toBe(
      'No email was sent (this server has no SMTP configured): copy the link and send it yourself.',
    )
    expect(await emailHint(page)).toContain('No email is sent')
    expect(recipients).toHaveLength(1)
    await page.context().close()
  })
})
