import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS, firstBoardId, type SignedIn, signIn } from './pauta.ts'
import { startTwoPeople, type TwoPeople } from './two-people.ts'

// The community manager's day, in two browsers: Marco (manager) schedules a post for Carla
// (community manager) in the calendar; Carla finds it in My posts and on the calendar,
// publishes it and escalates it; Marco resolves it from the escalation inbox; a calendar
// drag in one browser moves the post in the other. The steps build on each other, in order.

const POLL = { timeout: 15_000 }

let people: TwoPeople | undefined
let marcoPage: Page
let carlaPage: Page
let carla: SignedIn
let boardId: string
/** The day the new posts go on (in the demo workspace's zone), and the day after. */
let day: string
let nextDay: string
let postId: string
const title = `Reel de prueba ${Date.now()}`

/** YYYY-MM-DD of an instant in a zone. */
function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}

const view = (page: Page, name: 'queue' | 'calendar' | 'escalations') =>
  page.goto(`/b/${boardId}/${name}`)

const post = (page: Page, id: string): Locator =>
  page.locator(`[data-testid="calendar-post"][data-card-id="${id}"]`)

const dayCell = (page: Page, key: string): Locator =>
  page.locator(`[data-testid="calendar-day"][data-day="${key}"]`)

const queueItem = (page: Page, id: string): Locator =>
  page.locator(`[data-testid="queue-item"][data-card-id="${id}"]`)

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded()
  const box = await locator.boundingBox()
  if (!box) throw new Error('element is not on screen')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Creates a post on `key` through the calendar's "+" of that day; returns its card id. */
