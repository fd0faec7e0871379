import { type BlobStore, type Database, sweepMedia } from '@pauta/db'

export interface MediaSweeperOptions {
  /** How long a file no card lists is kept, for an undo or a restored card (24 h). */
  graceMs?: number
  /** How often unused files are looked for (1 h). */
  intervalMs?: number
  now?: () => Date
  onError(error: unknown): void
}

export interface MediaSweeper {
  start(): void
  /** Stops the timer and waits for a round under way. */
  stop(): Promise<void>
  /** One round now (tests, and the timer). */
  sweep(): Promise<{ mediaFreed: number; blobsFreed: number }>
}

export const MEDIA_GRACE_MS = 24 * 60 * 60 * 1000

/**
 * [UPLOAD6] Frees the files no card lists any more, once they have gone unlisted for the
 * grace period: a removal undone, or a card restored, within it finds its files still there.
 * With several instances each sweeps; the rounds agree (each deletes what is unused by then).
 */
export function createMediaSweeper(
  database: Database,
  blobs: BlobStore,
  options: MediaSweeperOptions,
): MediaSweeper {
  const graceMs = options.graceMs ?? MEDIA_GRACE_MS
  const intervalMs = options.intervalMs ?? 60 * 60 * 1000
  const now = options.now ?? (() => new Date())
  let timer: NodeJS.Timeout | null = null
  let round: Promise<unknown> = Promise.resolve()

  const sweep = () => {
    const next = round.then(() => sweepMedia(database.db, blobs, { now: now(), graceMs }))
    round = next.catch(options.onError)
    return next
  }
  return {
    start() {
      timer ??= setInterval(() => void sweep().catch(() => {}), intervalMs)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await round
    },
    sweep,
  }
}
