import { cardsMap, listCards, readCard } from '@pauta/board'
import {
  type BoardListing,
  type DB,
  findBoard,
  loadDocument,
  replaceDocument,
  type StoredDocument,
} from '@pauta/db'
import { MAX_VALUE_DEPTH, updateValueTooDeep, valueDepthExceeds } from '@pauta/sync'
import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import { z } from 'zod'

/**
 * Checking and repairing a board's stored document, for the admin CLI (`pauta board check`,
 * `pauta board repair`). A board whose stored updates cannot all be applied cannot be loaded
 * by the server (it closes its connections with 4423); these read the snapshot and the log
 * one piece at a time to say which piece is at fault, and rebuild the document without it.
 */

/** The sync server's board ids ([PATH1]). */
export const boardIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a board id is 1 to 64 letters, digits, "-" or "_"')

/** `findBoard` found nothing: a clear error for the CLI. */
export class UnknownBoardError extends Error {
  constructor(readonly boardId: string) {
    super(`no board with id ${boardId} (pnpm pauta board list shows them)`)
    this.name = 'UnknownBoardError'
  }
}

/** One stored piece of a board's document: the snapshot or one update of the log. */
export interface StoredPiece {
  seq: number
  snapshot: boolean
  bytes: Uint8Array
}

/** What is wrong with one stored piece. */
export interface PieceReport {
  seq: number
  snapshot: boolean
  bytes: number
  /** It cannot be used: it does not decode, or Yjs throws when applying it. */
  failure: { stage: 'decode' | 'apply'; error: string } | null
  /** A value in it nests deeper than MAX_VALUE_DEPTH: it may load today and overflow the stack another day. */
  tooDeep: boolean
}

/** A piece that was applied but whose items or deletions wait for something the board lacks. */
export interface PendingReport {
  seq: number
  /** Items (structs) of it that are not in the document. */
  items: number
  /** Deletions of it that refer to items the document does not have. */
  deletions: number
}

export interface BoardCheck {
  board: BoardListing
  lastSeq: number
  snapshotSeq: number | null
  /** Updates in the log after the snapshot. */
  logUpdates: number
  /** Pieces that fail or nest too deep, in seq order. */
  problems: PieceReport[]
  /** Pieces left (partly) pending once everything that applies was applied. */
  pending: PendingReport[]
  /** Yjs could not write the rebuilt document out again (what the server does after loading). */
  encodeError: string | null
  /** Ids of card entries that do not read as cards: the app does not show them. */
  invalidCards: string[]
  cards: number
  /** Nothing fails, nests too deep or is left pending, and the document encodes. */
  healthy: boolean
}

export interface BoardRepair {
  board: BoardListing
  lastSeq: number
  /** Pieces left out of the rebuild (a too-deep snapshot is kept and pruned instead). */
  dropped: PieceReport[]
  /** Pieces left pending because of what was dropped: what of them is pending is lost. */
  pending: PendingReport[]
  /** Values nested too deep that were deleted from the snapshot's content. */
  prunedValues: number
  cards: number
  invalidCards: string[]
  dryRun: boolean
  /** Where the repaired document was stored; null on a dry run. */
  stored: { snapshotSeq: number; removedUpdates: number } | null
}

/** The snapshot first, then the log, each with its seq. */
export function storedPieces(stored: StoredDocument): StoredPiece[] {
  const pieces: StoredPiece[] = []
  if (stored.snapshot !== null && stored.snapshotSeq !== null)
    pieces.push({ seq: stored.snapshotSeq, snapshot: true, bytes: stored.snapshot })
  stored.updates.forEach((bytes, i) => {
    pieces.push({ seq: stored.seqs[i]!, snapshot: false, bytes })
  })
  return pieces
}

interface Decoded {
  /** Client id, first clock and length of each item or GC range. */
  structs: Array<{ client: number; clock: number; length: number }>
  deletions: Array<{ client: number; clock: number; len: number }>
}

