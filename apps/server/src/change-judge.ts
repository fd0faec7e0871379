import {
  type CardDiff,
  type CardEvents,
  cardEvents,
  ShadowJudge,
  type Stamp,
  stampsFor,
  withStamps,
} from '@pauta/board'
import { type Database, recordCardEvents } from '@pauta/db'
import { type Actor, type BoardRules, encodeRefusal } from '@pauta/domain'
import type { ChangeContext, JudgeResult } from '@pauta/sync'
import { CloseCode } from '@pauta/sync/close-codes'
import * as Y from 'yjs'
import { ClientIdOwners } from './client-ids.ts'

/** Re-measure a document after this much accepted growth (measuring costs a full encode). */
const MEASURE_EVERY_BYTES = 256 * 1024

interface DocumentSize {
  measured: number
  grownSince: number
}

/**
 * [CTX1] What the judge accepted a change with, carried in the change's context to `amend`
 * and `applied`: its history, the cards as it leaves them, the server's stamps and the
 * instant the server took the change at.
 */
export interface Judged {
  events: CardEvents
  diffs: readonly CardDiff[]
  stamps: Stamp[]
  at: Date
}

/**
 * The judge of every change to a board: the author's client ids ([CLIENT1]), the board's size
 * cap ([SIZE1]), then the author's roles against the board's rules on a shadow copy of the
 * document ([JUDGE1]), and the server's stamps ([STAMP1]).
 */
export class ChangeJudge {
  readonly #judges = new WeakMap<Y.Doc, ShadowJudge>()
  readonly #sizes = new WeakMap<Y.Doc, DocumentSize>()
  readonly #clientIds: ClientIdOwners

  constructor(
    database: Database,
    private readonly maxBoardBytes: number,
    /** The server's clock: stamps ([STAMP1], [STAMP2]) and take-backs ([BACK1]) run by it. */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#clientIds = new ClientIdOwners(database)
  }

  async judge(
    { boardId, connection, doc, update, byServer }: ChangeContext<Actor, Judged>,
    rules: BoardRules,
  ): Promise<JudgeResult<Judged>> {
    const { user } = connection
    // [CLIENT1] Before judging: the shadow takes in whatever it is asked to judge. A change
    // the server makes on someone's behalf writes under the server's own client id.
    const writer = byServer ? null : user.id
    if ((await this.#clientIds.foreignId(boardId, doc, update, writer)) !== null) {
      return { code: CloseCode.Rejected.code, reason: encodeRefusal({ code: 'client-id-taken' }) }
    }
    // [SIZE1] A board document has a size cap, with a clear refusal rather than a slow death.
    const size = this.#size(doc)
    if (size.measured + size.grownSince + update.length > this.maxBoardBytes) {
      return { code: CloseCode.TooLarge.code, reason: encodeRefusal({ code: 'board-full' }) }
    }
    const judge = this.#judgeOf(doc)
    const at = this.now()
    // [APPR5] a change the server makes on someone's behalf may write their review decision
    const actor = byServer ? { ...user, server: true } : user
    const { verdict, diffs } = judge.judge(update, actor, rules, at)
    if (!verdict.ok)
      return { code: CloseCode.Rejected.code, reason: encodeRefusal(verdict.refusal) }
    // [STAMP1] [STAMP2] The server's clock, not the sender's, starts an escalation's SLA and
    // times a move; the author of the change is who moved the card.
    const stamps = stampsFor(diffs, at, user.id, rules.approval)
    if (stamps.length > 0) {
      try {
        await this.#clientIds.claimForServer(boardId, doc)
      } catch (error) {
        // The shadow took the change in, and the room will not apply it: start afresh.
        judge.destroy()
        this.#judges.delete(doc)
        throw error
      }
    }
    const stamped = withStamps(diffs, stamps)
    size.grownSince += update.length
    return { accept: { events: cardEvents(stamped), diffs: stamped, stamps, at } }
  }

  #judgeOf(doc: Y.Doc): ShadowJudge {
    let judge = this.#judges.get(doc)
    if (!judge) {
      judge = new ShadowJudge(doc)
      this.#judges.set(doc, judge)
    }
    return judge
  }

  #size(doc: Y.Doc): DocumentSize {
    let size = this.#sizes.get(doc)
    if (!size || size.grownSince > MEASURE_EVERY_BYTES) {
      size = { measured: Y.encodeStateAsUpdate(doc).length, grownSince: 0 }
      this.#sizes.set(doc, size)
    }
    return size
  }
}

/**
 * [EVT3] A text is written a keystroke at a time, each keystroke a change: its history keeps
 * one "written" entry per person, card and text within this long, not one per keystroke.
 */
export const TEXT_ACTIVITY_MS = 10 * 60_000

/** When each person last had a text of a card recorded as written (this process's memory). */
export class TextActivityWindow {
  readonly #last = new Map<string, number>()

  /** Whether a text written at `at` starts a new entry; remembers it when it does. */
  admit(key: string, at: Date): boolean {
    const now = at.getTime()
    const last = this.#last.get(key)
    if (last !== undefined && now - last < TEXT_ACTIVITY_MS) return false
    if (this.#last.size >= 10_000) {
      for (const [stale, time] of this.#last)
        if (now - time >= TEXT_ACTIVITY_MS) this.#last.delete(stale)
    }
    this.#last.set(key, now)
    return true
  }
}

/**
 * [EVT2] [EVT3] Writes an accepted change's history: its stage changes, assignments and the
 * rest of what it did to its cards, by `userId`.
 */
export function recordHistory(
  database: Database,
  boardId: string,
  userId: string,
  { events, at }: Judged,
  texts: TextActivityWindow,
): Promise<void> {
  const activity = events.activity.filter(
    (entry) =>
      entry.kind !== 'text' ||
      texts.admit(`${boardId}/${entry.cardId}/${userId}/${entry.field}`, at),
  )
  if (
    events.stages.length === 0 &&
    events.assignments.length === 0 &&
    activity.length === 0 &&
    events.versions.length === 0
  )
    return Promise.resolve()
  return recordCardEvents(database.db, {
    stages: events.stages.map((e) => ({
      boardId,
      cardId: e.cardId,
      fromStage: e.from,
      toStage: e.to,
      userId,
      at,
      detail: e.detail,
    })),
    assignments: events.assignments.map((e) => ({
      boardId,
      cardId: e.cardId,
      fromUserId: e.from,
      toUserId: e.to,
      userId,
      at,
    })),
    activity: activity.map((entry) => ({
      boardId,
      userId,
      at,
      ...entry,
    })),
    versions: events.versions.map((version) => ({
      boardId,
      userId,
      at,
      reason: 'stage' as const,
      ...version,
    })),
  })
}
