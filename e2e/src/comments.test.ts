import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardById, DEMO_USERS, cardDialog as dialog, firstCardId, type SignedIn } from './pauta.ts'
import { type TwoOnTheBoard, twoOnTheDemoBoard } from './two-people.ts'

// Lucía (the client) in context A and Marco (manager) in B, on one card's thread.

const POLL = { timeout: 15_000 }

let people: TwoOnTheBoard | undefined
let pageA: Page
let pageB: Page
let marco: SignedIn
let cardId: string

beforeAll(async () => {
  people = await twoOnTheDemoBoard({ a: DEMO_USERS.lucia, b: DEMO_USERS.marco }, POLL.timeout)
  ;({ pageA, pageB } = people)
  marco = people.b
  cardId = await firstCardId(pageB, 'plan')
})

afterAll(async () => {
  await people?.close()
})

const comments = (page: Page) => dialog(page).getByTestId('card-comments')

describe('comments on a card', () => {
  it('the client comments and mentions Marco, who sees it and is told; the card stays unchanged by her', async () => {
    await cardById(pageA, cardId).click()
    await cardById(pageB, cardId).click()
    // Lucía reads the card and cannot change it
    await dialog(pageA).getByTestId('card-read').waitFor()
    expect(await dialog(pageA).getByTestId('save-card').count()).toBe(0)

    const box = comments(pageA).locator('textarea[name="comment"]')
    await box.click()
    await box.pressSequentially('¿Podemos cambiar la foto? @Mar')
    await comments(pageA).getByTestId('mention-option').filter({ hasText: marco.name }).click()
    await box.pressSequentially('gracias https://cafe.example/foto')
    await comments(pageA).getByTestId('send-comment').click()

    await pageA.waitForTimeout(1500)
    await pageA.screenshot({ path: '/tmp/cm-a.png' })
    const seen = comments(pageB).getByTestId('comment-body')
    await expect
      .poll(() => seen.allTextContents(), POLL)
      .toEqual([`¿Podemos cambiar la foto? @${marco.name} gracias https://cafe.example/foto`])
    // the link is a link (that opens apart), the rest is text
    const link = seen.locator('a')
    expect(await link.getAttribute('href')).toBe('https://cafe.example/foto')
    expect(await link.getAttribute('rel')).toContain('noopener')

    // Marco is told under the bell; with the thread open before him it reads as read at once
    const mentionsOfMarco = async () => {
      const res = await pageB.request.get(
        `/trpc/notifications.list?input=${encodeURIComponent('{}')}`,
      )
      const body = (await res.json()) as {
        result: { data: Array<{ kind: string; cardId: string; readAt: string | null }> }
      }
      return body.result.data.filter((n) => n.kind === 'mentioned' && n.cardId === cardId)
    }
    await expect.poll(async () => (await mentionsOfMarco()).length, POLL).toBe(1)
    await expect.poll(async () => (await mentionsOfMarco())[0]?.readAt ?? null, POLL).not.toBeNull()

    // Marco replies and resolves the thread; Lucía sees both
    await comments(pageB).getByTestId('reply').click()
    await comments(pageB).locator('textarea[name="comment"]').first().fill('Sí, la cambio hoy.')
    await comments(pageB).getByTestId('send-comment').first().click()
    await comments(pageB).getByTestId('resolve-thread').click()
    await expect
      .poll(() => comments(pageA).getByTestId('comment-body').allTextContents(), POLL)
      .toHaveLength(2)
    await comments(pageA).getByTestId('thread-resolved').waitFor(POLL)
    // a client does not resolve threads
    expect(await comments(pageA).getByTestId('resolve-thread').count()).toBe(0)
  })
})
