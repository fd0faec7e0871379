import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeFindings, runAxe } from './axe.ts'
import { newUserContext } from './browser.ts'
import {
  assigneeName,
  cardById,
  cardDialog,
  column,
  DEMO_USERS,
  openBoard,
  STAGES,
  signIn,
} from './pauta.ts'
import { type DemoSession, demoSession } from './two-people.ts'

// [APPR1] [APPR2] The demo strategist asks the team, then the client, to approve the posts of
// one campaign ("Navidad 2026"); only those posts show their approval. Two of them go to
// review, one of which the team approves (it then waits for the client): the board, the
// calendar and the queue keep only these when filtered by "Awaiting approval".

const POLL = { timeout: 15_000 }
const CAMPAIGN = 'Navidad 2026'

let demo: DemoSession | undefined
let page: Page
let boardId: string
/** Two posts of the campaign in Calendar: the first in review by the team, the second by the client. */
let inReview: [string, string]
/** Who the second is assigned to, by name (null: nobody, and any community manager may take it). */
let clientsAssignee: string | null

beforeAll(async () => {
  demo = await demoSession(POLL.timeout)
  ;({ page, boardId } = demo)
})

afterAll(() => demo?.close())

const ofCampaign = (scope: Locator) =>
  scope.getByTestId('card').filter({ has: page.locator('.card-campaign', { hasText: CAMPAIGN }) })

/** The ids of the cards the board shows, in every column. */
async function shownCards(): Promise<string[]> {
  const ids = await Promise.all(
    STAGES.map((stage) =>
      column(page, stage)
        .getByTestId('card')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-card-id') ?? '')),
    ),
  )
  return ids.flat().sort()
}

/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(p: Page, where: string): Promise<void> {
  const findings = blocking(where, await runAxe(p))
  expect(findings.length, describeFindings(findings)).toBe(0)
}

/** Opens a card, takes a review step in its dialog, waits for its badge, and closes it. */
async function review(id: string, step: 'send' | 'approve', state: string): Promise<void> {
  await cardById(page, id).click()
  await cardDialog(page).getByTestId(`review-${step}`).click()
  await expect
    .poll(() => cardDialog(page).locator('.approval-badge').textContent(), POLL)
    .toBe(state)
  await page.keyboard.press('Escape')
  await cardDialog(page).waitFor({ state: 'detached' })
}

