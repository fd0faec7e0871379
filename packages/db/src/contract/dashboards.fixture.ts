import { type ApprovalState, DAY_MS, DEFAULT_RULES, type Reviewer, type Stage } from '@pauta/domain'
import type { Kysely } from 'kysely'
import {
  addMember,
  createBoard,
  createWorkspace,
  type DB,
  type NewCardActivity,
  recordCardEvents,
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

export const hours = (n: number) => n * 3_600_000
type Step = [card: string, at: Date, approval: ApprovalState | null, reviewer?: Reviewer | null]
/**
 * The review steps of `flowBoard`'s posts, as their activity holds them (the approval
 * change, then the reviewer's), worked out by hand in the suites, up to `now` (day 10):
 * - A: the team answers in 4 h, the client approves 20 h later (24 h in review);
 * - B: the client asks for changes after 30 h, and approves 10 h into the second review
 *   (40 h waiting for the client);
 * - E: sent before the period, changes asked for in it: 48 h waiting for the client;
 * - C: waiting for the team since day −30, long before the period;
 * - D: the team answered in 2 h; waiting for the client since day 6, 2 h (94 h);
 * - G: approved by the client in the previous period, in 24 h;
 * - H: archived, waiting for the client: counts nowhere.
 */
export const REVIEWS: Step[] = [
  ['C', d(-30), 'in-review', 'team'],
  ['G', d(-3), 'in-review', 'client'],
  ['G', d(-2), 'approved', null],
  ['E', d(-1), 'in-review', 'client'],
  ['B', d(1), 'in-review', 'client'],
  ['E', d(1), 'changes-requested', null],
  ['A', d(2), 'in-review', 'team'],
  ['A', d(2, 4), null, 'client'],
  ['B', d(2, 6), 'changes-requested', null],
  ['A', d(3), 'approved', null],
  ['B', d(3), 'in-review', 'client'],
  ['B', d(3, 10), 'approved', null],
  ['H', d(4), 'in-review', 'client'],
  ['D', d(6), 'in-review', 'team'],
  ['D', d(6, 2), null, 'client'],
]

/** The steps as activity of a board. */
export function reviewActivity(boardId: string, steps: readonly Step[]): NewCardActivity[] {
  return steps.flatMap(([cardId, at, approval, reviewer]) => {
    const step = { boardId, cardId, at, userId: null, kind: 'field' as const }
    return [
      ...(approval === null ? [] : [{ ...step, field: 'approval', to: approval }]),
      ...(reviewer === undefined ? [] : [{ ...step, field: 'reviewer', to: reviewer }]),
    ]
  })
}

/**
 * `REVIEWS` on `flowBoard`'s board, and a post of the other board waiting for its client
 * (which must not count), along with other activity of the cards (which must not either).
 */
export async function reviewHistory(
  db: Kysely<DB>,
  boards: { board: { id: string }; other: { id: string } },
): Promise<void> {
  const { board, other } = boards
  await recordCardEvents(db, {
    stages: [],
    assignments: [],
    activity: [
      ...reviewActivity(board.id, REVIEWS),
      ...reviewActivity(other.id, [['A', d(5), 'in-review', 'client']]),
      { boardId: board.id, cardId: 'D', at: d(7), userId: null, kind: 'text', field: 'copy' },
      {
        boardId: board.id,
        cardId: 'D',
        at: d(8),
        userId: null,
        kind: 'field',
        field: 'title',
        from: 'Post D',
        to: 'in-review',
      },
    ],
  })
}
