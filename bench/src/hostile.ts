/**
 * The "hostile member" fuzzer: a community manager with valid credentials crafting what they
 * send over a raw socket — card values the schema would not store (padded text, extra keys,
 * wrong types, unknown fields), values nested thousands deep, writes under someone else's
 * Yjs client id, a false SLA clock, lowered severities, structure changes — mixed with the
 * ordinary changes a manager and a community manager make, which must all pass. Each change
 * goes out on a fresh synced socket, as a sync update or a sync step 2, and its outcome is
 * read from the socket: closed (with which code and reason) or taken (a step-1 round trip
 * behind it came back).
 *
 * Used by `pnpm bench fuzz` (MODE=hostile, with a restart) and by a short round in CI
 * (hostile.test.ts).
 */
import { cardsMap, getCard, listCards, moveCard, readCard } from '@pauta/board'
import { type Card, SEVERITIES, type Severity, seededRandom } from '@pauta/domain'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket, { type RawData } from 'ws'
import * as Y from 'yjs'

export interface Member {
  id: string
  token: string
}

export interface HostileTarget {
  wsUrl: string
  boardId: string
  manager: Member
  cm: Member
}

type Expect =
  /** Refused with this close code and a reason starting with `reason`. */
  | { refuse: number; reason: string }
  | 'accept'
  /** Accepted, with `escalatedAt` replaced by the server's clock. */
  | 'stamp'

interface Context {
  random: () => number
  target: HostileTarget
  /** Client ids the manager has written with on this board: theirs, bound to them. */
  managerClientIds: number[]
  /** The card the last escalation moved. */
  escalated: string | null
}

interface Action {
  kind: string
  actor: 'cm' | 'manager'
  expect: Expect
  /** Edits the actor's replica; false when the board has nothing it applies to now. */
  edit?(doc: Y.Doc, ctx: Context): boolean
  /** A frame to send instead of a document update. */
  frame?(ctx: Context): Uint8Array
}

export interface KindStats {
  sent: number
  asExpected: number
  /** Refused, but with another code or reason than expected: close codes and reasons seen. */
  refusedOtherwise: Map<string, number>
  /** Taken although it should have been refused. */
  leaked: number
  /** Refused although it should have been taken. */
  overRefused: number
  skipped: number
}

export interface HostileReport {
  seed: number
  changes: number
  seconds: number
  kinds: Map<string, KindStats>
  /** One line per leak or over-refusal, to reproduce it. */
  failures: string[]
}

// --- a raw socket holding a replica of the board --------------------------------------------

const SYNC = 0
const AWARENESS = 1
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data)
}

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, SYNC)
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

type Closed = { code: number; reason: string }

class Replica {
  readonly doc = new Y.Doc()
  readonly closed: Promise<Closed>
  #replies: Array<() => void> = []
  readonly #ws: WebSocket

  private constructor(ws: WebSocket) {
    this.#ws = ws
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    ws.on('error', () => {})
    ws.on('message', (data: RawData) => {
      const decoder = decoding.createDecoder(bytesOf(data))
      if (decoding.readVarUint(decoder) !== SYNC) return
      const type = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (type === STEP1) return
      Y.applyUpdate(this.doc, payload, 'server')
      if (type === STEP2) this.#replies.shift()?.()
    })
  }

  static async open(target: HostileTarget, member: Member): Promise<Replica> {
    const ws = new WebSocket(
      `${target.wsUrl}/${target.boardId}?token=${encodeURIComponent(member.token)}`,
    )
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    const replica = new Replica(ws)
    const synced = await replica.settle()
    if (!synced)
      throw new Error(`${member.id} could not sync: ${JSON.stringify(await replica.closed)}`)
    return replica
  }

