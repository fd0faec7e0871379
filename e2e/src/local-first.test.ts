import type { Browser, BrowserContext, Page, Route, WebSocketRoute } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext, VIEWPORT } from './browser.ts'
import { cardById, DEMO_USERS, firstBoardId, firstCardId, openBoard, signIn } from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// The second visit of a board paints from this device's copy (IndexedDB) before the server has
// answered anything: not the sync socket, not who is signed in (`auth.me`), not the board's
// roles (`boards.get`). It says "Syncing…" and lets nobody change anything until it knows the
// person's roles; then it goes live.

const POLL = { timeout: 15_000 }

let server: RunningServer | undefined
let browser: Browser | undefined
let context: BrowserContext
let page: Page
let boardId: string

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(POLL.timeout)
  page = await context.newPage()
  await signIn(page, DEMO_USERS.demo)
  boardId = await firstBoardId(page)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** How many updates the board's offline copy holds (y-indexeddb's "updates" store). */
function offlineUpdates(target: Page, board: string): Promise<number> {
  // a string: this project's Node types know no IndexedDB
  return target.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open(${JSON.stringify(`pauta-board-${board}`)})
    open.onerror = () => resolve(0)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('updates')) {
        db.close()
        resolve(0)
        return
      }
      const count = db.transaction('updates').objectStore('updates').count()
      count.onsuccess = () => {
        db.close()
        resolve(count.result)
      }
      count.onerror = () => {
        db.close()
        resolve(0)
      }
    }
  })`) as Promise<number>
}

/** Everything a board asks the server for, held until `release`: the socket and two queries. */
async function holdTheServer(target: Page) {
  let holding = true
  const sockets: WebSocketRoute[] = []
  const requests: Route[] = []
  const heldSockets = { count: 0 }
  await target.routeWebSocket(/\/sync\//, (socket) => {
    if (!holding) {
      socket.connectToServer()
      return
    }
    // not connected to the server: the page's socket opens and hears nothing
    heldSockets.count++
    sockets.push(socket)
  })
  await target.route(
    (url) => url.pathname.startsWith('/trpc/') && /auth\.me|boards\.get/.test(url.pathname),
    (route) => {
      if (holding) requests.push(route)
      else void route.fallback()
    },
  )
  return {
    heldSockets,
    heldRequests: () => requests.map((route) => new URL(route.request().url()).pathname),
    async release() {
      holding = false
      for (const route of requests.splice(0)) await route.fallback()
      // the board reconnects by itself, this time through to the server
      for (const socket of sockets.splice(0)) await socket.close()
    },
  }
}

describe('a board kept on this device', () => {
  it('paints from the offline copy while the server is held back, says syncing, then goes live', async () => {
    await openBoard(page, boardId)
    const id = await firstCardId(page, 'strategy')
    const title = await cardById(page, id).getByTestId('card-title').textContent()
    // the first visit left a copy on this device
    await expect.poll(() => offlineUpdates(page, boardId), POLL).toBeGreaterThan(0)

    const server = await holdTheServer(page)
    await page.reload()

    // the cards, from the copy, with nothing from the server yet
    const card = cardById(page, id)
    await card.waitFor()
    expect(await card.getByTestId('card-title').textContent()).toBe(title)
    expect(server.heldSockets.count).toBeGreaterThan(0)
    expect(server.heldRequests().some((path) => path.includes('auth.me'))).toBe(true)
    expect(server.heldRequests().some((path) => path.includes('boards.get'))).toBe(true)
    const status = page.getByTestId('connection-status')
    expect(await status.getAttribute('data-status')).toBe('syncing')
    expect(await status.textContent()).toBe('Syncing…')
    // an output element: a status that screen readers hear change; on a phone it shows as a
    // dot, its words still there for them (rendered text, not display: none)
    expect(await status.evaluate((el) => el.tagName)).toBe('OUTPUT')
    await page.setViewportSize({ width: 390, height: 844 })
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
    expect(await status.innerText()).toBe('Syncing…')
    await page.setViewportSize(VIEWPORT)
    // until the board's roles are known, nothing can be changed (read only, not blocked)
    expect(await card.getAttribute('data-draggable')).toBe('false')
    expect(await page.getByTestId('add-card-strategy').count()).toBe(0)

    await server.release()
    await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor()
    await expect.poll(() => card.getAttribute('data-draggable'), POLL).toBe('true')
    await page.getByTestId('add-card-strategy').waitFor()
    expect(await card.getByTestId('card-title').textContent()).toBe(title)
  })
})
