import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardById, DEMO_USERS, cardDialog as dialog, firstCardId, type SignedIn } from './pauta.ts'
import { type TwoOnTheBoard, twoOnTheDemoBoard } from './two-people.ts'

// Marco (manager) in context A and Estela (strategist) in B write one post's copy together.

const POLL = { timeout: 15_000 }

let people: TwoOnTheBoard | undefined
let pageA: Page
let pageB: Page
let marco: SignedIn
let estela: SignedIn
let cardId: string

beforeAll(async () => {
  people = await twoOnTheDemoBoard({ a: DEMO_USERS.marco, b: DEMO_USERS.estela }, POLL.timeout)
  ;({ pageA, pageB } = people)
  marco = people.a
  estela = people.b
  cardId = await firstCardId(pageA, 'plan')
})

afterAll(async () => {
  await people?.close()
})

/** The copy's editor in the open card dialog: its editable content. */
const copyEditor = (page: Page): Locator =>
  dialog(page).locator('[data-testid="collab-copy"] .cm-content')
/** The copy as the editor shows it, line by line, without the others' cursors and their names. */
const copyText = (page: Page) =>
  copyEditor(page).evaluate((content) =>
    [...content.querySelectorAll('.cm-line')]
      .map((line) => {
        const shown = line.cloneNode(true) as typeof line
        for (const caret of shown.querySelectorAll('.cm-ySelectionCaret')) caret.remove()
        return (shown.textContent ?? '').replaceAll('\u2060', '')
      })
      .join('\n'),
  )

async function openCard(page: Page) {
  await cardById(page, cardId).click()
  await copyEditor(page).waitFor(POLL)
}

describe('the post copy, written together', () => {
  it('keeps what both people type at once, and each sees the other’s cursor', async () => {
    await Promise.all([openCard(pageA), openCard(pageB)])
    await copyEditor(pageA).click()
    await copyEditor(pageB).click()
    // both type at the same time, one at the start, the other at the end
    await pageB.keyboard.press('ControlOrMeta+End')
    await Promise.all([
      pageA.keyboard.type('Otoño llega 🍂 ', { delay: 15 }),
      pageB.keyboard.type(' #otoño @pauta', { delay: 15 }),
    ])
    for (const page of [pageA, pageB]) {
      await expect.poll(() => copyText(page), POLL).toContain('Otoño llega 🍂 ')
      await expect.poll(() => copyText(page), POLL).toContain(' #otoño @pauta')
    }
    expect(await copyText(pageA)).toBe(await copyText(pageB))

    // each sees the other's cursor in the copy, named
    const caretOf = (page: Page, name: string) =>
      dialog(page).locator('[data-testid="collab-copy"] .cm-ySelectionCaret', { hasText: name })
    await caretOf(pageA, estela.name).waitFor(POLL)
    await caretOf(pageB, marco.name).waitFor(POLL)
  })

  it('saving the form keeps the copy as written since, and the copy stays after a reload', async () => {
    const written = await copyText(pageB)
    await copyEditor(pageB).click()
    await pageB.keyboard.press('ControlOrMeta+End')
    await pageB.keyboard.type(' ✔')
    await expect.poll(() => copyText(pageA), POLL).toBe(`${written} ✔`)
    // Marco's form was filled when he opened the card: Save must not put that copy back
    await dialog(pageA).getByTestId('save-card').click()
    await dialog(pageA).waitFor({ state: 'detached' })
    await pageB.keyboard.press('Escape')
    await pageB.reload()
    await openCard(pageB)
    await expect.poll(() => copyText(pageB), POLL).toBe(`${written} ✔`)
    await pageB.keyboard.press('Escape')
  })

  it('lists in the card’s history who wrote the copy and who changed the title, with when', async () => {
    await openCard(pageA)
    const title = dialog(pageA).locator('input[name="title"]')
    const before = await title.inputValue()
    await title.fill(`${before} (v2)`)
    await dialog(pageA).getByTestId('save-card').click()
    await dialog(pageA).waitFor({ state: 'detached' })

    await openCard(pageB)
    await dialog(pageB).getByTestId('card-history').locator('summary').click()
    const entries = dialog(pageB).getByTestId('history-entry')
    const texts = async () => (await entries.allTextContents()).join('\n')
    await expect.poll(texts, POLL).toContain(`changed the title: “${before}” → “${before} (v2)”`)
    const all = await texts()
    expect(all).toContain(`${marco.name} wrote in the post copy`)
    expect(all).toContain(`${estela.name} wrote in the post copy`)
    // newest first, each with its time
    expect(await entries.first().getAttribute('data-kind')).toBe('field')
    expect(await entries.first().getByTestId('clock').count()).toBe(1)
  })

  it('keeps a version of the copy, compares it word by word, and restores it for everyone', async () => {
    const versions = dialog(pageB).getByTestId('copy-versions')
    const kept = await copyText(pageB)
    await versions.getByTestId('keep-version').click()
    await versions.getByTestId('copy-version').first().waitFor(POLL)
    await copyEditor(pageB).click()
    await pageB.keyboard.press('ControlOrMeta+End')
    await pageB.keyboard.type(' EXTRA')
    await versions.getByTestId('compare-version').first().click()
    await expect
      .poll(() => versions.getByTestId('version-diff').locator('ins').allTextContents(), POLL)
      .toEqual([' EXTRA'])
    await versions.getByTestId('restore-version').first().click()
    await expect.poll(() => copyText(pageB), POLL).toBe(kept)
    // Marco sees the restored copy
    await openCard(pageA)
    await expect.poll(() => copyText(pageA), POLL).toBe(kept)
  })
})
