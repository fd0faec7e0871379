import { type Actor, type Card, DEFAULT_RULES, seededRandom } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildCard, type Command, runCommand } from './commands.ts'
import { cardsMap, getCard } from './doc.ts'
import { ShadowJudge } from './judge.ts'
import { stampsFor, writeStamps } from './stamps.ts'

// [STAMP3] Who archived a card and when are the server's to write: a client archives or
// restores, the server stamps (or clears) `archivedAt`/`archivedBy` from its own clock and
// the change's author, and refuses any client that writes them itself.

const START = Date.parse('2026-05-04T10:00:00.000Z')
const LEADS: Actor[] = [
  { id: 'ana', roles: ['manager'] },
  { id: 'bea', roles: ['strategist'] },
  { id: 'carl', roles: ['manager', 'cm'] },
]
const CARD_IDS = ['c0', 'c1', 'c2', 'c3']

/** A client and the server with the same cards, and the server's judge. */
function board() {
  const client = new Y.Doc()
  client.transact(() => {
    for (const [i, id] of CARD_IDS.entries()) {
      const card = buildCard(
        { title: `post ${i}`, stage: i % 2 === 0 ? 'plan' : 'published' },
        { userId: 'ana', now: new Date(START), id, order: `a${i}` },
      )
      const entry = new Y.Map<unknown>()
      for (const [key, value] of Object.entries(card)) entry.set(key, value)
      cardsMap(client).set(id, entry)
    }
  })
  const server = new Y.Doc()
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
  return { client, server, judge: new ShadowJudge(server) }
}

type Board = ReturnType<typeof board>

/** What the client's change sends. */
function sent(client: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  const listen = (update: Uint8Array) => updates.push(update)
  client.on('update', listen)
  change()
  client.off('update', listen)
  return Y.mergeUpdates(updates)
}

/** The server's handling of one update: judge it, store it with its stamps, relay both back. */
function serve({ client, server, judge }: Board, update: Uint8Array, actor: Actor, now: Date) {
  const { verdict, diffs } = judge.judge(update, actor, DEFAULT_RULES, now)
  if (!verdict.ok) return verdict
  const known = Y.encodeStateVector(server)
  Y.applyUpdate(server, update)
  writeStamps(server, stampsFor(diffs, now, actor.id))
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server, known))
  return verdict
}

describe('archive stamps ([STAMP3])', () => {
  it('are written by the server on archive, with its clock and the author, and cleared on restore', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed)
      const sides = board()
      let clock = START
      for (let step = 0; step < 30; step++) {
        const actor = LEADS[Math.floor(random() * LEADS.length)]!
        const cardId = CARD_IDS[Math.floor(random() * CARD_IDS.length)]!
        const archived = getCard(sides.client, cardId)!.archived
        const command: Command = archived
          ? { type: 'restore', cardId }
          : { type: 'archive', cardId }
        clock += Math.floor(random() * 3_600_000)
        const now = new Date(clock)
        // The client's clock is off by up to a day, either way: it decides nothing.
        const clientNow = new Date(clock + Math.floor((random() - 0.5) * 172_800_000))
        const where = `seed ${seed} step ${step}: ${command.type} ${cardId} by ${actor.id}`
        const update = sent(sides.client, () => {
          const ran = runCommand(
            sides.client,
            { actor, rules: DEFAULT_RULES, now: clientNow },
            command,
          )
          expect(ran.ok, where).toBe(true)
        })
        expect(serve(sides, update, actor, now), where).toEqual({ ok: true })
        const stored = getCard(sides.server, cardId)!
        expect(stored.archived, where).toBe(!archived)
        expect(stored.archivedAt, where).toBe(archived ? null : now.toISOString())
        expect(stored.archivedBy, where).toBe(archived ? null : actor.id)
        // What the server stores is what every replica reads.
        expect(getCard(sides.client, cardId), where).toEqual(stored)
      }
      sides.judge.destroy()
    }
  })

  it('refuse a client that writes them, alone or with an archive or restore', () => {
    const sides = board()
    const marco = LEADS[0]!
    const now = new Date(START + 60_000)
    // Each change from a fresh copy of what the server stores (a refused one is dropped).
    const fresh = () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(sides.server))
      return doc
    }
    const forge = (cardId: string, fields: Partial<Card>) => {
      const doc = fresh()
      return sent(doc, () =>
        doc.transact(() => {
          const entry = cardsMap(doc).get(cardId)!
          for (const [key, value] of Object.entries(fields)) entry.set(key, value)
        }),
      )
    }
    const refused = (field: string) => ({
      ok: false,
      refusal: { code: 'not-allowed-field', field },
    })
    const at = '2026-01-01T00:00:00.000Z'
    expect(serve(sides, forge('c0', { archived: true, archivedAt: at }), marco, now)).toEqual(
      refused('archivedAt'),
    )
    expect(serve(sides, forge('c1', { archivedBy: 'bea' }), marco, now)).toEqual(
      refused('archivedBy'),
    )
    // An honest archive, then a forged restore that keeps the stamp.
    expect(serve(sides, forge('c2', { archived: true }), marco, now)).toEqual({ ok: true })
    expect(getCard(sides.server, 'c2')).toMatchObject({
      archivedAt: now.toISOString(),
      archivedBy: marco.id,
    })
    expect(
      serve(sides, forge('c2', { archived: false, archivedAt: at, archivedBy: 'bea' }), marco, now),
    ).toEqual(refused('archivedAt'))
    expect(getCard(sides.server, 'c2')).toMatchObject({ archived: true, archivedBy: marco.id })
    // A new card carries no stamp.
    const card = buildCard(
      { title: 'new', stage: 'plan' },
      { userId: marco.id, now, id: 'c9', order: 'a9' },
    )
    const doc = fresh()
    const create = sent(doc, () => {
      const entry = new Y.Map<unknown>()
      for (const [key, value] of Object.entries({ ...card, archivedBy: marco.id }))
        entry.set(key, value)
      cardsMap(doc).set('c9', entry)
    })
    expect(serve(sides, create, marco, now)).toEqual(refused('archivedBy'))
    sides.judge.destroy()
  })
})
