import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { coalesce } from './live-refresh.ts'

describe('live refresh', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs once a burst of changes has paused for the quiet time', () => {
    const run = vi.fn()
    const c = coalesce(run, { quietMs: 40, maxWaitMs: 250, minGapMs: 250 })
    c.poke()
    vi.advanceTimersByTime(20)
    c.poke()
    vi.advanceTimersByTime(39)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10_000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('runs at least every max wait while changes keep coming, never closer than the gap', () => {
    const run = vi.fn()
    const c = coalesce(run, { quietMs: 40, maxWaitMs: 250, minGapMs: 400 })
    for (let i = 0; i < 50; i++) {
      c.poke()
      vi.advanceTimersByTime(20)
    }
    // 1 s of pokes 20 ms apart: at 250 ms, then the gap holds the next one to 650 ms
    expect(run).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(400)
    expect(run).toHaveBeenCalledTimes(3)
    vi.advanceTimersByTime(10_000)
    expect(run).toHaveBeenCalledTimes(3)
  })

  it('waits for a run to end: changes meanwhile make one more run, after it', async () => {
    let finish = () => {}
    const run = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve
        }),
    )
    const c = coalesce(run, { quietMs: 40, maxWaitMs: 250, minGapMs: 0 })
    c.poke()
    vi.advanceTimersByTime(40)
    expect(run).toHaveBeenCalledTimes(1)
    c.poke()
    c.poke()
    vi.advanceTimersByTime(5_000)
    expect(run).toHaveBeenCalledTimes(1)
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(2)
    finish()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('forgets a pending run when cancelled', () => {
    const run = vi.fn()
    const c = coalesce(run)
    c.poke()
    c.cancel()
    vi.advanceTimersByTime(10_000)
    expect(run).not.toHaveBeenCalled()
  })
})
