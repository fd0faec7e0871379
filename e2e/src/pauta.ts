import type { Locator, Page } from 'playwright-core'

export const DEMO_PASSWORD = 'pauta-demo'

/** The demo workspace's people (the server seeds them on an empty DATA_DIR with PAUTA_DEMO=on). */
export const DEMO_USERS = {
  demo: 'demo@pauta.app',
  estela: 'estela@pauta.app',
  marco: 'marco@pauta.app',
  carla: 'carla@pauta.app',
  diego: 'diego@pauta.app',
  lucia: 'lucia@pauta.app',
} as const

export const STAGES = [
  'strategy',
  'plan',
  'calendar',
  'published',
  'monitored',
  'escalated',
] as const
export type Stage = (typeof STAGES)[number]

export interface SignedIn {
  id: string
  name: string
  email: string
}

/** Signs in through the form and returns who the server says is signed in. */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  await page.goto('/sign-in')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
  const response = await page.request.get('/trpc/auth.me')
  if (!response.ok()) throw new Error(`auth.me answered ${response.status()} after signing in`)
  const body = (await response.json()) as { result?: { data?: SignedIn | null } }
  const me = body.result?.data
  if (!me) throw new Error(`signed in as ${email}, but auth.me has nobody`)
  return me
}

/** The first board on the boards page, found by its link (the demo has one). */
export async function firstBoardId(page: Page): Promise<string> {
  await page.goto('/')
  const link = page.getByTestId('board-link').first()
  await link.waitFor()
  const id = await link.getAttribute('data-board-id')
  if (!id) throw new Error('the board link has no data-board-id')
  return id
}

/** Opens a board and waits until its cards are on screen and the sync socket is up. */
export async function openBoard(page: Page, boardId: string): Promise<void> {
  await page.goto(`/b/${boardId}`)
  await waitForBoard(page)
}

export async function waitForBoard(page: Page): Promise<void> {
  await page.getByTestId('card').first().waitFor()
  await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor()
  // the board paints before dragging's chunk may have arrived (`draggable`): wait for it, where
  // the board's columns show
  await page.waitForFunction(`!document.querySelector('main.board:not([data-dnd="ready"])')`)
}

/** The card dialog open on the page. */
export const cardDialog = (page: Page): Locator => page.locator('dialog.card-dialog[open]')

export const column = (page: Page, stage: Stage): Locator => page.getByTestId(`column-${stage}`)

export const cardById = (page: Page, id: string): Locator =>
  page.locator(`[data-testid="card"][data-card-id="${id}"]`)

/** The board's "take" button of an unassigned card (beside the card, not inside it). */
export const takeButton = (page: Page, id: string): Locator =>
  page.locator(`.column-row > [data-testid="take-card"][data-card-id="${id}"]`)

/** The card as rendered inside a column: where people see it, not what its attribute says. */
export const cardInColumn = (page: Page, stage: Stage, id: string): Locator =>
  column(page, stage).locator(`[data-testid="card"][data-card-id="${id}"]`)

export async function columnCount(page: Page, stage: Stage): Promise<number> {
  const text = (await page.getByTestId(`column-count-${stage}`).textContent()) ?? ''
  // "12" or, with a WIP limit, "12 / 10"
  return Number.parseInt(text.trim(), 10)
}

/** The id of the first card rendered in a column. */
export async function firstCardId(page: Page, stage: Stage): Promise<string> {
  const card = column(page, stage).getByTestId('card').first()
  await card.waitFor()
  const id = await card.getAttribute('data-card-id')
  if (!id) throw new Error(`the first card in ${stage} has no data-card-id`)
  return id
}

export function nextStage(stage: Stage): Stage {
  const next = STAGES[STAGES.indexOf(stage) + 1]
  if (!next) throw new Error(`${stage} is the last stage`)
  return next
}

/**
 * A real mouse drag, the way @dnd-kit's pointer sensor wants it: press on the card, move past
 * the activation distance, travel to the target in steps, release.
 */
export async function dragCardToColumn(page: Page, cardId: string, stage: Stage): Promise<void> {
  await dragCardOverColumn(page, cardId, stage)
  await page.mouse.up()
}

