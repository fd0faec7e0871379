import { appendUpdate, openDatabase } from '@pauta/db'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { launchBrowser, newUserContext } from './browser.ts'
import { DEMO_USERS, firstBoardId, openBoard, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// What a person sees when access ends or a board cannot be served: said, in their language,
// with a way on — never a spinner or a silent bounce.

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** A tRPC mutation from the page, with its cookies, as the web app sends one. */
async function mutate(page: Page, procedure: string, input: unknown): Promise<unknown> {
  const response = await page.request.post(`/trpc/${procedure}`, {
    data: input ?? {},
    headers: { 'content-type': 'application/json', origin: server.url },
  })
  const body = (await response.json()) as { result?: { data: unknown } }
  if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${JSON.stringify(body)}`)
  return body.result?.data
}

describe('access and damaged boards', () => {
  it('signing out in one tab ends the board in another, whose sign-in page says why', async () => {
    const context = await newUserContext(browser, server.url)
    try {
      const board = await context.newPage()
      await signIn(board, DEMO_USERS.marco)
      await openBoard(board, await firstBoardId(board))
      const other = await context.newPage()
      await other.goto('/')
      await mutate(other, 'auth.signOut', null)
      await board.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 })
      await expect
        .poll(() => board.getByTestId('session-ended').textContent())
        .toMatch(/session has ended/)
      // Said once: a later visit to the sign-in page is a plain one.
      await board.reload()
      await board.locator('input[name="email"]').waitFor()
      expect(await board.getByTestId('session-ended').count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  it('a board the server cannot load says so in place of the board, with a way back, on a phone and in Spanish', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      locale: 'es-ES',
    })
    try {
      const page = await context.newPage()
      await signIn(page, DEMO_USERS.demo)
      await page.goto('/')
      const boards = (await page.request.get('/trpc/boards.list').then((r) => r.json())) as {
        result: { data: Array<{ workspaceId: string }> }
      }
      const workspaceId = boards.result.data[0]!.workspaceId
      const created = (await mutate(page, 'boards.create', {
        workspaceId,
        name: 'Dañado',
      })) as { id: string }
      // A stored update cut in the middle, straight into storage (no room has the board yet).
      const doc = new Y.Doc()
      doc.getMap('cards').set('x', 'y')
      const whole = Y.encodeStateAsUpdate(doc)
      const database = await openDatabase({ dataDir: server.dataDir })
      try {
        await appendUpdate(database.db, created.id, whole.slice(0, whole.length - 4))
      } finally {
        await database.close()
      }

      await page.goto(`/b/${created.id}`)
      const message = page.getByTestId('board-damaged')
      await message.waitFor()
      expect(await message.textContent()).toMatch(/no se puede cargar.*administrador/)
      // No "offline, kept on this device" for a board this device never had.
      expect(await page.getByTestId('connection-status').count()).toBe(0)
      const box = await message.locator('p').boundingBox()
      expect(box!.x).toBeGreaterThan(0)
      expect(box!.x + box!.width).toBeLessThan(390)
      await message.getByRole('link').click()
      await page.getByTestId('board-link').first().waitFor()
      // Every other board is served as usual.
      const other = await page
        .locator(`[data-testid="board-link"]:not([data-board-id="${created.id}"])`)
        .first()
        .getAttribute('data-board-id')
      await openBoard(page, other!)
    } finally {
      await context.close()
    }
  })
})

describe('invite-only sign-up', () => {
  let inviteOnly: RunningServer
  beforeAll(async () => {
    inviteOnly = await startServer({ env: { PAUTA_SIGNUP: 'invite-only' } })
  })
  afterAll(async () => {
    await inviteOnly?.stop()
  })

  it('the sign-in page says that accounts are by invitation before anyone fills anything in', async () => {
    for (const locale of ['en-US', 'es-ES']) {
      const context = await browser.newContext({ baseURL: inviteOnly.url, locale })
      try {
        const page = await context.newPage()
        await page.goto('/sign-in')
        const notice = page.getByTestId('invite-only')
        await notice.waitFor()
        expect(await notice.textContent()).toMatch(locale === 'es-ES' ? /invitación/ : /invitation/)
      } finally {
        await context.close()
      }
    }
  })
})