  /**
   * Asks for what the server has beyond our state: the reply comes after everything sent
   * before it was handled. True when it came; false when the server closed us instead.
   */
  settle(timeoutMs = 10_000): Promise<boolean> {
    const reply = new Promise<boolean>((resolve) => this.#replies.push(() => resolve(true)))
    this.send(syncFrame(STEP1, Y.encodeStateVector(this.doc)))
    return Promise.race([
      reply,
      this.closed.then(() => false),
      new Promise<boolean>((_, reject) =>
        setTimeout(() => reject(new Error('no answer in time')), timeoutMs).unref(),
      ),
    ])
  }

  send(frame: Uint8Array): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(frame)
  }

  close(): void {
    this.#ws.terminate()
    this.doc.destroy()
  }
}

// --- what the fuzzer does --------------------------------------------------------------------

/** `[[[…0…]]]`, `depth` arrays deep. */
function nested(depth: number): unknown {
  let value: unknown = 0
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items[Math.floor(random() * items.length)]

/** The cm's own cards, in the given stages (all stages when none are given). */
function own(doc: Y.Doc, ctx: Context, ...stages: Card['stage'][]): Card[] {
  return listCards(doc).filter(
    (card) =>
      card.assigneeId === ctx.target.cm.id &&
      !card.archived &&
      (stages.length === 0 || stages.includes(card.stage)),
  )
}

/** Sets one raw field of one of the cm's cards; false when the cm has none. */
function setOwn(doc: Y.Doc, ctx: Context, field: string, value: (ctx: Context) => unknown) {
  const card = pick(ctx.random, own(doc, ctx))
  if (!card) return false
  cardsMap(doc).get(card.id)!.set(field, value(ctx))
  return true
}

function note(ctx: Context, extra: Record<string, unknown> = {}) {
  return {
    at: new Date().toISOString(),
    by: ctx.target.cm.id,
    reach: Math.floor(ctx.random() * 10_000),
    engagement: null,
    comments: 3,
    sentiment: 'neutral',
    text: 'Respondimos las preguntas del hilo.',
    ...extra,
  }
}

function appendNote(doc: Y.Doc, ctx: Context, value: Record<string, unknown>): boolean {
  const card = pick(ctx.random, own(doc, ctx, 'published', 'monitored', 'escalated'))
  if (!card) return false
  cardsMap(doc)
    .get(card.id)!
    .set('monitoring', [...card.monitoring, value])
  return true
}

const deepDepth = (ctx: Context) => 17 + Math.floor(ctx.random() ** 2 * 7000)
const invalid = { refuse: 4422, reason: 'invalid:' }

const ACTIONS: Action[] = [
  // What people do every day: all of it must pass.
  {
    kind: 'cm edits a title',
    actor: 'cm',
    expect: 'accept',
    edit: (doc, ctx) => setOwn(doc, ctx, 'title', (c) => `Post ${Math.floor(c.random() * 1e6)}`),
  },
  {
    kind: 'cm adds a monitoring note',
    actor: 'cm',
    expect: 'accept',
    edit: (doc, ctx) => appendNote(doc, ctx, note(ctx)),
  },
  {
    kind: 'cm tags a post',
    actor: 'cm',
    expect: 'accept',
    edit: (doc, ctx) => setOwn(doc, ctx, 'tags', () => ['verano', 'promo']),
  },
  {
    kind: 'cm escalates, claiming any time',
    actor: 'cm',
    expect: 'stamp',
    edit(doc, ctx) {
      const card = pick(ctx.random, own(doc, ctx, 'published', 'monitored'))
      if (!card) return false
      ctx.escalated = card.id
      const claimed = pick(ctx.random, ['2099-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z'])
      moveCard(
        doc,
        card.id,
        { stage: 'escalated', index: 0 },
        {
          escalationReason: 'Un cliente amenaza con denunciar',
          severity: pick(ctx.random, SEVERITIES) ?? 'low',
          ...(claimed ? { escalatedAt: claimed } : {}),
        },
      )
      return true
    },
  },
  {
    kind: 'cm raises a severity',
    actor: 'cm',
    expect: 'accept',
    edit(doc, ctx) {
      const card = pick(
        ctx.random,
        own(doc, ctx, 'escalated').filter((c) => c.severity !== 'crisis'),
      )
      if (!card) return false
      const higher = SEVERITIES.slice(SEVERITIES.indexOf(card.severity ?? 'low') + 1)
      cardsMap(doc)
        .get(card.id)!
        .set('severity', pick(ctx.random, higher) ?? 'crisis')
      return true
    },
  },
  {
    kind: 'manager lowers a severity',
    actor: 'manager',
    expect: 'accept',
    edit(doc, ctx) {
      const card = pick(
        ctx.random,
        listCards(doc).filter((c) => c.stage === 'escalated' && c.severity !== 'low'),
      )
      if (!card) return false
      cardsMap(doc)
        .get(card.id)!
        .set('severity', 'low' satisfies Severity)
      return true
    },
  },
  {
    kind: 'manager resolves an escalation',
    actor: 'manager',
    expect: 'accept',
    edit(doc, ctx) {
      const card = pick(
        ctx.random,
        listCards(doc).filter((c) => c.stage === 'escalated' && !c.archived),
      )
      if (!card) return false
      // Each resolution writes a note of its own (the same note twice is not a resolution).
      const resolutionNote = `Resuelto (${Math.floor(ctx.random() * 1e9)}).`
      moveCard(doc, card.id, { stage: 'monitored', index: 0 }, { resolutionNote })
      return true
    },
  },
  {
    kind: 'manager renames a card',
    actor: 'manager',
    expect: 'accept',
    edit(doc, ctx) {
      const card = pick(ctx.random, listCards(doc))
      if (!card) return false
      cardsMap(doc)
        .get(card.id)!
        .set('title', `Revisado ${Math.floor(ctx.random() * 1e6)}`)
      return true
    },
  },

  // What a hostile member tries.
  {
    kind: 'title padded past its limit',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) =>
      setOwn(doc, ctx, 'title', (c) => `ok${' '.repeat(c.random() < 0.5 ? 300 : 1_500_000)}`),
  },
  {
    kind: 'title with spaces around',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'title', () => '  Publicación  '),
  },
  {
    kind: 'campaign of 1 MB of spaces',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'campaign', () => `c${' '.repeat(1_000_000)}`),
  },
  {
    kind: 'note with an extra key',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => appendNote(doc, ctx, note(ctx, { extra: 'x'.repeat(100_000) })),
  },
  {
    kind: 'note hiding a deep array',
    actor: 'cm',
    expect: { refuse: 4400, reason: 'value nested too deep' },
    edit: (doc, ctx) => appendNote(doc, ctx, note(ctx, { extra: nested(deepDepth(ctx)) })),
  },
  {
    kind: 'field holding a deep array',
    actor: 'cm',
    expect: { refuse: 4400, reason: 'value nested too deep' },
    edit: (doc, ctx) => setOwn(doc, ctx, 'description', (c) => nested(deepDepth(c))),
  },
  {
    kind: 'repeated tags',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'tags', () => ['a', 'a']),
  },
  {
    kind: 'wrong type',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, pick(ctx.random, ['title', 'scheduledAt'])!, () => 42),
  },
  {
    kind: 'undefined for null',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'campaign', () => undefined),
  },
  {
    kind: 'unknown field',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'owner', (c) => c.target.cm.id),
  },
  {
    kind: 'nested Yjs type',
    actor: 'cm',
    expect: invalid,
    edit: (doc, ctx) => setOwn(doc, ctx, 'tags', () => new Y.Array()),
  },
  {
    kind: 'another root',
    actor: 'cm',
    expect: invalid,
    edit(doc) {
      doc.getMap('settings').set('wipLimits', {})
      return true
    },
  },
  {
    kind: 'deleting a card',
    actor: 'cm',
    expect: invalid,
    edit(doc, ctx) {
      const card = pick(ctx.random, own(doc, ctx))
      if (!card) return false
      cardsMap(doc).delete(card.id)
      return true
    },
  },
  {
    kind: 'someone else’s card',
    actor: 'cm',
    expect: { refuse: 4422, reason: 'not-assignee' },
    edit(doc, ctx) {
      const card = pick(
        ctx.random,
        listCards(doc).filter(
          (c) => c.assigneeId !== null && c.assigneeId !== ctx.target.cm.id && !c.archived,
        ),
      )
      if (!card) return false
      cardsMap(doc).get(card.id)!.set('title', 'Mine now')
      return true
    },
  },
  {
    kind: 'the manager’s client id',
    actor: 'cm',
    expect: { refuse: 4422, reason: 'client-id-taken' },
    edit(doc, ctx) {
      const managerId = pick(ctx.random, ctx.managerClientIds)
      const card = pick(ctx.random, own(doc, ctx))
      if (managerId === undefined || !card) return false
      // Their id and their next clock values, on a card the cm may edit.
      doc.clientID = managerId
      cardsMap(doc).get(card.id)!.set('title', 'Written as the manager')
      return true
    },
  },
  {
    kind: 'SLA clock pushed later',
    actor: 'cm',
    expect: { refuse: 4422, reason: 'not-allowed-field:escalatedAt' },
    edit(doc, ctx) {
      const card = pick(ctx.random, own(doc, ctx, 'escalated'))
      if (!card) return false
      cardsMap(doc).get(card.id)!.set('escalatedAt', '2099-01-01T00:00:00.000Z')
      return true
    },
  },
  {
    kind: 'severity lowered by the cm',
    actor: 'cm',
    expect: { refuse: 4422, reason: 'not-allowed-field:severity' },
    edit(doc, ctx) {
      const card = pick(
        ctx.random,
        own(doc, ctx, 'escalated').filter((c) => c.severity !== null && c.severity !== 'low'),
      )
      if (!card) return false
      cardsMap(doc).get(card.id)!.set('severity', 'low')
      return true
    },
  },
  {
    kind: 'presence nested deep',
    actor: 'cm',
    expect: { refuse: 4400, reason: 'value nested too deep' },
    frame(ctx) {
      const depth = deepDepth(ctx) * 10
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, 1 + Math.floor(ctx.random() * 1e9))
      encoding.writeVarUint(inner, 1)
      encoding.writeVarString(inner, `{"user":${'['.repeat(depth)}${']'.repeat(depth)}}`)
      const outer = encoding.createEncoder()
      encoding.writeVarUint(outer, AWARENESS)
      encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
      return encoding.toUint8Array(outer)
    },
  },
]

