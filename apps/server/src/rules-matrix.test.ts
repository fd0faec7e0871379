import { cardsMap, createCard, getCard, moveCard, updateCard } from '@pauta/board'
import { createBoard, createWorkspace } from '@pauta/db'
import {
  type Card,
  decodeRefusal,
  type MoveFields,
  type Refusal,
  type Role,
  STAGES,
  type Stage,
} from '@pauta/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTestUser,
  type CloseInfo,
  callTrpc,
  connect,
  eventually,
  nextClose,
  openRaw,
  providerSocket,
  startTestServer,
  storedBoard,
  syncBarrier,
  type TestServer,
  type TestUser,
  waitForSync,
  within,
} from './test-server.ts'

/**
 * [JUDGE5] Every role against every move between two stages, judged by the server on every
 * update, under the default rules ([TRANS2] and [TRANS3] of the domain's SPEC.md). Each case
 * is sent three times: by a stock y-websocket client (a normal browser), and by a modified
 * client over a raw socket, once as a sync `update` message and once as a sync step 2.
 *
 * A refused change closes its sender with 4422 and a reason `decodeRefusal` reads. A client
 * (read-only role) is different: the server drops everything it writes at the connection
 * level, before any judging, and keeps the socket open (a read-only browser may still hold
 * local edits; closing it would make it reconnect and resend them for ever).
 */

/** The actor of a case: a role, and for a community manager whose card it is. */
type Kind = 'strategist' | 'manager' | 'cm-mine' | 'cm-other' | 'client'
const KINDS: Kind[] = ['strategist', 'manager', 'cm-mine', 'cm-other', 'client']
const KIND_NAMES: Record<Kind, string> = {
  strategist: 'strategist',
  manager: 'manager',
  'cm-mine': 'cm, card assigned to them',
  'cm-other': 'cm, card assigned to someone else',
  client: 'client',
}

// The default rules ([TRANS2]), written out by hand: the expectations must not come from the
// code under test (DEFAULT_RULES).
const PIPELINE: Stage[] = ['strategy', 'plan', 'calendar', 'published', 'monitored', 'escalated']
const FORWARD: Record<string, Kind[]> = {
  'strategy>plan': ['strategist', 'manager'],
  'plan>calendar': ['manager', 'strategist'],
  'calendar>published': ['manager', 'cm-mine'],
  'published>monitored': ['manager', 'cm-mine'],
  'published>escalated': ['manager', 'cm-mine'],
  'monitored>escalated': ['manager', 'cm-mine'],
}
/** Any move backwards is rework (escalated → monitored or plan included). */
const REWORK: Kind[] = ['manager', 'strategist']

type Outcome = { kind: 'accepted' } | { kind: 'refused'; refusal: Refusal } | { kind: 'dropped' }

function expectedOutcome(kind: Kind, from: Stage, to: Stage): Outcome {
  if (kind === 'client') return { kind: 'dropped' }
  const backwards = PIPELINE.indexOf(to) < PIPELINE.indexOf(from)
  const movers = backwards ? REWORK : (FORWARD[`${from}>${to}`] ?? [])
  if (movers.includes(kind)) return { kind: 'accepted' }
  if (kind === 'cm-other' && movers.includes('cm-mine'))
    return { kind: 'refused', refusal: { code: 'not-assignee' } }
  return { kind: 'refused', refusal: { code: 'not-allowed-move', from, to } }
}

const PAIRS: Array<[Stage, Stage]> = PIPELINE.flatMap((from) =>
  PIPELINE.filter((to) => to !== from).map((to): [Stage, Stage] => [from, to]),
)

type Drive = 'provider' | 'update' | 'step2'
const DRIVES: Drive[] = ['provider', 'update', 'step2']
const SCHEDULED = '2026-11-20T15:00:00.000Z'
const PUBLISHED = '2026-11-20T15:02:00.000Z'
const SENTINEL = 'sentinel'

const cardIdOf = (from: Stage, to: Stage, drive: Drive) => `${from}-${to}-${drive}`

/** A card that has everything its stage asks for, so that only the role decides. */
function seedCard(doc: Y.Doc, id: string, stage: Stage, assigneeId: string, by: string): void {
  createCard(
    doc,
    { title: id, stage, network: 'instagram', assigneeId, scheduledAt: SCHEDULED },
    { userId: by, id },
  )
  const entry = cardsMap(doc).get(id)!
  if (PIPELINE.indexOf(stage) >= PIPELINE.indexOf('published')) entry.set('publishedAt', PUBLISHED)
  if (stage === 'escalated') {
    entry.set('escalationReason', 'a customer complaint')
    entry.set('severity', 'high')
  }
}

