import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserContext } from './browser.ts'
import {
  assigneeName,
  cardById,
  cardInColumn,
  column,
  DEMO_USERS,
  dragCardOverColumn,
  dragCardToColumn,
  firstBoardId,
  moveFieldsDialog,
  openBoard,
  type SignedIn,
  type Stage,
  signIn,
  takeButton,
  waitForBoard,
} from './pauta.ts'
import { type RunningServer, startServer } from './server.ts'

// The workflow rules as people meet them on the board: each person in their own browser
// context, with the demo's roles. Marco manages, Carla is a community manager, Lucía is the
// client, Estela the strategist who edits the rules. The tests touch different cards; the
// refusal test changes the board's rules (community managers may no longer publish), so it
// runs after the tests that rely on the default rules.

const POLL = { timeout: 15_000 }
const RELEASED_POST = 'Oferta laboral: baristas para temporada alta'

interface Person {
  context: BrowserContext
  page: Page
  me: SignedIn
}

let server: RunningServer
let browser: Browser
let marco: Person
let carla: Person
let lucia: Person
let estela: Person
const extraContexts: BrowserContext[] = []
let boardId: string

async function signedIn(email: string): Promise<Person> {
  const context = await newUserContext(browser, server.url)
  context.setDefaultTimeout(POLL.timeout)
  const page = await context.newPage()
  return { context, page, me: await signIn(page, email) }
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startServer(), launchBrowser()])
  ;[marco, carla, lucia, estela] = await Promise.all([
    signedIn(DEMO_USERS.marco),
    signedIn(DEMO_USERS.carla),
    signedIn(DEMO_USERS.lucia),
    signedIn(DEMO_USERS.estela),
  ])
  boardId = await firstBoardId(marco.page)
  await Promise.all([marco, carla, lucia].map(({ page }) => openBoard(page, boardId)))
})

afterAll(async () => {
  for (const context of extraContexts) await context.close()
  for (const person of [marco, carla, lucia, estela]) await person?.context.close()
  await browser?.close()
  await server?.stop()
})

const stageIn = (page: Page, cardId: string) => cardById(page, cardId).getAttribute('data-stage')

/** The cards of a column whose assignee chip names `name`. */
const assignedIn = (page: Page, stage: Stage, name: string): Locator =>
  column(page, stage)
    .getByTestId('card')
    .filter({ has: page.locator('.assignee-name', { hasText: name }) })

async function idOf(card: Locator): Promise<string> {
  await card.waitFor()
  const id = await card.getAttribute('data-card-id')
  if (!id) throw new Error('a card without data-card-id')
  return id
}

/** The names of the fields the move dialog asks for, in its order. */
const askedFields = (dialog: Locator) =>
  dialog.locator('[name]').evaluateAll((els) => els.map((el) => el.getAttribute('name')))

/** Columns marked as drop targets right now: only while a drag is under way. */
const markedColumns = (page: Page) => page.locator('[data-testid^="column-"][data-drop]').count()

