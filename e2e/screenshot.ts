/**
 * Takes the README's picture of the board: the demo workspace as demo@pauta.app sees it, at
 * 1440×900, saved to docs/screenshot.png. Run with `pnpm --filter @pauta/e2e screenshot`
 * (after `pnpm --filter @pauta/web build`).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { launchBrowser, newUserContext } from './src/browser.ts'
import { DEMO_USERS, firstBoardId, openBoard, signIn } from './src/pauta.ts'
import { REPO_ROOT, startServer } from './src/server.ts'

const target = path.join(REPO_ROOT, 'docs', 'screenshot.png')

const server = await startServer()
try {
  const browser = await launchBrowser()
  try {
    const context = await newUserContext(browser, server.url)
    context.setDefaultTimeout(30_000)
    const page = await context.newPage()
    await signIn(page, DEMO_USERS.demo)
    await openBoard(page, await firstBoardId(page))
    // (strings, not functions: this file is typed for Node, without the DOM library)
    await page.evaluate('document.fonts.ready.then(() => undefined)')
    // no hover or focus ring on whatever the pointer or the sign-in left behind
    await page.mouse.move(0, 0)
    await page.evaluate('document.activeElement?.blur()')
    mkdirSync(path.dirname(target), { recursive: true })
    await page.screenshot({ path: target })
    console.log(`saved ${path.relative(process.cwd(), target)}`)
  } finally {
    await browser.close()
  }
} finally {
  await server.stop()
}
