import { DAY_MS, DEFAULT_RULES, type Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import {
  addMember,
  createBoard,
  createWorkspace,
  type DB,
  recordStageEvents,
  upsertBoardCards,
} from '../index.ts'
import { projectedCard, seedUser } from './context.ts'

// The flow dashboards' board: a known history, with figures computed by hand in the suites.

// Monday 2 March 2026, 00:00 UTC, plus days (and hours).
export const d = (day: number, hours = 0) => new Date(Date.UTC(2026, 2, 2 + day, hours))
export const days = (n: number) => n * DAY_MS
export const now = d(10)
type Move = [card: string, from: Stage | null, to: Stage, at: Date, severity?: string]
/**
 * The domain tests' five cards, and two more: G went calendar → published → escalated
 * (a crisis, still open) and H is archived in plan. The suites' figures are computed by hand
 * from it.
 */
export const HISTORY: Move[] = [
  ['A', null, 'strategy', d(0)],
  ['B', null, 'strategy', d(0)],
  ['H', null, 'strategy', d(0)],
  ['A', 'strategy', 'plan', d(1)],
  ['C', null, 'strategy', d(1)],
  ['G', null, 'calendar', d(1)],
  ['H', 'strategy', 'plan', d(1)],
  ['B', 'strategy', 'plan', d(2)],
  ['D', null, 'plan', d(2)],
  ['G', 'calendar', 'published', d(2)],
  ['A', 'plan', 'calendar', d(3)],
  ['C', 'strategy', 'plan', d(3)],
  ['A', 'calendar', 'published', d(4)],
  ['B', 'plan', 'calendar', d(4)],
  ['A', 'published', 'monitored', d(5)],
  ['B', 'calendar', 'plan', d(5)],
  ['D', 'plan', 'calendar', d(6)],
  ['E', null, 'strategy', d(6)],
  ['B', 'plan', 'calendar', d(7)],
  ['B', 'calendar', 'published', d(8)],
  ['G', 'published', 'escalated', d(8), 'crisis'],
]

/** The board holding `HISTORY` and its cards, and another board whose history must not count. */
export async function flowBoard(db: Kysely<DB>) {
  const alice = await seedUser(db, { email: 'alice@example.com', name: 'Alice' })
  const bob = await seedUser(db, { email: 'bob@example.com', name: 'Bob' })
  const carol = await seedUser(db, { email: 'carol@example.com', name: 'Carol' })
  const ws = await createWorkspace(db, { name: 'Agency' })
  await addMember(db, ws.id, alice, ['cm'])
  await addMember(db, ws.id, bob, ['cm'])
  await addMember(db, ws.id, carol, ['manager'])
  const board = await createBoard(db, {
    workspaceId: ws.id,
    name: 'Flow',
    settings: {
      wipLimits: { plan: 1 },
      rules: { ...DEFAULT_RULES, cmWipLimit: 3 },
    },
  })
  const other = await createBoard(db, { workspaceId: ws.id, name: 'Other' })
  await recordStageEvents(
    db,
    HISTORY.map(([cardId, fromStage, toStage, at, severity]) => ({
      boardId: board.id,
      cardId,
      fromStage,
      toStage,
      userId: carol,
      at,
      detail: severity ? { severity, reason: 'angry thread' } : null,
    })),
  )
  await upsertBoardCards(db, board.id, [
    projectedCard('A', {
      stage: 'monitored',
      campaign: 'Spring',
      objective: 'reach',
      assigneeId: alice,
    }),
    projectedCard('B', {
      stage: 'published',
      network: 'tiktok',
      campaign: 'Spring',
      objective: 'sales',
      assigneeId: bob,
    }),
    projectedCard('C', { stage: 'plan' }),
    projectedCard('D', { stage: 'calendar', assigneeId: alice, scheduledAt: d(9).toISOString() }),
    projectedCard('E', { network: 'x' }),
    projectedCard('G', {
      stage: 'escalated',
      network: 'x',
      assigneeId: bob,
      severity: 'crisis',
      escalatedAt: d(8).toISOString(),
    }),
    projectedCard('H', { stage: 'plan', archived: true }),
  ])
  // Another board's history: it does not count.
  await recordStageEvents(db, [
    {
      boardId: other.id,
      cardId: 'A',
      fromStage: null,
      toStage: 'plan',
      userId: null,
      at: d(2),
    },
    {
      boardId: other.id,
      cardId: 'A',
      fromStage: 'plan',
      toStage: 'published',
      userId: null,
      at: d(3),
    },
  ])
  await upsertBoardCards(db, other.id, [projectedCard('A', { stage: 'published' })])
  return { board, other, alice, bob, carol }
}

/** `HISTORY` as the domain's stage events. */
export const domainEvents = () =>
  HISTORY.map(([cardId, fromStage, toStage, at]) => ({ cardId, fromStage, toStage, at }))

/**
 * The stays the history describes, worked out here: each change closes the card's stay in
 * progress and opens one in its new stage (`leftAt` null: still there).
 */
export function historyStays() {
  const stays: { cardId: string; stage: Stage; enteredAt: Date; leftAt: Date | null }[] = []
  const open = new Map<string, (typeof stays)[number]>()
  const inTime = [...HISTORY].sort((a, b) => a[3].getTime() - b[3].getTime())
  for (const [cardId, , stage, enteredAt] of inTime) {
    const before = open.get(cardId)
    if (before) before.leftAt = enteredAt
    const stay = { cardId, stage, enteredAt, leftAt: null }
    stays.push(stay)
    open.set(cardId, stay)
  }
  return stays
}
