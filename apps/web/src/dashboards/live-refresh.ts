/** A burst of changes (one drop, a few people at once) is asked for once, this long after its last. */
export const REFRESH_QUIET_MS = 40
/** However busy the board, the dashboards ask this soon after the first unanswered change… */
export const REFRESH_MAX_WAIT_MS = 250
/** …but start asking at most this often, and never twice at once. */
export const REFRESH_MIN_GAP_MS = 250

export interface CoalesceTimes {
  quietMs: number
  maxWaitMs: number
  minGapMs: number
}

const TIMES: CoalesceTimes = {
  quietMs: REFRESH_QUIET_MS,
  maxWaitMs: REFRESH_MAX_WAIT_MS,
  minGapMs: REFRESH_MIN_GAP_MS,
}

export interface Coalescer {
  /** something changed: run soon */
  poke(): void
  /** forget what is pending */
  cancel(): void
}

/**
 * Runs `run` once the pokes pause for `quietMs`, and at the latest `maxWaitMs` after the first
 * unanswered poke: a burst of moves costs one refetch, and a board that never rests still shows
 * its figures moving. A run that returns a promise is waited for: pokes meanwhile make one more
 * run after it, never a second one beside it; and runs start at least `minGapMs` apart, so
 * however busy the board, one open dashboard asks a few times a second at most.
 */
export function coalesce(run: () => unknown, times: Partial<CoalesceTimes> = {}): Coalescer {
  const { quietMs, maxWaitMs, minGapMs } = { ...TIMES, ...times }
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstPoke: number | null = null
  let lastPoke = 0
  let lastStart = Number.NEGATIVE_INFINITY
  let running = false

  const schedule = () => {
    if (firstPoke === null || running) return
    if (timer !== undefined) clearTimeout(timer)
    const due = Math.max(Math.min(lastPoke + quietMs, firstPoke + maxWaitMs), lastStart + minGapMs)
    timer = setTimeout(fire, Math.max(0, due - Date.now()))
  }

  const fire = () => {
    timer = undefined
    firstPoke = null
    lastStart = Date.now()
    running = true
    // Pokes that came while it ran (none after a cancel) get their run now.
    const done = () => {
      running = false
      schedule()
    }
    let result: unknown
    try {
      result = run()
    } catch (error) {
      done()
      throw error
    }
    if (result instanceof Promise) result.then(done, done)
    else done()
  }

  return {
    poke() {
      const now = Date.now()
      firstPoke ??= now
      lastPoke = now
      schedule()
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      firstPoke = null
    },
  }
}
