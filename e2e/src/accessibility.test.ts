import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeFindings, type Finding, runAxe } from './axe.ts'
import { launchBrowser } from './browser.ts'
import { DEMO_USERS, firstCardId, signIn, waitForBoard } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// axe-core on every screen of the app, in both languages: no serious or critical violation.
// The demo account is strategist, manager and CM at once, so it sees every page and control.

const LANGUAGES = [
  { language: 'es', locale: 'es-ES' },
  { language: 'en', locale: 'en-US' },
] as const
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

interface Ids {
  boardId: string
  workspaceId: string
  cardId: string
}

/** A page of the app: how to get there and what shows it is ready. */
interface Screen {
  name: string
  open(page: Page, ids: Ids): Promise<void>
}

const goAndWait = async (page: Page, path: string, ready: string) => {
  await page.goto(path)
  await page.locator(ready).first().waitFor()
}

const SCREENS: Screen[] = [
  {
    name: 'boards',
    open: (page) => goAndWait(page, '/', '[data-testid="board-link"]'),
  },
  {
    name: 'board',
    open: async (page, { boardId }) => {
      await page.goto(`/b/${boardId}`)
      await waitForBoard(page)
    },
  },
  {
    name: 'card dialog',
    open: async (page, { boardId, cardId }) => {
      await page.goto(`/b/${boardId}?card=${cardId}`)
      await waitForBoard(page)
      await page.locator('dialog.card-dialog[open] [data-testid="save-card"]').waitFor()
    },
  },
  {
    name: 'calendar',
    open: async (page, { boardId }) => {
      await goAndWait(page, `/b/${boardId}/calendar`, '[data-testid="calendar-view"]')
      // (on a phone the month grid is scrolled: not every day is visible)
      await page.getByTestId('calendar-post').first().waitFor({ state: 'attached' })
    },
  },
  {
    name: 'queue',
    open: (page, { boardId }) =>
      goAndWait(page, `/b/${boardId}/queue`, '[data-testid="queue-item"]'),
  },
  {
    name: 'escalations',
    open: (page, { boardId }) =>
      goAndWait(page, `/b/${boardId}/escalations`, '[data-testid="escalation-item"]'),
  },
  {
    name: 'flow dashboard',
    open: (page, { boardId }) =>
      goAndWait(page, `/b/${boardId}/flow`, '.dash-chart svg.recharts-surface'),
  },
  {
    name: 'pipeline dashboard',
    open: (page, { boardId }) =>
      goAndWait(page, `/b/${boardId}/pipeline`, '.dash-chart svg.recharts-surface'),
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
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Signs in on a fresh profile in one language, auditing the sign-in page on the way. */
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
  await signIn(page, DEMO_USERS.demo)
  const link = page.getByTestId('board-link').first()
  await link.waitFor()
  const workspace = page.getByTestId('workspace-link').first()
  const boardId = (await link.getAttribute('data-board-id')) ?? ''
  const workspaceId = (await workspace.getAttribute('data-workspace-id')) ?? ''
  await page.goto(`/b/${boardId}`)
  await waitForBoard(page)
  const cardId = await firstCardId(page, 'plan')
  return { page, ids: { boardId, workspaceId, cardId } }
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
