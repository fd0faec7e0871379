import { type Command, CommandOrigin, cardsMap, getCard, runCommand } from '@pauta/board'
import { type Actor, DEFAULT_RULES, decodeRefusal, TAKE_BACK_MS } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  eventually,
  openRaw,
  type RawSyncClient,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  within,
} from './test-server.ts'

// A community manager takes back their own publish the way the web app's undo does: a
// Y.UndoManager tracking only their commands, over a real socket, judged by the server's
// clock (which the test moves).

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const START = Date.parse('2026-12-04T10:00:00.000Z')

async function setup() {
  let clock = START
  const t = await startTestServer({ serverOptions: { now: () => new Date(clock) } })
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const manager = await addTestUser(t, workspace.id, ['manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const people = { manager, cm }
  const lead = await person(t, board.id, manager)
  // A calendar post assigned to the cm.
  await lead.run({ type: 'create', id: 'post', card: { title: 'Launch', stage: 'plan' } })
  await lead.run({
    type: 'move',
    cardId: 'post',
    stage: 'calendar',
    fields: { network: 'instagram', assigneeId: cm.id, scheduledAt: '2026-12-04T09:00:00.000Z' },
  })
  return {
    t,
    board,
    people,
    lead,
    advance: (ms: number) => {
      clock += ms
    },
  }
}

/** One person's replica on a raw socket, their commands tracked for undo as the app does. */
async function person(t: TestServer, boardId: string, user: TestUser) {
  const client: RawSyncClient = await openRaw(t, boardId, user.token)
  cleanups.push(() => client.close())
  const id = user.id
  const undo = new Y.UndoManager(cardsMap(client.doc), {
    trackedOrigins: new Set([CommandOrigin]),
    captureTimeout: 0,
  })
  return {
    client,
    undo,
    /** Runs a command as this person (their roles come from the server's answer). */
    async run(command: Command, roles: Actor['roles'] = ['strategist', 'manager']) {
      const update = client.change((doc) => {
        const result = runCommand(doc, { actor: { id, roles }, rules: DEFAULT_RULES }, command)
        if (!result.ok) throw new Error(JSON.stringify(result.refusal))
      })
      client.sendUpdate(update)
      await client.barrier()
    },
    /** Undoes their last change and sends exactly what the undo wrote. */
    sendUndo() {
      client.sendUpdate(client.change(() => undo.undo()))
    },
  }
}

const publish: Command = {
  type: 'publish',
  cardId: 'post',
  publishedAt: '2026-12-04T09:58:00.000Z',
  publishedUrl: 'https://instagram.com/p/launch',
}

async function storedPost(t: TestServer, boardId: string) {
  return getCard((await storedBoard(t, boardId)).doc, 'post')!
}

describe('[BACK1] [STAMP2] taking back one’s own move, over a socket', () => {
  it('accepts a CM’s take-back of their publish within two minutes, restoring what publish set', async () => {
    const { t, board, people, advance } = await setup()
    const carla = await person(t, board.id, people.cm)
    const inCalendar = await storedPost(t, board.id)
    await carla.run(publish, ['cm'])
    // The server stamped the move with its own clock, and the cm's replica has it too.
    const published = await storedPost(t, board.id)
    expect(published).toMatchObject({
      stage: 'published',
      movedBy: people.cm.id,
      movedFrom: 'calendar',
      movedAt: new Date(START).toISOString(),
    })
    await eventually(() => expect(getCard(carla.client.doc, 'post')?.movedBy).toBe(people.cm.id))

    advance(TAKE_BACK_MS - 1000)
    carla.sendUndo()
    await carla.client.barrier()
    expect(carla.client.open).toBe(true)
    const back = await storedPost(t, board.id)
    expect(back).toMatchObject({
      stage: 'calendar',
      publishedAt: null,
      publishedUrl: null,
      movedBy: people.cm.id,
      movedFrom: 'published',
    })
    expect(back.order).toBe(inCalendar.order)
  })

  it('refuses the same take-back once two minutes have passed', async () => {
    const { t, board, people, advance } = await setup()
    const carla = await person(t, board.id, people.cm)
    await carla.run(publish, ['cm'])
    await eventually(() => expect(getCard(carla.client.doc, 'post')?.movedBy).toBe(people.cm.id))
    advance(TAKE_BACK_MS + 1000)
    carla.sendUndo()
    const info = await within(carla.client.closed, 'not closed')
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({ code: 'take-back-late' })
    expect((await storedPost(t, board.id)).stage).toBe('published')
  })

  it('refuses a CM taking back a move someone else made', async () => {
    const { t, board, people, lead } = await setup()
    await lead.run(publish)
    expect((await storedPost(t, board.id)).movedBy).toBe(people.manager.id)
    const carla = await person(t, board.id, people.cm)
    // What an undo of that publish would send, written by the cm.
    carla.client.sendUpdate(
      carla.client.change((doc) => {
        const entry = cardsMap(doc).get('post')!
        doc.transact(() => {
          entry.set('stage', 'calendar')
          entry.set('publishedAt', null)
          entry.set('publishedUrl', null)
        })
      }),
    )
    const info = await within(carla.client.closed, 'not closed')
    expect(decodeRefusal(info.reason)).toEqual({
      code: 'not-allowed-move',
      from: 'published',
      to: 'calendar',
    })
    expect((await storedPost(t, board.id)).stage).toBe('published')
  })

  it('refuses a client writing who moved a card', async () => {
    const { t, board, people } = await setup()
    const carla = await person(t, board.id, people.cm)
    carla.client.sendUpdate(
      carla.client.change((doc) => cardsMap(doc).get('post')!.set('movedBy', people.cm.id)),
    )
    const info = await within(carla.client.closed, 'not closed')
    expect(decodeRefusal(info.reason)).toEqual({ code: 'not-allowed-field', field: 'movedBy' })
  })
})
