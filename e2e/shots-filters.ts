import { launchBrowser } from './src/browser.ts'
import { DEMO_USERS, firstBoardId, signIn, waitForBoard } from './src/pauta.ts'
import { startServer } from './src/server.ts'

const server = await startServer()
try {
  const browser = await launchBrowser()
  try {
    for (const locale of ['en-US', 'es-ES']) {
      for (const viewport of [
        { width: 1440, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const context = await browser.newContext({ baseURL: server.url, viewport, locale })
        context.setDefaultTimeout(30_000)
        const page = await context.newPage()
        await signIn(page, DEMO_USERS.demo)
        const boardId = await firstBoardId(page)
        const tag = `${locale.slice(0, 2)}-${viewport.width}`
        await page.goto(`/b/${boardId}`)
        await waitForBoard(page)
        await page.mouse.move(0, 0)
        await page.screenshot({ path: `/tmp/shots/${tag}-plain.png` })
        await page.goto(`/b/${boardId}?q=cafe&network=instagram`)
        await waitForBoard(page)
        await page.waitForTimeout(300)
        await page.screenshot({ path: `/tmp/shots/${tag}-filtered.png` })
        if (viewport.width < 500) {
          await page.getByTestId('board-filters-toggle').click()
          await page.waitForTimeout(200)
          await page.screenshot({ path: `/tmp/shots/${tag}-open.png` })
        }
        await page.goto(`/b/${boardId}?q=zzzz`)
        await page.getByTestId('board-filters-nothing').waitFor()
        await page.screenshot({ path: `/tmp/shots/${tag}-nothing.png` })
        await context.close()
      }
    }
  } finally {
    await browser.close()
  }
} finally {
  await server.stop()
}
