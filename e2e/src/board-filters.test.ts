import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import {
  assigneeName,
  column,
  columnCount,
  DEMO_USERS,
  firstBoardId,
  keyboardMoveRight,
  openBoard,
  STAGES,
  type Stage,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// The board's filter bar on the demo board, as the demo account (strategist, manager and CM):
// search, counts, the URL, the `/` key, and a keyboard move under a filter. "Only mine" is
// Carla's (a community manager with posts of her own).

const POLL = { timeout: 15_000 }

let server: RunningServer | undefined
let browser: Browser | undefined
let page: Page
let boardId: string
/** Every column's count before any filter. */
const totals = {} as Record<Stage, number>

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(POLL.timeout)
  page = await context.newPage()
  await signIn(page, DEMO_USERS.demo)
  boardId = await firstBoardId(page)
  await openBoard(page, boardId)
  for (const stage of STAGES) totals[stage] = await columnCount(page, stage)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

// (a string, not a function: this file is typed for Node, without the DOM library)
const FOCUSED = "document.activeElement?.getAttribute('data-testid') ?? null"

const search = (p: Page) => p.getByTestId('board-search')
const params = (p: Page) => new URL(p.url()).searchParams

/** The ids of the cards each column shows. */
async function shownIds(p: Page): Promise<Record<Stage, string[]>> {
  const entries = await Promise.all(
    STAGES.map(async (stage) => {
      const cards = column(p, stage).getByTestId('card')
      const ids = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-card-id')))
      return [stage, ids.filter((id): id is string => id !== null)]
    }),
  )
  return Object.fromEntries(entries) as Record<Stage, string[]>
}

/** Waits until every column reads "matching of total", matching being the cards it shows. */
async function expectFilteredCounts(p: Page): Promise<Record<Stage, string[]>> {
  await expect
    .poll(async () => {
      const shown = await shownIds(p)
      const texts = await Promise.all(
        STAGES.map((stage) => p.getByTestId(`column-count-${stage}`).textContent()),
      )
      return STAGES.every(
        (stage, i) => texts[i]?.trim() === `${shown[stage].length} of ${totals[stage]}`,
      )
    }, POLL)
    .toBe(true)
  return shownIds(p)
}

async function plainBoard(p: Page): Promise<void> {
  await p.goto(`/b/${boardId}`)
  await p.getByTestId('card').first().waitFor()
}

describe('board filters', () => {
  it('searches ignoring case and accents, and counts matching of total', async () => {
    await search(page).fill('cafe')
    await page.waitForURL((url) => url.searchParams.get('q') === 'cafe')
    const cafe = await expectFilteredCounts(page)
    // "cafe" finds "Café"...
    await column(page, 'plan').getByText('Video receta: café de olla').waitFor()
    expect(Object.values(cafe).flat().length).toBeGreaterThan(3)
    expect(Object.values(cafe).flat().length).toBeLessThan(
      Object.values(totals).reduce((a, b) => a + b),
    )

    // ...and "CAFÉ" finds "cafe" (in "cafeína"): the same cards either way
    await search(page).fill('CAFÉ')
    await page.waitForURL((url) => url.searchParams.get('q') === 'CAFÉ')
    await column(page, 'monitored').getByText('Hilo: mitos sobre la cafeína').waitFor()
    expect(await expectFilteredCounts(page)).toEqual(cafe)
    await expect
      .poll(() => page.getByTestId('board-filters-shown').textContent(), POLL)
      .toBe(`${Object.values(cafe).flat().length} cards match`)

    await page.getByTestId('board-filters-clear').click()
    await expect.poll(() => params(page).toString()).toBe('')
    await expect.poll(() => columnCount(page, 'plan'), POLL).toBe(totals.plan)
    expect(await search(page).inputValue()).toBe('')
  })

  it('keeps the filters in the URL: a reload shows the same, Back takes a choice back', async () => {
    await plainBoard(page)
    await page.getByTestId('board-filter-network').selectOption('instagram')
    await page.waitForURL((url) => url.searchParams.get('network') === 'instagram')
    await search(page).fill('café')
    await page.waitForURL((url) => url.searchParams.get('q') === 'café')
    await page.getByTestId('board-filter-mine').click()
    await page.waitForURL((url) => url.searchParams.get('mine') === '1')
    // the demo account holds no post: nothing matches, and the board says so
    await page.getByTestId('board-filters-nothing').waitFor()

    await page.reload()
    await page.getByTestId('board-filters-nothing').waitFor()
    expect(await search(page).inputValue()).toBe('café')
    expect(await page.getByTestId('board-filter-network').inputValue()).toBe('instagram')
    expect(await page.getByTestId('board-filter-mine').getAttribute('aria-pressed')).toBe('true')
    expect(await page.getByTestId('column-count-strategy').textContent()).toBe(
      `0 of ${totals.strategy}`,
    )

    // Back: "only mine" goes; the network and the search (typed in the same step) stay
    await page.goBack()
    await page.waitForURL((url) => !url.searchParams.has('mine'))
    expect(params(page).get('network')).toBe('instagram')
    await expect
      .poll(() => page.getByTestId('board-filter-mine').getAttribute('aria-pressed'), POLL)
      .toBe('false')
    const shown = await expectFilteredCounts(page)
    expect(Object.values(shown).flat().length).toBeGreaterThan(0)
    // Back again: the plain board
    await page.goBack()
    await page.waitForURL((url) => url.search === '')
    await expect.poll(() => search(page).inputValue(), POLL).toBe('')
    expect(await page.getByTestId('board-filter-network').inputValue()).toBe('')
    await expect.poll(() => columnCount(page, 'strategy'), POLL).toBe(totals.strategy)
  })

  it('opens a linked card beside a filter, and closing it keeps the filter', async () => {
    await plainBoard(page)
    const id = await column(page, 'plan').getByTestId('card').first().getAttribute('data-card-id')
    await page.goto(`/b/${boardId}?q=cafe&card=${id}`)
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await page.waitForURL((url) => !url.searchParams.has('card'))
    expect(params(page).get('q')).toBe('cafe')
    expect(await search(page).inputValue()).toBe('cafe')
  })

  it('`/` puts the cursor in the search; Escape clears it, then leaves it', async () => {
    await plainBoard(page)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('/')
    await expect.poll(() => page.evaluate(FOCUSED), POLL).toBe('board-search')
    await page.keyboard.type('latte')
    expect(await search(page).inputValue()).toBe('latte')
    await page.waitForURL((url) => url.searchParams.get('q') === 'latte')
    await page.keyboard.press('Escape')
    expect(await search(page).inputValue()).toBe('')
    await page.waitForURL((url) => url.search === '')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.evaluate(FOCUSED), POLL).not.toBe('board-search')
  })

  it('moves a card with the keyboard on a filtered board: it shows in the next stage', async () => {
    await page.goto(`/b/${boardId}?q=arte+latte`)
    const card = column(page, 'strategy').getByTestId('card')
    await card.first().waitFor()
    expect(await card.count()).toBe(1)
    const id = await card.first().getAttribute('data-card-id')
    if (!id) throw new Error('the card has no id')
    const before = await expectFilteredCounts(page)
    await keyboardMoveRight(page, id, 'plan')
    totals.strategy -= 1
    totals.plan += 1
    const after = await expectFilteredCounts(page)
    expect(after.plan).toContain(id)
    expect(after.plan.length).toBe(before.plan.length + 1)
    expect(after.strategy).toEqual([])
    // a screen reader hears the place among the cards shown, not among those the filter hides
    const title = await page
      .locator(`[data-testid="card"][data-card-id="${id}"] .card-title`)
      .first()
      .textContent()
    await expect
      .poll(() => page.locator('[id^="DndLiveRegion"]').allTextContents(), POLL)
      .toContainEqual(
        `Card ${title?.trim()} was dropped in Plan, position ${after.plan.indexOf(id) + 1} of ${after.plan.length}.`,
      )
  })

  it('"only mine" keeps the cards of whoever looks, in one click', async () => {
    const context = await newUserContext(browser as Browser, (server as RunningServer).url)
    context.setDefaultTimeout(POLL.timeout)
    try {
      const carla = await context.newPage()
      const me = await signIn(carla, DEMO_USERS.carla)
      await openBoard(carla, boardId)
      await carla.getByTestId('board-filter-mine').click()
      await carla.waitForURL((url) => url.searchParams.get('mine') === '1')
      const shown = await expectFilteredCounts(carla)
      const ids = Object.values(shown).flat()
      expect(ids.length).toBeGreaterThan(0)
      for (const id of ids) {
        const name = await assigneeName(carla.locator(`[data-testid="card"][data-card-id="${id}"]`))
        expect(name).toBe(me.name)
      }
    } finally {
      await context.close()
    }
  })
})
