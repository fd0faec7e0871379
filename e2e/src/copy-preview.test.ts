import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import {
  cardById,
  cardInColumn,
  column,
  DEMO_USERS,
  dragCardOverColumn,
  firstBoardId,
  moveFieldsDialog,
  openBoard,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// [FIT1] [FIT2] [FIT3] A post on X written past 280 characters: the card dialog counts it
// against X's limit, warns and folds the preview; once the board's rules ask that the copy
// fit, the card may not go to Calendar, and the board says why.

const POLL = { timeout: 15_000 }
const X_POST = 'Hilo: cómo elegimos a nuestros productores'

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
let boardId: string
let cardId: string

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startServer(), launchBrowser()])
  context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(POLL.timeout)
  page = await context.newPage()
  // the demo account is strategist, manager and community manager
  await signIn(page, DEMO_USERS.demo)
  boardId = await firstBoardId(page)
  await openBoard(page, boardId)
  const card = column(page, 'plan').getByTestId('card').filter({ hasText: X_POST })
  cardId = (await card.getAttribute('data-card-id')) ?? ''
  expect(cardId).not.toBe('')
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
})

const dialog = () => page.locator('dialog.card-dialog[open]')
const copyEditor = () => dialog().locator('[data-testid="collab-copy"] .cm-content')
const count = (): Locator => dialog().getByTestId('copy-count-characters')

describe('the copy against its network', () => {
  it('counts the copy of an X post live, warns past 280 characters and folds the preview', async () => {
    await cardById(page, cardId).click()
    await copyEditor().waitFor()
    await dialog().getByTestId('copy-preview').waitFor()
    expect(await dialog().getByTestId('copy-preview').getAttribute('data-network')).toBe('x')
    // the workspace is the account: its name and initials
    const preview = dialog().getByTestId('post-preview')
    expect(await preview.locator('.post-account').textContent()).toBe('Café Aurora')
    expect(await preview.locator('.post-avatar').textContent()).toBe('CA')
    expect(await dialog().getByTestId('post-media').getAttribute('data-ratio')).toBe('16:9')

    await copyEditor().click()
    await page.keyboard.press('ControlOrMeta+End')
    // 265 characters, then an emoji (one character, two UTF-16 units): 266
    const opening = `${'Probamos cada lote. '.repeat(12)}Sí. Origen #café @aurora 🍂`
    expect([...new Intl.Segmenter().segment(opening)]).toHaveLength(280 - 14)
    await page.keyboard.insertText(opening)
    await expect.poll(() => count().textContent(), POLL).toMatch(/266 \/ 280/)
    expect(await count().getAttribute('data-over')).toBe('false')
    expect(await dialog().getByTestId('copy-warning').textContent()).toBe('')
    expect(await dialog().getByTestId('post-more').count()).toBe(0)
    // hashtags and mentions are marked in the preview, as text
    expect(await preview.locator('.post-hashtag').textContent()).toBe('#café')
    expect(await preview.locator('.post-mention').textContent()).toBe('@aurora')

    // typed on, one key at a time, past X's 280
    await page.keyboard.type(' ¡Te esperamos!!')
    await expect.poll(() => count().textContent(), POLL).toMatch(/282 \/ 280/)
    expect(await count().getAttribute('data-over')).toBe('true')
    expect(await dialog().getByTestId('copy-warning').textContent()).toBe(
      'Past X’s limit: 280 characters.',
    )
    await dialog().getByTestId('post-more').waitFor()
    expect(await dialog().getByTestId('post-more').textContent()).toBe('… more')
    expect(await dialog().getByTestId('post-text').getAttribute('data-folded')).toBe('true')

    // the copy is written live: closing keeps it
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
  })

  it('with the board asking copies to fit, the post may not go to Calendar, and the board says why', async () => {
    // before: Calendar takes the card (the dialog would ask for its slot and assignee)
    await dragCardOverColumn(page, cardId, 'calendar')
    try {
      await expect
        .poll(() => column(page, 'calendar').getAttribute('data-drop'), POLL)
        .toBe('allowed')
    } finally {
      await page.keyboard.press('Escape')
      await page.mouse.up()
    }
    await cardInColumn(page, 'plan', cardId).waitFor()
    expect(await moveFieldsDialog(page).count()).toBe(0)

    // the strategist turns the rule on in the board's settings
    await page.goto(`/b/${boardId}/settings`)
    const option = page.getByTestId('copy-must-fit')
    expect(await option.isChecked()).toBe(false)
    await option.check()
    await page.getByTestId('save-settings').click()
    await page.getByTestId('settings-saved').waitFor()

    await openBoard(page, boardId)
    await dragCardOverColumn(page, cardId, 'calendar')
    try {
      await expect
        .poll(() => column(page, 'calendar').getAttribute('data-drop'), POLL)
        .toBe('forbidden')
      expect(await page.getByTestId('drop-reason-calendar').textContent()).toBe(
        'The copy does not fit X (282 of 280 characters): on this board a post enters Calendar only when its copy fits its network.',
      )
    } finally {
      await page.mouse.up()
    }
    // refused before anything was asked or written; the board says why once more
    await cardInColumn(page, 'plan', cardId).waitFor()
    expect(await moveFieldsDialog(page).count()).toBe(0)
    expect(await cardById(page, cardId).getAttribute('data-stage')).toBe('plan')
    expect(await page.getByTestId('refusal').textContent()).toContain('282 of 280')

    // "Move to…" names Calendar with the same reason instead of leaving it out
    await cardById(page, cardId).click()
    await page.getByTestId('move-to-open').click()
    const blocked = page.getByTestId('move-to-blocked')
    await blocked.waitFor()
    expect(await blocked.textContent()).toContain('Calendar: The copy does not fit X')
    await page.getByTestId('move-to-cancel').click()
  })
})
