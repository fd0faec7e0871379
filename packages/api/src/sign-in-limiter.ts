/**
 * Counts failed sign-ins per account and address in a sliding window, and per address
 * across accounts (a wider limit, against guessing many accounts from one place). In memory:
 * each server process keeps its own counts.
 */
export class SignInLimiter {
  readonly #failures = new Map<string, number[]>()

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 15 * 60_000,
    readonly now: () => number = Date.now,
  ) {}

  blocked(email: string, ip: string): boolean {
    return (
      this.#recent(pairKey(email, ip)).length >= this.maxFailures ||
      this.#recent(`ip:${ip}`).length >= this.maxFailures * 5
    )
  }

  fail(email: string, ip: string): void {
    for (const key of [pairKey(email, ip), `ip:${ip}`]) {
      const list = this.#recent(key)
      list.push(this.now())
      this.#failures.set(key, list)
    }
  }

  succeed(email: string, ip: string): void {
    this.#failures.delete(pairKey(email, ip))
  }

  #recent(key: string): number[] {
    const since = this.now() - this.windowMs
    const list = (this.#failures.get(key) ?? []).filter((at) => at > since)
    if (list.length === 0) this.#failures.delete(key)
    return list
  }
}

function pairKey(email: string, ip: string): string {
  return `pair:${email.toLowerCase()}|${ip}`
}
