import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import { DEMO_USERS, firstBoardId, openBoard, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// Screens that fit the role: a manager gets "Team posts" (every community manager's queue,
// grouped by person, with their load), not an always-empty "My posts"; a client gets neither
// queue and no keyboard shortcuts hint, since nothing is theirs to move.

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

async function boardAs(
  email: string,
): Promise<{ page: Page; boardId: string; close: () => Promise<void> }> {
  const context = await newUserContext(browser, server.url)
  const page = await context.newPage()
  await signIn(page, email)
  const boardId = await firstBoardId(page)
  await openBoard(page, boardId)
  return { page, boardId, close: () => context.close() }
}

/** The demo's one calendar post with nobody on it, for a community manager to take. */
const RELEASED_POST = 'Oferta laboral: baristas para temporada alta'

describe('screens that fit the role', () => {
  it('a manager sees Team posts, with each community manager’s posts and load, and no My posts', async () => {
    const { page, close } = await boardAs(DEMO_USERS.marco)
    try {
      expect(await page.getByTestId('view-queue').count()).toBe(0)
      await page.getByTestId('view-team').click()
      await page.getByTestId('team-view').waitFor()
      const people = page.getByTestId('team-person')
      await expect.poll(() => people.count()).toBeGreaterThanOrEqual(2)
      const names = await people.locator('h3').allTextContents()
      expect(names).toEqual(expect.arrayContaining(['Carla Gómez', 'Diego Sánchez']))
      // the demo board limits each community manager to 6 active cards
      const load = await people
        .filter({ hasText: 'Carla Gómez' })
        .getByTestId('team-load')
        .textContent()
      expect(load).toMatch(/^\d+ of 6 active/)
      // every post listed under a person is that person's (the demo's cards name their assignee)
      expect(
        await people.filter({ hasText: 'Carla Gómez' }).getByTestId('queue-item').count(),
      ).toBeGreaterThan(0)
      await page.getByTestId('team-unassigned').waitFor()
    } finally {
      await close()
    }
  })

  it('a community manager keeps My posts and gets no Team posts', async () => {
    const { page, close } = await boardAs(DEMO_USERS.carla)
    try {
      await page.getByTestId('view-queue').waitFor()
      expect(await page.getByTestId('view-team').count()).toBe(0)
      await page.getByTestId('board-shortcuts').waitFor()
    } finally {
      await close()
    }
  })

  it('a community manager who takes a post in its dialog sees it hers there at once, among CMs only', async () => {
    const { page, close } = await boardAs(DEMO_USERS.carla)
    try {
      const me = (await (await page.request.get('/trpc/auth.me')).json()) as {
        result: { data: { id: string } }
      }
      await page
        .getByTestId('column-calendar')
        .getByTestId('card-title')
        .filter({ hasText: RELEASED_POST })
        .click()
      const dialog = page.getByRole('dialog')
      // not hers yet: read as text, with "Take"
      await dialog.getByTestId('card-read').waitFor()
      await dialog.getByTestId('take-card').click()
      const assignee = dialog.locator('select[name="assigneeId"]')
      await expect.poll(() => assignee.inputValue()).toBe(me.result.data.id)
      // only community managers can be assigned: no manager, strategist or client offered
      const offered = await assignee.locator('option').allTextContents()
      expect(offered).toEqual(expect.arrayContaining(['Carla Gómez', 'Diego Sánchez']))
      for (const name of ['Marco Díaz', 'Estela Ríos', 'Lucía Paredes'])
        expect(offered).not.toContain(name)
    } finally {
      await close()
    }
  })

  it('a client sees neither queue, nor the shortcuts hint, nor "only mine"', async () => {
    const { page, close } = await boardAs(DEMO_USERS.lucia)
    try {
      await page.getByTestId('read-only').waitFor()
      await page.getByTestId('view-calendar').waitFor()
      expect(await page.getByTestId('view-queue').count()).toBe(0)
      expect(await page.getByTestId('view-team').count()).toBe(0)
      expect(await page.getByTestId('board-shortcuts').count()).toBe(0)
      // no post is ever a client's: the board's search is there, "only mine" is not
      await page.getByTestId('board-filters').waitFor()
      expect(await page.getByTestId('board-filter-mine').count()).toBe(0)
      // a card reads as text, not as inputs that refuse every keystroke; its only field is
      // the comment a client writes
      await page.getByTestId('card-title').first().click()
      const dialog = page.getByRole('dialog')
      await dialog.getByTestId('card-read').waitFor()
      expect(await dialog.locator('input, textarea, select').count()).toBe(1)
      expect(await dialog.getByTestId('card-comments').locator('textarea').count()).toBe(1)
    } finally {
      await close()
    }
  })
})