interface Rebuilt {
  doc: Y.Doc
  reports: PieceReport[]
  /** Indexes of the pieces that were applied. */
  applied: Set<number>
  decoded: Array<Decoded | null>
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

function decode(bytes: Uint8Array): Decoded {
  const { structs, ds } = Y.decodeUpdate(bytes)
  const decoded: Decoded = { structs: [], deletions: [] }
  for (const struct of structs) {
    if (struct instanceof Y.Item || struct instanceof Y.GC) {
      decoded.structs.push({
        client: struct.id.client,
        clock: struct.id.clock,
        length: struct.length,
      })
    }
  }
  for (const [client, items] of ds.clients) {
    for (const item of items) decoded.deletions.push({ client, clock: item.clock, len: item.len })
  }
  return decoded
}

/**
 * Applies the pieces to a fresh document one at a time, in order, leaving out those that do
 * not decode, those that throw when applied and (`dropTooDeep`) log updates nesting values
 * too deep. A piece that throws may have changed the document half-way, so the rebuild then
 * starts over without it: the result holds only pieces that applied cleanly.
 */
function rebuild(pieces: readonly StoredPiece[], dropTooDeep: boolean): Rebuilt {
  const reports: PieceReport[] = pieces.map((piece) => ({
    seq: piece.seq,
    snapshot: piece.snapshot,
    bytes: piece.bytes.length,
    failure: null,
    tooDeep: false,
  }))
  const decoded = pieces.map((piece, i): Decoded | null => {
    const report = reports[i]!
    try {
      const result = decode(piece.bytes)
      report.tooDeep = updateValueTooDeep(piece.bytes, MAX_VALUE_DEPTH)
      return result
    } catch (error) {
      // A value nested deep enough overflows the decoder's stack too: unusable here as well.
      report.failure = { stage: 'decode', error: message(error) }
      return null
    }
  })
  const usable = (i: number) => {
    const report = reports[i]!
    return report.failure === null && !(dropTooDeep && report.tooDeep && !report.snapshot)
  }
  for (;;) {
    const doc = new Y.Doc()
    const applied = new Set<number>()
    let failed = false
    for (let i = 0; i < pieces.length && !failed; i++) {
      if (!usable(i)) continue
      try {
        Y.applyUpdate(doc, pieces[i]!.bytes)
        applied.add(i)
      } catch (error) {
        reports[i]!.failure = { stage: 'apply', error: message(error) }
        failed = true
      }
    }
    if (!failed) return { doc, reports, applied, decoded }
    doc.destroy()
  }
}

/** Applied pieces whose items or deletions the document still lacks (Yjs keeps them pending). */
function pendingPieces(rebuilt: Rebuilt, pieces: readonly StoredPiece[]): PendingReport[] {
  const { store } = rebuilt.doc
  if (store.pendingStructs === null && store.pendingDs === null) return []
  const pending: PendingReport[] = []
  for (const i of rebuilt.applied) {
    const decoded = rebuilt.decoded[i]
    if (!decoded) continue
    const items = decoded.structs.filter(
      (s) => Y.getState(store, s.client) < s.clock + s.length,
    ).length
    const deletions = decoded.deletions.filter(
      (d) => Y.getState(store, d.client) < d.clock + d.len,
    ).length
    if (items > 0 || deletions > 0) pending.push({ seq: pieces[i]!.seq, items, deletions })
  }
  return pending.sort((a, b) => a.seq - b.seq)
}

/**
 * The document as the server would store it: without what Yjs keeps pending (never
 * integrated, so the server never stores it either; see @pauta/sync's `encodeStoredState`).
 */
function encodeWithoutPending(doc: Y.Doc): Uint8Array {
  const { store } = doc
  const { pendingStructs, pendingDs } = store
  store.pendingStructs = null
  store.pendingDs = null
  try {
    return Y.encodeStateAsUpdate(doc)
  } finally {
    store.pendingStructs = pendingStructs
    store.pendingDs = pendingDs
  }
}

/** Deletes every live value nested deeper than MAX_VALUE_DEPTH; Yjs then drops its content. */
function pruneTooDeep(doc: Y.Doc): number {
  const doomed: Y.Item[] = []
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || struct.deleted) continue
      const content = struct.content
      let values: readonly unknown[]
      if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) values = content.arr
      else if (content instanceof Y.ContentEmbed) values = [content.embed]
      else if (content instanceof Y.ContentFormat) values = [content.value]
      else continue
      if (values.some((value) => valueDepthExceeds(value, MAX_VALUE_DEPTH))) doomed.push(struct)
    }
  }
  if (doomed.length > 0) {
    doc.transact((transaction) => {
      for (const item of doomed) item.delete(transaction)
    })
  }
  return doomed.length
}

