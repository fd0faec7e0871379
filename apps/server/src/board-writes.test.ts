import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBoardWrites, type WritesMessage } from './board-writes.ts'

function deferred() {
  let resolve = () => {}
  let reject = (_error: unknown) => {}
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Whether `promise` has settled once pending callbacks have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => {
      done = true
    },
    () => {
      done = true
    },
  )
  await new Promise((resolve) => setImmediate(resolve))
  return done
}

describe('board writes', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('settles at once with nothing under way', async () => {
    const writes = createBoardWrites()
    expect(await isSettled(writes.settled('b1'))).toBe(true)
  })

  it('waits for the writes of its board under way when asked, failed ones included', async () => {
    const writes = createBoardWrites()
    const history = deferred()
    const projection = deferred()
    const elsewhere = deferred()
    writes.writing('b1', history.promise)
    writes.writing('b1', projection.promise)
    writes.writing('b2', elsewhere.promise)
    const settled = writes.settled('b1')
    // A write that starts later is not waited for: a busy board never holds a reader for ever.
    const later = deferred()
    writes.writing('b1', later.promise)
    history.resolve()
    expect(await isSettled(settled)).toBe(false)
    projection.reject(new Error('disk full'))
    expect(await isSettled(settled)).toBe(true)
    expect(await isSettled(writes.settled('b2'))).toBe(false)
    expect(await isSettled(writes.settled('b1'))).toBe(false)
    later.resolve()
    expect(await isSettled(writes.settled('b1'))).toBe(true)
  })

  it('tells the other instances once per board and turn: writing, then written when all landed', async () => {
    const sent: WritesMessage[] = []
    const writes = createBoardWrites({ publish: (message) => sent.push(message) })
    const projection = deferred()
    const history = deferred()
    writes.writing('b1', projection.promise)
    writes.writing('b1', history.promise)
    expect(sent).toEqual([{ type: 'writing', boardId: 'b1', id: expect.any(String) }])
    projection.resolve()
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toHaveLength(1)
    history.resolve()
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toEqual([
      { type: 'writing', boardId: 'b1', id: sent[0]!.id },
      { type: 'written', boardId: 'b1', id: sent[0]!.id },
    ])
    // the next change is a new announcement
    writes.writing('b1', Promise.resolve())
    expect(sent[2]).toMatchObject({ type: 'writing', boardId: 'b1' })
    expect(sent[2]!.id).not.toBe(sent[0]!.id)
  })

  it('waits for writes another instance announced until it says they landed', async () => {
    const writes = createBoardWrites()
    writes.heard({ type: 'writing', boardId: 'b1', id: 'x' })
    const settled = writes.settled('b1')
    expect(await isSettled(settled)).toBe(false)
    expect(await isSettled(writes.settled('b2'))).toBe(true)
    writes.heard({ type: 'written', boardId: 'b1', id: 'x' })
    expect(await isSettled(settled)).toBe(true)
    // a late or repeated `written` is nothing
    writes.heard({ type: 'written', boardId: 'b1', id: 'x' })
    expect(await isSettled(writes.settled('b1'))).toBe(true)
  })

  it('never waits longer than its bound: a stuck write, a `written` that never comes', async () => {
    vi.useFakeTimers()
    const writes = createBoardWrites({ maxSettleMs: 2000 })
    writes.writing('b1', new Promise(() => {}))
    writes.heard({ type: 'writing', boardId: 'b2', id: 'lost' })
    let done = 0
    void writes.settled('b1').then(() => done++)
    void writes.settled('b2').then(() => done++)
    await vi.advanceTimersByTimeAsync(1999)
    expect(done).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toBe(2)
    // the lost announcement is forgotten; the stuck local write is still waited for, bounded
    let again = false
    void writes.settled('b2').then(() => {
      again = true
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(again).toBe(true)
  })
})
