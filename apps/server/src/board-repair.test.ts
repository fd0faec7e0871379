import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { listCards } from '@pauta/board'
import {
  appendUpdate,
  compactDocument,
  createBoard,
  createWorkspace,
  type Database,
  loadDocument,
} from '@pauta/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkBoard, repairBoard } from './board-repair.ts'
import { nested, selfParentUpdate, truncated, Writer } from './damaged-updates.ts'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

const run = promisify(execFile)
const serverDir = path.resolve(import.meta.dirname, '..')
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-repair-'))

async function pauta(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: serverDir, env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: serverDir } },
    )
    return { code: 0, stdout: stdout.trim(), stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr }
  }
}

let database: Database
let workspaceId: string

async function newBoard(name: string): Promise<string> {
  return (await createBoard(database.db, { workspaceId, name })).id
}

/** The board as storage holds it now, rebuilt the way a server loads it. */
async function storedTitles(boardId: string): Promise<string[]> {
  const stored = await loadDocument(database.db, boardId)
  const doc = new Y.Doc()
  for (const update of [stored.snapshot, ...stored.updates]) if (update) Y.applyUpdate(doc, update)
  return listCards(doc)
    .map((card) => card.title)
    .sort()
}

/**
 * A board damaged every way `check` knows: a snapshot (seq 1), an update that throws when
 * applied (2), one cut off mid-struct (4) and the edit that depends on it (5), a value
 * nested too deep (6) and a card entry that is not a card (7).
 */
async function damagedBoard(): Promise<string> {
  const boardId = await newBoard('Damaged')
  const [a, b, c, d, e] = [new Writer(), new Writer(), new Writer(), new Writer(), new Writer()]
  const first = a.card('Kept one')
  await appendUpdate(database.db, boardId, first.update)
  await compactDocument(database.db, boardId, first.update, 1)
  await appendUpdate(database.db, boardId, selfParentUpdate())
  await appendUpdate(database.db, boardId, c.card('Kept two').update)
  const lost = b.card('Lost')
  await appendUpdate(database.db, boardId, truncated(lost.update))
  await appendUpdate(database.db, boardId, b.rename(lost.id, 'Lost, renamed'))
  await appendUpdate(
    database.db,
    boardId,
    d.edit((doc) => doc.getMap('extra').set('deep', nested(40))),
  )
  await appendUpdate(
    database.db,
    boardId,
    e.edit((doc) => {
      const entry = new Y.Map<unknown>()
      doc.getMap('cards').set('not-a-card', entry)
      entry.set('title', 'no stage, no order')
    }),
  )
  return boardId
}

