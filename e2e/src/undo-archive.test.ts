import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cardInColumn,
  DEMO_USERS,
  dragCardToColumn,
  firstBoardId,
  firstCardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { startTwoPeople, type TwoPeople } from './two-people.ts'

// Undo, redo and archive in two browsers: Marco (manager) and Carla (community manager).
// Each undoes only their own change; Carla takes back her own publish (a move back a CM may
// not otherwise make) and the server accepts it; past two minutes her browser refuses, says
// why and sends nothing; an archive is undone from its toast and restored from the list,
// which says who archived it.

const POLL = { timeout: 15_000 }
const TWO_MINUTES = 2 * 60_000

let people: TwoPeople | undefined
let marco: Page
let carla: Page
let boardId: string
/** Yjs document updates Carla's browser sent (sync message 0, type 2), with when. */
const carlaUpdates: number[] = []

beforeAll(async () => {
  people = await startTwoPeople(POLL.timeout)
  ;({ pageA: marco, pageB: carla } = people)
  // Carla's clock is the page's own, which the test moves forward later; it runs as usual.
  await people.contextB.clock.install()
  carla.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') return
      if (payload[0] === 0 && payload[1] === 2) carlaUpdates.push(Date.now())
    }),
  )
  await signIn(marco, DEMO_USERS.marco)
  await signIn(carla, DEMO_USERS.carla)
  boardId = await firstBoardId(marco)
  await Promise.all([openBoard(marco, boardId), openBoard(carla, boardId)])
}, 90_000)

afterAll(async () => {
  await people?.close()
})

const undoNotice = (page: Page) => page.getByTestId('undo-notice')
let ideaId: string
let postId: string

/** Carla publishes one of her calendar posts from My posts; returns its id. */
async function publishFromQueue(): Promise<string> {
  await carla.getByTestId('view-queue').click()
  const item = carla
    .locator('[data-testid="queue-item"]:has([data-testid="queue-publish"])')
    .first()
  await item.waitFor(POLL)
  const id = await item.getAttribute('data-card-id')
  if (!id) throw new Error('the queue item has no card id')
  await item.getByTestId('queue-publish').click()
  const dialog = carla.getByTestId('queue-dialog')
  await dialog.locator('input[type="url"]').fill('https://www.instagram.com/p/deshacer/')
  await dialog.getByTestId('queue-dialog-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  return id
}

describe('undo and archive', () => {
  it('undoes only one’s own change; a CM takes back her own publish and the server takes it', async () => {
    // nothing of Carla's yet: the button says so and does nothing
    expect(await carla.getByTestId('undo').getAttribute('aria-disabled')).toBe('true')
    ideaId = await firstCardId(marco, 'strategy')
    await dragCardToColumn(marco, ideaId, 'plan')
    await cardInColumn(carla, 'plan', ideaId).waitFor(POLL)

    postId = await publishFromQueue()
    await cardInColumn(marco, 'published', postId).waitFor(POLL)

    // Ctrl+Z in Carla's browser: her publish is taken back, Marco's move stays.
    await carla.keyboard.press('Control+z')
    await cardInColumn(marco, 'calendar', postId).waitFor(POLL)
    expect(await cardInColumn(marco, 'plan', ideaId).count()).toBe(1)
    await carla.getByTestId('view-board').click()
    await cardInColumn(carla, 'calendar', postId).waitFor(POLL)
    expect(await carla.getByTestId('refusal').count()).toBe(0)
    await carla.locator('[data-testid="connection-status"][data-status="online"]').waitFor()

    // Marco's Undo button takes back his own move, which Carla sees.
    await marco.getByTestId('undo').click()
    await cardInColumn(carla, 'strategy', ideaId).waitFor(POLL)
    expect(await cardInColumn(carla, 'calendar', postId).count()).toBe(1)
  })

  it('after two minutes the CM’s browser refuses the take-back, says why and sends nothing', async () => {
    // Redo publishes again: an ordinary move for the post's CM.
    await carla.keyboard.press('Control+Shift+Z')
    await cardInColumn(marco, 'published', postId).waitFor(POLL)

    await carla.clock.setSystemTime(new Date(Date.now() + TWO_MINUTES + 5_000))
    const sentBefore = carlaUpdates.length
    await carla.getByTestId('undo').click()
    await expect.poll(() => undoNotice(carla).textContent(), POLL).toMatch(/only within 2 minutes/)
    // Nothing went out (an update is sent in the same task as the change that makes it, before
    // the notice renders). The step stays, to be tried again; the post stays published.
    expect(carlaUpdates.length).toBe(sentBefore)
    expect(await carla.getByTestId('undo').getAttribute('aria-disabled')).toBe('false')
    expect(await cardInColumn(carla, 'published', postId).count()).toBe(1)
    // Reconnecting hands the server whatever this browser holds that it lacks: the server and
    // Marco still have the post published.
    await openBoard(carla, boardId)
    expect(await cardInColumn(marco, 'published', postId).count()).toBe(1)
    expect(await cardInColumn(carla, 'published', postId).count()).toBe(1)
  })

  it('archives with a toast whose Undo restores the card where it was, for both', async () => {
    const id = await firstCardId(marco, 'plan')
    await cardInColumn(marco, 'plan', id).click()
    await marco.getByTestId('archive-card').click()
    await expect.poll(() => undoNotice(marco).textContent(), POLL).toMatch(/^Archived: /)
    await cardInColumn(carla, 'plan', id).waitFor({ state: 'detached', ...POLL })
    await marco.getByTestId('undo-notice-action').click()
    await cardInColumn(carla, 'plan', id).waitFor(POLL)
    expect(await firstCardId(carla, 'plan')).toBe(id)
  })

  it('archives in one browser and restores from the Archived list in the other', async () => {
    const id = await firstCardId(marco, 'strategy')
    const title =
      (await cardInColumn(marco, 'strategy', id).locator('.card-title').first().textContent()) ?? ''
    await cardInColumn(marco, 'strategy', id).click()
    await marco.getByTestId('archive-card').click()
    await cardInColumn(carla, 'strategy', id).waitFor({ state: 'detached', ...POLL })

    // A CM sees the archived card but may not restore it.
    await carla.getByTestId('open-archived').click()
    const row = (page: Page) => page.locator(`[data-testid="archived-row"][data-card-id="${id}"]`)
    await row(carla).waitFor(POLL)
    expect(await row(carla).getByTestId('restore-card').count()).toBe(0)
    // The row says who archived it, and when, from the server's stamp ([STAMP3]); the card
    // archived last heads the list.
    await expect
      .poll(() => row(carla).getByTestId('archived-stamp').textContent(), POLL)
      .toMatch(/^Archived .+ by Marco Díaz$/)
    const first = carla.getByTestId('archived-row').first()
    expect(await first.getAttribute('data-card-id')).toBe(id)
    await carla.keyboard.press('Escape')

    // Estela (strategist) in the second browser finds it by its title and restores it.
    await people!.contextB.clearCookies()
    await signIn(carla, DEMO_USERS.estela)
    await openBoard(carla, boardId)
    await carla.getByTestId('open-archived').click()
    await carla.getByTestId('archived-search').fill(title.slice(0, 6).toUpperCase())
    await row(carla).getByTestId('restore-card').click()
    await row(carla).waitFor({ state: 'detached', ...POLL })
    await carla.keyboard.press('Escape')
    // back at the end of its stage, for Marco too
    await cardInColumn(marco, 'strategy', id).waitFor(POLL)
    const ids = await marco
      .getByTestId('column-strategy')
      .getByTestId('card')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-card-id')))
    expect(ids.at(-1)).toBe(id)
  })
})