function newStats(): KindStats {
  return {
    sent: 0,
    asExpected: 0,
    refusedOtherwise: new Map(),
    leaked: 0,
    overRefused: 0,
    skipped: 0,
  }
}

/**
 * `changes` crafted and ordinary changes against one board, one at a time, each on a fresh
 * socket; returns what happened to each kind.
 */
export async function hostileRound(
  target: HostileTarget,
  options: { changes: number; seed: number },
): Promise<HostileReport> {
  const ctx: Context = {
    random: seededRandom(options.seed),
    target,
    managerClientIds: [],
    escalated: null,
  }
  const kinds = new Map<string, KindStats>(ACTIONS.map((a) => [a.kind, newStats()]))
  const failures: string[] = []
  const started = performance.now()
  for (let i = 0; i < options.changes; i++) {
    // Ordinary changes first now and then, so the manager has client ids to steal.
    const action =
      ctx.managerClientIds.length === 0
        ? ACTIONS.find((a) => a.kind === 'manager renames a card')!
        : pick(ctx.random, ACTIONS)!
    const stats = kinds.get(action.kind)!
    const member = action.actor === 'cm' ? target.cm : target.manager
    const replica = await Replica.open(target, member)
    try {
      const before = Y.encodeStateVector(replica.doc)
      let frame: Uint8Array
      if (action.frame) frame = action.frame(ctx)
      else {
        let update: Uint8Array | null = null
        try {
          if (action.edit!(replica.doc, ctx)) update = Y.encodeStateAsUpdate(replica.doc, before)
        } catch {
          // A value too deep for this side's own encoder: nothing to send.
        }
        if (update === null) {
          stats.skipped++
          continue
        }
        frame = syncFrame(ctx.random() < 0.5 ? UPDATE : STEP2, update)
      }
      if (action.actor === 'manager') ctx.managerClientIds.push(replica.doc.clientID)
      const sentAt = Date.now()
      stats.sent++
      replica.send(frame)
      const taken = await replica.settle()
      const outcome = taken ? 'taken' : await replica.closed
      const where = `#${i} ${action.kind} (seed ${options.seed})`
      if (action.expect === 'accept' || action.expect === 'stamp') {
        if (outcome !== 'taken') {
          stats.overRefused++
          failures.push(`${where}: refused ${outcome.code} ${outcome.reason}`)
        } else if (
          action.expect === 'stamp' &&
          !stampedByServer(replica.doc, ctx.escalated, sentAt)
        ) {
          stats.leaked++
          failures.push(`${where}: escalatedAt kept the client's time`)
        } else stats.asExpected++
      } else if (outcome === 'taken') {
        stats.leaked++
        failures.push(`${where}: taken`)
      } else if (
        outcome.code === action.expect.refuse &&
        outcome.reason.startsWith(action.expect.reason)
      ) {
        stats.asExpected++
      } else {
        const seen = `${outcome.code} ${outcome.reason}`
        stats.refusedOtherwise.set(seen, (stats.refusedOtherwise.get(seen) ?? 0) + 1)
      }
    } finally {
      replica.close()
    }
  }
  return {
    seed: options.seed,
    changes: options.changes,
    seconds: (performance.now() - started) / 1000,
    kinds,
    failures,
  }
}