describe('board check and board repair (pnpm pauta)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    database = await openStorage(loadEnv({ DATA_DIR: dataDir }))
    workspaceId = (await createWorkspace(database.db, { name: 'Agencia Sur' })).id
  })
  afterAll(async () => {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('check names every damaged seq and exits 1; repair drops them, reports them, and the board loads', async () => {
    const boardId = await damagedBoard()

    const check = await pauta('board', 'check', boardId)
    // On a failure, what the command said on stderr is the clue.
    expect(check.code, check.stderr).toBe(1)
    expect(check.stdout, check.stderr).toContain(
      'snapshot at seq 1, 6 updates in the log, up to seq 7',
    )
    expect(check.stdout).toMatch(/seq 2, \d+ bytes: does not apply: TypeError/)
    expect(check.stdout).toMatch(/seq 4, \d+ bytes: does not decode/)
    expect(check.stdout).toMatch(/seq 6, \d+ bytes: holds a value nested deeper than 16 levels/)
    // The rename adds the new title and deletes the old one, which the board never got.
    expect(check.stdout).toContain(
      'seq 5: 1 item and 1 deletion waiting for something the board lacks',
    )
    expect(check.stdout).toContain('card entries that do not read as cards')
    expect(check.stdout).toContain('not-a-card')
    expect(check.stdout).toMatch(
      /damaged: 2 failing, 1 nested too deep, 1 left pending; 2 cards readable/,
    )

    const json = await pauta('board', 'check', boardId, '--json')
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report).toMatchObject({
      healthy: false,
      lastSeq: 7,
      snapshotSeq: 1,
      cards: 2,
      invalidCards: ['not-a-card'],
      pending: [{ seq: 5, items: 1, deletions: 1 }],
    })
    expect(
      report.problems.map(
        (p: { seq: number; failure: { stage: string } | null; tooDeep: boolean }) => [
          p.seq,
          p.failure?.stage ?? null,
          p.tooDeep,
        ],
      ),
    ).toEqual([
      [2, 'apply', false],
      [4, 'decode', false],
      [6, null, true],
    ])

    // A dry run says the same and writes nothing.
    const dry = await pauta('board', 'repair', boardId, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(
      'dry run: nothing was written; the repaired board would have 2 cards',
    )
    expect((await loadDocument(database.db, boardId)).seqs).toEqual([2, 3, 4, 5, 6, 7])

    const repair = await pauta('board', 'repair', boardId)
    expect(repair.code).toBe(0)
    expect(repair.stdout).toContain('Run this with the board closed')
    expect(repair.stdout).toMatch(/dropped seq 2, \d+ bytes: does not apply/)
    expect(repair.stdout).toMatch(/dropped seq 4, \d+ bytes: does not decode/)
    expect(repair.stdout).toMatch(/dropped seq 6, \d+ bytes: holds a value nested deeper/)
    expect(repair.stdout).toContain('lost with them')
    expect(repair.stdout).toContain('seq 5: 1 item and 1 deletion waiting')
    expect(repair.stdout).toContain(
      'repaired: 2 cards; stored as the snapshot at seq 8, 6 log updates folded into it',
    )
    expect(repair.stdout).toContain('Browsers that still hold dropped changes')

    const stored = await loadDocument(database.db, boardId)
    expect(stored).toMatchObject({ snapshotSeq: 8, updates: [], lastSeq: 8 })
    expect(await storedTitles(boardId)).toEqual(['Kept one', 'Kept two'])
    const after = await pauta('board', 'check', boardId)
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('healthy: 2 cards')
    // What repair cannot mend is still reported.
    expect(after.stdout).toContain('not-a-card')
  })

  it('a healthy board checks with exit 0, and repair keeps every card', async () => {
    const boardId = await newBoard('Healthy')
    const [a, b] = [new Writer(), new Writer()]
    const first = a.card('One')
    await appendUpdate(database.db, boardId, first.update)
    await appendUpdate(database.db, boardId, b.card('Two').update)
    await appendUpdate(database.db, boardId, a.rename(first.id, 'One, renamed'))
    await compactDocument(database.db, boardId, Y.encodeStateAsUpdate(a.doc), 1)

    const check = await pauta('board', 'check', boardId)
    expect(check.code).toBe(0)
    expect(check.stdout).toContain('healthy: 2 cards')

    const repair = await pauta('board', 'repair', boardId)
    expect(repair.code).toBe(0)
    expect(repair.stdout).toContain('nothing to drop')
    expect(repair.stdout).not.toContain('Browsers that still hold')
    expect(await storedTitles(boardId)).toEqual(['One, renamed', 'Two'])
    expect((await pauta('board', 'check', boardId)).code).toBe(0)
  })

  it('refuses a malformed or unknown board id with a clear error', async () => {
    const unknown = await pauta('board', 'check', 'no-such-board')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no board with id no-such-board')
    const malformed = await pauta('board', 'repair', 'not a board id')
    expect(malformed.code).toBe(1)
    expect(malformed.stderr).toContain('invalid input')
    expect((await pauta('board', 'check')).code).toBe(1)
    expect((await pauta('--help')).stdout).toContain('board repair <boardId> [--dry-run]')
  })

  it('rebuilds from nothing when the snapshot itself does not apply, and reports what that loses', async () => {
    const boardId = await newBoard('Bad snapshot')
    const [a, b] = [new Writer(), new Writer()]
    const first = a.card('In the snapshot')
    await appendUpdate(database.db, boardId, first.update)
    await compactDocument(database.db, boardId, selfParentUpdate(), 1)
    await appendUpdate(database.db, boardId, a.rename(first.id, 'Depends on the snapshot'))
    await appendUpdate(database.db, boardId, b.card('Independent').update)

    const check = await checkBoard(database.db, boardId)
    expect(check.problems).toMatchObject([{ seq: 1, snapshot: true, failure: { stage: 'apply' } }])
    const repair = await repairBoard(database.db, boardId)
    expect(repair.dropped.map((d) => [d.seq, d.snapshot])).toEqual([[1, true]])
    expect(repair.pending).toEqual([{ seq: 2, items: 1, deletions: 1 }])
    expect(repair.stored).toEqual({ snapshotSeq: 4, removedUpdates: 2 })
    expect(await storedTitles(boardId)).toEqual(['Independent'])
  })

  it('keeps a snapshot that nests values too deep, deleting only those values', async () => {
    const boardId = await newBoard('Deep snapshot')
    const a = new Writer()
    a.card('Survives')
    a.edit((doc) => doc.getMap('extra').set('deep', nested(40)))
    await appendUpdate(database.db, boardId, Y.encodeStateAsUpdate(a.doc))
    await compactDocument(database.db, boardId, Y.encodeStateAsUpdate(a.doc), 1)

    expect((await checkBoard(database.db, boardId)).problems).toMatchObject([
      { seq: 1, snapshot: true, failure: null, tooDeep: true },
    ])
    const repair = await repairBoard(database.db, boardId)
    expect(repair).toMatchObject({ dropped: [], prunedValues: 1, cards: 1 })
    expect(await storedTitles(boardId)).toEqual(['Survives'])
    expect((await checkBoard(database.db, boardId)).healthy).toBe(true)
  })
})
