import { getCard, runCommand } from '@pauta/board'
import { type Actor, type BoardRules, DEFAULT_RULES, decodeRefusal } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
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

// [APPR1] [APPR6] A policy that covers some campaigns only, saved from the board's settings:
// it is stored as chosen, and a post of another campaign goes out without approval while a
// post of a chosen campaign waits for its yes.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const ON_CHRISTMAS: BoardRules['approval'] = {
  policy: 'client',
  networks: [],
  campaigns: ['Navidad 2031'],
}

async function setup() {
  const t: TestServer = await startTestServer()
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const save = (approval: unknown) =>
    callTrpc(
      t,
      'boards.updateSettings',
      { boardId: board.id, settings: { wipLimits: {}, rules: { ...DEFAULT_RULES, approval } } },
      { token: lead.token },
    )
  return { t, board, lead, cm, save }
}

/** Two drafts in Calendar, one of each campaign, made by the lead over a socket. */
async function addPosts(
  t: TestServer,
  boardId: string,
  lead: { id: string; token: string },
  assigneeId: string,
) {
  const raw = await openRaw(t, boardId, lead.token)
  cleanups.push(() => raw.close())
  const actor: Actor = { id: lead.id, roles: ['strategist', 'manager'] }
  const rules: BoardRules = { ...DEFAULT_RULES, approval: ON_CHRISTMAS }
  raw.sendUpdate(
    raw.change((doc) => {
      for (const [id, campaign] of [
        ['christmas', 'Navidad 2031'],
        ['summer', 'Verano 2031'],
      ] as const) {
        const made = runCommand(
          doc,
          { actor, rules },
          {
            type: 'create',
            id,
            card: {
              title: `Post ${campaign}`,
              stage: 'calendar',
              network: 'instagram',
              campaign,
              copy: 'Llega el cold brew',
              scheduledAt: '2031-12-01T10:00:00.000Z',
              assigneeId,
            },
          },
        )
        if (!made.ok) throw new Error(JSON.stringify(made.refusal))
      }
    }),
  )
  await raw.barrier()
}

/** What a community manager's client writes to publish a post (believing no policy holds). */
const publish = (actor: Actor, cardId: string) => (doc: Y.Doc) => {
  const made = runCommand(
    doc,
    { actor, rules: DEFAULT_RULES },
    {
      type: 'publish',
      cardId,
      publishedAt: '2031-12-01T10:00:00.000Z',
      publishedUrl: `https://instagram.com/p/${cardId}`,
    },
  )
  if (!made.ok) throw new Error(JSON.stringify(made.refusal))
}

describe('[APPR1] an approval policy for some campaigns', () => {
  it('is saved as chosen in the settings, and refuses a blank campaign', async () => {
    const { t, board, lead, save } = await setup()
    expect((await save(ON_CHRISTMAS)).status).toBe(200)
    const got = await callTrpc(
      t,
      'boards.get',
      { boardId: board.id },
      {
        query: true,
        token: lead.token,
      },
    )
    expect(got.data).toMatchObject({ settings: { rules: { approval: ON_CHRISTMAS } } })

    const blank = await save({ ...ON_CHRISTMAS, campaigns: ['  '] })
    expect(blank.error?.data.code).toBe('BAD_REQUEST')
    const after = await callTrpc(
      t,
      'boards.get',
      { boardId: board.id },
      {
        query: true,
        token: lead.token,
      },
    )
    expect(after.data).toMatchObject({ settings: { rules: { approval: ON_CHRISTMAS } } })
  })

  it('[APPR6] publishes a post of another campaign without approval, not one of the campaign', async () => {
    const { t, board, lead, cm, save } = await setup()
    expect((await save(ON_CHRISTMAS)).status).toBe(200)
    await addPosts(t, board.id, lead, cm.id)
    const stored = async (id: string) => getCard((await storedBoard(t, board.id)).doc, id)
    const actor: Actor = { id: cm.id, roles: ['cm'] }

    // the summer post: outside the policy, a draft goes out
    const summer = await openRaw(t, board.id, cm.token)
    cleanups.push(() => summer.close())
    summer.sendUpdate(summer.change(publish(actor, 'summer')))
    await summer.barrier()
    expect(summer.open).toBe(true)
    expect(await stored('summer')).toMatchObject({ stage: 'published', approval: 'draft' })

    // the Christmas post: the client has not approved it
    const christmas = await openRaw(t, board.id, cm.token)
    cleanups.push(() => christmas.close())
    christmas.sendUpdate(christmas.change(publish(actor, 'christmas')))
    const info = await within(christmas.closed, 'the server did not refuse the publication')
    expect(decodeRefusal(info.reason)).toEqual({ code: 'not-approved' })
    expect(await stored('christmas')).toMatchObject({ stage: 'calendar', approval: 'draft' })
  })
})
