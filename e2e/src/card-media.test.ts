import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUserContext } from './browser.ts'
import { cardById, column, DEMO_USERS, cardDialog as dialog } from './pauta.ts'
import { type TwoOnTheBoard, twoOnTheDemoBoard } from './two-people.ts'

// [MEDIA1] [UPLOAD1] [UPLOAD5] Marco (manager) attaches an image and a video to a card in
// context A; the demo strategist, in B, sees them arrive live and downloads them; a stranger
// with an account of their own gets nothing.

const POLL = { timeout: 15_000 }

let people: TwoOnTheBoard | undefined
let pageA: Page
let pageB: Page
let cardId: string

beforeAll(async () => {
  people = await twoOnTheDemoBoard({ a: DEMO_USERS.marco, b: DEMO_USERS.demo }, POLL.timeout)
  ;({ pageA, pageB } = people)
  // a post of the demo without pictures of its own
  const card = column(pageA, 'plan').getByTestId('card').filter({ hasText: 'Video receta' })
  cardId = (await card.getAttribute('data-card-id')) ?? ''
  expect(cardId).not.toBe('')
})

afterAll(async () => {
  await people?.close()
})

const media = (page: Page) => dialog(page).getByTestId('card-media')

const photo = () =>
  sharp({ create: { width: 900, height: 600, channels: 3, background: '#e4572e' } })
    .jpeg()
    .toBuffer()

/** The start of an MP4 (its `ftyp` box) and filler: a video as far as its type goes. */
function clip(): Buffer {
  const file = Buffer.alloc(64 * 1024)
  file.writeUInt32BE(24, 0)
  file.write('ftypmp42', 4, 'latin1')
  file.write('mp42isom', 16, 'latin1')
  return file
}

describe('images and videos on a card', () => {
  it('one person attaches an image and a video; the other sees them live, describes and reorders', async () => {
    await cardById(pageA, cardId).click()
    await cardById(pageB, cardId).click()
    await media(pageA).waitFor()

    await media(pageA)
      .getByTestId('media-picker')
      .setInputFiles([
        { name: 'plaza.jpg', mimeType: 'image/jpeg', buffer: await photo() },
        { name: 'teaser.mp4', mimeType: 'video/mp4', buffer: clip() },
      ])
    const tilesB = media(pageB).getByTestId('media-tile')
    await expect.poll(() => tilesB.count(), POLL).toBe(2)
    // uploads finish in either order; both are on the card
    const kinds = async (page: Page) =>
      media(page)
        .getByTestId('media-tile')
        .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-kind')))
    expect((await kinds(pageB)).sort()).toEqual(['image', 'video'])
    // the card on the board says so too
    expect(await cardById(pageB, cardId).getByTestId('card-files').textContent()).toBe('2 files')

    // the thumbnail, made by the server, has loaded in B
    const thumb = media(pageB).locator('[data-kind="image"] img')
    await expect
      .poll(
        () => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        POLL,
      )
      .toBe(480)
    await pageB.screenshot({ path: '/tmp/media-b.png' })

    // B describes the image; A sees the alt text
    const alt = media(pageB).locator('[data-kind="image"]').getByTestId('media-alt')
    await alt.fill('La plaza mayor al atardecer')
    await alt.press('Enter')
    await expect
      .poll(() => media(pageA).locator('[data-kind="image"] img').getAttribute('alt'), POLL)
      .toBe('La plaza mayor al atardecer')

    // A moves the second file first; B sees the new order
    const before = await kinds(pageA)
    await media(pageA).getByTestId('media-tile').nth(1).getByRole('button').first().click()
    await expect.poll(() => kinds(pageB), POLL).toEqual([...before].reverse())

    // the preview shows the first file in the network's crop
    expect(await dialog(pageA).getByTestId('post-media').first().getAttribute('data-filled')).toBe(
      'true',
    )
  })

  it('members download the files; a signed-in stranger and nobody get nothing', async () => {
    const src = await media(pageB).locator('[data-kind="image"] a.media-thumb').getAttribute('href')
    expect(src).toMatch(/^\/api\/media\/[A-Za-z0-9_-]+$/)
    const asMember = await pageB.request.get(`${src}?download=1`)
    expect(asMember.status()).toBe(200)
    expect(asMember.headers()['content-type']).toBe('image/jpeg')
    expect(asMember.headers()['content-disposition']).toContain('plaza.jpg')

    const browser = pageA.context().browser()
    if (!browser) throw new Error('no browser')
    const base = new URL(pageA.url()).origin
    const stranger = await newUserContext(browser, base)
    try {
      const page = await stranger.newPage()
      expect((await page.request.get(src!)).status()).toBe(401)
      // an account of their own, with no workspace in common
      await page.goto('/sign-in')
      await page.getByTestId('toggle-auth-mode').click()
      await page.locator('input[name="name"]').fill('Otra Persona')
      await page.locator('input[name="email"]').fill('otra@example.com')
      await page.locator('input[name="password"]').fill('a long enough password')
      await page.locator('form button[type="submit"]').click()
      await page.getByTestId('first-run').waitFor()
      expect((await page.request.get(src!)).status()).toBe(404)
      expect((await page.request.get(`${src}/thumb`)).status()).toBe(404)
    } finally {
      await stranger.close()
    }
  })

  it('a file removed leaves the card for everyone', async () => {
    await media(pageA).getByTestId('media-remove').first().click()
    await expect.poll(() => media(pageB).getByTestId('media-tile').count(), POLL).toBe(1)
  })
})
