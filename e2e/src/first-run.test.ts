import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, VIEWPORT } from './browser.ts'
import { cardById, cardInColumn, dragCardToColumn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// From zero, on a server without the demo: Ana signs up, starts a workspace and its first
// board, invites by link; Bruno opens the link, signs up and accepts; they work the board
// together. A second server, with the demo, names the demo account on its sign-in page.

const POLL = { timeout: 15_000 }
const PASSWORD = 'a long enough password'

let browser: Browser | undefined
let bare: RunningServer | undefined
let demo: RunningServer | undefined

beforeAll(async () => {
  ;[bare, demo, browser] = await Promise.all([
    startServer({ demo: false }),
    startServer(),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([bare?.stop(), demo?.stop()])
})

async function personPage(server: RunningServer, timezoneId: string): Promise<Page> {
  const context = await browser!.newContext({
    baseURL: server.url,
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId,
  })
  context.setDefaultTimeout(POLL.timeout)
  return context.newPage()
}

/**
 * Opens the sign-in page, waits until the page has heard the server about the demo account
 * (batched with other queries), and returns what the server says.
 */
async function openSignIn(page: Page): Promise<unknown> {
  const heard = page.waitForResponse((r) => r.url().includes('auth.demoAccount'))
  await page.goto('/sign-in')
  await heard
  await page.locator('input[name="email"]').waitFor()
  const body = (await (await page.request.get('/trpc/auth.demoAccount')).json()) as {
    result: { data: unknown }
  }
  return body.result.data
}

async function myId(page: Page): Promise<string> {
  const body = (await (await page.request.get('/trpc/auth.me')).json()) as {
    result: { data: { id: string } }
  }
  return body.result.data.id
}

async function boardIsLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor()
}

const avatarOf = (page: Page, userId: string) =>
  page.locator(`[data-testid="presence-avatar"][data-user-id="${userId}"]`)

describe('first run', () => {
  it('names the demo account on the sign-in page only where the demo workspace exists', async () => {
    const withDemo = await personPage(demo!, 'UTC')
    expect(await openSignIn(withDemo)).toMatchObject({ email: 'demo@pauta.app' })
    await expect
      .poll(() => withDemo.getByTestId('demo-hint').textContent(), POLL)
      .toContain('demo@pauta.app')

    const without = await personPage(bare!, 'UTC')
    expect(await openSignIn(without)).toBeNull()
    expect(await without.getByTestId('demo-hint').count()).toBe(0)
    await withDemo.context().close()
    await without.context().close()
  })

  it('a newcomer starts a workspace and board, invites by link, and works it live with the invitee', async () => {
    // Ana, from zero
    const ana = await personPage(bare!, 'America/Lima')
    await openSignIn(ana)
    await ana.getByTestId('toggle-auth-mode').click()
    await ana.locator('input[name="name"]').fill('Ana Founder')
    await ana.locator('input[name="email"]').fill('ana@example.com')
    await ana.locator('input[name="password"]').fill(PASSWORD)
    await ana.locator('form button[type="submit"]').click()

    // no invitation: the first-run form, the zone proposed from the browser
    const form = ana.getByTestId('first-run')
    await form.waitFor()
    expect(await ana.getByTestId('first-run-zone').inputValue()).toBe('America/Lima')
    await ana.getByTestId('zone-search').fill('madrid')
    expect(await ana.getByTestId('first-run-zone').inputValue()).toBe('Europe/Madrid')
    await ana.getByTestId('first-run-name').fill('Estudio Norte')
    await ana.getByTestId('first-run-boardName').fill('Lanzamiento')
    await ana.getByTestId('first-run-create').click()

    // on the new, empty board, with the guide
    await ana.waitForURL(/\/b\/[^/]+$/)
    const boardUrl = new URL(ana.url()).pathname
    await boardIsLive(ana)
    const guide = ana.getByTestId('empty-guide')
    await guide.waitFor()
    expect(await guide.textContent()).toContain('Escalated')
    expect(await ana.getByTestId('guide-rules').count()).toBe(1)

    // invite by link, as a manager, from the page the guide points to
    await ana.getByTestId('guide-invite').click()
    await ana.getByTestId('create-invite').waitFor()
    await ana.locator('input[name="role"][value="manager"]').check()
    await ana.getByTestId('create-invite').click()
    const link = (await ana.getByTestId('invite-link').textContent())?.trim() ?? ''
    expect(link).toMatch(/\/invite\/inv_/)
    // still copyable after leaving the page: the pending invitation keeps its link
    await ana.reload()
    await ana.getByTestId('copy-pending-invite').waitFor()

    // Bruno opens the link: sign-up first, then he has joined
    const bruno = await personPage(bare!, 'Europe/Madrid')
    await bruno.goto(new URL(link).pathname)
    await bruno.locator('input[name="name"]').fill('Bruno Invitado')
    await bruno.locator('input[name="email"]').fill('bruno@example.com')
    await bruno.locator('input[name="password"]').fill(PASSWORD)
    await bruno.locator('form button[type="submit"]').click()
    const joined = bruno.getByTestId('joined-notice')
    await joined.waitFor()
    expect(await joined.textContent()).toContain('Estudio Norte')
    await bruno.getByTestId('board-link').click()
    await bruno.waitForURL((url) => url.pathname === boardUrl)
    await boardIsLive(bruno)

    // Ana back on the board: a first idea, and the guide makes way for it
    await ana.goto(boardUrl)
    await boardIsLive(ana)
    await ana.getByTestId('add-card-strategy').click()
    const input = ana.getByTestId('new-card-title')
    await input.fill('Primera idea')
    await input.press('Enter')
    await input.press('Escape')
    const card = ana.getByTestId('card').filter({ hasText: 'Primera idea' })
    await card.waitFor()
    const cardId = (await card.getAttribute('data-card-id')) ?? ''
    await ana.getByTestId('empty-guide').waitFor({ state: 'detached' })

    // each sees the other
    const [anaId, brunoId] = await Promise.all([myId(ana), myId(bruno)])
    await avatarOf(ana, brunoId).waitFor()
    await avatarOf(bruno, anaId).waitFor()

    // and each other's moves, live
    await cardInColumn(bruno, 'strategy', cardId).waitFor()
    await dragCardToColumn(ana, cardId, 'plan')
    await cardInColumn(bruno, 'plan', cardId).waitFor()
    await dragCardToColumn(bruno, cardId, 'strategy')
    await cardInColumn(ana, 'strategy', cardId).waitFor()
    await expect.poll(() => cardById(ana, cardId).getAttribute('data-stage'), POLL).toBe('strategy')
  })
})
