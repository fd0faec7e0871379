/** How long the board stays still before the dashboards ask again. */
export const REFRESH_DELAY_MS = 750
/** However busy the board, they ask at least this often while cards keep moving. */
export const REFRESH_MAX_WAIT_MS = 4_000

export interface Coalescer {
  /** something changed: run soon */
  poke(): void
  /** forget what is pending */
  cancel(): void
}

/**
 * Runs `run` once the pokes pause for `delayMs`, and at the latest `maxWaitMs` after the first
 * unanswered poke: a burst of moves costs one refetch, and a board that never rests still
 * shows its counts moving.
 */
export function coalesce(
  run: () => void,
  delayMs = REFRESH_DELAY_MS,
  maxWaitMs = REFRESH_MAX_WAIT_MS,
): Coalescer {
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstPoke: number | null = null
  const fire = () => {
    timer = undefined
    firstPoke = null
    run()
  }
  return {
    poke() {
      const now = Date.now()
      firstPoke ??= now
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(fire, Math.max(0, Math.min(delayMs, firstPoke + maxWaitMs - now)))
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      firstPoke = null
    },
  }
}