/** The card the change escalated carries a time from the server's clock, not the claimed one. */
function stampedByServer(doc: Y.Doc, cardId: string | null, sentAt: number): boolean {
  const at = cardId === null ? null : getCard(doc, cardId)?.escalatedAt
  if (!at) return false
  const time = Date.parse(at)
  return time >= sentAt - 1000 && time <= Date.now() + 1000
}

/** The board as a fresh member sees it, once synced: every entry, and whether each reads as a card. */
export async function snapshotBoard(target: HostileTarget, member: Member) {
  const replica = await Replica.open(target, member)
  try {
    const cards = cardsMap(replica.doc)
    const unreadable = [...cards.entries()].filter(([, entry]) => readCard(entry) === null).length
    return {
      state: Y.encodeStateVector(replica.doc),
      json: JSON.stringify(cards.toJSON()),
      cards: cards.size,
      unreadable,
    }
  } finally {
    replica.close()
  }
}

export function formatReport(report: HostileReport): string[] {
  const lines = [
    `hostile: ${report.changes} changes in ${report.seconds.toFixed(1)} s (SEED=${report.seed}), each on a fresh socket, as a sync update or step 2`,
    `  ${'kind'.padEnd(34)} ${'expect'.padEnd(38)} sent  as expected  leaked  over-refused  other refusals`,
  ]
  for (const action of ACTIONS) {
    const s = report.kinds.get(action.kind)!
    const expect =
      typeof action.expect === 'string'
        ? action.expect === 'stamp'
          ? 'taken, server time stamped'
          : 'taken'
        : `${action.expect.refuse} ${action.expect.reason}`
    const other = [...s.refusedOtherwise].map(([k, v]) => `${k} ×${v}`).join('; ')
    lines.push(
      `  ${action.kind.padEnd(34)} ${expect.slice(0, 38).padEnd(38)} ${String(s.sent).padStart(4)}  ${String(s.asExpected).padStart(11)}  ${String(s.leaked).padStart(6)}  ${String(s.overRefused).padStart(12)}  ${other}`,
    )
  }
  return lines
}

