import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './browser.ts'
import {
  cardById,
  cardInColumn,
  column,
  DEMO_USERS,
  firstBoardId,
  firstCardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// A phone (390×844, touch): a finger drags a card to the next column; "Move to…" from the
// card dialog; the "+" of a later stage asks what that stage needs.

const POLL = { timeout: 15_000 }
const PHONE = { width: 390, height: 844 }

let server: RunningServer | undefined
let browser: Browser | undefined
let boardId: string
/** Signed in once each: the demo account (every role), Carla (community manager), Marco. */
let demo: { context: BrowserContext; page: Page }
let carla: { context: BrowserContext; page: Page }
let observer: { context: BrowserContext; page: Page }

async function phoneContext(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({
    baseURL: server!.url,
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
    locale: 'en-US',
  })
  context.setDefaultTimeout(POLL.timeout)
  const page = await context.newPage()
  await signIn(page, email)
  return { context, page }
}

/** One finger on the screen, through the DevTools protocol, as a phone sends it. */
function finger(cdp: CDPSession) {
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(y) }],
    })
  return {
    down: (x: number, y: number) => touch('touchStart', x, y),
    async move(from: { x: number; y: number }, to: { x: number; y: number }, steps: number) {
      for (let i = 1; i <= steps; i++) {
        const at = {
          x: from.x + ((to.x - from.x) * i) / steps,
          y: from.y + ((to.y - from.y) * i) / steps,
        }
        await touch('touchMove', at.x, at.y)
        await new Promise((resolve) => setTimeout(resolve, 16))
      }
    },
    up: () => touch('touchEnd', 0, 0),
  }
}

