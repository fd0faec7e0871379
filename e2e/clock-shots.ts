import { launchBrowser } from './src/browser.ts'
import { column, DEMO_USERS, firstBoardId, openBoard, signIn } from './src/pauta.ts'
import { startServer } from './src/server.ts'

const server = await startServer()
try {
  const browser = await launchBrowser()
  try {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      for (const lang of ['es', 'en']) {
        const context = await browser.newContext({
          baseURL: server.url,
          viewport: { width: w, height: h },
          locale: lang === 'es' ? 'es-ES' : 'en-US',
          timezoneId: 'Europe/Madrid',
        })
        context.setDefaultTimeout(20_000)
        const page = await context.newPage()
        await signIn(page, DEMO_USERS.demo)
        const boardId = await firstBoardId(page)
        await openBoard(page, boardId)
        const card = column(page, 'calendar').getByTestId('card').first()
        await card.scrollIntoViewIfNeeded()
        await page.mouse.move(0, 0)
        await page.screenshot({ path: `/tmp/clock-shots/board-${lang}-${w}.png` })
        await card.screenshot({ path: `/tmp/clock-shots/card-${lang}-${w}.png` })
        await card.click()
        const dialog = page.getByRole('dialog')
        await dialog.waitFor()
        await dialog.locator('[name="scheduledAt"]').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `/tmp/clock-shots/dialog-${lang}-${w}.png` })
        await page.keyboard.press('Escape')
        await page.goto(`/b/${boardId}/queue`)
        await page.getByTestId('queue-item').first().waitFor()
        await page.screenshot({ path: `/tmp/clock-shots/queue-${lang}-${w}.png` })
        await context.close()
      }
    }
  } finally {
    await browser.close()
  }
} finally {
  await server.stop()
}
