import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import {
  cardById,
  cardInColumn,
  DEMO_USERS,
  firstBoardId,
  firstCardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// A time that has passed is written only once the person confirms it: a post dragged to a
// past day on the calendar, and a card moved to Calendar with a past time. Every day of the
// previous month has passed, whatever today is.

const POLL = { timeout: 15_000 }

let server: RunningServer | undefined
let browser: Browser | undefined
let context: BrowserContext
let page: Page
let boardId: string

const dayCell = (key: string): Locator =>
  page.locator(`[data-testid="calendar-day"][data-day="${key}"]`)
const chipIn = (key: string, id: string): Locator =>
  dayCell(key).locator(`[data-testid="calendar-post"][data-card-id="${id}"]`)

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded()
  const box = await locator.boundingBox()
  if (!box) throw new Error('element is not on screen')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

async function drag(from: Locator, to: Locator): Promise<void> {
  const a = await centreOf(from)
  const b = await centreOf(to)
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move(a.x + 6, a.y + 6, { steps: 3 })
  await page.mouse.move(b.x, b.y, { steps: 20 })
  await page.mouse.move(b.x + 2, b.y + 2, { steps: 2 })
  await page.mouse.up()
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(POLL.timeout)
  page = await context.newPage()
  await signIn(page, DEMO_USERS.demo)
  boardId = await firstBoardId(page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('a time that has passed', () => {
  it('a post dragged to a past day asks first: cancel leaves it, confirm moves it', async () => {
    await page.goto(`/b/${boardId}/calendar`)
    await page.getByTestId('calendar-month').waitFor()
    await page.getByTestId('calendar-prev').click()
    const days = page.locator('[data-testid="calendar-day"]:not(.is-outside)')
    await days.nth(27).waitFor()
    const [from, to] = await Promise.all([
      days.nth(9).getAttribute('data-day'),
      days.nth(11).getAttribute('data-day'),
    ])
    if (!from || !to) throw new Error('the month has no day keys')

    // created on a past day: the dialog asks once, then adds it
    await page.locator(`[data-testid="calendar-add"][data-day="${from}"]`).first().click()
    const dialog = page.getByTestId('calendar-dialog')
    const title = `Post atrasado ${Date.now()}`
    await dialog.getByTestId('calendar-dialog-title').fill(title)
    await dialog.getByTestId('calendar-dialog-network').selectOption('instagram')
    await dialog.getByTestId('calendar-dialog-cm').selectOption({ index: 1 })
    await dialog.getByTestId('calendar-dialog-submit').click()
    await dialog.getByTestId('past-time-warning').waitFor()
    await dialog.getByTestId('calendar-dialog-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    const chip = page.locator('[data-testid="calendar-post"]', { hasText: title })
    const id = await chip.getAttribute('data-card-id')
    if (!id) throw new Error('the new post has no card id')

    await drag(chipIn(from, id), dayCell(to))
    const ask = page.getByTestId('past-time')
    await ask.waitFor()
    await ask.getByTestId('past-time-cancel').click()
    await ask.waitFor({ state: 'hidden' })
    expect(await chipIn(from, id).count()).toBe(1)

    await drag(chipIn(from, id), dayCell(to))
    await ask.getByTestId('past-time-confirm').click()
    await chipIn(to, id).waitFor()
    expect(await chipIn(from, id).count()).toBe(0)

    // the server took the new day: a fresh browser sees it there
    const other = await newUserContext(browser!, server!.url)
    try {
      const fresh = await other.newPage()
      await signIn(fresh, DEMO_USERS.marco)
      await fresh.goto(`/b/${boardId}/calendar`)
      await fresh.getByTestId('calendar-month').waitFor()
      await fresh.getByTestId('calendar-prev').click()
      await fresh
        .locator(`[data-testid="calendar-day"][data-day="${to}"] [data-card-id="${id}"]`)
        .waitFor()
    } finally {
      await other.close()
    }
  })

  it('a card moved to Calendar with a past time is moved only once the person confirms it', async () => {
    await openBoard(page, boardId)
    const id = await firstCardId(page, 'plan')
    await cardById(page, id).click()
    await page.getByTestId('move-to-open').click()
    const moveTo = page.getByTestId('move-to')
    await moveTo.locator('[data-stage="calendar"] input').check()
    await moveTo.getByTestId('move-to-confirm').click()
    const fields = page.getByTestId('move-fields')
    await fields.locator('[name="scheduledAt"]').fill('2020-01-06T10:00')
    if (await fields.locator('[name="network"]').count())
      await fields.locator('[name="network"]').selectOption('instagram')
    if (await fields.locator('[name="assigneeId"]').count())
      await fields.locator('[name="assigneeId"]').selectOption({ index: 1 })
    await fields.getByTestId('move-fields-confirm').click()
    await fields.getByTestId('past-time-warning').waitFor()
    expect(await cardById(page, id).getAttribute('data-stage')).toBe('plan')
    await fields.getByTestId('move-fields-confirm').click()
    await fields.waitFor({ state: 'hidden' })
    await cardInColumn(page, 'calendar', id).waitFor()
  })
})
