import { cardsMap, getCard, runCommand } from '@pauta/board'
import { type Actor, type BoardRules, DEFAULT_RULES, decodeRefusal } from '@pauta/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  connect,
  eventually,
  openRaw,
  startTestServer,
  storedBoard,
  type TestServer,
  waitForSync,
  within,
} from './test-server.ts'

// [APPR1]–[APPR6] Over real sockets: where the board's policy asks the client to approve, a
// post is published only once approved; approvals are written only by review steps the
// server runs; and a change to approved copy sends the post back to review for everyone.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup() {
  const t: TestServer = await startTestServer()
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const client = await addTestUser(t, workspace.id, ['client'])
  const rules: BoardRules = {
    ...DEFAULT_RULES,
    approval: { policy: 'client', networks: [], campaigns: [] },
  }
  const saved = await callTrpc(
    t,
    'boards.updateSettings',
    { boardId: board.id, settings: { wipLimits: {}, rules } },
    { token: lead.token },
  )
  expect(saved.status).toBe(200)
  const leadActor: Actor = { id: lead.id, roles: ['strategist', 'manager'] }
  const raw = await openRaw(t, board.id, lead.token)
  cleanups.push(() => raw.close())
  raw.sendUpdate(
    raw.change((doc) => {
      const made = runCommand(
        doc,
        { actor: leadActor, rules },
        {
          type: 'create',
          id: 'post',
          card: {
            title: 'Lanzamiento',
            stage: 'calendar',
            network: 'instagram',
            copy: 'Llega el cold brew',
            scheduledAt: '2031-12-01T10:00:00.000Z',
            assigneeId: cm.id,
          },
        },
      )
      if (!made.ok) throw new Error(JSON.stringify(made.refusal))
    }),
  )
  await raw.barrier()
  /** A review step the server runs on `userId`'s behalf. */
  const review = async (userId: string, step: 'send' | 'approve' | 'changes') => {
    const actor = await t.server.boardChanges.actorFor(board.id, userId)
    if (!actor) throw new Error('not a member')
    return t.server.boardChanges.run(board.id, actor, { type: 'review', cardId: 'post', step })
  }
  const stored = async () => getCard((await storedBoard(t, board.id)).doc, 'post')
  return { t, board, lead, cm, client, rules, raw, review, stored }
}

const publish = (actor: Actor, rules: BoardRules) => (doc: Y.Doc) => {
  runCommand(
    doc,
    // what a client that believes there is no policy would write
    { actor, rules: { ...rules, approval: DEFAULT_RULES.approval } },
    {
      type: 'publish',
      cardId: 'post',
      publishedAt: '2031-12-01T10:00:00.000Z',
      publishedUrl: 'https://instagram.com/p/1',
    },
  )
}

describe('[APPR6] approval before publishing, over a socket', () => {
  it('refuses publishing an unapproved post, and nobody else sees it published', async () => {
    const { t, board, cm, rules, stored } = await setup()
    const watcher = connect(t, board.id, cm.token)
    cleanups.push(() => watcher.provider.destroy())
    await waitForSync(watcher.provider)
    const seen: string[] = []
    cardsMap(watcher.doc).observeDeep(() => {
      const stage = getCard(watcher.doc, 'post')?.stage
      if (stage) seen.push(stage)
    })

    const sender = await openRaw(t, board.id, cm.token)
    cleanups.push(() => sender.close())
    sender.sendUpdate(sender.change(publish({ id: cm.id, roles: ['cm'] }, rules)))
    const info = await within(sender.closed, 'the server did not refuse the publication')
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({ code: 'not-approved' })
    expect(await stored()).toMatchObject({ stage: 'calendar', approval: 'draft' })
    expect(seen).not.toContain('published')
  })

  it('writes approvals only through review steps: sent by a lead, approved by the client', async () => {
    const { t, board, lead, cm, client, rules, review, stored } = await setup()
    // a lead forging an approval over the socket is refused
    const forger = await openRaw(t, board.id, lead.token)
    cleanups.push(() => forger.close())
    forger.sendUpdate(
      forger.change((doc) => cardsMap(doc).get('post')?.set('approval', 'approved')),
    )
    const forged = await within(forger.closed, 'the forged approval was not refused')
    expect(decodeRefusal(forged.reason)).toEqual({ code: 'not-allowed-field', field: 'approval' })

    // the client cannot send, the lead cannot approve in the client's place
    expect(await review(client.id, 'send')).toMatchObject({ ok: false })
    expect(await review(lead.id, 'send')).toMatchObject({ ok: true })
    expect(await stored()).toMatchObject({ approval: 'in-review', reviewer: 'client' })
    expect(await review(lead.id, 'approve')).toMatchObject({ ok: false })
    expect(await review(client.id, 'approve')).toMatchObject({ ok: true })
    expect(await stored()).toMatchObject({ approval: 'approved', reviewer: null })

    // now the community manager publishes it
    const sender = await openRaw(t, board.id, cm.token)
    cleanups.push(() => sender.close())
    sender.sendUpdate(sender.change(publish({ id: cm.id, roles: ['cm'] }, rules)))
    await sender.barrier()
    expect(sender.open).toBe(true)
    expect(await stored()).toMatchObject({ stage: 'published', approval: 'approved' })
  })

  it('sends approved copy that changes back to review, for everyone, saying why', async () => {
    const { t, board, lead, cm, client, review, stored } = await setup()
    await review(lead.id, 'send')
    await review(client.id, 'approve')
    const watcher = connect(t, board.id, lead.token)
    cleanups.push(() => watcher.provider.destroy())
    await waitForSync(watcher.provider)
    expect(getCard(watcher.doc, 'post')?.approval).toBe('approved')

    // the community manager edits the copy of the approved post
    const editor = await openRaw(t, board.id, cm.token)
    cleanups.push(() => editor.close())
    editor.sendUpdate(
      editor.change((doc) => {
        const copy = cardsMap(doc).get('post')?.get('copy')
        if (!(copy instanceof Y.Text)) throw new Error('the copy is not a Y.Text')
        copy.insert(copy.length, ' ¡ya!')
      }),
    )
    await editor.barrier()
    expect(await stored()).toMatchObject({
      copy: 'Llega el cold brew ¡ya!',
      approval: 'in-review',
      reviewer: 'client',
      approvalNote: 'changed-after-approval',
    })
    await eventually(() =>
      expect(getCard(watcher.doc, 'post')).toMatchObject({
        approval: 'in-review',
        approvalNote: 'changed-after-approval',
      }),
    )
  })
})

describe('[APPR3] review steps over the API', () => {
  it('cards.review: a lead sends, the client approves; others are refused with the reason', async () => {
    const { t, board, lead, cm, client, stored } = await setup()
    const outsider = await addTestUser(t, (await addTestBoard(t)).workspace.id, ['manager'])
    const step = (token: string, input: object) =>
      callTrpc(t, 'cards.review', { boardId: board.id, cardId: 'post', ...input }, { token })
    expect((await step(cm.token, { step: 'send' })).error).toMatchObject({
      message: 'not-allowed-field:approval',
      data: { code: 'FORBIDDEN' },
    })
    expect((await step(lead.token, { step: 'send' })).data).toMatchObject({ ok: true })
    expect((await step(outsider.token, { step: 'approve' })).error?.data.code).toBe('NOT_FOUND')
    expect((await step(client.token, { step: 'maybe' })).error?.data.code).toBe('BAD_REQUEST')
    expect((await step(client.token, { step: 'changes' })).data).toMatchObject({ ok: true })
    expect(await stored()).toMatchObject({ approval: 'changes-requested', reviewer: null })
  })
})