/**
 * The first half of `dragCardToColumn`: the card is picked up and held over the column, the
 * mouse button still down, so that a test can look at the board mid-drag. Release it with
 * `page.mouse.up()` (a drop) or Escape (a cancelled drag).
 */
export async function dragCardOverColumn(page: Page, cardId: string, stage: Stage): Promise<void> {
  await draggable(page)
  const card = cardById(page, cardId)
  await card.scrollIntoViewIfNeeded()
  const from = await centreOf(card)
  const body = column(page, stage)
  await body.scrollIntoViewIfNeeded()
  const box = await body.boundingBox()
  if (!box) throw new Error(`column ${stage} is not on screen`)
  // aim at the upper part of the column, among its cards, where it is surely on screen
  const to = { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 160) }
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 2 })
  await page.mouse.move(from.x + 12, from.y + 12, { steps: 2 })
  await page.mouse.move(to.x, to.y, { steps: 20 })
  // dnd-kit measures droppables on the next frames; a last small move settles "over"
  await page.mouse.move(to.x + 2, to.y + 2, { steps: 2 })
}

/**
 * Types `value` into a text field of a dialog that a drop has just opened, and waits until the
 * field holds it. On a loaded machine Chromium sometimes drops the text of a fill sent the
 * moment such a dialog opens (no `input` event reaches the page; seen in the offline move
 * test about one run in six under load), so a fill that did not take is sent again, twice at
 * most.
 */
export async function fillAfterDrop(field: Locator, value: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await field.fill(value)
    const deadline = Date.now() + 1_000
    while (Date.now() < deadline) {
      if ((await field.inputValue()) === value) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    if (attempt === 3) throw new Error(`the field did not take "${value}" after ${attempt} fills`)
  }
}

/** The dialog that asks for the fields a move needs (a calendar slot, a publication time...). */
export const moveFieldsDialog = (page: Page): Locator => page.getByTestId('move-fields')

/** The name on a card's assignee chip ("Carla Gómez"), or null when nobody is assigned. */
export async function assigneeName(card: Locator): Promise<string | null> {
  const chip = card.locator('.assignee-name')
  if ((await chip.count()) === 0) return null
  return (await chip.textContent())?.trim() ?? null
}

/**
 * Moves a card one stage to the right with the keyboard: focus, Space lifts, ArrowRight, Space
 * drops (the board uses dnd-kit's sortableKeyboardCoordinates, so ArrowRight goes to the
 * nearest column on the right).
 */
export async function keyboardMoveRight(page: Page, cardId: string, to: Stage): Promise<void> {
  await draggable(page)
  const card = cardById(page, cardId)
  await card.scrollIntoViewIfNeeded()
  await card.focus()
  await page.keyboard.press('Space')
  // lifted: dnd-kit marks the handle pressed...
  await card.and(page.locator('[aria-pressed="true"]')).waitFor()
  // ...but adds its keydown listener in a setTimeout(0) after activation; one macrotask later
  // it is surely there
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)))
  await page.keyboard.press('ArrowRight')
  try {
    // the preview moves at once if it moves at all
    await cardInColumn(page, to, cardId).waitFor({ timeout: 5_000 })
  } catch (error) {
    // say where it went, and put it back so that the next test starts from a calm board
    const announced = await page.locator(`[id^="DndLiveRegion"]`).allTextContents()
    const shownIn = await page
      .locator(`[data-testid="card"][data-card-id="${cardId}"]`)
      .evaluate((el) => el.closest('[data-testid^="column-"]')?.getAttribute('data-testid'))
    await page.keyboard.press('Escape')
    throw new Error(
      `ArrowRight did not take card ${cardId} to ${to}: it is shown in ${shownIn}; ` +
        `dnd-kit announced ${JSON.stringify(announced)}`,
      { cause: error },
    )
  }
  await page.keyboard.press('Space')
}

/** The board paints before dragging's chunk may have arrived; its cards move once it has. */
export async function draggable(page: Page): Promise<void> {
  await page.locator('main.board[data-dnd="ready"]').waitFor()
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('element is not on screen')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}