describe('workflow rules in the browser', () => {
  it('a community manager cannot drop her calendar post into Strategy, and nothing is written', async () => {
    const cards = assignedIn(carla.page, 'calendar', carla.me.name)
    const id = await idOf(cards.first())
    expect(await cardById(carla.page, id).getAttribute('data-draggable')).toBe('true')

    await dragCardOverColumn(carla.page, id, 'strategy')
    try {
      const strategy = column(carla.page, 'strategy')
      await expect.poll(() => strategy.getAttribute('data-drop'), POLL).toBe('forbidden')
      const reason = (await carla.page.getByTestId('drop-reason-strategy').textContent()) ?? ''
      expect(reason).toMatch(/strategist/i)
      expect(reason).toMatch(/manager/i)
      // where she may take it, the board says so too
      expect(await column(carla.page, 'published').getAttribute('data-drop')).toBe('allowed')
      // the refused column does not preview the card; it stays shown in Calendar
      expect(await cardInColumn(carla.page, 'strategy', id).count()).toBe(0)
      // Marco sees her holding it (her presence goes through the same socket as her edits)
      await cardById(marco.page, id).locator('.card-remote-drag').waitFor(POLL)
    } finally {
      await carla.page.mouse.up()
    }

    // the drag is over: no column is marked any more, Marco no longer sees her moving it
    await expect.poll(() => markedColumns(carla.page), POLL).toBe(0)
    await cardById(marco.page, id).locator('.card-remote-drag').waitFor({ state: 'detached' })
    await cardInColumn(carla.page, 'calendar', id).waitFor()
    expect(await stageIn(carla.page, id)).toBe('calendar')
    // refused before anything was sent: the board says why once more (on a phone the column
    // may have been out of view), nothing the server had to undo, no dialog
    const toast = carla.page.getByTestId('refusal')
    await toast.waitFor(POLL)
    expect(await toast.textContent()).toMatch(/strategist/i)
    expect(await toast.textContent()).not.toContain('server')
    await toast.locator('button').click()
    await toast.waitFor({ state: 'detached' })
    expect(await moveFieldsDialog(carla.page).count()).toBe(0)
    expect(await carla.page.getByTestId('connection-status').getAttribute('data-status')).toBe(
      'online',
    )
    await cardInColumn(marco.page, 'calendar', id).waitFor()
    expect(await stageIn(marco.page, id)).toBe('calendar')
  })

  it('a manager moving a card to Calendar is asked for its slot, network and community manager', async () => {
    const { page } = marco
    const plan = column(page, 'plan')

    // A seed card (it has a network): the dialog asks only for what it lacks; cancelling
    // puts it back in Plan and writes nothing.
    const seeded = await idOf(plan.getByTestId('card').first())
    expect(await cardById(page, seeded).locator('.network-badge').count()).toBe(1)
    await dragCardToColumn(page, seeded, 'calendar')
    const dialog = moveFieldsDialog(page)
    await dialog.waitFor()
    expect(await dialog.getAttribute('role')).toBe('dialog')
    expect(await askedFields(dialog)).toEqual(['scheduledAt', 'assigneeId'])
    // while the dialog asks, the card shows where it was dropped
    await cardInColumn(page, 'calendar', seeded).waitFor()
    await dialog.getByTestId('move-fields-cancel').click()
    await dialog.waitFor({ state: 'hidden' })
    await cardInColumn(page, 'plan', seeded).waitFor()
    expect(await cardInColumn(page, 'calendar', seeded).count()).toBe(0)
    expect(await stageIn(page, seeded)).toBe('plan')

    // A new card without a network: all three calendar fields are asked for.
    const title = `Post e2e ${Date.now()}`
    await page.getByTestId('add-card-plan').click()
    const input = page.getByTestId('new-card-title')
    await input.fill(title)
    await input.press('Enter')
    const id = await idOf(plan.getByTestId('card').filter({ hasText: title }))
    await input.press('Escape')

    await dragCardToColumn(page, id, 'calendar')
    await dialog.waitFor()
    expect(await askedFields(dialog)).toEqual(['scheduledAt', 'network', 'assigneeId'])
    // confirming with nothing filled keeps the dialog open and marks every field
    await dialog.getByTestId('move-fields-confirm').click()
    for (const name of ['scheduledAt', 'network', 'assigneeId']) {
      await dialog.locator(`[name="${name}"][aria-invalid="true"]`).waitFor()
    }
    await dialog.locator('[name="scheduledAt"]').fill('2031-12-01T10:30')
    await dialog.locator('[name="network"]').selectOption('instagram')
    await dialog.locator('[name="assigneeId"]').selectOption(carla.me.id)
    await dialog.getByTestId('move-fields-confirm').click()
    await dialog.waitFor({ state: 'hidden' })

    await cardInColumn(page, 'calendar', id).waitFor()
    await expect.poll(() => stageIn(page, id), POLL).toBe('calendar')
    await expect.poll(() => assigneeName(cardById(page, id)), POLL).toBe(carla.me.name)

    // Carla: the post arrives in Calendar, hers (name and initials on the card), hers to move
    const hers = cardInColumn(carla.page, 'calendar', id)
    await hers.waitFor(POLL)
    await expect.poll(() => assigneeName(hers), POLL).toBe(carla.me.name)
    expect(await hers.locator('.assignee .avatar').textContent()).toBe('CG')
    expect(await hers.locator('.network-badge').getAttribute('class')).toContain(
      'network-instagram',
    )
    expect(await hers.getAttribute('data-draggable')).toBe('true')
    // the cancelled move never left Marco's browser (it was made before this one)
    await cardInColumn(carla.page, 'plan', seeded).waitFor()
    expect(await stageIn(carla.page, seeded)).toBe('plan')
  })

  it('a community manager takes the released calendar post, and the manager sees it is hers', async () => {
    const post = column(carla.page, 'calendar')
      .getByTestId('card')
      .filter({ hasText: RELEASED_POST })
    const id = await idOf(post)
    expect(await assigneeName(post)).toBeNull()
    // not hers yet: she may take it, not move it
    expect(await post.getAttribute('data-draggable')).toBe('false')
    // only community managers are offered the take
    expect(await takeButton(marco.page, id).count()).toBe(0)

    await takeButton(carla.page, id).click()

    await expect.poll(() => assigneeName(cardById(carla.page, id)), POLL).toBe(carla.me.name)
    await takeButton(carla.page, id).waitFor({ state: 'detached' })
    expect(await cardById(carla.page, id).getAttribute('data-draggable')).toBe('true')
    await expect.poll(() => assigneeName(cardById(marco.page, id)), POLL).toBe(carla.me.name)
    // taking opens nothing and refuses nothing
    expect(await carla.page.getByRole('dialog').count()).toBe(0)
    expect(await carla.page.getByTestId('refusal').count()).toBe(0)
  })

  it('the client reads the board and changes nothing', async () => {
    const { page } = lucia
    await page.getByTestId('read-only').waitFor()
    expect(await page.locator('[data-testid^="add-card-"]').count()).toBe(0)
    const cards = page.getByTestId('card')
    expect(await cards.count()).toBeGreaterThan(10)
    expect(await page.locator('[data-testid="card"][data-draggable="true"]').count()).toBe(0)

    const id = await idOf(column(page, 'strategy').getByTestId('card').first())
    await dragCardOverColumn(page, id, 'plan')
    try {
      // nothing was picked up: no column is marked, the card is not previewed in Plan
      expect(await markedColumns(page)).toBe(0)
      expect(await cardInColumn(page, 'plan', id).count()).toBe(0)
    } finally {
      await page.mouse.up()
    }
    await cardInColumn(page, 'strategy', id).waitFor()
    expect(await stageIn(page, id)).toBe('strategy')
    expect(await moveFieldsDialog(page).count()).toBe(0)
    expect(await stageIn(marco.page, id)).toBe('strategy')

    // the card opens, to read: it says why it cannot be edited
    await cardById(page, id).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByTestId('view-only').waitFor()
    // read as text, not as inputs that look editable and refuse every keystroke; the one
    // field is the comment a client writes
    await dialog.getByTestId('card-read').waitFor()
    expect(await dialog.locator('input, textarea, select').count()).toBe(1)
    expect(await dialog.getByTestId('card-comments').locator('textarea').count()).toBe(1)
    expect(await dialog.getByTestId('save-card').count()).toBe(0)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
  })

  it('a change the server refuses is explained and undone', async () => {
    const { page } = carla
    const status = page.getByTestId('connection-status')
    const id = await idOf(assignedIn(page, 'calendar', carla.me.name).last())

    // Carla publishes her post offline, under the rules she knows (community managers may)
    await carla.context.setOffline(true)
    await expect.poll(() => status.getAttribute('data-status'), POLL).toBe('offline')
    await dragCardToColumn(page, id, 'published')
    const dialog = moveFieldsDialog(page)
    await dialog.waitFor()
    expect(await askedFields(dialog)).toEqual(['publishedAt'])
    expect(await dialog.locator('[name="publishedAt"]').inputValue()).not.toBe('')
    await dialog.getByTestId('move-fields-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => stageIn(page, id), POLL).toBe('published')
    expect(await stageIn(marco.page, id)).toBe('calendar')

    // meanwhile Estela takes that move away from community managers
    await estela.page.goto(`/b/${boardId}/settings`)
    const cm = estela.page.getByTestId('cell-calendar-published').locator('[data-role="cm"]')
    expect(await cm.getAttribute('aria-pressed')).toBe('true')
    await cm.click()
    expect(await cm.getAttribute('aria-pressed')).toBe('false')
    await estela.page.getByTestId('save-settings').click()
    await estela.page.getByTestId('settings-saved').waitFor()

    // back online, Carla's change reaches the server, which refuses it
    await carla.context.setOffline(false)
    const refusal = page.getByTestId('refusal')
    await refusal.waitFor(POLL)
    expect(await refusal.getAttribute('role')).toBe('alert')
    // the server's refusal, not the page's own: the board went back to the server's version
    expect(await refusal.textContent()).toContain('Your change was undone')
    // it says who may make that move now (the page fetched the new rules on the refusal)
    await expect
      .poll(() => refusal.textContent(), POLL)
      .toMatch(/Only a manager can move cards from Calendar to Published/)
    await cardInColumn(page, 'calendar', id).waitFor(POLL)
    await expect.poll(() => stageIn(page, id), POLL).toBe('calendar')
    await waitForBoard(page)
    await cardInColumn(marco.page, 'calendar', id).waitFor()
    expect(await stageIn(marco.page, id)).toBe('calendar')
    // under the new rules her board no longer offers Published
    await dragCardOverColumn(page, id, 'published')
    try {
      await expect
        .poll(() => column(page, 'published').getAttribute('data-drop'), POLL)
        .toBe('forbidden')
    } finally {
      await page.keyboard.press('Escape')
      await page.mouse.up()
    }
    await expect.poll(() => markedColumns(page), POLL).toBe(0)
    expect(await stageIn(page, id)).toBe('calendar')
  })

  it('someone new joins by an invitation link and reaches the board', async () => {
    const href = await marco.page.getByTestId('workspace-link').getAttribute('href')
    expect(href).toMatch(/^\/w\//)
    const { page } = estela
    await page.goto(href!)
    const roles = page.locator('input[name="role"]')
    await roles.first().waitFor()
    // a link for anyone (no email), community manager only (the form's default)
    expect(await page.getByTestId('invite-email').inputValue()).toBe('')
    for (const box of await roles.all()) {
      const value = await box.getAttribute('value')
      if ((await box.isChecked()) !== (value === 'cm')) await box.click()
    }
    await page.getByTestId('create-invite').click()
    const link = (await page.getByTestId('invite-link').textContent())?.trim() ?? ''
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[^/]+$`))

    const context = await newUserContext(browser, server.url)
    extraContexts.push(context)
    context.setDefaultTimeout(POLL.timeout)
    const newcomer = await context.newPage()
    await newcomer.goto(link)
    // a newcomer's invitation page opens on the sign-up form
    await newcomer.locator('input[name="name"]').fill('Nora Cano')
    await newcomer.locator('input[name="email"]').fill('nora@cafe-aurora.test')
    await newcomer.locator('input[name="password"]').fill('nora-e2e-password')
    await newcomer.locator('button[type="submit"]').click()

    // signing up accepts the invitation and leads to the boards
    await newcomer.waitForURL((url) => url.pathname === '/')
    const boardLink = newcomer.locator(`[data-testid="board-link"][data-board-id="${boardId}"]`)
    await boardLink.click()
    await newcomer.waitForURL((url) => url.pathname === `/b/${boardId}`)
    await waitForBoard(newcomer)
    expect(await newcomer.getByTestId('read-only').count()).toBe(0)
    expect(await newcomer.getByTestId('invite-error').count()).toBe(0)

    // the team page lists her as a community manager
    const me = (await (await newcomer.request.get('/trpc/auth.me')).json()) as {
      result: { data: SignedIn }
    }
    await page.reload()
    const row = page.locator(`[data-testid="member-row"][data-user-id="${me.result.data.id}"]`)
    await row.waitFor()
    expect(await row.getByTestId('role-cm').getAttribute('aria-pressed')).toBe('true')
    expect(await row.getByTestId('role-manager').getAttribute('aria-pressed')).toBe('false')
  })
})
