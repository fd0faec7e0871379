import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, VIEWPORT } from './browser.ts'
import {
  assigneeName,
  cardById,
  column,
  DEMO_USERS,
  firstBoardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

/**
 * One clock: the demo workspace keeps America/Mexico_City. Marco (manager) works from Tokyo
 * and schedules a post for 11:43 tomorrow, typed on the workspace's clock; Carla (community
 * manager) reads it from Madrid, in Spanish. Everywhere she looks — the board card, the card
 * dialog, her queue, the calendar, the notification — it says 11:43, with 18:43 (her time)
 * beside it. Mexico City keeps UTC-6 all year; Madrid is UTC+1 in winter, UTC+2 in summer.
 */

const WORKSPACE_TIME = '11:43'
const POLL = { timeout: 15_000 }

let server: RunningServer
let browser: Browser
let marco: Page
let carla: Page

function person(timezoneId: string, locale: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.url, viewport: VIEWPORT, locale, timezoneId })
}

/** Tomorrow's date in Mexico City, as a date input writes it. */
function tomorrowInMexico(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(
    new Date(Date.now() + 24 * 3600_000),
  )
  return parts // YYYY-MM-DD
}

/** 11:43 in Mexico City that day, on a Madrid clock ("18:43", or "19:43" in summer). */
function madridTime(day: string): string {
  const instant = new Date(`${day}T${WORKSPACE_TIME}:00-06:00`)
  return new Intl.DateTimeFormat('es', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Europe/Madrid',
  }).format(instant)
}

/** The first calendar card someone other than Carla has: assigning it to her notifies her. */
async function cardNotCarlas(page: Page): Promise<string> {
  const cards = column(page, 'calendar').getByTestId('card')
  await cards.first().waitFor()
  for (const card of await cards.all()) {
    if ((await assigneeName(card)) !== 'Carla Gómez') {
      const id = await card.getAttribute('data-card-id')
      if (id) return id
    }
  }
  throw new Error('every calendar card of the demo is Carla’s')
}

/** Finds the post on the month calendar: behind a day's "+N more", or in next month. */
async function showPost(page: Page, chip: Locator): Promise<void> {
  for (let month = 0; month < 2; month++) {
    await page.getByTestId('calendar-title').waitFor()
    for (const more of await page.getByTestId('calendar-more').all()) await more.click()
    if ((await chip.count()) > 0) return
    await page.getByTestId('calendar-next').click()
  }
}

async function expectBoth(clock: Locator, viewer: string) {
  await expect
    .poll(() => clock.getByTestId('clock-workspace').textContent(), POLL)
    .toContain(WORKSPACE_TIME)
  expect(await clock.getByTestId('clock-viewer').textContent()).toContain(viewer)
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const tokyo = await person('Asia/Tokyo', 'en-US')
  const madrid = await person('Europe/Madrid', 'es-ES')
  for (const context of [tokyo, madrid]) context.setDefaultTimeout(15_000)
  marco = await tokyo.newPage()
  carla = await madrid.newPage()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('one clock', { timeout: 60_000 }, () => {
  it('a post reads the workspace’s time everywhere, the device’s beside it', async () => {
    const day = tomorrowInMexico()
    const viewer = madridTime(day)

    // Marco, in Tokyo, types 11:43: the workspace's 11:43, not Tokyo's
    await signIn(marco, DEMO_USERS.marco)
    const boardId = await firstBoardId(marco)
    await openBoard(marco, boardId)
    const cardId = await cardNotCarlas(marco)
    await cardById(marco, cardId).click()
    const dialog = marco.getByRole('dialog')
    await dialog.locator('[name="assigneeId"]').selectOption({ label: 'Carla Gómez' })
    await dialog.locator('[name="scheduledAt"]').fill(`${day}T${WORKSPACE_TIME}`)
    await dialog.getByTestId('save-card').click()
    await dialog.waitFor({ state: 'hidden' })
    const marcosCard = cardById(marco, cardId).getByTestId('clock')
    // Tokyo is 15 hours ahead: 02:43 the next day
    await expectBoth(marcosCard, '2:43')

    // Carla, in Madrid: the board card
    await signIn(carla, DEMO_USERS.carla)
    await openBoard(carla, boardId)
    const card = cardById(carla, cardId)
    await expectBoth(card.getByTestId('clock'), viewer)
    expect(await card.getByTestId('clock-viewer').textContent()).toContain('en tu hora')
    expect(await card.getByTestId('clock-viewer').getAttribute('title')).toContain('Europe/Madrid')

    // the card dialog: the input holds the workspace's wall time, the hint her own
    await card.click()
    const carlasDialog = carla.getByRole('dialog')
    const input = carlasDialog.locator('[name="scheduledAt"]')
    expect(await input.inputValue()).toBe(`${day}T${WORKSPACE_TIME}`)
    expect(await input.getAttribute('aria-describedby')).toContain('-hint')
    const hint = await carla.locator(`[id="${await input.getAttribute('id')}-hint"]`).textContent()
    expect(hint).toContain('America/Mexico City')
    expect(hint).toContain(viewer)
    await carla.keyboard.press('Escape')
    await carlasDialog.waitFor({ state: 'hidden' })

    // her queue
    await carla.goto(`/b/${boardId}/queue`)
    const item = carla.locator(`[data-testid="queue-item"][data-card-id="${cardId}"]`)
    await expectBoth(item.getByTestId('clock'), viewer)

    // the calendar: the chip says the workspace's time, its title her own too
    await carla.goto(`/b/${boardId}/calendar`)
    await carla.getByTestId('calendar-view').waitFor()
    const chip = carla.locator(`[data-testid="calendar-post"][data-card-id="${cardId}"]`)
    await showPost(carla, chip)
    await expect.poll(() => chip.locator('time').textContent(), POLL).toBe(WORKSPACE_TIME)
    expect(await chip.getAttribute('title')).toContain(`${viewer} en tu hora`)

    // the notification of the assignment
    await carla.getByTestId('notification-bell').click()
    const note = carla.locator('[data-testid="notification-item"][data-kind="assigned"]').first()
    await expect.poll(() => note.textContent(), POLL).toContain(WORKSPACE_TIME)
    expect(await note.textContent()).toContain(`${viewer} en tu hora`)
  })
})
