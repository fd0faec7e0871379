import { useSyncExternalStore } from 'react'

/**
 * How often SLA countdowns and the queue's "due" marks are brought up to date. They show
 * minutes, so a quarter of a minute late at most is close enough, and every clock on the
 * page ticks together off one timer.
 */
export const TICK_MS = 15_000

const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === undefined) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const notify of listeners) notify()
    }, TICK_MS)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

/** The current time in ms, re-rendering the caller every `TICK_MS` while it is mounted. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  )
}
