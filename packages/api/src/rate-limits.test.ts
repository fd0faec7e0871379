import { describe, expect, it } from 'vitest'
import { SIGN_UP_LIMIT, SignInLimiter, SignUpLimiter, SlidingWindowCounter } from './rate-limits.ts'

function clock(start = 1_000_000) {
  const c = { now: start, read: () => c.now }
  return c
}

describe('rate limits', () => {
  it('counts events per key within a sliding window', () => {
    const c = clock()
    const counter = new SlidingWindowCounter(1000, c.read)
    counter.add('a')
    c.now += 600
    counter.add('a')
    counter.add('b')
    expect([counter.count('a'), counter.count('b')]).toEqual([2, 1])
    expect(counter.msUntilOldestExpires('a')).toBe(400)
    c.now += 401
    expect(counter.count('a')).toBe(1)
    counter.clear('a')
    expect(counter.count('a')).toBe(0)
    expect(counter.msUntilOldestExpires('a')).toBe(0)
  })

  it('sign-up: 10 attempts an hour per address by default; the window frees them again', () => {
    expect(SIGN_UP_LIMIT).toEqual({ max: 10, windowMs: 3_600_000 })
    const c = clock()
    const limiter = new SignUpLimiter(SIGN_UP_LIMIT.max, SIGN_UP_LIMIT.windowMs, c.read)
    for (let i = 0; i < 10; i++) {
      expect(limiter.attempt('203.0.113.1')).toBe(true)
      c.now += 60_000
    }
    expect(limiter.attempt('203.0.113.1')).toBe(false)
    expect(limiter.attempt('203.0.113.2')).toBe(true)
    // the first attempt leaves the window 60 min after it was made: 50 min from now
    expect(limiter.retryAfterMs('203.0.113.1')).toBe(50 * 60_000)
    c.now += 50 * 60_000
    expect(limiter.retryAfterMs('203.0.113.1')).toBe(0)
    expect(limiter.attempt('203.0.113.1')).toBe(true)
    expect(limiter.attempt('203.0.113.1')).toBe(false)
  })

  it('sign-in: 10 failures per account and address, 50 per address; success clears the pair', () => {
    const c = clock()
    const limiter = new SignInLimiter(10, 15 * 60_000, c.read)
    for (let i = 0; i < 9; i++) limiter.fail('Ana@example.com', '203.0.113.1')
    expect(limiter.blocked('ana@example.com', '203.0.113.1')).toBe(false)
    limiter.fail('ana@example.com', '203.0.113.1')
    expect(limiter.blocked('ana@example.com', '203.0.113.1')).toBe(true)
    expect(limiter.blocked('ana@example.com', '203.0.113.2')).toBe(false)
    limiter.succeed('ana@example.com', '203.0.113.1')
    expect(limiter.blocked('ana@example.com', '203.0.113.1')).toBe(false)
    for (let i = 0; i < 40; i++) limiter.fail(`user${i}@example.com`, '203.0.113.1')
    expect(limiter.blocked('someone@example.com', '203.0.113.1')).toBe(true)
    c.now += 15 * 60_000 + 1
    expect(limiter.blocked('someone@example.com', '203.0.113.1')).toBe(false)
  })
})
