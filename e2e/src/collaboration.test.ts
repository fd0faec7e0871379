import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cardById,
  cardInColumn,
  column,
  columnCount,
  DEMO_USERS,
  dragCardToColumn,
  fillAfterDrop,
  firstBoardId,
  firstCardId,
  keyboardMoveRight,
  moveFieldsDialog,
  openBoard,
  type SignedIn,
  signIn,
  waitForBoard,
} from './pauta.ts'
import { startTwoPeople, type TwoPeople } from './two-people.ts'

// Two people on one board: Marco (manager) in context A, Carla (community manager) in B.
// Each test moves or creates different cards, so their order does not matter.

const POLL = { timeout: 15_000 }

let people: TwoPeople | undefined
let contextA: BrowserContext
let pageA: Page
let pageB: Page
let marco: SignedIn
let carla: SignedIn
let boardId: string

beforeAll(async () => {
  people = await startTwoPeople(POLL.timeout)
  ;({ contextA, pageA, pageB } = people)
  marco = await signIn(pageA, DEMO_USERS.marco)
  carla = await signIn(pageB, DEMO_USERS.carla)
  boardId = await firstBoardId(pageA)
  await Promise.all([openBoard(pageA, boardId), openBoard(pageB, boardId)])
})

afterAll(async () => {
  await people?.close()
})

const stageIn = (page: Page, cardId: string) => cardById(page, cardId).getAttribute('data-stage')

describe('two people on one board', () => {
  it('each sees the other in presence', async () => {
    await pageA.locator(`[data-testid="presence-avatar"][data-user-id="${carla.id}"]`).waitFor(POLL)
    await pageB.locator(`[data-testid="presence-avatar"][data-user-id="${marco.id}"]`).waitFor(POLL)
    // nobody sees themselves among the others
    expect(
      await pageA.locator(`[data-testid="presence-avatar"][data-user-id="${marco.id}"]`).count(),
    ).toBe(0)
  })

  it('a card dragged with the mouse in A shows in the new column in B, also after a reload', async () => {
    const id = await firstCardId(pageA, 'strategy')
    await cardInColumn(pageB, 'strategy', id).waitFor()
    const planBefore = await columnCount(pageB, 'plan')

    await dragCardToColumn(pageA, id, 'plan')

    await expect.poll(() => stageIn(pageA, id), POLL).toBe('plan')
    await cardInColumn(pageB, 'plan', id).waitFor(POLL)
    await expect.poll(() => stageIn(pageB, id), POLL).toBe('plan')
    await expect.poll(() => columnCount(pageB, 'plan'), POLL).toBe(planBefore + 1)

    await pageB.reload()
    await waitForBoard(pageB)
    await cardInColumn(pageB, 'plan', id).waitFor(POLL)
    expect(await cardInColumn(pageB, 'strategy', id).count()).toBe(0)
  })

  it('a card moved with the keyboard (Space, ArrowRight, Space) lands in the next stage for both', async () => {
    const id = await firstCardId(pageA, 'calendar')

    await keyboardMoveRight(pageA, id, 'published')
    // Published needs a publication time: the dialog asks for it, filled with "now"
    const dialog = moveFieldsDialog(pageA)
    await dialog.waitFor()
    expect(await dialog.locator('[name="publishedAt"]').inputValue()).not.toBe('')
    await dialog.getByTestId('move-fields-confirm').click()
    await dialog.waitFor({ state: 'hidden' })

    await expect.poll(() => stageIn(pageA, id), POLL).toBe('published')
    // dropped: the handle is no longer pressed and keeps the focus for the next move
    await expect.poll(() => cardById(pageA, id).getAttribute('aria-pressed'), POLL).toBeNull()
    await cardInColumn(pageB, 'published', id).waitFor(POLL)
    await expect.poll(() => stageIn(pageB, id), POLL).toBe('published')
  })

  it('a card created in A appears in B, and so does its edited title', async () => {
    const title = `Prueba e2e ${Date.now()}`
    const before = await columnCount(pageB, 'strategy')

    // new ideas start in Strategy (a card created further on would need that stage's fields)
    await pageA.getByTestId('add-card-strategy').click()
    const input = pageA.getByTestId('new-card-title')
    await input.fill(title)
    await input.press('Enter')

    const created = column(pageA, 'strategy').getByTestId('card').filter({ hasText: title })
    await created.waitFor(POLL)
    const id = await created.getAttribute('data-card-id')
    expect(id).toBeTruthy()
    // the quick form stays open for the next title; leave it
    await input.press('Escape')

    await expect.poll(() => columnCount(pageB, 'strategy'), POLL).toBe(before + 1)
    const seen = cardInColumn(pageB, 'strategy', id!)
    await seen.waitFor(POLL)
    expect(await seen.getByTestId('card-title').textContent()).toBe(title)

    const renamed = `${title} (editada)`
    await cardById(pageA, id!).click()
    const dialog = pageA.getByRole('dialog')
    await dialog.waitFor()
    await dialog.locator('[name="title"]').fill(renamed)
    await dialog.getByTestId('save-card').click()
    await dialog.waitFor({ state: 'hidden' })

    await expect
      .poll(() => cardById(pageA, id!).getByTestId('card-title').textContent(), POLL)
      .toBe(renamed)
    await expect
      .poll(() => cardById(pageB, id!).getByTestId('card-title').textContent(), POLL)
      .toBe(renamed)
  })

  // Chromium's offline emulation (context.setOffline) fires `offline` and holds the frames of an
  // open WebSocket without closing it (they are delivered when back online). The board listens
  // to `offline`/`online` and disconnects and reconnects its provider itself, so this exercises
  // the real path: the edit stays local, then reaches the server in the reconnect's sync step.
  it('a move made offline in A reaches B once A is back online', async () => {
    const id = await firstCardId(pageA, 'monitored')
    const status = pageA.getByTestId('connection-status')

    await contextA.setOffline(true)
    await expect.poll(() => status.getAttribute('data-status'), POLL).toBe('offline')

    await dragCardToColumn(pageA, id, 'escalated')
    // an escalation needs its reason and severity, asked offline as well
    const dialog = moveFieldsDialog(pageA)
    await dialog.waitFor()
    await fillAfterDrop(dialog.locator('[name="escalationReason"]'), 'Reclamo sin respuesta (e2e)')
    await dialog.locator('[name="severity"]').selectOption('high')
    await dialog.getByTestId('move-fields-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => stageIn(pageA, id), POLL).toBe('escalated')
    // A is cut off: B still has the card where it was
    expect(await stageIn(pageB, id)).toBe('monitored')

    await contextA.setOffline(false)
    await expect.poll(() => status.getAttribute('data-status'), POLL).toBe('online')
    await cardInColumn(pageB, 'escalated', id).waitFor(POLL)
    await expect.poll(() => stageIn(pageB, id), POLL).toBe('escalated')
    expect(await cardById(pageB, id).getByTestId('severity').getAttribute('data-severity')).toBe(
      'high',
    )
  })
})