function invalidCards(doc: Y.Doc): string[] {
  const invalid: string[] = []
  for (const [id, entry] of cardsMap(doc).entries()) if (readCard(entry) === null) invalid.push(id)
  return invalid.sort()
}

async function readBoard(db: Kysely<DB>, boardId: string) {
  const board = await findBoard(db, boardIdSchema.parse(boardId))
  if (!board) throw new UnknownBoardError(boardId)
  return { board, stored: await loadDocument(db, board.id) }
}

/** Reads the board's snapshot and log and reports what would keep it from loading. */
export async function checkBoard(db: Kysely<DB>, boardId: string): Promise<BoardCheck> {
  const { board, stored } = await readBoard(db, boardId)
  const pieces = storedPieces(stored)
  const rebuilt = rebuild(pieces, false)
  try {
    let encodeError: string | null = null
    try {
      encodeWithoutPending(rebuilt.doc)
    } catch (error) {
      encodeError = message(error)
    }
    const problems = rebuilt.reports.filter((r) => r.failure !== null || r.tooDeep)
    const pending = pendingPieces(rebuilt, pieces)
    return {
      board,
      lastSeq: stored.lastSeq,
      snapshotSeq: stored.snapshotSeq,
      logUpdates: stored.updates.length,
      problems,
      pending,
      encodeError,
      invalidCards: invalidCards(rebuilt.doc),
      cards: listCards(rebuilt.doc).length,
      healthy: problems.length === 0 && pending.length === 0 && encodeError === null,
    }
  } finally {
    rebuilt.doc.destroy()
  }
}

/**
 * Rebuilds the board from the snapshot (or from nothing, if the snapshot itself fails) and
 * every log update that applies and nests no value too deep, in seq order; unless `dryRun`,
 * stores it as the board's new snapshot at a fresh seq and removes the log, in one
 * transaction (`replaceDocument`). What stays pending because of a dropped piece is not
 * stored. Run it with the board closed: see the README's "Operations".
 */
