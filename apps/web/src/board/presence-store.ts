import type { Awareness } from 'y-protocols/awareness'

/** Someone else on the board, as the server stamped them on their presence state. */
export interface Peer {
  id: string
  name: string
  color: string
}

type Listener = () => void

function readPeer(state: Record<string, unknown>): Peer | null {
  const user = state.user
  if (typeof user !== 'object' || user === null) return null
  const { id, name, color } = user as Record<string, unknown>
  if (typeof id !== 'string' || typeof name !== 'string') return null
  return { id, name, color: typeof color === 'string' ? color : '#64748b' }
}

/**
 * Presence over the provider's awareness. Who is here is a stable array (same reference while
 * nobody arrives or leaves); who drags which card is read per card as a primitive, so a card
 * re-renders only when its own "X is moving this card" label changes.
 */
export class PresenceStore {
  private peers: readonly Peer[] = []
  private draggers = new Map<string, string>()
  private readonly listeners = new Set<Listener>()
  private readonly onChange = () => this.refresh()

  constructor(
    private readonly awareness: Awareness,
    private readonly selfId: string,
  ) {
    awareness.setLocalStateField('dragging', null)
    awareness.on('change', this.onChange)
    this.refresh()
  }

  destroy(): void {
    this.awareness.off('change', this.onChange)
    this.listeners.clear()
  }

  getPeers(): readonly Peer[] {
    return this.peers
  }

  /** The name of someone else dragging this card right now, or null. */
  getDragger(cardId: string): string | null {
    return this.draggers.get(cardId) ?? null
  }

  setDragging(cardId: string | null): void {
    this.awareness.setLocalStateField('dragging', cardId)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private refresh(): void {
    const peers = new Map<string, Peer>()
    const draggers = new Map<string, string>()
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue
      const peer = readPeer(state)
      if (!peer) continue
      if (typeof state.dragging === 'string') draggers.set(state.dragging, peer.name)
      if (peer.id !== this.selfId && !peers.has(peer.id)) peers.set(peer.id, peer)
    }
    const next = [...peers.values()].sort((a, b) => a.name.localeCompare(b.name))
    const peersChanged =
      next.length !== this.peers.length ||
      next.some((p, i) => {
        const q = this.peers[i]
        return !q || q.id !== p.id || q.name !== p.name || q.color !== p.color
      })
    if (peersChanged) this.peers = next
    const draggersChanged =
      draggers.size !== this.draggers.size ||
      [...draggers].some(([card, name]) => this.draggers.get(card) !== name)
    this.draggers = draggers
    if (peersChanged || draggersChanged) for (const listener of [...this.listeners]) listener()
  }
}