async function createPost(
  page: Page,
  key: string,
  name: string,
  campaign?: string,
): Promise<string> {
  await page.locator(`[data-testid="calendar-add"][data-day="${key}"]`).first().click()
  const dialog = page.getByTestId('calendar-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('calendar-dialog-title').fill(name)
  await dialog.getByTestId('calendar-dialog-network').selectOption('instagram')
  await dialog.getByTestId('calendar-dialog-cm').selectOption(carla.id)
  if (campaign) await dialog.getByTestId('calendar-dialog-campaign').fill(campaign)
  await dialog.getByTestId('calendar-dialog-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  const chip = page.locator('[data-testid="calendar-post"]', { hasText: name })
  await chip.waitFor(POLL)
  const id = await chip.getAttribute('data-card-id')
  if (!id) throw new Error('the new post has no card id')
  return id
}

beforeAll(async () => {
  people = await startTwoPeople(POLL.timeout)
  ;({ pageA: marcoPage, pageB: carlaPage } = people)
  await signIn(marcoPage, DEMO_USERS.marco)
  carla = await signIn(carlaPage, DEMO_USERS.carla)
  boardId = await firstBoardId(marcoPage)
  // The demo workspace schedules in Mexico City; the calendar shows its days.
  // Two days ahead, and the day after it in the same month (one month page shows both).
  const zone = 'America/Mexico_City'
  const at = (days: number) => dayIn(new Date(Date.now() + days * 86_400_000), zone)
  const ahead = at(2).slice(0, 7) === at(3).slice(0, 7) ? 2 : 3
  day = at(ahead)
  nextDay = at(ahead + 1)
})

afterAll(async () => {
  await people?.close()
})

describe('the community manager’s day', () => {
  it('a manager schedules a post for a CM on the calendar; the CM sees it on the calendar and in My posts', async () => {
    await Promise.all([view(marcoPage, 'calendar'), view(carlaPage, 'calendar')])
    await marcoPage.getByTestId('calendar-month').waitFor()
    // the post lands in next month's grid when "two days from now" crosses the month end
    if ((await dayCell(marcoPage, day).count()) === 0) {
      await marcoPage.getByTestId('calendar-next').click()
      await carlaPage.getByTestId('calendar-next').click()
    }
    postId = await createPost(marcoPage, day, title)

    await post(carlaPage, postId).waitFor(POLL)
    expect(await dayCell(carlaPage, day).locator(`[data-card-id="${postId}"]`).count()).toBe(1)
    // a CM creates nothing in the calendar: no "+" for Carla
    expect(await carlaPage.getByTestId('calendar-add').count()).toBe(0)

    await view(carlaPage, 'queue')
    await queueItem(carlaPage, postId).waitFor(POLL)
    // scheduled, not yet published: in one of the dated groups, not in "following"
    const group = await queueItem(carlaPage, postId)
      .locator('xpath=ancestor::*[starts-with(@data-testid, "queue-group-")][1]')
      .getAttribute('data-testid')
    expect(['queue-group-today', 'queue-group-thisWeek', 'queue-group-later']).toContain(group)
  })

  it('the CM publishes it and escalates it as high, from My posts', async () => {
    const item = queueItem(carlaPage, postId)
    await item.getByTestId('queue-publish').click()
    const dialog = carlaPage.getByTestId('queue-dialog')
    await dialog.waitFor()
    await dialog.locator('input[type="url"]').fill('https://www.instagram.com/p/prueba123/')
    await dialog.getByTestId('queue-dialog-submit').click()
    await dialog.waitFor({ state: 'hidden' })

    await item.getByTestId('queue-escalate').waitFor(POLL)
    await item.getByTestId('queue-escalate').click()
    await dialog.waitFor()
    await dialog.locator('textarea').first().fill('Un cliente se queja en los comentarios')
    await dialog.locator('select').first().selectOption('high')
    await dialog.getByTestId('queue-dialog-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    // now waiting on a manager: it shows among the posts Carla follows
    await carlaPage
      .locator(
        `[data-testid="queue-group-following"] [data-testid="queue-item"][data-card-id="${postId}"]`,
      )
      .waitFor(POLL)
  })

  it('the manager sees it in the escalation inbox with its SLA countdown, and resolves it', async () => {
    await view(marcoPage, 'escalations')
    const item = marcoPage.locator(`[data-testid="escalation-item"][data-card-id="${postId}"]`)
    await item.waitFor(POLL)
    // high: four hours to answer, nearly all of them left
    const countdown = (await item.getByTestId('escalation-countdown').textContent()) ?? ''
    expect(countdown).toMatch(/3\s*h|4\s*h/)
    expect(await item.getByTestId('escalation-breached').count()).toBe(0)
    // the manager was told, live, under the bell
    await marcoPage.getByTestId('notification-count').waitFor(POLL)

    await item.getByTestId('escalation-resolve').click()
    const dialog = marcoPage.getByTestId('queue-dialog')
    await dialog.waitFor()
    await dialog.getByTestId('escalation-resolve-monitored').check()
    await dialog.locator('textarea').fill('Respondimos por mensaje directo y ofrecimos un cupón.')
    await dialog.getByTestId('escalation-dialog-submit').click()
    await item.waitFor({ state: 'detached', timeout: POLL.timeout })

    // Carla hears her escalation was resolved, and the post is back in monitoring
    await carlaPage.getByTestId('notification-count').waitFor(POLL)
    await carlaPage.getByTestId('notification-bell').click()
    await carlaPage
      .locator('[data-testid="notification-item"][data-kind="resolved"]')
      .first()
      .waitFor(POLL)
    await carlaPage.keyboard.press('Escape')
  })

  it('a calendar drag in one browser reschedules the post in the other', async () => {
    await Promise.all([view(marcoPage, 'calendar'), view(carlaPage, 'calendar')])
    await marcoPage.getByTestId('calendar-month').waitFor()
    for (const page of [marcoPage, carlaPage]) {
      if ((await dayCell(page, day).count()) === 0) await page.getByTestId('calendar-next').click()
    }
    // a campaign of its own, to filter the calendars down to this post: a busy demo day
    // shows three posts and folds the rest under "+N more"
    const campaign = `Prueba ${Date.now()}`
    const moving = await createPost(marcoPage, day, `${title} (bis)`, campaign)
    for (const page of [marcoPage, carlaPage]) {
      const filter = page.getByTestId('calendar-filter-campaign')
      await filter.locator(`option[value="${campaign}"]`).waitFor({ state: 'attached', ...POLL })
      await filter.selectOption(campaign)
    }
    await post(carlaPage, moving).waitFor(POLL)

    const from = await centreOf(post(marcoPage, moving))
    const target = dayCell(marcoPage, nextDay)
    const to = await centreOf(target)
    await marcoPage.mouse.move(from.x, from.y)
    await marcoPage.mouse.down()
    await marcoPage.mouse.move(from.x + 6, from.y + 6, { steps: 3 })
    await marcoPage.mouse.move(to.x, to.y, { steps: 20 })
    await marcoPage.mouse.move(to.x + 2, to.y + 2, { steps: 2 })
    await marcoPage.mouse.up()

    await dayCell(marcoPage, nextDay).locator(`[data-card-id="${moving}"]`).waitFor(POLL)
    await dayCell(carlaPage, nextDay).locator(`[data-card-id="${moving}"]`).waitFor(POLL)
    expect(await dayCell(carlaPage, day).locator(`[data-card-id="${moving}"]`).count()).toBe(0)
  })
})
