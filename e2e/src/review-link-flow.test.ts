import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext, VIEWPORT } from './browser.ts'
import {
  assigneeName,
  cardById,
  cardInColumn,
  DEMO_USERS,
  cardDialog as dialog,
  dragCardToColumn,
  firstBoardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// [RND1] [RND3] [APPR3] [APPR4] [APPR6] A week of posts reviewed through a link, end to end.
// The demo's lead (a manager, and a strategist: only a strategist changes a board's rules) asks
// for the client's approval and sends the week's posts as a round, with a link for Lucía.
// Lucía, with the link and no account, approves two posts and asks for changes on a third; its
// community manager sees that live on the board, with the comment in the card's thread, and
// rewrites the copy, which puts the post back in review (so it may not be published yet).
// Lucía's page shows it waiting for her again; she approves it, and the CM publishes it. The
// steps build on each other, in order.

const POLL = { timeout: 15_000 }
const PHONE = { width: 390, height: 844 }
/** Where the steps' screenshots go, when asked for (they are looked at, not compared). */
const SHOTS = process.env.PAUTA_E2E_SHOTS

let server: RunningServer
let browser: Browser
let manager: Page
let cm: Page
let holderContext: BrowserContext
let holder: Page
let boardId: string
let linkUrl: string
/** The round's posts, as the new-round form listed them (by time). */
let roundIds: string[]
/** The post Lucía asks changes for (one of the CM's), and two she approves at once. */
let changed: string
let approvedAtOnce: string[]

const COMMENT = 'Less formal, please'
const NEW_COPY = 'Así tostamos cada lote, de principio a fin. ¡Ven a probarlo!'

/** The whole page, or (`fullPage: false`) what is on screen where it is scrolled to. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  if (fullPage) await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage })
}

/** A post of the round on a review page (the link's or a member's). */
const reviewPost = (page: Page, cardId: string): Locator =>
  page.locator(`[data-testid="review-post"][data-card-id="${cardId}"]`)

/** The card's approval badge on the board, as its text reads. */
const boardBadge = (page: Page, cardId: string) =>
  cardById(page, cardId).getByTestId('card-approval').textContent()

/** The copy's editor in the open card dialog: its editable content. */
const copyEditor = (page: Page): Locator =>
  dialog(page).locator('[data-testid="collab-copy"] .cm-content')

/** Marks the page so that a later check can tell it was not reloaded meanwhile. */
const markPage = (page: Page) => page.evaluate('window.__notReloaded = true')
const stillSamePage = (page: Page) => page.evaluate('window.__notReloaded === true')

/**
 * The new-round form's candidates for a preset, once they are listed (or it says there are
 * none): their card ids, by time.
 */
async function candidatesFor(page: Page, preset: 'this-week' | 'next-week'): Promise<string[]> {
  await page.getByTestId(`round-preset-${preset}`).check()
  const candidates = page.getByTestId('round-candidate')
  await candidates.first().or(page.getByTestId('round-no-candidates')).waitFor()
  return candidates.evaluateAll((items) => items.map((item) => item.dataset.cardId ?? ''))
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const [managerContext, cmContext] = await Promise.all([
    newUserContext(browser, server.url),
    newUserContext(browser, server.url),
  ])
  // the link holder: a browser of their own, never signed in
  holderContext = await newUserContext(browser, server.url)
  for (const context of [managerContext, cmContext, holderContext])
    context.setDefaultTimeout(POLL.timeout)
  ;[manager, cm, holder] = await Promise.all([
    managerContext.newPage(),
    cmContext.newPage(),
    holderContext.newPage(),
  ])
  await signIn(manager, DEMO_USERS.demo)
  boardId = await firstBoardId(manager)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('a week reviewed through a link', () => {
  it('a manager sends the week for the client’s review and makes a link for Lucía', async () => {
    // the client approves every post of this board
    await manager.goto(`/b/${boardId}/settings`)
    await manager.getByTestId('approval-client').check()
    await manager.getByTestId('save-settings').click()
    await manager.getByTestId('settings-saved').waitFor()

    // the board's header leads to its rounds; a new round of the week with 3 posts or more
    await openBoard(manager, boardId)
    await manager.getByTestId('rounds-link').click()
    await manager.waitForURL(`**/b/${boardId}/rounds`)
    await manager.getByTestId('new-round').click()
    roundIds = await candidatesFor(manager, 'this-week')
    if (roundIds.length < 3) roundIds = await candidatesFor(manager, 'next-week')
    expect(roundIds.length, 'the demo has a week with 3 scheduled posts or more').toBeGreaterThan(2)
    expect(await manager.getByTestId('round-name').inputValue()).toMatch(/^Week of /)
    await manager.getByTestId('round-message').fill('Please review this week’s posts by Thursday')
    await manager.getByTestId('round-send').click()

    // the round's page: a link for Lucía, no email, so the page says none was sent
    await manager.waitForURL(new RegExp(`/b/${boardId}/rounds/[^/]+$`))
    await manager.getByTestId('review-post').first().waitFor()
    expect(await manager.getByTestId('review-post').count()).toBe(roundIds.length)
    await manager.getByTestId('review-link-label').fill('Lucía')
    await manager.getByTestId('review-link-create').click()
    await manager.getByTestId('review-link-created').waitFor()
    expect(await manager.getByTestId('review-link-mail').textContent()).toContain(
      'No email was sent',
    )
    linkUrl = (await manager.getByTestId('review-link-url').textContent())?.trim() ?? ''
    expect(linkUrl).toMatch(new RegExp(`^${server.url}/review/rv_`))

    // Lucía will ask for changes on a post of a community manager's (Carla's if she has one in
    // the round), and approve two others
    await openBoard(manager, boardId)
    const owners = await Promise.all(
      roundIds.map(async (id) => ({ id, cm: await assigneeName(cardById(manager, id)) })),
    )
    const target =
      owners.find((post) => post.cm === 'Carla Gómez') ??
      owners.find((post) => post.cm === 'Diego Sánchez')
    if (!target) throw new Error(`no post of the round has a CM: ${JSON.stringify(owners)}`)
    changed = target.id
    approvedAtOnce = roundIds.filter((id) => id !== changed).slice(0, 2)

    // its community manager has the board open
    await signIn(cm, target.cm === 'Carla Gómez' ? DEMO_USERS.carla : DEMO_USERS.diego)
    await openBoard(cm, boardId)
    await markPage(cm)
    expect(await boardBadge(cm, changed)).toBe('Waiting for the client')
  })

  it('Lucía, with the link and no account, sees the week in calendar order and decides', async () => {
    await holder.goto(linkUrl)
    await holder.getByTestId('review-post').first().waitFor()
    expect(await holder.getByTestId('review-viewer').textContent()).toBe('Reviewing as Lucía')
    // no board, no account: Pauta's name, the language, the round
    expect(await holder.getByTestId('account-link').count()).toBe(0)
    expect(await holder.getByTestId('rounds-link').count()).toBe(0)
    expect(await holder.getByTestId('review-message').textContent()).toBe(
      'Please review this week’s posts by Thursday',
    )

    // the round's posts, in calendar order, each with its preview and its pictures loaded
    const posts = holder.getByTestId('review-post')
    expect(await posts.evaluateAll((items) => items.map((li) => li.dataset.cardId))).toEqual(
      roundIds,
    )
    const times = await holder
      .locator('[data-testid="review-post"] .review-post-when time')
      .evaluateAll((items) => items.map((time) => time.getAttribute('datetime') ?? ''))
    expect(times).toHaveLength(roundIds.length)
    expect([...times].sort()).toEqual(times)
    for (const id of roundIds) {
      expect(await reviewPost(holder, id).getByTestId('copy-preview').count()).toBe(1)
    }
    await expect
      .poll(
        () =>
          holder
            .locator('[data-testid="review-post"] img')
            .evaluateAll((images) =>
              images.every((img) => ((img as { naturalWidth?: number }).naturalWidth ?? 0) > 0),
            ),
        POLL,
      )
      .toBe(true)
    await shot(holder, '1-link-opened')

    // two approved
    for (const id of approvedAtOnce) {
      await reviewPost(holder, id).getByTestId('review-post-approve').click()
      await expect
        .poll(() => reviewPost(holder, id).getAttribute('data-state'), POLL)
        .toBe('approved')
    }
    // changes asked for on the CM's post, saying what
    const post = reviewPost(holder, changed)
    await post.getByTestId('review-post-changes').click()
    await post.getByTestId('review-changes-why').fill(COMMENT)
    await post.getByTestId('review-changes-send').click()
    await expect.poll(() => post.getAttribute('data-state'), POLL).toBe('changes-requested')
    await expect
      .poll(() => post.getByTestId('review-comment').locator('.comment-body').allTextContents())
      .toContain(COMMENT)
    expect(await post.getByTestId('review-post-approve').count()).toBe(0)
    expect(await holder.getByTestId('review-approved-count').textContent()).toBe(
      `2 of ${roundIds.length} approved`,
    )
    await shot(holder, '2-decided')
    // on a phone, the round's head and the post sent back
    await holder.setViewportSize(PHONE)
    await holder.evaluate('window.scrollTo(0, 0)')
    await shot(holder, '2-decided-phone', false)
    await post.scrollIntoViewIfNeeded()
    await shot(holder, '2-decided-phone-post', false)
    await holder.setViewportSize(VIEWPORT)
  })

  it('the CM sees it live on the board, with the comment, and rewrites the copy', async () => {
    await expect.poll(() => boardBadge(cm, changed), POLL).toBe('Changes requested')
    expect(await stillSamePage(cm)).toBe(true)
    for (const id of approvedAtOnce) {
      await expect.poll(() => boardBadge(cm, id), POLL).toBe('Approved')
    }

    await cardById(cm, changed).click()
    await expect
      .poll(() => dialog(cm).getByTestId('comment-body').allTextContents(), POLL)
      .toContain(COMMENT)
    // the copy rewritten, as she asked
    await copyEditor(cm).click()
    await cm.keyboard.press('ControlOrMeta+A')
    await cm.keyboard.type(NEW_COPY)
    await expect.poll(() => copyEditor(cm).textContent(), POLL).toBe(NEW_COPY)
    await shot(cm, 'cm-card', false)
    // a post whose changes were asked for goes back to the client once its copy changes
    await expect.poll(() => boardBadge(cm, changed), POLL).toBe('Waiting for the client')
    await cm.keyboard.press('Escape')
    await dialog(cm).waitFor({ state: 'detached' })

    // in review again: not approved, so it may not be published yet
    await dragCardToColumn(cm, changed, 'published')
    await cm.getByTestId('refusal').waitFor(POLL)
    expect(await cm.getByTestId('refusal').textContent()).toContain('not approved yet')
    await shot(cm, 'cm-refused', false)
    await cm.getByTestId('refusal').locator('button').click()
    expect(await cardById(cm, changed).getAttribute('data-stage')).toBe('calendar')
  })

  it('Lucía’s page shows the post back in review; she approves it, and the CM publishes it', async () => {
    // the link's page asks again every few seconds
    const post = reviewPost(holder, changed)
    await expect.poll(() => post.getAttribute('data-state'), POLL).toBe('in-review')
    await post.getByTestId('review-post-approve').waitFor()
    // as rewritten, and saying it was edited since she asked for changes
    expect(await post.getByTestId('post-text').textContent()).toContain('Así tostamos cada lote')
    await post.getByTestId('edited-since-changes').waitFor()
    await shot(holder, '3-back-in-review')
    await post.getByTestId('review-post-approve').click()
    await expect.poll(() => post.getAttribute('data-state'), POLL).toBe('approved')
    expect(await holder.getByTestId('review-approved-count').textContent()).toBe(
      `3 of ${roundIds.length} approved`,
    )
    await shot(holder, '4-approved')

    // the CM's board follows; My posts now offers to publish it
    await expect.poll(() => boardBadge(cm, changed), POLL).toBe('Approved')
    await cm.goto(`/b/${boardId}/queue`)
    const item = cm.locator(`[data-testid="queue-item"][data-card-id="${changed}"]`)
    await item.getByTestId('queue-publish').click()
    const publish = cm.getByTestId('queue-dialog')
    await publish.locator('input[type="url"]').fill('https://www.instagram.com/p/aurora123/')
    await publish.getByTestId('queue-dialog-submit').click()
    await publish.waitFor({ state: 'hidden' })
    await openBoard(cm, boardId)
    await cardInColumn(cm, 'published', changed).waitFor(POLL)
    await openBoard(manager, boardId)
    await cardInColumn(manager, 'published', changed).waitFor(POLL)

    // all along, Lucía's browser held no account: no cookie at all
    expect(await holderContext.cookies()).toEqual([])
  })
})
