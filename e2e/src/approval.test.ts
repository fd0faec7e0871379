import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cardById,
  column,
  DEMO_USERS,
  dragCardToColumn,
  firstBoardId,
  openBoard,
  signIn,
} from './pauta.ts'
import { startTwoPeople, type TwoPeople } from './two-people.ts'

// [APPR1]–[APPR6] The demo strategist (A) asks for the client's approval on Instagram posts,
// sends one for review; Lucía, the client (B), sees it waiting for her and approves it; the
// board of A follows live, and only then does the post go to Published.

const POLL = { timeout: 15_000 }

let people: TwoPeople | undefined
let pageA: Page
let pageB: Page
let boardId: string
let cardId: string

beforeAll(async () => {
  people = await startTwoPeople(POLL.timeout)
  ;({ pageA, pageB } = people)
  await signIn(pageA, DEMO_USERS.demo)
  await signIn(pageB, DEMO_USERS.lucia)
  boardId = await firstBoardId(pageA)
})

afterAll(async () => {
  await people?.close()
})

const dialog = (page: Page) => page.locator('dialog.card-dialog[open]')

describe('approval before publishing', () => {
  it('the client approves a post sent for review, and only then may it be published', async () => {
    // the strategist asks for the client's yes on Instagram posts
    await pageA.goto(`/b/${boardId}/settings`)
    await pageA.getByTestId('approval-client').check()
    await pageA.getByText('Instagram', { exact: true }).click()
    await pageA.getByTestId('save-settings').click()
    await pageA.getByTestId('settings-saved').waitFor()
    await Promise.all([openBoard(pageA, boardId), openBoard(pageB, boardId)])

    // an Instagram post in Calendar: a draft, which may not be published yet
    const post = column(pageA, 'calendar')
      .getByTestId('card')
      .filter({ has: pageA.locator('.network-instagram') })
      .first()
    cardId = (await post.getAttribute('data-card-id')) ?? ''
    expect(await cardById(pageA, cardId).getByTestId('card-approval').textContent()).toBe('Draft')
    await dragCardToColumn(pageA, cardId, 'published')
    await pageA.getByTestId('refusal').waitFor(POLL)
    expect(await pageA.getByTestId('refusal').textContent()).toContain('not approved yet')
    await pageA.getByTestId('refusal').locator('button').click()
    expect(await cardById(pageA, cardId).getAttribute('data-stage')).toBe('calendar')

    // sent for review: Lucía's board shows it waiting for her
    await cardById(pageA, cardId).click()
    await dialog(pageA).getByTestId('review-send').click()
    await expect
      .poll(() => cardById(pageB, cardId).getByTestId('card-approval').textContent(), POLL)
      .toBe('Waiting for the client')
    // the strategist cannot answer for the client
    expect(await dialog(pageA).getByTestId('review-approve').count()).toBe(0)

    // Lucía approves it from the card
    await cardById(pageB, cardId).click()
    await dialog(pageB).getByTestId('review-approve').click()
    await expect
      .poll(() => cardById(pageA, cardId).getByTestId('card-approval').textContent(), POLL)
      .toBe('Approved')
    await pageB.screenshot({ path: '/tmp/approval-b.png' })
  })
})
