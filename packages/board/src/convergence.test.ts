import { NETWORKS, STAGES, seededRandom } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { archiveCard, columns, createCard, listCards, moveCard, updateCard } from './index.ts'

interface Replica {
  doc: Y.Doc
  inbox: Uint8Array[]
  online: boolean
}

/** Random operations on several replicas, delivered in random order with disconnects. */
function run(seed: number, replicaCount: number, steps: number): Replica[] {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const replicas: Replica[] = Array.from({ length: replicaCount }, () => ({
    doc: new Y.Doc(),
    inbox: [],
    online: true,
  }))
  for (const replica of replicas) {
    replica.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return
      for (const other of replicas) if (other !== replica) other.inbox.push(update)
    })
  }
  const deliver = (replica: Replica, count: number) => {
    for (let i = 0; i < count && replica.inbox.length > 0; i++) {
      const at = Math.floor(random() * replica.inbox.length)
      const [update] = replica.inbox.splice(at, 1)
      Y.applyUpdate(replica.doc, update!, 'remote')
    }
  }
  for (let step = 0; step < steps; step++) {
    const replica = pick(replicas)
    const cards = listCards(replica.doc)
    const roll = random()
    if (roll < 0.25 || cards.length === 0) {
      createCard(replica.doc, { title: `card ${step}`, stage: pick(STAGES) }, { userId: null })
    } else if (roll < 0.75) {
      const card = pick(cards)
      const stage = pick(STAGES)
      moveCard(replica.doc, card.id, { stage, index: Math.floor(random() * 8) })
    } else if (roll < 0.9) {
      updateCard(replica.doc, pick(cards).id, { title: `edit ${step}`, network: pick(NETWORKS) })
    } else if (roll < 0.95) {
      archiveCard(replica.doc, pick(cards).id, random() < 0.7)
    } else {
      replica.online = !replica.online
    }
    for (const r of replicas) if (r.online) deliver(r, Math.floor(random() * 3))
  }
  for (const replica of replicas) {
    replica.online = true
    deliver(replica, Number.POSITIVE_INFINITY)
  }
  return replicas
}

describe('convergence', () => {
  it('[MOVE3] concurrent moves of one card converge on every replica', () => {
    const a = new Y.Doc()
    createCard(a, { title: 'shared' }, { userId: null, id: 'shared' })
    createCard(a, { title: 'other', stage: 'calendar' }, { userId: null, id: 'other' })
    const b = new Y.Doc()
    const c = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a))
    moveCard(a, 'shared', { stage: 'plan', index: 0 })
    moveCard(b, 'shared', { stage: 'calendar', index: 0 })
    moveCard(c, 'shared', { stage: 'calendar', index: 1 })
    const updates = [a, b, c].map((doc) => Y.encodeStateAsUpdate(doc))
    for (const doc of [a, b, c])
      for (const update of [...updates].reverse()) Y.applyUpdate(doc, update)
    const seen = [a, b, c].map((doc) => JSON.stringify(columns(doc)))
    expect(new Set(seen).size).toBe(1)
    const placed = Object.values(columns(a))
      .flat()
      .filter((card) => card.id === 'shared')
    expect(placed).toHaveLength(1)
  })

  it('[CONV1] random operations with random delivery and disconnects converge (seeded)', {
    timeout: 60_000,
  }, () => {
    const base = Number(process.env.PAUTA_SEED ?? Date.now() % 1_000_000)
    for (let i = 0; i < 24; i++) {
      const seed = base + i
      const replicas = run(seed, 2 + (seed % 4), 120)
      const states = replicas.map((r) => JSON.stringify(columns(r.doc, { includeArchived: true })))
      const message = `replicas diverged; replay with PAUTA_SEED=${seed}`
      expect(new Set(states).size, message).toBe(1)
      const ids = Object.values(columns(replicas[0]!.doc, { includeArchived: true }))
        .flat()
        .map((card) => card.id)
      expect(new Set(ids).size, `a card shows twice; PAUTA_SEED=${seed}`).toBe(ids.length)
    }
  })
})