describe('filtering by approval', () => {
  it('asks for approval of one campaign only, chosen in the settings', async () => {
    await page.goto(`/b/${boardId}/settings`)
    await page.getByTestId('approval-internal-then-client').check()
    const campaigns = page.getByTestId('approval-campaigns')
    await campaigns.getByText(CAMPAIGN, { exact: true }).click()
    expect(await campaigns.locator('input:checked').count()).toBe(1)
    await page.locator('[aria-labelledby="approval-title"]').screenshot({
      path: '/tmp/approval-filter-settings.png',
    })
    await accessible(page, 'settings, approval for a campaign')
    await page.getByTestId('save-settings').click()
    await page.getByTestId('settings-saved').waitFor()
    // read back: the choice was stored
    await page.reload()
    expect(
      await page
        .getByTestId('approval-campaigns')
        .getByLabel(CAMPAIGN, { exact: true })
        .isChecked(),
    ).toBe(true)

    await openBoard(page, boardId)
    // a badge on each planned or scheduled post of the campaign, and on no other card
    const covered =
      (await ofCampaign(column(page, 'plan')).count()) +
      (await ofCampaign(column(page, 'calendar')).count())
    expect(covered).toBeGreaterThan(2)
    await expect.poll(() => page.getByTestId('card-approval').count(), POLL).toBe(covered)
    const badged = await page
      .getByTestId('card')
      .filter({ has: page.getByTestId('card-approval') })
      .locator('.card-campaign')
      .allTextContents()
    expect(new Set(badged)).toEqual(new Set([CAMPAIGN]))
  })

  it('keeps on the board only the posts awaiting approval, and those waiting for the client', async () => {
    const posts = ofCampaign(column(page, 'calendar'))
    const first = (await posts.nth(0).getAttribute('data-card-id')) ?? ''
    const second = (await posts.nth(1).getAttribute('data-card-id')) ?? ''
    inReview = [first, second]
    clientsAssignee = await assigneeName(cardById(page, second))
    await review(first, 'send', 'In review by the team')
    await review(second, 'send', 'In review by the team')
    await review(second, 'approve', 'Waiting for the client')

    await page.getByTestId('board-filter-approval').selectOption('in-review')
    await page.waitForURL((url) => url.searchParams.get('approval') === 'in-review')
    await expect.poll(shownCards, POLL).toEqual([...inReview].sort())
    expect(await page.getByTestId('board-filters-shown').textContent()).toBe('2 cards match')

    await page.getByTestId('board-filter-approval').selectOption('client')
    await page.waitForURL((url) => url.searchParams.get('approval') === 'client')
    await expect.poll(shownCards, POLL).toEqual([second])
    // drafts: the other posts of the campaign, none of the two
    await page.getByTestId('board-filter-approval').selectOption('draft')
    await expect.poll(async () => (await shownCards()).length, POLL).toBeGreaterThan(0)
    expect(await shownCards()).not.toContain(first)
    expect(
      await page
        .getByTestId('card-approval')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-state'))),
    ).not.toContain('in-review')

    // kept in the URL: a reload shows the same
    await page.getByTestId('board-filter-approval').selectOption('in-review')
    await page.waitForURL((url) => url.searchParams.get('approval') === 'in-review')
    await page.reload()
    await expect.poll(shownCards, POLL).toEqual([...inReview].sort())
    await page.screenshot({ path: '/tmp/approval-filter-board.png' })
    await accessible(page, 'board, filtered by approval')
  })

  it('fits the filter bar on a phone, the approval among the folded lists', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('board-filters-toggle').click()
    const select = page.getByTestId('board-filter-approval')
    await select.waitFor()
    const box = await select.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
    const overflow = await page
      .getByTestId('board-filters')
      .evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: '/tmp/approval-filter-phone.png' })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('keeps the same posts on the calendar, each with its approval', async () => {
    await page.goto(`/b/${boardId}/calendar`)
    await page.getByTestId('calendar-filter-approval').selectOption('in-review')
    // both are scheduled within two weeks: this month or the next
    const seen = new Set<string>()
    for (let month = 0; month < 2; month++) {
      const posts = page.getByTestId('calendar-post')
      for (const id of await posts.evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-card-id') ?? ''),
      ))
        seen.add(id)
      const states = await posts
        .getByTestId('approval-sign')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-state')))
      expect(states).toEqual(Array(await posts.count()).fill('in-review'))
      if (month === 0) {
        await page.screenshot({ path: '/tmp/approval-filter-calendar.png' })
        await accessible(page, 'calendar, filtered by approval')
      }
      await page.getByTestId('calendar-next').click()
    }
    expect([...seen].sort()).toEqual([...inReview].sort())
  })

  it("keeps in a community manager's queue the posts awaiting approval, with their badge", async () => {
    // the queue of whoever the post waiting for the client is assigned to (the demo account's,
    // where it is up for grabs)
    const people: Record<string, string> = {
      'Carla Gómez': DEMO_USERS.carla,
      'Diego Sánchez': DEMO_USERS.diego,
      Demo: DEMO_USERS.demo,
    }
    const email = people[clientsAssignee ?? 'Demo']
    if (!email) throw new Error(`no demo account for ${clientsAssignee}`)
    const context = await newUserContext(demo!.browser, demo!.server.url)
    context.setDefaultTimeout(POLL.timeout)
    const cm = await context.newPage()
    await signIn(cm, email)
    await cm.goto(`/b/${boardId}/queue`)
    const items = cm.getByTestId('queue-item')
    const post = items.and(cm.locator(`[data-card-id="${inReview[1]}"]`))
    await post.waitFor()
    const all = await items.count()
    expect(await post.getByTestId('queue-approval').textContent()).toBe('Waiting for the client')

    await cm.getByTestId('queue-filter-approval').selectOption('in-review')
    await expect.poll(() => items.count(), POLL).toBeLessThan(all)
    const shown = await items.evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-card-id') ?? ''),
    )
    expect(shown).toContain(inReview[1])
    for (const id of shown) expect(inReview).toContain(id)
    await cm.screenshot({ path: '/tmp/approval-filter-queue.png', fullPage: true })
    await accessible(cm, 'queue, filtered by approval')

    await cm.getByTestId('queue-filter-approval').selectOption('approved')
    await expect.poll(() => items.count(), POLL).toBe(0)
    await cm.getByTestId('queue-empty').first().waitFor()
    await context.close()
  })
})
