import { cardsMap, getCard, runCommand } from '@pauta/board'
import { listReviewDecisions } from '@pauta/db'
import { type BoardRules, DEFAULT_RULES, type MediaItem } from '@pauta/domain'
import sharp from 'sharp'
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
  type TestUser,
} from './test-server.ts'
import { startTestSmtp } from './test-smtp.ts'

// [RND1]–[RND5] Review rounds over the real server: a lead sends a week of posts for review,
// someone with a link and no account decides on them; the link opens that round's posts and
// nothing else, and stops working when it expires or is revoked; wrong PINs lock it.

const DAY = 24 * 3_600_000
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const RULES: BoardRules = {
  ...DEFAULT_RULES,
  approval: { policy: 'client', networks: [], campaigns: [] },
}

async function setup(env: Record<string, string> = {}) {
  let clock = Date.parse('2031-12-01T09:00:00.000Z')
  const t: TestServer = await startTestServer({
    env,
    serverOptions: { now: () => new Date(clock) },
  })
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const client = await addTestUser(t, workspace.id, ['client'])
  const other = await addTestBoard(t, 'Another workspace')
  const stranger = await addTestUser(t, other.workspace.id, ['strategist', 'manager'])
  const call = (user: TestUser | null, procedure: string, input: object, query = false) =>
    callTrpc(t, procedure, input, { ...(user ? { token: user.token } : {}), query })
  expect(
    (
      await call(lead, 'boards.updateSettings', {
        boardId: board.id,
        settings: { wipLimits: {}, rules: RULES },
      })
    ).status,
  ).toBe(200)
  // five posts: four in the week of 8 December, one the week after
  const raw = await openRaw(t, board.id, lead.token)
  cleanups.push(() => raw.close())
  const days = ['08', '09', '10', '11', '16']
  raw.sendUpdate(
    raw.change((doc) => {
      for (const [i, day] of days.entries()) {
        const made = runCommand(
          doc,
          { actor: { id: lead.id, roles: ['strategist', 'manager'] }, rules: RULES },
          {
            type: 'create',
            id: `p${i + 1}`,
            card: {
              title: `Post ${i + 1}`,
              stage: 'calendar',
              network: 'instagram',
              copy: `Copy ${i + 1}`,
              scheduledAt: `2031-12-${day}T10:00:00.000Z`,
              assigneeId: cm.id,
            },
          },
        )
        if (!made.ok) throw new Error(JSON.stringify(made.refusal))
      }
    }),
  )
  await raw.barrier()
  await t.server.boardChanges.read(board.id, () => null)
  const stored = async (id: string) => getCard((await storedBoard(t, board.id)).doc, id)
  const advance = (ms: number) => {
    clock += ms
  }
  const now = () => new Date(clock)
  return { t, board, other, lead, cm, client, stranger, call, stored, advance, now, raw }
}

/** The week of 8 December as one round, sent by the lead; returns its id. */
async function sendWeek(s: Awaited<ReturnType<typeof setup>>) {
  const candidates = await s.call(
    s.lead,
    'rounds.candidates',
    {
      boardId: s.board.id,
      from: '2031-12-08T00:00:00.000Z',
      to: '2031-12-15T00:00:00.000Z',
      network: null,
    },
    true,
  )
  const ids = (candidates.data as Array<{ cardId: string }>).map((c) => c.cardId)
  expect(ids).toEqual(['p1', 'p2', 'p3', 'p4'])
  const created = await s.call(s.lead, 'rounds.create', {
    boardId: s.board.id,
    name: 'Week of 8 December',
    message: 'Please check the tone',
    cardIds: ids,
  })
  expect(created.data).toMatchObject({ sent: 4, refused: [] })
  return (created.data as { roundId: string }).roundId
}

async function makeLink(
  s: Awaited<ReturnType<typeof setup>>,
  roundId: string,
  extra: { pin?: string; days?: number } = {},
) {
  const made = await s.call(s.lead, 'rounds.createLink', {
    boardId: s.board.id,
    roundId,
    label: 'Lucía (client)',
    email: null,
    pin: extra.pin ?? null,
    ...(extra.days ? { days: extra.days } : {}),
  })
  expect(made.status).toBe(200)
  const { link, emailed, mail } = made.data as {
    link: { id: string; url: string }
    emailed: boolean
    mail: boolean
  }
  expect({ emailed, mail }).toEqual({ emailed: false, mail: false })
  const token = link.url.split('/review/')[1] ?? ''
  return { id: link.id, token }
}