/** What the target stage asks for (and a resolution note when leaving escalated). */
function moveFields(card: Card, to: Stage): MoveFields {
  const fields: MoveFields = {}
  if (to === 'calendar') {
    fields.scheduledAt = card.scheduledAt ?? SCHEDULED
    fields.network = card.network ?? 'instagram'
    fields.assigneeId = card.assigneeId
  }
  if (to === 'published') fields.publishedAt = card.publishedAt ?? PUBLISHED
  if (to === 'escalated') {
    fields.escalationReason = 'a thread turned angry'
    fields.severity = 'crisis'
  }
  if (card.stage === 'escalated') fields.resolutionNote = `answered (${card.id})`
  return fields
}

let t: TestServer
let workspaceId: string
const users = {} as Record<
  'seeder' | 'strategist' | 'manager' | 'cm1' | 'cm2' | 'client' | 'watcher',
  TestUser
>
const cleanups: Array<() => unknown> = []
const counts = { forbidden: 0, allowed: 0 }
const started = Date.now()

beforeAll(async () => {
  t = await startTestServer()
  workspaceId = (await createWorkspace(t.database.db, { name: 'Matrix' })).id
  const roles: Record<keyof typeof users, Role[]> = {
    seeder: ['manager'],
    strategist: ['strategist'],
    manager: ['manager'],
    cm1: ['cm'],
    cm2: ['cm'],
    client: ['client'],
    watcher: ['client'],
  }
  for (const [name, held] of Object.entries(roles))
    users[name as keyof typeof users] = await addTestUser(t, workspaceId, held)
}, 30_000)

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await t?.dispose()
  console.log(
    `matrix: ${counts.forbidden} forbidden cases, ${counts.allowed} allowed cases, each over the normal client and a raw socket (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  )
})

function open(boardId: string, token: string) {
  const client = connect(t, boardId, token)
  const closes: CloseInfo[] = []
  client.provider.on('connection-close', (event) =>
    closes.push({ code: event?.code ?? 0, reason: event?.reason ?? '' }),
  )
  cleanups.push(() => client.provider.destroy())
  return { ...client, closes }
}
type Client = ReturnType<typeof open>

function onNextClose(client: Client): Promise<CloseInfo> {
  return nextClose(client.provider)
}

/** Polls tightly: the matrix makes hundreds of round trips. */
const soon = (check: () => void | Promise<void>) => eventually(check, 5000)

/** One board, its seeder (a manager writing the cards) and its watcher (a read-only observer). */
async function boardFor(kind: Kind) {
  const board = await createBoard(t.database.db, { workspaceId, name: `Matrix ${kind}` })
  const seeder = open(board.id, users.seeder.token)
  const watcher = open(board.id, users.watcher.token)
  await Promise.all([waitForSync(seeder.provider), waitForSync(watcher.provider)])
  const assignee = kind === 'cm-mine' ? users.cm1.id : users.cm2.id
  seeder.doc.transact(() => {
    createCard(seeder.doc, { title: 'sentinel' }, { userId: users.seeder.id, id: SENTINEL })
    for (const [from, to] of PAIRS)
      for (const drive of DRIVES)
        seedCard(seeder.doc, cardIdOf(from, to, drive), from, assignee, users.seeder.id)
  })
  const total = 1 + PAIRS.length * DRIVES.length
  await soon(() => expect(cardsMap(watcher.doc).size).toBe(total))
  return { board, seeder, watcher }
}

const MOVER: Record<Kind, keyof typeof users> = {
  strategist: 'strategist',
  manager: 'manager',
  'cm-mine': 'cm1',
  'cm-other': 'cm1',
  client: 'client',
}

for (const kind of KINDS) {
  describe(`[JUDGE5] ${KIND_NAMES[kind]}`, () => {
    let room: Awaited<ReturnType<typeof boardFor>>
    let mover: Client | null = null
    let sentinel = 0
    const user = () => users[MOVER[kind]]

    beforeAll(async () => {
      room = await boardFor(kind)
    }, 30_000)
    afterAll(() => {
      mover?.provider.destroy()
      room.seeder.provider.destroy()
      room.watcher.provider.destroy()
    })

    async function moverClient(): Promise<Client> {
      if (mover && mover.closes.length === 0 && mover.provider.synced) return mover
      // A failed case may have left a closed or diverged one behind: start afresh.
      mover?.provider.destroy()
      const client = open(room.board.id, user().token)
      await waitForSync(client.provider)
      mover = client
      return client
    }

    /** A later change from a manager: once the watcher has it, anything sent before is settled. */
    async function sentinelArrives(): Promise<void> {
      const title = `sentinel ${++sentinel}`
      updateCard(room.seeder.doc, SENTINEL, { title })
      await soon(() => expect(getCard(room.watcher.doc, SENTINEL)?.title).toBe(title))
    }

    async function drive(drive: Drive, from: Stage, to: Stage, outcome: Outcome) {
      const id = cardIdOf(from, to, drive)
      const before = await storedBoard(t, room.board.id)
      const stored = getCard(before.doc, id)!
      expect(stored.stage).toBe(from)
      const fields = moveFields(stored, to)

      let closed: Promise<CloseInfo>
      let isOpen: () => boolean
      let barrier: () => Promise<void>
      let sees: (check: (doc: Y.Doc) => void) => Promise<void>
      if (drive === 'provider') {
        const client = await moverClient()
        expect(getCard(client.doc, id)?.stage).toBe(from)
        closed = onNextClose(client)
        moveCard(client.doc, id, { stage: to, index: 0 }, fields)
        isOpen = () => client.provider.wsconnected && client.closes.length === 0
        barrier = () =>
          syncBarrier(providerSocket(client.provider), Y.encodeStateVector(client.doc))
        sees = (check) => soon(() => check(client.doc))
      } else {
        const raw = await openRaw(t, room.board.id, user().token)
        cleanups.push(() => raw.close())
        const update = raw.change((doc) => moveCard(doc, id, { stage: to, index: 0 }, fields))
        if (drive === 'update') raw.sendUpdate(update)
        else raw.sendStep2(update)
        closed = raw.closed
        isOpen = () => raw.open && raw.closeInfo === null
        barrier = () => raw.barrier()
        sees = (check) => soon(() => check(raw.doc))
      }

      if (outcome.kind === 'accepted') {
        await soon(() => {
          const seen = getCard(room.watcher.doc, id)
          expect(seen?.stage).toBe(to)
          if (to === 'escalated') expect(seen?.severity).toBe('crisis')
          if (from === 'escalated') expect(seen?.resolutionNote).toBe(fields.resolutionNote)
        })
        const after = await storedBoard(t, room.board.id)
        expect(getCard(after.doc, id)).toEqual(getCard(room.watcher.doc, id))
        expect(after.lastSeq).toBe(before.lastSeq + 1)
        expect(isOpen()).toBe(true)
        return
      }

      if (outcome.kind === 'refused') {
        const info = await within(closed, 'the sender was not closed')
        expect(info.code).toBe(4422)
        expect(decodeRefusal(info.reason)).toEqual(outcome.refusal)
        if (drive === 'provider') {
          // Final: y-websocket does not reconnect after a 44xx close.
          expect(mover?.provider.shouldConnect).toBe(false)
          mover?.provider.destroy()
          mover = null
        }
      } else {
        // Dropped: processed (the barrier answers after it), not judged, the socket stays.
        await within(barrier(), 'the sync barrier')
      }

      await sentinelArrives()
      expect(getCard(room.watcher.doc, id)).toEqual(stored)
      const after = await storedBoard(t, room.board.id)
      expect(after.lastSeq).toBe(before.lastSeq + 1) // the sentinel, nothing else
      expect(getCard(after.doc, id)).toEqual(stored)
      if (outcome.kind === 'dropped') {
        expect(isOpen()).toBe(true)
        // Still a reader: the sentinel reached it too.
        await sees((doc) =>
          expect(getCard(doc, SENTINEL)?.title).toBe(getCard(room.watcher.doc, SENTINEL)?.title),
        )
      }
    }

    for (const [from, to] of PAIRS) {
      const outcome = expectedOutcome(kind, from, to)
      const label =
        outcome.kind === 'accepted'
          ? 'accepted'
          : outcome.kind === 'dropped'
            ? 'dropped, socket kept open'
            : `refused 4422 ${outcome.refusal.code}`
      it(`${from} → ${to}: ${label}`, async () => {
        for (const d of DRIVES) await drive(d, from, to, outcome)
        if (outcome.kind === 'accepted') counts.allowed++
        else counts.forbidden++
      }, 20_000)
    }
  })
}

describe('[JUDGE5] a board with its own rules', () => {
  it('applies a strategist’s rule change at once and reconnects the board with 4002', async () => {
    const board = await createBoard(t.database.db, { workspaceId, name: 'Custom rules' })
    const seeder = open(board.id, users.seeder.token)
    const watcher = open(board.id, users.watcher.token)
    await Promise.all([waitForSync(seeder.provider), waitForSync(watcher.provider)])
    seeder.doc.transact(() => {
      seedCard(seeder.doc, 'planned-1', 'plan', users.cm1.id, users.seeder.id)
      seedCard(seeder.doc, 'planned-2', 'plan', users.cm1.id, users.seeder.id)
      seedCard(seeder.doc, 'scheduled', 'calendar', users.cm1.id, users.seeder.id)
    })
    await soon(() => expect(cardsMap(watcher.doc).size).toBe(3))
    const planned = getCard(seeder.doc, 'planned-1')!

    // Default rules: a cm may not schedule.
    const before = await openRaw(t, board.id, users.cm1.token)
    before.sendUpdate(
      before.change((doc) =>
        moveCard(
          doc,
          'planned-1',
          { stage: 'calendar', index: 0 },
          moveFields(planned, 'calendar'),
        ),
      ),
    )
    const refused = await within(before.closed, 'cm before the rule change')
    expect(refused.code).toBe(4422)
    expect(decodeRefusal(refused.reason)).toEqual({
      code: 'not-allowed-move',
      from: 'plan',
      to: 'calendar',
    })

    const current = await callTrpc(
      t,
      'boards.get',
      { boardId: board.id },
      { query: true, token: users.strategist.token },
    )
    const settings = (current.data as { settings: { rules: { transitions: object } } }).settings
    const next = {
      ...settings,
      rules: {
        ...settings.rules,
        transitions: {
          ...settings.rules.transitions,
          'plan>calendar': ['strategist', 'manager', 'cm'],
          'calendar>published': ['cm'],
        },
      },
    }
    // Only a strategist sets the rules.
    const byManager = await callTrpc(
      t,
      'boards.updateSettings',
      { boardId: board.id, settings: next },
      { token: users.manager.token },
    )
    expect(byManager.error?.data.code).toBe('FORBIDDEN')

    const reconnects = [onNextClose(seeder), onNextClose(watcher)]
    const saved = await callTrpc(
      t,
      'boards.updateSettings',
      { boardId: board.id, settings: next },
      { token: users.strategist.token },
    )
    expect(saved.error).toBeUndefined()
    // The rule holds for the very next update, before anyone reconnected.
    const after = await openRaw(t, board.id, users.cm1.token)
    after.sendUpdate(
      after.change((doc) =>
        moveCard(
          doc,
          'planned-1',
          { stage: 'calendar', index: 0 },
          moveFields(planned, 'calendar'),
        ),
      ),
    )
    await soon(() => expect(getCard(watcher.doc, 'planned-1')?.stage).toBe('calendar'))
    expect(after.closeInfo).toBeNull()

    for (const close of await within(Promise.all(reconnects), '4002'))
      expect(close).toEqual({ code: 4002, reason: 'board rules changed' })
    await soon(() => {
      expect(seeder.provider.wsconnected && seeder.provider.synced).toBe(true)
      expect(watcher.provider.wsconnected && watcher.provider.synced).toBe(true)
    })
    expect(seeder.provider.shouldConnect).toBe(true)

    // The stock client, reconnected, follows the new rules too: cm schedules, a manager no
    // longer publishes.
    const cm = open(board.id, users.cm1.token)
    await waitForSync(cm.provider)
    moveCard(
      cm.doc,
      'planned-2',
      { stage: 'calendar', index: 0 },
      moveFields(getCard(cm.doc, 'planned-2')!, 'calendar'),
    )
    await soon(() => expect(getCard(watcher.doc, 'planned-2')?.stage).toBe('calendar'))
    const closed = onNextClose(seeder)
    moveCard(seeder.doc, 'scheduled', { stage: 'published', index: 0 }, { publishedAt: PUBLISHED })
    const managerRefused = await within(closed, 'manager after the rule change')
    expect(managerRefused.code).toBe(4422)
    expect(decodeRefusal(managerRefused.reason)).toEqual({
      code: 'not-allowed-move',
      from: 'calendar',
      to: 'published',
    })
    const stored = await storedBoard(t, board.id)
    expect(getCard(stored.doc, 'scheduled')?.stage).toBe('calendar')
    expect(getCard(stored.doc, 'planned-2')?.stage).toBe('calendar')
  }, 20_000)
})

it('[STAGE1] writes the pipeline in the order of the stages', () => {
  expect(PIPELINE).toEqual([...STAGES])
})
