import { cardsMap, getCard, runCommand } from '@pauta/board'
import { type Actor, type BoardRules, DEFAULT_RULES, decodeRefusal } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  openRaw,
  startTestServer,
  storedBoard,
  type TestServer,
  within,
} from './test-server.ts'

// [FIT3] A post on X whose copy was typed past 280 characters, moved to Calendar over a raw
// socket: the server judges the move with the board's rules as stored, whatever the client
// believed them to be.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(copyMustFit: boolean) {
  const t: TestServer = await startTestServer()
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const rules: BoardRules = { ...DEFAULT_RULES, copyMustFit }
  const saved = await callTrpc(
    t,
    'boards.updateSettings',
    { boardId: board.id, settings: { wipLimits: {}, rules } },
    { token: lead.token },
  )
  expect(saved.status).toBe(200)

  const client = await openRaw(t, board.id, lead.token)
  cleanups.push(() => client.close())
  const actor: Actor = { id: lead.id, roles: ['strategist', 'manager'] }
  /** What the client writes, worked out under the rules it was told (the defaults). */
  const send = async (edit: (doc: Y.Doc) => void) => {
    client.sendUpdate(client.change(edit))
    if (client.open) await client.barrier().catch(() => {})
  }
  // a post on X, ready for Calendar but for its copy
  await send((doc) => {
    const made = runCommand(
      doc,
      { actor, rules: DEFAULT_RULES },
      {
        type: 'create',
        id: 'post',
        card: {
          title: 'Lanzamiento',
          stage: 'plan',
          network: 'x',
          scheduledAt: '2031-12-01T10:00:00.000Z',
          assigneeId: cm.id,
        },
      },
    )
    if (!made.ok) throw new Error(JSON.stringify(made.refusal))
  })
  return { t, board, client, actor, send }
}

/** Types `text` into the card's copy, as the collaborative editor does: into its Y.Text. */
const typeCopy = (text: string) => (doc: Y.Doc) => {
  const copy = cardsMap(doc).get('post')?.get('copy')
  if (!(copy instanceof Y.Text)) throw new Error('the copy is not a Y.Text')
  copy.insert(copy.length, text)
}

const moveToCalendar = (actor: Actor) => (doc: Y.Doc) => {
  const moved = runCommand(
    doc,
    { actor, rules: DEFAULT_RULES },
    { type: 'move', cardId: 'post', stage: 'calendar' },
  )
  if (!moved.ok) throw new Error(JSON.stringify(moved.refusal))
}

// 281 characters as X counts them: 268 letters, then " ¡Ya! 🍂🇲🇽 #oto" (13: the leaf and the
// flag are one character each, though 2 and 4 UTF-16 units); 285 UTF-16 units in all.
const COPY_281 = `${'a'.repeat(268)} ¡Ya! 🍂🇲🇽 #oto`
const COPY_280 = COPY_281.slice(0, -1)

async function acceptsMove(copyMustFit: boolean, copy: string) {
  const { t, board, client, actor, send } = await setup(copyMustFit)
  await send(typeCopy(copy))
  await send(moveToCalendar(actor))
  expect(client.open).toBe(true)
  const stored = getCard((await storedBoard(t, board.id)).doc, 'post')
  expect(stored).toMatchObject({ stage: 'calendar', copy })
}

describe('[FIT3] the copy must fit its network to enter Calendar, over a socket', () => {
  it('checks the copies the tests send', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    expect([...segmenter.segment(COPY_281)]).toHaveLength(281)
    expect([...segmenter.segment(COPY_280)]).toHaveLength(280)
    expect(COPY_281).toHaveLength(285)
  })

  it('refuses the move of an X post of 281 characters when the board asks, and keeps it in Plan', async () => {
    const { t, board, client, actor, send } = await setup(true)
    await send(typeCopy(COPY_281))
    expect(client.open).toBe(true)
    client.sendUpdate(client.change(moveToCalendar(actor)))
    const info = await within(client.closed, 'the server did not refuse the move')
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({
      code: 'copy-does-not-fit',
      network: 'x',
      problems: [{ measure: 'characters', count: 281, max: 280 }],
    })
    const stored = getCard((await storedBoard(t, board.id)).doc, 'post')
    expect(stored).toMatchObject({ stage: 'plan', copy: COPY_281 })
  })

  it('takes the same move when the option is off', async () => {
    await acceptsMove(false, COPY_281)
  })

  it('takes a copy of 280 characters when the option is on', async () => {
    await acceptsMove(true, COPY_280)
  })
})