describe('[RND1] [RND4] a round reviewed through a link', () => {
  it('a link holder approves two posts and asks for changes on one; everything is recorded and told', async () => {
    const s = await setup()
    const roundId = await sendWeek(s)
    expect(await s.stored('p1')).toMatchObject({ approval: 'in-review', reviewer: 'client' })
    expect(await s.stored('p5')).toMatchObject({ approval: 'draft' })
    const { token } = await makeLink(s, roundId)

    const opened = await s.call(null, 'review.open', { token })
    expect(opened.status).toBe(200)
    const { pass, round } = opened.data as {
      pass: string
      round: {
        round: { name: string; message: string; boardName: string }
        viewer: { kind: string; name: string }
        posts: Array<{ cardId: string; copy: string; canDecide: boolean }>
      }
    }
    expect(round.round).toMatchObject({
      name: 'Week of 8 December',
      message: 'Please check the tone',
    })
    expect(round.viewer).toMatchObject({ kind: 'link', name: 'Lucía (client)' })
    // the round's posts, in calendar order, and nothing else of the board
    expect(round.posts.map((p) => [p.cardId, p.copy, p.canDecide])).toEqual([
      ['p1', 'Copy 1', true],
      ['p2', 'Copy 2', true],
      ['p3', 'Copy 3', true],
      ['p4', 'Copy 4', true],
    ])

    const decide = (cardId: string, step: string, comment?: string) =>
      s.call(null, 'review.decide', { token, pass, cardId, step, ...(comment ? { comment } : {}) })
    expect((await decide('p1', 'approve')).data).toEqual({ toState: 'approved' })
    expect((await decide('p2', 'approve')).data).toEqual({ toState: 'approved' })
    // asking for changes says what
    expect((await decide('p3', 'changes')).error?.data.code).toBe('BAD_REQUEST')
    expect((await decide('p3', 'changes', 'Less formal, please')).data).toEqual({
      toState: 'changes-requested',
    })
    // a post already decided waits for nobody
    expect((await decide('p1', 'approve')).error).toMatchObject({ data: { code: 'FORBIDDEN' } })

    expect(await s.stored('p1')).toMatchObject({ approval: 'approved' })
    expect(await s.stored('p3')).toMatchObject({ approval: 'changes-requested' })
    // the comment landed in the card's thread, under the link's name
    const thread = await s.call(s.cm, 'comments.list', { boardId: s.board.id, cardId: 'p3' }, true)
    expect(thread.data).toEqual([
      expect.objectContaining({
        body: 'Less formal, please',
        authorId: expect.stringMatching(/^link:/),
      }),
    ])
    const view = await s.call(s.cm, 'rounds.get', { boardId: s.board.id, roundId }, true)
    const p3 = (view.data as { posts: Array<{ cardId: string; comments: unknown[] }> }).posts.find(
      (p) => p.cardId === 'p3',
    )
    expect(p3?.comments).toEqual([
      expect.objectContaining({ authorName: 'Lucía (client)', body: 'Less formal, please' }),
    ])

    // [APPR4] an edit sends it back to the client; the round's page says who edited it
    s.advance(3_600_000)
    s.raw.sendUpdate(
      s.raw.change((doc) => {
        const copy = cardsMap(doc).get('p3')?.get('copy')
        if (!(copy instanceof Y.Text)) throw new Error('the copy is not a Y.Text')
        copy.insert(copy.length, ', less formal')
      }),
    )
    await s.raw.barrier()
    await s.t.server.boardChanges.read(s.board.id, () => null)
    await expect
      .poll(async () => {
        const again = await s.call(null, 'review.round', { token, pass }, true)
        const post = (
          again.data as {
            posts: Array<{
              cardId: string
              approval: string
              copy: string
              decisions: Array<{ step: string; byName: string }>
            }>
          }
        ).posts.find((p) => p.cardId === 'p3')
        return [post?.approval, post?.copy, post?.decisions.at(-1)?.step]
      })
      .toEqual(['in-review', 'Copy 3, less formal', 'edited'])

    // [RND4] each decision: which link, when, in which round, which version of the copy
    const decisions = await listReviewDecisions(s.t.database.db, s.board.id, { roundId })
    const byLink = decisions.filter((d) => d.linkId !== null)
    expect(byLink.map((d) => [d.cardId, d.step, d.toState, d.userId])).toEqual([
      ['p1', 'approve', 'approved', null],
      ['p2', 'approve', 'approved', null],
      ['p3', 'changes', 'changes-requested', null],
    ])
    const versions = await s.call(
      s.cm,
      'cards.versions',
      { boardId: s.board.id, cardId: 'p1' },
      true,
    )
    const approvedVersion = (
      versions.data as Array<{ id: number; reason: string; copy: string }>
    ).find((v) => v.id === byLink[0]?.copyVersionId)
    expect(approvedVersion).toMatchObject({ reason: 'review', copy: 'Copy 1' })

    // the assignee and the manager heard of each decision; the client heard of the round
    const bell = async (user: TestUser) =>
      ((await s.call(user, 'notifications.list', {}, true)).data as Array<{ kind: string }>).map(
        (n) => n.kind,
      )
    expect((await bell(s.cm)).filter((k) => k === 'review-decided')).toHaveLength(3)
    expect((await bell(s.lead)).filter((k) => k === 'review-decided')).toHaveLength(3)
    expect(await bell(s.client)).toContain('review-requested')

    // the round's list says how it stands
    const list = await s.call(s.lead, 'rounds.list', { boardId: s.board.id }, true)
    expect(list.data).toEqual([
      expect.objectContaining({
        id: roundId,
        posts: 4,
        approved: 2,
        // p3's changes were made: it waits for the client again, with p4
        changesRequested: 0,
        waiting: { team: 0, client: 2 },
        doneAt: null,
      }),
    ])
  })

  it('approve all answers every post that waits for the link', async () => {
    const s = await setup()
    const roundId = await sendWeek(s)
    // posts already waiting in a round are not offered for another
    const again = await s.call(
      s.lead,
      'rounds.candidates',
      { boardId: s.board.id, from: '2031-12-08T00:00:00.000Z', to: '2031-12-15T00:00:00.000Z' },
      true,
    )
    expect(again.data).toEqual([])
    const { token } = await makeLink(s, roundId)
    const { pass } = (await s.call(null, 'review.open', { token })).data as { pass: string }
    expect((await s.call(null, 'review.approveAll', { token, pass })).data).toEqual({
      approved: 4,
      refused: 0,
    })
    for (const id of ['p1', 'p2', 'p3', 'p4'])
      expect(await s.stored(id)).toMatchObject({ approval: 'approved' })
    const list = await s.call(s.lead, 'rounds.list', { boardId: s.board.id }, true)
    expect((list.data as Array<{ doneAt: string | null }>)[0]?.doneAt).not.toBeNull()
  })
})