export async function repairBoard(
  db: Kysely<DB>,
  boardId: string,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<BoardRepair> {
  const { board, stored } = await readBoard(db, boardId)
  const pieces = storedPieces(stored)
  const rebuilt = rebuild(pieces, true)
  try {
    const prunedValues = pruneTooDeep(rebuilt.doc)
    const state = encodeWithoutPending(rebuilt.doc)
    const dropped = rebuilt.reports.filter((r) => r.failure !== null || (r.tooDeep && !r.snapshot))
    const report: BoardRepair = {
      board,
      lastSeq: stored.lastSeq,
      dropped,
      pending: pendingPieces(rebuilt, pieces),
      prunedValues,
      cards: listCards(rebuilt.doc).length,
      invalidCards: invalidCards(rebuilt.doc),
      dryRun,
      stored: null,
    }
    if (!dryRun) report.stored = await replaceDocument(db, board.id, state, stored.lastSeq)
    return report
  } finally {
    rebuilt.doc.destroy()
  }
}

// --- what the CLI prints ---------------------------------------------------------------------

function pieceName(piece: { seq: number; snapshot: boolean }): string {
  return piece.snapshot ? `snapshot (seq ${piece.seq})` : `seq ${piece.seq}`
}

function whatIsWrong(report: PieceReport): string {
  const parts: string[] = []
  if (report.failure?.stage === 'decode') parts.push(`does not decode: ${report.failure.error}`)
  if (report.failure?.stage === 'apply') parts.push(`does not apply: ${report.failure.error}`)
  if (report.tooDeep) parts.push(`holds a value nested deeper than ${MAX_VALUE_DEPTH} levels`)
  return `${pieceName(report)}, ${report.bytes} bytes: ${parts.join('; ')}`
}

function pendingLine(pending: PendingReport): string {
  const parts: string[] = []
  if (pending.items > 0) parts.push(`${pending.items} item${pending.items === 1 ? '' : 's'}`)
  if (pending.deletions > 0)
    parts.push(`${pending.deletions} deletion${pending.deletions === 1 ? '' : 's'}`)
  return `seq ${pending.seq}: ${parts.join(' and ')} waiting for something the board lacks`
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

export function formatCheck(check: BoardCheck): string {
  const { board } = check
  const lines = [
    `board ${board.id} "${board.name}" in ${board.workspaceName}: ${
      check.snapshotSeq === null ? 'no snapshot' : `snapshot at seq ${check.snapshotSeq}`
    }, ${plural(check.logUpdates, 'update', 'updates')} in the log, up to seq ${check.lastSeq}`,
  ]
  for (const problem of check.problems) lines.push(`  ${whatIsWrong(problem)}`)
  if (check.pending.length > 0) {
    lines.push('  left pending at the end (missing dependencies):')
    for (const pending of check.pending) lines.push(`    ${pendingLine(pending)}`)
  }
  if (check.encodeError)
    lines.push(`  the rebuilt document cannot be encoded: ${check.encodeError}`)
  if (check.invalidCards.length > 0) {
    lines.push(
      `  card entries that do not read as cards (the app does not show them; repair keeps them): ${check.invalidCards.join(', ')}`,
    )
  }
  if (check.healthy) {
    lines.push(`healthy: ${plural(check.cards, 'card', 'cards')}`)
  } else {
    const failing = check.problems.filter((p) => p.failure !== null).length
    const deep = check.problems.filter((p) => p.tooDeep).length
    const parts = [
      ...(failing > 0 ? [`${failing} failing`] : []),
      ...(deep > 0 ? [`${deep} nested too deep`] : []),
      ...(check.pending.length > 0 ? [`${check.pending.length} left pending`] : []),
      ...(check.encodeError ? ['does not encode'] : []),
    ]
    lines.push(
      `damaged: ${parts.join(', ')}; ${plural(check.cards, 'card', 'cards')} readable. Repair with: pnpm pauta board repair ${board.id}`,
    )
  }
  return lines.join('\n')
}

export const REPAIR_WARNING =
  'Run this with the board closed (nobody has it open, or the server stopped): a server that still holds the board can write changes made meanwhile on top of the old document.'

export const REPAIR_AFTERMATH =
  'Browsers that still hold dropped changes send them again when they reconnect; the server judges them like any change. One it refuses closes that browser, and the app then discards its offline copy and reloads the board.'

export function formatRepair(repair: BoardRepair): string {
  const { board } = repair
  const lines = [REPAIR_WARNING, `board ${board.id} "${board.name}" in ${board.workspaceName}:`]
  for (const dropped of repair.dropped) lines.push(`  dropped ${whatIsWrong(dropped)}`)
  if (repair.prunedValues > 0) {
    lines.push(
      `  deleted ${plural(repair.prunedValues, 'value', 'values')} nested deeper than ${MAX_VALUE_DEPTH} levels from the snapshot`,
    )
  }
  if (repair.pending.length > 0) {
    lines.push('  lost with them (left pending, they depend on what was dropped):')
    for (const pending of repair.pending) lines.push(`    ${pendingLine(pending)}`)
  }
  if (repair.dropped.length === 0 && repair.prunedValues === 0) lines.push('  nothing to drop')
  const cards = plural(repair.cards, 'card', 'cards')
  if (repair.stored === null) {
    lines.push(`dry run: nothing was written; the repaired board would have ${cards}`)
  } else {
    lines.push(
      `repaired: ${cards}; stored as the snapshot at seq ${repair.stored.snapshotSeq}, ${plural(repair.stored.removedUpdates, 'log update', 'log updates')} folded into it`,
    )
    if (repair.dropped.length > 0 || repair.prunedValues > 0) lines.push(REPAIR_AFTERMATH)
  }
  return lines.join('\n')
}
