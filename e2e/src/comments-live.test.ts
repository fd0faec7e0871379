import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeFindings, runAxe } from './axe.ts'
import { cardById, DEMO_USERS, cardDialog as dialog, firstCardId, type SignedIn } from './pauta.ts'
import { type TwoOnTheBoard, twoOnTheDemoBoard } from './two-people.ts'

// Marco (manager) comments in context A; Carla (CM) has the board open in B and never reloads.

/**
 * What arrives live must arrive well before the slow poll the page falls back to while its
 * live stream is down (15 s): within this, it came over the stream.
 */
const LIVE = { timeout: 5_000 }
const POLL = { timeout: 15_000 }

let people: TwoOnTheBoard | undefined
let pageA: Page
let pageB: Page
let marco: SignedIn
let carla: SignedIn
let cardId: string

beforeAll(async () => {
  people = await twoOnTheDemoBoard({ a: DEMO_USERS.marco, b: DEMO_USERS.carla }, POLL.timeout)
  ;({ pageA, pageB } = people)
  marco = people.a
  carla = people.b
  cardId = await firstCardId(pageB, 'plan')
})

afterAll(async () => {
  await people?.close()
})

const comments = (page: Page) => dialog(page).getByTestId('card-comments')
const badge = (page: Page) => cardById(page, cardId).getByTestId('card-unread')

async function comment(page: Page, body: string): Promise<void> {
  const box = comments(page).locator('textarea[name="comment"]').last()
  await box.fill(body)
  await comments(page).getByTestId('send-comment').last().click()
  await expect.poll(() => box.inputValue(), POLL).toBe('')
}

describe('comments, live for everyone on the board', () => {
  it('a comment shows as unread on the card face at once, goes once read, and appears in an open thread', async () => {
    // nothing unread on the card to begin with
    expect(await badge(pageB).count()).toBe(0)

    await cardById(pageA, cardId).click()
    await comment(pageA, '¿Lista la foto de portada?')
    await expect.poll(() => badge(pageB).textContent(), LIVE).toBe('1')
    expect(await badge(pageB).getAttribute('aria-label')).toBe('1 unread comment')
    await comment(pageA, 'La necesito antes de las 12')
    await expect.poll(() => badge(pageB).textContent(), LIVE).toBe('2')
    expect(await badge(pageB).getAttribute('aria-label')).toBe('2 unread comments')
    // part of the card's name, for a screen reader, and no barrier on the board
    const named = pageB.getByRole('button', { name: '2 unread comments' })
    expect(await named.getAttribute('data-card-id')).toBe(cardId)
    const findings = blocking('board with an unread badge', await runAxe(pageB))
    expect(findings, describeFindings(findings)).toEqual([])

    // Carla opens the card: both comments are there, and the badge goes
    await cardById(pageB, cardId).click()
    const bodies = comments(pageB).getByTestId('comment-body')
    await expect
      .poll(() => bodies.allTextContents(), POLL)
      .toEqual(['¿Lista la foto de portada?', 'La necesito antes de las 12'])
    await expect.poll(() => badge(pageB).count(), LIVE).toBe(0)

    // while she has it open, Marco's next comment appears in her thread by itself
    await comment(pageA, 'Gracias 🙌')
    await expect.poll(() => bodies.allTextContents(), LIVE).toHaveLength(3)
    expect(await bodies.last().textContent()).toBe('Gracias 🙌')
    // and it was read as it arrived: closing the card leaves no badge behind
    await pageB.waitForTimeout(500)
    await pageB.keyboard.press('Escape')
    await dialog(pageB).waitFor({ state: 'detached' })
    expect(await badge(pageB).count()).toBe(0)

    // her answer appears in Marco's open thread; her own comment is nothing unread for her
    await cardById(pageB, cardId).click()
    await comment(pageB, `${marco.name}: sí, subida`)
    await expect
      .poll(() => comments(pageA).getByTestId('comment-body').allTextContents(), LIVE)
      .toHaveLength(4)
    await pageB.keyboard.press('Escape')
    expect(await badge(pageB).count()).toBe(0)
  })

  it('the card’s history lists who commented, with the start of what they wrote', async () => {
    await cardById(pageB, cardId).click()
    await dialog(pageB).getByTestId('card-history').locator('summary').click()
    const entries = dialog(pageB)
      .getByTestId('history-entry')
      .and(pageB.locator('[data-kind="comment"]'))
    // newest first, like the rest of the history
    await expect
      .poll(() => entries.allTextContents(), POLL)
      .toEqual([
        expect.stringContaining(`${carla.name} commented: “${marco.name}: sí, subida”`),
        expect.stringContaining(`${marco.name} commented: “Gracias 🙌”`),
        expect.stringContaining(`${marco.name} commented: “La necesito antes de las 12”`),
        expect.stringContaining(`${marco.name} commented: “¿Lista la foto de portada?”`),
      ])
    await pageB.keyboard.press('Escape')
  })
})
