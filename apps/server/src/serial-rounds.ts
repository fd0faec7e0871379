/**
 * Rounds of a timer's work that never overlap: a round asked for while one runs waits for it.
 * `busy` says whether one runs now (a timer skips its tick then); `settled` waits for it.
 */
export interface SerialRounds {
  run(now: Date): Promise<number>
  busy(): boolean
  settled(): Promise<void>
}

export function serialRounds(round: (now: Date) => Promise<number>): SerialRounds {
  let running: Promise<number> | null = null
  return {
    run(now) {
      const previous = running ?? Promise.resolve(0)
      const next = previous.catch(() => 0).then(() => round(now))
      running = next
      void next
        .finally(() => {
          if (running === next) running = null
        })
        .catch(() => {})
      return next
    },
    busy: () => running !== null,
    async settled() {
      await running?.catch(() => {})
    },
  }
}
