import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cardInColumn,
  DEMO_USERS,
  dragCardToColumn,
  firstBoardId,
  firstCardId,
  openBoard,
  STAGES,
  type Stage,
  signIn,
} from './pauta.ts'
import { startTwoPeople, type TwoPeople } from './two-people.ts'

// The demo workspace's dashboards: A is the demo account (strategist, manager and CM at once)
// with a dashboard open; B is Marco (manager), who moves cards on the board meanwhile.

const POLL = { timeout: 15_000 }

// a string's key shown instead of its text means a string is missing from a language file
const UNTRANSLATED_KEY = /\b(dashboards|views|stages|networks)\.[a-zA-Z.-]+\b/

let people: TwoPeople | undefined
let pageA: Page
let pageB: Page
let boardId: string

beforeAll(async () => {
  people = await startTwoPeople(POLL.timeout)
  ;({ pageA, pageB } = people)
  await signIn(pageA, DEMO_USERS.demo)
  await signIn(pageB, DEMO_USERS.marco)
  boardId = await firstBoardId(pageA)
  await openBoard(pageA, boardId)
})

afterAll(async () => {
  await people?.close()
})

const switcher = (page: Page) => page.getByTestId('language-switcher')

async function count(page: Page, stage: Stage): Promise<number> {
  const text = await page
    .locator(`[data-testid="dashboard-count"][data-stage="${stage}"]`)
    .textContent()
  return Number.parseInt((text ?? '').replace(/\D/g, ''), 10)
}

async function counts(page: Page): Promise<Record<Stage, number>> {
  const entries = await Promise.all(STAGES.map(async (stage) => [stage, await count(page, stage)]))
  return Object.fromEntries(entries) as Record<Stage, number>
}

async function openView(page: Page, view: 'flow' | 'pipeline'): Promise<void> {
  await page.getByTestId(`view-${view}`).click()
  await page.getByTestId(`dashboard-${view}`).waitFor()
  await page.waitForURL((url) => url.pathname.endsWith(`/${view}`))
}

/** The bottleneck review, with its data in: a headline and a row for every stage. */
async function checkFlow(page: Page): Promise<string> {
  const flow = page.getByTestId('dashboard-flow')
  const headline = flow.getByTestId('dashboard-headline')
  await headline.waitFor()
  await expect.poll(() => flow.getByTestId('dashboard-stage-row').count(), POLL).toBe(STAGES.length)
  for (const stage of STAGES) {
    const wip = await flow
      .locator(`[data-testid="dashboard-wip"][data-stage="${stage}"]`)
      .textContent()
    // "4" or "14 / 8" with a WIP limit
    expect(wip?.trim()).toMatch(/^\d+( \/ \d+)?$/)
  }
  // the demo has six weeks of history: some stage had stays to measure
  await flow.locator('.dash-chart svg.recharts-surface').first().waitFor()
  for (const table of ['stages', 'cms'])
    await flow.locator(`[data-testid="dashboard-csv"][data-table="${table}"]`).waitFor()
  return (await headline.textContent()) ?? ''
}

/** The pipeline dashboard with data: counts that add up to the demo board's cards, a forecast. */
async function checkPipeline(page: Page): Promise<string> {
  const pipeline = page.getByTestId('dashboard-pipeline')
  await pipeline.getByTestId('dashboard-count').first().waitFor()
  const byStage = await counts(page)
  const total = Object.values(byStage).reduce((sum, n) => sum + n, 0)
  expect(total).toBeGreaterThan(10)
  expect(byStage.plan).toBeGreaterThan(0)
  await pipeline.locator('.dash-chart svg.recharts-surface').first().waitFor()
  for (const table of ['counts', 'throughput', 'leadTime', 'cfd'])
    await pipeline.locator(`[data-testid="dashboard-csv"][data-table="${table}"]`).waitFor()
  return (await pipeline.getByTestId('dashboard-forecast').textContent()) ?? ''
}

