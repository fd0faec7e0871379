import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cardById,
  column,
  DEMO_USERS,
  cardDialog as dialog,
  dragCardToColumn,
  openBoard,
} from './pauta.ts'
import { type TwoOnTheBoard, twoOnTheDemoBoard } from './two-people.ts'

// [APPR1]–[APPR6] The demo strategist (A) asks for the client's approval on Instagram posts,
// sends one for review; Lucía, the client (B), sees it waiting for her and approves it; the
// board of A follows live, and only then does the post go to Published.

const POLL = { timeout: 15_000 }

let people: TwoOnTheBoard | undefined
let pageA: Page
let pageB: Page
let boardId: string
let cardId: string

beforeAll(async () => {
  people = await twoOnTheDemoBoard({ a: DEMO_USERS.demo, b: DEMO_USERS.lucia }, POLL.timeout)
  ;({ pageA, pageB, boardId } = people)
})

afterAll(async () => {
  await people?.close()
})

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
    // sent as a round of its own, whose page makes links for the client
    expect(
      await dialog(pageA).getByTestId('review-sent-round').locator('a').getAttribute('href'),
    ).toMatch(new RegExp(`^/b/${boardId}/rounds/[\\w-]+$`))
    // the strategist cannot answer for the client
    expect(await dialog(pageA).getByTestId('review-approve').count()).toBe(0)

    // Lucía asks for changes, saying what in the card's thread
    await cardById(pageB, cardId).click()
    await dialog(pageB).getByTestId('review-changes').click()
    await dialog(pageB).getByTestId('review-changes-why').fill('Cambien la foto, por favor')
    await dialog(pageB).getByTestId('review-changes-send').click()
    await expect
      .poll(() => cardById(pageA, cardId).getByTestId('card-approval').textContent(), POLL)
      .toBe('Changes requested')
    await expect
      .poll(() => dialog(pageA).getByTestId('comment-body').allTextContents(), POLL)
      .toContain('Cambien la foto, por favor')

    // sent again; this time Lucía approves it
    await dialog(pageA).getByTestId('review-send').click()
    await dialog(pageB).getByTestId('review-approve').waitFor(POLL)
    await dialog(pageB).getByTestId('review-approve').click()
    await expect
      .poll(() => cardById(pageA, cardId).getByTestId('card-approval').textContent(), POLL)
      .toBe('Approved')
    await pageB.screenshot({ path: '/tmp/approval-b.png' })
  })
})
