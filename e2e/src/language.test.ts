import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import { column, DEMO_USERS, firstBoardId, openBoard, signIn, waitForBoard } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// A string's key shown instead of its text ("stages.strategy", "board.addCard") means a
// string is missing from a language file.
const UNTRANSLATED_KEY =
  /\b(app|auth|header|boards|board|stages|roles|networks|card|connection|presence|dnd|errors|languages)\.[a-zA-Z]+\b/

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(15_000)
  page = await context.newPage()
  await signIn(page, DEMO_USERS.demo)
  await openBoard(page, await firstBoardId(page))
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
})

const strategyTitle = () => column(page, 'strategy').getByRole('heading').textContent()
const switcher = () => page.getByTestId('language-switcher')

describe('language', () => {
  it('the switcher shows the board in Spanish and in English', async () => {
    await switcher().selectOption('es')
    await expect.poll(strategyTitle).toBe('Estrategia')
    expect(await column(page, 'escalated').getByRole('heading').textContent()).toBe('Escalado')
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    expect(await page.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)

    await switcher().selectOption('en')
    await expect.poll(strategyTitle).toBe('Strategy')
    expect(await column(page, 'escalated').getByRole('heading').textContent()).toBe('Escalated')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('body').textContent()).not.toMatch(UNTRANSLATED_KEY)
  })

  it('the chosen language survives a reload', async () => {
    await switcher().selectOption('es')
    await expect.poll(strategyTitle).toBe('Estrategia')
    await page.reload()
    await waitForBoard(page)
    expect(await strategyTitle()).toBe('Estrategia')
    expect(await switcher().inputValue()).toBe('es')
  })
})
