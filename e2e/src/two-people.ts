import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, newUserContext } from './browser.ts'
import { DEMO_USERS, firstBoardId, openBoard, type SignedIn, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

/** A Pauta server with its demo workspace, and two people's browser profiles with a page each. */
export interface TwoPeople {
  contextA: BrowserContext
  contextB: BrowserContext
  pageA: Page
  pageB: Page
  /** Closes the browser and stops the server. */
  close(): Promise<void>
}

/**
 * A Pauta server and a browser, then `use` of them; if `use` fails, both are closed before
 * the error goes on.
 */
async function withServerAndBrowser<T>(
  use: (started: { server: RunningServer; browser: Browser; close(): Promise<void> }) => Promise<T>,
): Promise<T> {
  const server = await startServer()
  let browser: Browser | undefined
  const close = async () => {
    await browser?.close()
    await server.stop()
  }
  try {
    browser = await launchBrowser()
    return await use({ server, browser, close })
  } catch (error) {
    await close()
    throw error
  }
}

/** Starts them; a wait on either page gives up after `timeoutMs`. Not signed in yet. */
export function startTwoPeople(timeoutMs: number): Promise<TwoPeople> {
  return withServerAndBrowser(async ({ server, browser, close }) => {
    const contextA = await newUserContext(browser, server.url)
    const contextB = await newUserContext(browser, server.url)
    for (const context of [contextA, contextB]) context.setDefaultTimeout(timeoutMs)
    return {
      contextA,
      contextB,
      pageA: await contextA.newPage(),
      pageB: await contextB.newPage(),
      close,
    }
  })
}

/** Two demo people, signed in, each with the demo board open; `close` ends it all. */
export interface TwoOnTheBoard extends TwoPeople {
  a: SignedIn
  b: SignedIn
  boardId: string
}

/**
 * The demo server with two of its people (`a` in context A, `b` in B), each signed in and on
 * the demo board, as most tests of working together start.
 */
export async function twoOnTheDemoBoard(
  emails: { a: string; b: string },
  timeoutMs: number,
): Promise<TwoOnTheBoard> {
  const people = await startTwoPeople(timeoutMs)
  try {
    const a = await signIn(people.pageA, emails.a)
    const b = await signIn(people.pageB, emails.b)
    const boardId = await firstBoardId(people.pageA)
    await Promise.all([openBoard(people.pageA, boardId), openBoard(people.pageB, boardId)])
    return { ...people, a, b, boardId }
  } catch (error) {
    await people.close()
    throw error
  }
}

/** The demo server and one browser, the demo user signed in; `boardId` is the demo board. */
export interface DemoSession {
  server: RunningServer
  browser: Browser
  page: Page
  boardId: string
  /** Closes the browser and stops the server. */
  close(): Promise<void>
}

/** Starts it, as most tests of one person start; a wait gives up after `timeoutMs`. */
export function demoSession(timeoutMs: number): Promise<DemoSession> {
  return withServerAndBrowser(async ({ server, browser, close }) => {
    const context = await newUserContext(browser, server.url)
    context.setDefaultTimeout(timeoutMs)
    const page = await context.newPage()
    await signIn(page, DEMO_USERS.demo)
    const boardId = await firstBoardId(page)
    return { server, browser, page, boardId, close }
  })
}
