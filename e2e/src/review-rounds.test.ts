import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeFindings, runAxe } from './axe.ts'
import { newUserContext } from './browser.ts'
import { type DemoSession, demoSession } from './two-people.ts'

// [RND1] [RND3] The rounds page as a lead uses it: the board's link to it, a new round of the
// posts chosen from a period, the round's page with every post waiting for the client, a link
// for the client (no email without SMTP), and the list of rounds saying the client holds it up.

const POLL = { timeout: 15_000 }

let demo: DemoSession | undefined
let page: Page
let boardId: string

/** A day `n` days from today, as a date input takes it (the demo's posts go out within 12 days). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(where: string): Promise<void> {
  const findings = blocking(where, await runAxe(page))
  expect(findings.length, describeFindings(findings)).toBe(0)
}

beforeAll(async () => {
  demo = await demoSession(POLL.timeout)
  ;({ page, boardId } = demo)
})

afterAll(() => demo?.close())

describe('review rounds', () => {
  it('a lead sends the chosen posts as a round, gives the client a link, and follows it', async () => {
    // the client approves every post of this board
    await page.goto(`/b/${boardId}/settings`)
    await page.getByTestId('approval-client').check()
    await page.getByTestId('save-settings').click()
    await page.getByTestId('settings-saved').waitFor()

    // the board's header leads to its rounds: none yet
    await page.goto(`/b/${boardId}`)
    await page.getByTestId('rounds-link').click()
    await page.waitForURL(`**/b/${boardId}/rounds`)
    await page.getByTestId('rounds-empty').waitFor()

    // a new round: the next two weeks' posts, all ticked; one left out
    await page.getByTestId('new-round').click()
    expect(await page.getByTestId('round-name').inputValue()).toMatch(/^Week of /)
    await page.getByTestId('round-preset-custom').check()
    await page.getByTestId('round-from').fill(day(-1))
    await page.getByTestId('round-to').fill(day(14))
    const candidates = page.getByTestId('round-candidate')
    await candidates.nth(2).waitFor()
    const count = await candidates.count()
    expect(await candidates.locator('input:checked').count()).toBe(count)
    const leftOut = await candidates.last().getAttribute('data-card-id')
    await candidates.last().locator('input').uncheck()
    await page.getByTestId('round-name').fill('Semana de prueba')
    await page.getByTestId('round-message').fill('Revisen antes del jueves, por favor')
    await accessible('new round')
    expect(await page.getByTestId('round-send').textContent()).toBe(
      `Send ${count - 1} posts for review`,
    )
    await page.getByTestId('round-send').click()

    // the round's page: its posts in calendar order, each waiting for the client
    await page.waitForURL(/\/rounds\/[^/]+$/)
    const posts = page.getByTestId('review-post')
    await posts.first().waitFor()
    expect(await posts.count()).toBe(count - 1)
    const ids = await posts.evaluateAll((items) => items.map((li) => li.dataset.cardId))
    expect(ids).not.toContain(leftOut)
    expect(await page.getByTestId('review-round-name').textContent()).toBe('Semana de prueba')
    expect(await page.getByTestId('review-message').textContent()).toBe(
      'Revisen antes del jueves, por favor',
    )
    const whom = await page
      .getByTestId('review-post-approval')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-reviewer')))
    expect(new Set(whom)).toEqual(new Set(['client']))
    // nobody answers for the client: the strategist has nothing to approve here
    expect(await page.getByTestId('review-post-approve').count()).toBe(0)
    expect(await page.getByTestId('review-approve-all').count()).toBe(0)
    await accessible("the round's page")

    // a link for the client; this server sends no email, so the lead sends it by hand
    await page.getByTestId('review-link-label').fill('Ana (client)')
    await page.getByTestId('review-link-email').fill('ana@example.com')
    await page.getByTestId('review-link-create').click()
    await page.getByTestId('review-link-created').waitFor()
    expect(await page.getByTestId('review-link-url').textContent()).toContain('/review/rv_')
    expect(await page.getByTestId('review-link-mail').textContent()).toContain('No email was sent')
    const row = page.getByTestId('review-link-row')
    await row.first().waitFor()
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('active')
    // revoking asks first
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByTestId('review-link-revoke').click()
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'), POLL)
      .toBe('revoked')
    // nothing left to revoke
    expect(await row.getByTestId('review-link-revoke').count()).toBe(0)

    // the board's rounds: this one, nothing approved yet, the client holding it up
    await page.getByTestId('back-to-rounds').click()
    const round = page.getByTestId('round-row')
    await round.first().waitFor()
    expect(await round.count()).toBe(1)
    expect(await round.getByTestId('round-approved').textContent()).toBe(
      `0 of ${count - 1} approved`,
    )
    expect(await round.getByTestId('round-waiting-client').getAttribute('data-bottleneck')).toBe(
      'true',
    )
    await accessible('the rounds page')
  })

  it('a link that is wrong says only that it does not work, to someone signed out', async () => {
    const context = await newUserContext(demo!.browser, demo!.server.url)
    const guest = await context.newPage()
    try {
      await guest.goto('/review/rv_no-such-link.not_signed')
      await guest.getByTestId('review-link-dead').waitFor()
      expect(await guest.getByTestId('review-link-dead').textContent()).toContain(
        'This review link does not work any more',
      )
      // Pauta's name and the language; no board, no account, no sign-in
      expect(await guest.getByTestId('language-switcher').count()).toBe(1)
      expect(await guest.getByTestId('account-link').count()).toBe(0)
      expect(new URL(guest.url()).pathname).toBe('/review/rv_no-such-link.not_signed')
      const findings = blocking('a dead review link', await runAxe(guest))
      expect(findings.length, describeFindings(findings)).toBe(0)
    } finally {
      await context.close()
    }
  })
})