describe('[RND3] a link sent by email', () => {
  it('with SMTP_URL, a link made for an address reaches it, in English and Spanish', async () => {
    const inbox = await startTestSmtp()
    cleanups.push(() => inbox.close())
    const s = await setup({ SMTP_URL: inbox.url })
    const roundId = await sendWeek(s)
    const made = await s.call(s.lead, 'rounds.createLink', {
      boardId: s.board.id,
      roundId,
      label: 'Lucía',
      email: 'lucia@example.com',
      pin: '4821',
    })
    const { link, emailed, mail } = made.data as {
      link: { url: string }
      emailed: boolean
      mail: boolean
    }
    expect({ emailed, mail }).toEqual({ emailed: true, mail: true })
    const [sent] = inbox.received
    expect(sent?.envelopeTo).toEqual(['lucia@example.com'])
    expect(sent?.subject).toContain('Week of 8 December')
    expect(sent?.text).toContain(`Open: ${link.url}`)
    expect(sent?.text).toContain(`Abre: ${link.url}`)
    // the PIN travels apart, never in the email
    expect(sent?.text).not.toContain('4821')
  })
})

describe('[RND5] a round that waits too long', () => {
  it('reminds the client and its sender once, after the board’s review time', async () => {
    const s = await setup()
    await sendWeek(s)
    const reminders = async (user: TestUser) =>
      ((await s.call(user, 'notifications.list', {}, true)).data as Array<{ kind: string }>).filter(
        (n) => n.kind === 'review-waiting',
      )
    const { scheduler } = s.t.server.notifications
    s.advance(47 * 3_600_000)
    await scheduler.runOnce(s.now())
    expect(await reminders(s.client)).toEqual([])
    s.advance(2 * 3_600_000)
    await scheduler.runOnce(s.now())
    await scheduler.runOnce(s.now())
    expect(await reminders(s.client)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ waiting: 4 }) }),
    ])
    expect(await reminders(s.lead)).toHaveLength(1)
    expect(await reminders(s.cm)).toEqual([])
  })
})