describe('dashboards', () => {
  it('the demo board’s bottleneck review and pipeline show their data in Spanish', async () => {
    await switcher(pageA).selectOption('es')
    await openView(pageA, 'flow')
    expect(
      await pageA.getByTestId('dashboard-flow').getByRole('heading', { level: 2 }).textContent(),
    ).toBe('Cuellos de botella')
    const headline = await checkFlow(pageA)
    expect(headline).toMatch(/frena el flujo|Ninguna etapa destaca/)
    expect(await pageA.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)

    await openView(pageA, 'pipeline')
    const forecast = await checkPipeline(pageA)
    expect(forecast).toMatch(/Plan/)
    expect(await pageA.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)
  })

  it('and in English', async () => {
    await switcher(pageA).selectOption('en')
    await expect
      .poll(() =>
        pageA.getByTestId('dashboard-pipeline').getByRole('heading', { level: 2 }).textContent(),
      )
      .toBe('Pipeline')
    const forecast = await checkPipeline(pageA)
    expect(forecast).toMatch(/in Plan/)
    expect(await pageA.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)

    await openView(pageA, 'flow')
    const headline = await checkFlow(pageA)
    expect(headline).toMatch(/holds the pipeline back|No stage stands out/)
    expect(await pageA.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)
  })

  it('exports a table as CSV that a spreadsheet reads with its accents', async () => {
    await openView(pageA, 'pipeline')
    const button = pageA.locator('[data-testid="dashboard-csv"][data-table="counts"]')
    const [download] = await Promise.all([pageA.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toMatch(/-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = await readFile(await download.path(), 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe('Stage,Cards')
    expect(lines).toHaveLength(STAGES.length + 1)
    expect(lines[2]).toBe(`Plan,${await count(pageA, 'plan')}`)
  })

  it('the filters narrow the figures and live in the URL', async () => {
    await openView(pageA, 'pipeline')
    const before = await counts(pageA)
    await pageA.getByTestId('dashboard-filter-network').selectOption('instagram')
    await pageA.waitForURL((url) => url.searchParams.get('network') === 'instagram')
    await expect
      .poll(async () => Object.values(await counts(pageA)).reduce((s, n) => s + n, 0), POLL)
      .toBeLessThan(Object.values(before).reduce((s, n) => s + n, 0))
    await pageA.getByTestId('dashboard-filter-clear').click()
    await pageA.waitForURL((url) => !url.searchParams.has('network'))
    await expect.poll(() => counts(pageA), POLL).toEqual(before)

    await pageA.getByTestId('dashboard-filter-period').selectOption('90')
    await pageA.waitForURL((url) => url.searchParams.get('period') === '90')
    await pageA.getByTestId('dashboard-filter-period').selectOption('28')
    await pageA.waitForURL((url) => !url.searchParams.has('period'))
  })

  it('a card moved on the board in another browser changes the counts without a reload', async () => {
    await openView(pageA, 'pipeline')
    const before = await counts(pageA)
    // today's row of the cumulative flow: cards at plan or beyond (the charts' panels follow)
    const cfdPlan = () =>
      pageA
        .locator('table[data-table="cfd"] tbody tr')
        .first()
        .locator('td')
        .nth(1)
        .textContent()
        .then((text) => Number.parseInt(text ?? '', 10))
    const cfdBefore = await cfdPlan()
    // a reload would drop this mark
    await pageA.evaluate(() => {
      ;(globalThis as unknown as { dashboardMark: number }).dashboardMark = 1
    })

    await openBoard(pageB, boardId)
    const id = await firstCardId(pageB, 'strategy')
    await dragCardToColumn(pageB, id, 'plan')
    await cardInColumn(pageB, 'plan', id).waitFor(POLL)

    await expect.poll(() => count(pageA, 'strategy'), POLL).toBe(before.strategy - 1)
    await expect.poll(() => count(pageA, 'plan'), POLL).toBe(before.plan + 1)
    await expect.poll(cfdPlan, POLL).toBe(cfdBefore + 1)
    expect(
      await pageA.evaluate(
        () => (globalThis as unknown as { dashboardMark?: number }).dashboardMark,
      ),
    ).toBe(1)

    // the bottleneck review follows too: Plan's WIP grows by one
    await openView(pageA, 'flow')
    const planWip = () =>
      pageA
        .locator('[data-testid="dashboard-wip"][data-stage="plan"]')
        .textContent()
        .then((text) => Number.parseInt(text ?? '', 10))
    const wipBefore = await planWip()
    const next = await firstCardId(pageB, 'strategy')
    await dragCardToColumn(pageB, next, 'plan')
    await expect.poll(planWip, POLL).toBe(wipBefore + 1)
  })
})
