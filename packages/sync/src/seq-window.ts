/** A hole in the seqs a room holds waits this long for the missing message before reading storage. */
const GAP_GRACE_MS = 100

/**
 * [SEQ1] Which stored updates a room's document holds: every seq up to `held`, and some above
 * it (stored here, or received out of order). Null when storage gives no seqs.
 */
export class SeqWindow {
  #held: number | null = null
  readonly #ahead = new Set<number>()
  #gapTimer: NodeJS.Timeout | undefined
  #closed = false

  /** `onGap`: a hole stayed open past the grace; read storage ([CATCHUP2]). */
  constructor(private readonly onGap: () => void) {}

  /** The seq up to which every stored update is held; null when storage gives no seqs. */
  get held(): number | null {
    return this.#held
  }

  /** What loading read: everything up to `lastSeq`. */
  start(lastSeq: number): void {
    this.#held = lastSeq
  }

  has(seq: number): boolean {
    return this.#held !== null && (seq <= this.#held || this.#ahead.has(seq))
  }

  /** A catch-up read storage up to `lastSeq`: everything up to it is held now. */
  caughtUpTo(lastSeq: number): void {
    this.#held = Math.max(this.#held ?? 0, lastSeq)
    this.holds(this.#held)
  }

  /** The document holds the update with this seq; a hole below it waits for catch-up. */
  holds(seq: number): void {
    let held = this.#held
    if (held === null) return
    if (seq > held) this.#ahead.add(seq)
    while (this.#ahead.delete(held + 1)) held++
    for (const s of this.#ahead) if (s <= held) this.#ahead.delete(s)
    this.#held = held
    if (this.#ahead.size > 0 && this.#gapTimer === undefined && !this.#closed) {
      // [CATCHUP2] Usually the missing message is just behind (another instance stored it a
      // moment before us); if it is still missing after a grace, read storage.
      this.#gapTimer = setTimeout(() => {
        this.#gapTimer = undefined
        if (this.#ahead.size > 0) this.onGap()
      }, GAP_GRACE_MS)
      this.#gapTimer.unref()
    }
  }

  /** The room left memory: no more timers. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#gapTimer)
    this.#gapTimer = undefined
  }
}