/** Totals over every kind: crafted changes refused, ordinary ones taken, leaks, over-refusals. */
export function totals(report: HostileReport) {
  let refusedAsExpected = 0
  let refusedOtherwise = 0
  let crafted = 0
  let ordinary = 0
  let taken = 0
  let leaked = 0
  let overRefused = 0
  for (const action of ACTIONS) {
    const s = report.kinds.get(action.kind)!
    leaked += s.leaked
    overRefused += s.overRefused
    if (typeof action.expect === 'string') {
      ordinary += s.sent
      taken += s.asExpected
    } else {
      crafted += s.sent
      refusedAsExpected += s.asExpected
      refusedOtherwise += [...s.refusedOtherwise.values()].reduce((a, b) => a + b, 0)
    }
  }
  return { crafted, refusedAsExpected, refusedOtherwise, ordinary, taken, leaked, overRefused }
}

/** Where the round runs: a Pauta process with the demo board (server-process.ts). */
export interface HostileServer {
  url: string
  wsUrl: string
  cli(...args: string[]): Promise<string>
  restart(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>
}

export interface HostileRun {
  report: HostileReport
  /** `/healthz` right after the round. */
  health: number
  /** The board before the crash and as it loads again after it. */
  before: Awaited<ReturnType<typeof snapshotBoard>>
  after: Awaited<ReturnType<typeof snapshotBoard>> | { error: string }
  ok: boolean
}

/**
 * A round on the demo board — the manager Marco and the community manager Carla — then the
 * property behind it all: the server is killed (SIGKILL: nothing flushed on the way out),
 * started again, and the board, with every change it took, loads again exactly as it was,
 * each entry a card.
 */
export async function hostileFuzz(
  server: HostileServer,
  options: { changes: number; seed: number },
): Promise<HostileRun> {
  const [board] = JSON.parse(await server.cli('board', 'list', '--json')) as Array<{ id: string }>
  if (!board) throw new Error('no demo board')
  const member = async (email: string): Promise<Member> => {
    const token = await server.cli('token', 'create', email)
    const response = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = (await response.json()) as { result?: { data: { id: string } | null } }
    const id = body.result?.data?.id
    if (!id) throw new Error(`no account for ${email}`)
    return { id, token }
  }
  const [manager, cm] = await Promise.all([member('marco@pauta.app'), member('carla@pauta.app')])
  const target: HostileTarget = { wsUrl: server.wsUrl, boardId: board.id, manager, cm }

  const report = await hostileRound(target, options)
  const health = await fetch(`${server.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  )
  const before = await snapshotBoard(target, manager)
  await server.restart('SIGKILL')
  const after = await snapshotBoard(target, manager).catch((error: unknown) => ({
    error: error instanceof Error ? error.message : String(error),
  }))
  const { leaked, overRefused } = totals(report)
  const ok =
    leaked === 0 &&
    overRefused === 0 &&
    health === 200 &&
    !('error' in after) &&
    after.json === before.json &&
    Buffer.from(after.state).equals(Buffer.from(before.state)) &&
    after.unreadable === 0
  return { report, health, before, after, ok }
}

export function formatRun(run: HostileRun): string[] {
  const t = totals(run.report)
  const reload =
    'error' in run.after
      ? `FAILED: ${run.after.error}`
      : `${run.after.cards} cards, ${run.after.unreadable} unreadable, ${
          run.after.json === run.before.json &&
          Buffer.from(run.after.state).equals(Buffer.from(run.before.state))
            ? 'identical to before the crash'
            : 'DIFFERENT from before the crash'
        }`
  return [
    ...formatReport(run.report),
    `crafted changes: ${t.crafted}, refused with the expected reason ${t.refusedAsExpected}, refused otherwise ${t.refusedOtherwise}, taken ${t.leaked}`,
    `ordinary changes: ${t.ordinary}, taken ${t.taken}, refused ${t.overRefused}`,
    ...run.report.failures.slice(0, 10).map((f) => `  ${f}`),
    `server after the round: /healthz ${run.health}`,
    `SIGKILL, restart, load: ${reload}`,
    `hostile: ${run.ok ? 'PASS' : 'FAIL'} — ${t.crafted} crafted changes, ${t.leaked} taken; ${t.ordinary} ordinary, ${t.overRefused} refused; reload ${'error' in run.after ? 'failed' : 'ok'}`,
  ]
}
