import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeFindings, type Finding, runAxe } from './axe.ts'
import { launchBrowser, newUserContext } from './browser.ts'
import {
  column,
  DEMO_USERS,
  firstBoardId,
  openBoard,
  type Stage,
  signIn,
  waitForBoard,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// axe-core on every screen of the app, in both languages: no serious or critical violation.
// The demo account is strategist, manager and CM at once, so it sees every page and control;
// Marco keeps the board open meanwhile, so that the board's views show someone's presence.

const LANGUAGES = [
  { language: 'es', locale: 'es-ES' },
  { language: 'en', locale: 'en-US' },
] as const
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

interface Ids {
  boardId: string
  workspaceId: string
}

/** A page of the app: how to get there from the one before and what shows it is ready. */
interface Screen {
  name: string
  open(page: Page, ids: Ids): Promise<void>
  /** how to leave it, when the next screen cannot be reached from it as it is */
  leave?(page: Page): Promise<void>
}

const goAndWait = async (page: Page, path: string, ready: string) => {
  await page.goto(path)
  await page.locator(ready).first().waitFor()
}

/** A board view through its tab (in the app, without reloading the board). */
const viewTab = (view: string, ready: string) => async (page: Page) => {
  await page.getByTestId(`view-${view}`).click()
  await page.locator(ready).first().waitFor()
}

/** The dialog of the first card in a stage, opened by a click and closed by Escape. */
function cardDialog(stage: Stage): Screen {
  return {
    name: `card dialog (${stage})`,
    open: async (page) => {
      await column(page, stage).getByTestId('card').first().click()
      await page.locator('dialog.card-dialog[open] [data-testid="save-card"]').waitFor()
    },
    leave: async (page) => {
      await page.keyboard.press('Escape')
      await page.locator('dialog.card-dialog').waitFor({ state: 'detached' })
    },
  }
}

const SCREENS: Screen[] = [
  {
    name: 'boards',
    // where signing in lands
    open: (page) => page.getByTestId('board-link').first().waitFor(),
  },
  {
    name: 'board',
    open: async (page, { boardId }) => {
      await page.locator(`[data-testid="board-link"][data-board-id="${boardId}"]`).click()
      await waitForBoard(page)
      // Marco's avatar: the presence colours are checked too
      await page.getByTestId('presence-avatar').first().waitFor()
    },
  },
  cardDialog('plan'),
  // with severity, reason, response time and monitoring notes
  cardDialog('escalated'),
  {
    name: 'notifications',
    open: async (page) => {
      await page.getByTestId('notification-bell').click()
      await page
        .locator(
          '[data-testid="notification-panel"]:is(:has(.notification-empty), :has([data-testid="notification-item"]))',
        )
        .waitFor()
    },
    leave: async (page) => {
      await page.keyboard.press('Escape')
      await page.getByTestId('notification-panel').waitFor({ state: 'detached' })
    },
  },
  {
    name: 'calendar',
    // (the post is only attached: on a phone the month grid scrolls, not every day is visible)
    open: async (page) => {
      await viewTab('calendar', '[data-testid="calendar-view"]')(page)
      await page.getByTestId('calendar-post').first().waitFor({ state: 'attached' })
    },
  },
  { name: 'queue', open: viewTab('queue', '[data-testid="queue-item"]') },
  { name: 'team posts', open: viewTab('team', '[data-testid="team-person"]') },
  { name: 'escalations', open: viewTab('escalations', '[data-testid="escalation-item"]') },
  {
    name: 'flow dashboard',
    open: viewTab('flow', '[data-testid="dashboard-flow"] .dash-chart svg.recharts-surface'),
  },
  {
    name: 'pipeline dashboard',
    open: viewTab(
      'pipeline',
      '[data-testid="dashboard-pipeline"] .dash-chart svg.recharts-surface',
    ),
  },
  {
    name: 'board settings',
    open: (page, { boardId }) =>
      goAndWait(page, `/b/${boardId}/settings`, '[data-testid="save-settings"]'),
  },
  {
    name: 'workspace',
    open: (page, { workspaceId }) =>
      goAndWait(page, `/w/${workspaceId}`, '[data-testid="member-row"]'),
  },
]

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const marco = await (await newUserContext(browser, server.url)).newPage()
  await signIn(marco, DEMO_USERS.marco)
  await openBoard(marco, await firstBoardId(marco))
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Signs in on a fresh profile in one language, auditing the sign-in and sign-up forms first. */
async function signedInPage(
  locale: string,
  viewport: typeof DESKTOP,
  where: (screen: string) => string,
  findings: Finding[],
): Promise<{ page: Page; ids: Ids }> {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  await goAndWait(page, '/sign-in', 'input[name="email"]')
  findings.push(...blocking(where('sign-in'), await runAxe(page)))
  await page.getByTestId('toggle-auth-mode').click()
  await page.locator('input[name="name"]').waitFor()
  // sent empty: every field says what is wrong
  await page.locator('button[type="submit"]').click()
  await page.locator('.field-error').first().waitFor()
  findings.push(...blocking(where('sign-up, with errors'), await runAxe(page)))
  await signIn(page, DEMO_USERS.demo)
  const link = page.getByTestId('board-link').first()
  await link.waitFor()
  const workspace = page.getByTestId('workspace-link').first()
  const boardId = (await link.getAttribute('data-board-id')) ?? ''
  const workspaceId = (await workspace.getAttribute('data-workspace-id')) ?? ''
  return { page, ids: { boardId, workspaceId } }
}

async function auditAll(language: string, locale: string, viewport: typeof DESKTOP) {
  const findings: Finding[] = []
  const where = (screen: string) => `[${language} ${viewport.width}x${viewport.height}] ${screen}`
  const { page, ids } = await signedInPage(locale, viewport, where, findings)
  try {
    for (const screen of SCREENS) {
      await screen.open(page, ids)
      expect(await page.locator('html').getAttribute('lang')).toBe(language)
      findings.push(...blocking(where(screen.name), await runAxe(page)))
      await screen.leave?.(page)
    }
  } finally {
    await page.context().close()
  }
  return findings
}

describe('accessibility (axe-core: no serious or critical violation)', () => {
  for (const { language, locale } of LANGUAGES) {
    it(`every screen in ${language} at 1440×900`, async () => {
      const findings = await auditAll(language, locale, DESKTOP)
      expect(findings.length, describeFindings(findings)).toBe(0)
    })
  }

  it('every screen in es at 390×844', async () => {
    const findings = await auditAll('es', 'es-ES', PHONE)
    expect(findings.length, describeFindings(findings)).toBe(0)
  })
})
