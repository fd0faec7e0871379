import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, VIEWPORT } from './browser.ts'
import { cardById, column, DEMO_USERS, keyboardMoveRight, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// A board's first day, in Spanish: a handful of ideas, two already moved on to Plan (with
// "Move to…" and with the keyboard), then a third dragged with the mouse. The drag crosses the
// gap between the two columns; there the card was once shown in Plan, then in Strategy, then
// in Plan again, until React gave up and the page went blank.

const POLL = { timeout: 15_000 }
const IDEAS = [
  'Lanzamiento café de otoño',
  'Reel detrás de la barra',
  'Concurso de latte art',
  'Post de bienvenida',
  'Encuesta de sabores',
]

let server: RunningServer | undefined
let browser: Browser | undefined
let page: Page

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: VIEWPORT,
    locale: 'es-ES',
    timezoneId: 'Europe/Madrid',
  })
  context.setDefaultTimeout(POLL.timeout)
  page = await context.newPage()
  await signIn(page, DEMO_USERS.demo)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function newBoard(): Promise<string> {
  const boards = (await (await page.request.get('/trpc/boards.list')).json()) as {
    result: { data: Array<{ workspaceId: string }> }
  }
  const workspaceId = boards.result.data[0]?.workspaceId
  const created = (await (
    await page.request.post('/trpc/boards.create', { data: { workspaceId, name: 'Primer día' } })
  ).json()) as { result: { data: { id: string } } }
  return created.result.data.id
}

const stageOf = (title: string) =>
  page.locator('[data-testid="card"]', { hasText: title }).first().getAttribute('data-stage')

describe('a new board’s first drag', () => {
  it('crosses the gap between two columns without the page giving up', async () => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`/b/${await newBoard()}`)
    await page.getByTestId('add-card-strategy').waitFor()
    for (const title of IDEAS) {
      await page.getByTestId('add-card-strategy').click()
      await page.getByTestId('new-card-title').fill(title)
      await page.keyboard.press('Enter')
      await page.locator('[data-testid="card"]', { hasText: title }).waitFor()
    }
    await page.keyboard.press('Escape')
    // one moved on with "Move to…", one with the keyboard
    await page.locator('[data-testid="card"]', { hasText: IDEAS[0] }).focus()
    await page.keyboard.press('m')
    await page.getByTestId('move-to-confirm').click()
    await expect.poll(() => stageOf(IDEAS[0]!), POLL).toBe('plan')
    const second = page.locator('[data-testid="card"]', { hasText: IDEAS[1] })
    await keyboardMoveRight(page, (await second.getAttribute('data-card-id')) ?? '', 'plan')
    await expect.poll(() => stageOf(IDEAS[1]!), POLL).toBe('plan')
    await page.waitForTimeout(300)

    // the third, with the mouse, across the gap, pausing on the way
    const card = page.locator('[data-testid="card"]', { hasText: IDEAS[2] })
    const id = (await card.getAttribute('data-card-id')) ?? ''
    const from = await cardById(page, id).boundingBox()
    const strategy = await column(page, 'strategy').boundingBox()
    const plan = await column(page, 'plan').boundingBox()
    if (!from || !strategy || !plan) throw new Error('the board is not on screen')
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 }
    const end = { x: plan.x + plan.width / 2, y: plan.y + 120 }
    await page.mouse.move(start.x, start.y)
    await page.mouse.down()
    // steps of about 12 px: one of them stops in the gap between the columns
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(
        start.x + ((end.x - start.x) * i) / 20,
        start.y + ((end.y - start.y) * i) / 20,
      )
      await page.waitForTimeout(20)
      const x = start.x + ((end.x - start.x) * i) / 20
      if (x > strategy.x + strategy.width && x < plan.x) await page.waitForTimeout(400)
    }
    await page.waitForTimeout(400)
    expect(errors).toEqual([])
    await page.mouse.up()
    await expect.poll(() => stageOf(IDEAS[2]!), POLL).toBe('plan')
    expect(errors).toEqual([])
  })
})