async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox()
  if (!box) throw new Error(`${selector} is not on screen`)
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  ;[demo, carla, observer] = await Promise.all([
    phoneContext(DEMO_USERS.demo),
    phoneContext(DEMO_USERS.carla),
    phoneContext(DEMO_USERS.marco),
  ])
  boardId = await firstBoardId(demo.page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('on a phone', () => {
  it('a finger drags a card from Strategy to Plan, the next column, and the server keeps it there', async () => {
    const { context, page } = demo
    await openBoard(page, boardId)
    const id = await firstCardId(page, 'strategy')
    const cdp = await context.newCDPSession(page)
    const touch = finger(cdp)
    const start = await centreOf(page, `[data-testid="card"][data-card-id="${id}"]`)
    await touch.down(start.x, start.y)
    // the touch sensor waits for a long press (200 ms) before it lifts the card
    await page.waitForTimeout(350)
    await touch.move(start, { x: start.x + 8, y: start.y }, 2)
    await page.locator('.column[data-drop]').first().waitFor()
    // to the right edge, where the board scrolls, until Plan is under the finger
    const edge = { x: PHONE.width - 12, y: start.y }
    await touch.move({ x: start.x + 8, y: start.y }, edge, 12)
    const plan = column(page, 'plan')
    await expect
      .poll(async () => (await plan.boundingBox())?.x ?? PHONE.width, POLL)
      .toBeLessThan(PHONE.width / 2)
    const box = (await plan.boundingBox())!
    const over = { x: Math.max(box.x + 40, 40), y: start.y }
    await touch.move(edge, over, 8)
    await touch.up()
    await cardInColumn(page, 'plan', id).waitFor()
    expect(await cardById(page, id).getAttribute('data-stage')).toBe('plan')

    // what the server holds: another browser, without this one's offline copy
    await openBoard(observer.page, boardId)
    await cardInColumn(observer.page, 'plan', id).waitFor()
  })

  it('"Move to…" in the card dialog offers only the stages this person may reach, and asks what the stage needs', async () => {
    const { page } = demo
    await openBoard(page, boardId)
    const id = await firstCardId(page, 'plan')
    await cardById(page, id).click()
    const dialog = page.locator('dialog.card-dialog').first()
    await dialog.getByTestId('move-to-open').click()
    const moveTo = page.getByTestId('move-to')
    await moveTo.waitFor()
    const offered = await moveTo
      .getByTestId('move-to-option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('data-stage')))
    // from plan: back to strategy, on to calendar; published and later skip a stage
    expect(offered).toEqual(['strategy', 'calendar'])
    await moveTo.locator('[data-stage="calendar"] input').check()
    await moveTo.getByTestId('move-to-confirm').click()
    const fields = page.getByTestId('move-fields')
    await fields.waitFor()
    // calendar needs a time, a network and a community manager: the ones the card lacks
    const asked = await fields
      .locator('[name]')
      .evaluateAll((controls) => controls.map((control) => control.getAttribute('name')))
    expect(asked).toContain('scheduledAt')
    await fields.locator('[name="scheduledAt"]').fill('2031-03-14T10:30')
    if (asked.includes('network'))
      await fields.locator('[name="network"]').selectOption('instagram')
    if (asked.includes('assigneeId'))
      await fields.locator('[name="assigneeId"]').selectOption({ index: 1 })
    await fields.getByTestId('move-fields-confirm').click()
    await cardInColumn(page, 'calendar', id).waitFor()
    // the card dialog closed with the move: its form held the card as it was
    expect(await page.locator('dialog[open]').count()).toBe(0)
    const ids = await column(page, 'calendar')
      .getByTestId('card')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-card-id')))
    expect(ids.at(-1)).toBe(id)
  })

  it('`m` on a focused card opens "Move to…"; a community manager is offered only her own next step', async () => {
    const { page } = carla
    await openBoard(page, boardId)
    const mine = column(page, 'calendar').locator('[data-testid="card"][data-draggable="true"]')
    await mine.first().focus()
    await page.keyboard.press('m')
    const moveTo = page.getByTestId('move-to')
    await moveTo.waitFor()
    const offered = await moveTo
      .getByTestId('move-to-option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('data-stage')))
    expect(offered).toEqual(['published'])
    await moveTo.getByTestId('move-to-cancel').click()
    await moveTo.waitFor({ state: 'hidden' })
  })

  it('the "+" of Escalated asks for the reason and severity, and the card is created there', async () => {
    const { page } = demo
    await openBoard(page, boardId)
    await page.getByTestId('add-card-escalated').click()
    const form = page.getByTestId('new-card-dialog')
    await form.waitFor()
    const asked = await form
      .locator('[name]')
      .evaluateAll((controls) => controls.map((control) => control.getAttribute('name')))
    expect(asked).toEqual(['title', 'escalationReason', 'severity'])
    const title = `Queja en directo ${Date.now()}`
    await form.locator('[name="title"]').fill(title)
    // without a severity the form says which field is missing, and writes nothing
    await form.locator('[name="escalationReason"]').fill('Un cliente se queja en un directo')
    await form.getByTestId('new-card-submit').click()
    await form.locator('.field-severity .field-error').waitFor()
    await form.locator('[name="severity"]').selectOption('high')
    await form.getByTestId('new-card-submit').click()
    await form.waitFor({ state: 'hidden' })
    const card = column(page, 'escalated').getByTestId('card').filter({ hasText: title })
    await card.waitFor()
    expect(await card.getByTestId('severity').getAttribute('data-severity')).toBe('high')
    // the server took it: another browser sees it
    await openBoard(observer.page, boardId)
    await column(observer.page, 'escalated')
      .getByTestId('card')
      .filter({ hasText: title })
      .waitFor()
  })

  it('shows no "+" where the person may not create: a community manager past Strategy', async () => {
    const { page } = carla
    await openBoard(page, boardId)
    await page.getByTestId('add-card-strategy').waitFor()
    for (const stage of ['plan', 'calendar', 'published', 'monitored', 'escalated'])
      expect(await page.getByTestId(`add-card-${stage}`).count(), stage).toBe(0)
  })
})
