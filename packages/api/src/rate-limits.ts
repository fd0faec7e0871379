/**
 * Events per key within a sliding window. In memory: each server process keeps its own
 * counts. Keys whose events have all expired are dropped now and then, so a stream of
 * distinct addresses does not grow the map for ever.
 */
export class SlidingWindowCounter {
  readonly #events = new Map<string, number[]>()
  #addsSinceSweep = 0

  constructor(
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Events of `key` within the window. */
  count(key: string): number {
    return this.#recent(key).length
  }

  add(key: string): void {
    const list = this.#recent(key)
    list.push(this.now())
    this.#events.set(key, list)
    if (++this.#addsSinceSweep >= 1000) this.#sweep()
  }

  clear(key: string): void {
    this.#events.delete(key)
  }

  /** Milliseconds until the oldest event of `key` in the window leaves it; 0 without any. */
  msUntilOldestExpires(key: string): number {
    const oldest = this.#recent(key)[0]
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - this.now())
  }

  #recent(key: string): number[] {
    const since = this.now() - this.windowMs
    const list = (this.#events.get(key) ?? []).filter((at) => at > since)
    if (list.length === 0) this.#events.delete(key)
    return list
  }

  #sweep(): void {
    this.#addsSinceSweep = 0
    for (const key of [...this.#events.keys()]) this.#recent(key)
  }
}

/**
 * Counts failed sign-ins per account and address in a sliding window, and per address
 * across accounts (a wider limit, against guessing many accounts from one place).
 */
export class SignInLimiter {
  readonly #failures: SlidingWindowCounter

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 15 * 60_000,
    now: () => number = Date.now,
  ) {
    this.#failures = new SlidingWindowCounter(windowMs, now)
  }

  blocked(email: string, ip: string): boolean {
    return (
      this.#failures.count(pairKey(email, ip)) >= this.maxFailures ||
      this.#failures.count(`ip:${ip}`) >= this.maxFailures * 5
    )
  }

  fail(email: string, ip: string): void {
    this.#failures.add(pairKey(email, ip))
    this.#failures.add(`ip:${ip}`)
  }

  succeed(email: string, ip: string): void {
    this.#failures.clear(pairKey(email, ip))
  }
}

function pairKey(email: string, ip: string): string {
  return `pair:${email.toLowerCase()}|${ip}`
}

/** Sign-up attempts per address by default: 10 an hour. */
export const SIGN_UP_LIMIT = { max: 10, windowMs: 60 * 60_000 } as const

/**
 * Sign-up attempts per address, successful or not: it bounds how fast one place makes
 * accounts, and how fast it can ask whether an email has one (a refused sign-up says so).
 */
export class SignUpLimiter {
  readonly #attempts: SlidingWindowCounter

  constructor(
    readonly max: number = SIGN_UP_LIMIT.max,
    readonly windowMs: number = SIGN_UP_LIMIT.windowMs,
    now: () => number = Date.now,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
    this.#attempts = new SlidingWindowCounter(windowMs, now)
  }

  /**
   * Counts an attempt from `ip`; false (and not counted) when that address has used up its
   * attempts in the window.
   */
  attempt(ip: string): boolean {
    if (this.#attempts.count(ip) >= this.max) return false
    this.#attempts.add(ip)
    return true
  }

  /** How long until `ip` may try again, in milliseconds (0: now). */
  retryAfterMs(ip: string): number {
    return this.#attempts.count(ip) >= this.max ? this.#attempts.msUntilOldestExpires(ip) : 0
  }
}
