import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { coalesce } from './live-refresh.ts'

describe('live refresh', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs once after a burst of changes has settled', () => {
    const run = vi.fn()
    const c = coalesce(run, 750, 4000)
    c.poke()
    vi.advanceTimersByTime(500)
    c.poke()
    vi.advanceTimersByTime(500)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(250)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('runs at least every max wait while changes keep coming', () => {
    const run = vi.fn()
    const c = coalesce(run, 750, 2000)
    for (let i = 0; i < 10; i++) {
      c.poke()
      vi.advanceTimersByTime(300)
    }
    // 3 s of pokes 300 ms apart: the 2 s cap fired once, and the rest is still pending
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(750)
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