describe('[RND2] [RND3] what a link opens', () => {
  it('another card, another board, a tampered signature, an expired or revoked link: 404, nothing said', async () => {
    const s = await setup()
    const roundId = await sendWeek(s)
    const { id, token } = await makeLink(s, roundId)
    const { pass } = (await s.call(null, 'review.open', { token })).data as { pass: string }
    const gone = { message: 'no such review link', data: { code: 'NOT_FOUND' } }

    // a post of the board outside the round, and a card id of another board
    const outside = await s.call(null, 'review.decide', {
      token,
      pass,
      cardId: 'p5',
      step: 'approve',
    })
    expect(outside.error).toMatchObject({ message: 'no such post', data: { code: 'NOT_FOUND' } })
    const comment = await s.call(null, 'review.comment', {
      token,
      pass,
      cardId: 'p5',
      body: 'hola',
    })
    expect(comment.error?.data.code).toBe('NOT_FOUND')
    expect(await s.stored('p5')).toMatchObject({ approval: 'draft' })
    // a token signed for another link id, or changed by one character
    const [name = '', signature = ''] = token.split('.')
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`
    for (const bad of [
      `${name}.${flipped}`,
      `rv_${s.other.board.id}.${signature}`,
      'rv_x',
      token.toUpperCase(),
    ])
      expect((await s.call(null, 'review.open', { token: bad })).error).toMatchObject(gone)
    // a round id of this board is no token
    expect(
      (await s.call(null, 'review.open', { token: `rv_${roundId}.${signature}` })).error,
    ).toMatchObject(gone)

    // revoked: by a lead of this board only
    expect(
      (await s.call(s.stranger, 'rounds.revokeLink', { boardId: s.board.id, linkId: id })).error
        ?.data.code,
    ).toBe('NOT_FOUND')
    expect(
      (await s.call(s.cm, 'rounds.revokeLink', { boardId: s.board.id, linkId: id })).error?.data
        .code,
    ).toBe('FORBIDDEN')
    expect(
      (await s.call(s.lead, 'rounds.revokeLink', { boardId: s.board.id, linkId: id })).status,
    ).toBe(200)
    expect((await s.call(null, 'review.open', { token })).error).toMatchObject(gone)
    expect((await s.call(null, 'review.round', { token, pass }, true)).error).toMatchObject(gone)
    expect(
      (await s.call(null, 'review.decide', { token, pass, cardId: 'p1', step: 'approve' })).error,
    ).toMatchObject(gone)

    // expired: a fresh link works for its days, then never again
    const short = await makeLink(s, roundId, { days: 1 })
    expect((await s.call(null, 'review.open', { token: short.token })).status).toBe(200)
    s.advance(DAY + 1000)
    expect((await s.call(null, 'review.open', { token: short.token })).error).toMatchObject(gone)
  })

  it('downloads only the files of the round’s posts', async () => {
    const s = await setup()
    const image = await sharp({
      create: { width: 64, height: 64, channels: 3, background: '#3366cc' },
    })
      .png()
      .toBuffer()
    const upload = async () => {
      const body = new FormData()
      body.append('file', new Blob([image]), 'a.png')
      const res = await fetch(`${s.t.url}/api/boards/${s.board.id}/media`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${s.lead.token}` },
      })
      return ((await res.json()) as { id: string }).id
    }
    const inRound = await upload()
    const elsewhere = await upload()
    const attach = (cardId: string, mediaId: string) => (doc: Parameters<typeof cardsMap>[0]) => {
      const made = runCommand(
        doc,
        { actor: { id: s.lead.id, roles: ['strategist', 'manager'] }, rules: RULES },
        {
          type: 'edit',
          cardId,
          fields: {
            media: [{ id: mediaId, kind: 'image', alt: 'A blue square' } satisfies MediaItem],
          },
        },
      )
      if (!made.ok) throw new Error(JSON.stringify(made.refusal))
    }
    s.raw.sendUpdate(s.raw.change(attach('p1', inRound)))
    s.raw.sendUpdate(s.raw.change(attach('p5', elsewhere)))
    await s.raw.barrier()
    await s.t.server.boardChanges.read(s.board.id, () => null)
    const roundId = await sendWeek(s)
    const { token } = await makeLink(s, roundId, { pin: '4821' })
    const { pass, round } = (await s.call(null, 'review.open', { token, pin: '4821' })).data as {
      pass: string
      round: { posts: Array<{ cardId: string; media: Array<{ url: string; thumbUrl: string }> }> }
    }
    const shown = round.posts.find((p) => p.cardId === 'p1')?.media[0]
    expect(shown?.url).toContain(`/api/review/${token}/media/${inRound}`)
    await expect.poll(async () => (await fetch(`${s.t.url}${shown?.url}`)).status).toBe(200)
    expect((await fetch(`${s.t.url}${shown?.thumbUrl}`)).headers.get('content-type')).toBe(
      'image/webp',
    )
    const base = `${s.t.url}/api/review/${token}/media`
    // a file of a post outside the round, without the pass, or through a bad token
    expect((await fetch(`${base}/${elsewhere}?pass=${encodeURIComponent(pass)}`)).status).toBe(404)
    expect((await fetch(`${base}/${inRound}`)).status).toBe(404)
    expect(
      (await fetch(`${s.t.url}/api/review/rv_${'a'.repeat(32)}${roundId}/media/${inRound}`)).status,
    ).toBe(404)
  })

  it('a PIN is asked for, and wrong PINs lock the link for a while', async () => {
    const s = await setup()
    const roundId = await sendWeek(s)
    const { token } = await makeLink(s, roundId, { pin: '4821' })
    expect((await s.call(null, 'review.open', { token })).error?.message).toBe('pin-required')
    // without the pass its PIN gives, the link reads nothing
    expect((await s.call(null, 'review.round', { token }, true)).error?.message).toBe(
      'pin-required',
    )
    expect(
      (await s.call(null, 'review.round', { token, pass: `9999999999999.${'a'.repeat(32)}` }, true))
        .error?.message,
    ).toBe('pin-required')
    for (let i = 0; i < 5; i++)
      expect((await s.call(null, 'review.open', { token, pin: `000${i}` })).error?.message).toBe(
        'pin-wrong',
      )
    // locked: even the right PIN waits
    const locked = await s.call(null, 'review.open', { token, pin: '4821' })
    expect(locked.error).toMatchObject({
      message: 'pin-locked',
      data: { code: 'TOO_MANY_REQUESTS' },
    })
    s.advance(16 * 60_000)
    const opened = await s.call(null, 'review.open', { token, pin: '4821' })
    expect(opened.status).toBe(200)
    const { pass } = opened.data as { pass: string }
    expect((await s.call(null, 'review.round', { token, pass }, true)).status).toBe(200)
    // a pass is good for some hours only
    s.advance(13 * 3_600_000)
    expect((await s.call(null, 'review.round', { token, pass }, true)).error?.message).toBe(
      'pin-required',
    )
  })
})

