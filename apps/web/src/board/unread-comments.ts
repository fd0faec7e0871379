type Listener = () => void

/**
 * The viewer's unread comments per card of the open board, read per card as a number: a card
 * re-renders only when its own count changes, whatever else changed on the board.
 */
export class UnreadComments {
  private counts: Readonly<Record<string, number>> = {}
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly liveListeners = new Set<Listener>()
  /** the live stream is connected: nothing needs polling */
  live = false

  get(cardId: string): number {
    return this.counts[cardId] ?? 0
  }

  set(next: Readonly<Record<string, number>>): void {
    const before = this.counts
    this.counts = next
    for (const cardId of new Set([...Object.keys(before), ...Object.keys(next)])) {
      if ((before[cardId] ?? 0) === (next[cardId] ?? 0)) continue
      for (const listener of this.listeners.get(cardId) ?? []) listener()
    }
  }

  setLive(live: boolean): void {
    if (this.live === live) return
    this.live = live
    for (const listener of this.liveListeners) listener()
  }

  subscribe(cardId: string, listener: Listener): () => void {
    let set = this.listeners.get(cardId)
    if (!set) {
      set = new Set()
      this.listeners.set(cardId, set)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(cardId)
    }
  }

  subscribeLive(listener: Listener): () => void {
    this.liveListeners.add(listener)
    return () => this.liveListeners.delete(listener)
  }
}