describe('[APPR5] a client member', () => {
  it('a forged change over a raw socket reaches no one; the decision is theirs, through the server', async () => {
    const s = await setup()
    await sendWeek(s)
    const forger = await openRaw(s.t, s.board.id, s.client.token)
    cleanups.push(() => forger.close())
    forger.sendUpdate(
      forger.change((doc) => {
        const card = cardsMap(doc).get('p1')
        card?.set('approval', 'approved')
        card?.set('title', 'Approved by me')
      }),
    )
    // [RO1] a client's socket is read-only: the change is dropped, stored nowhere, relayed to no one
    await forger.barrier()
    expect(await s.stored('p1')).toMatchObject({ title: 'Post 1', approval: 'in-review' })
    await s.raw.barrier()
    expect(getCard(s.raw.doc, 'p1')).toMatchObject({ title: 'Post 1', approval: 'in-review' })
    // the client's own decision, through the server, is theirs to make
    const roundsList = await s.call(s.client, 'rounds.list', { boardId: s.board.id }, true)
    const roundId = (roundsList.data as Array<{ id: string }>)[0]?.id
    const decided = await s.call(s.client, 'rounds.decide', {
      boardId: s.board.id,
      roundId,
      cardId: 'p1',
      step: 'approve',
    })
    expect(decided.data).toEqual({ toState: 'approved' })
    // a lead cannot answer in the client's place
    const forLead = await s.call(s.lead, 'rounds.decide', {
      boardId: s.board.id,
      roundId,
      cardId: 'p2',
      step: 'approve',
    })
    expect(forLead.error).toMatchObject({ data: { code: 'FORBIDDEN' } })
    // a member of another workspace reads no round
    expect(
      (await s.call(s.stranger, 'rounds.get', { boardId: s.board.id, roundId }, true)).error?.data
        .code,
    ).toBe('NOT_FOUND')
  })
})
