/**
 * The time the server spends judging one update on a 5,000-card board: the ShadowJudge
 * that sync-hooks runs for every client update (apply to the shadow copy, read the touched
 * cards before and after, judge them against the sender's roles and the board's rules).
 * Prints median and p99 over 2,000 accepted moves and edits, and the cost of rebuilding the
 * shadow after a refusal.
 */
import { createCard, moveCard, ShadowJudge, updateCard } from '@pauta/board'
import { type Actor, DEFAULT_RULES, STAGES } from '@pauta/domain'
import * as Y from 'yjs'

const CARDS = Number(process.env.CARDS ?? 5000)
const ROUNDS = Number(process.env.ROUNDS ?? 2000)
const manager: Actor = { id: 'manager', roles: ['strategist', 'manager', 'cm'] }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const server = new Y.Doc()
server.transact(() => {
  for (let i = 0; i < CARDS; i++) {
    const stage = STAGES[i % STAGES.length]!
    createCard(
      server,
      {
        title: `Card ${i}`,
        stage,
        network: 'instagram',
        assigneeId: 'cm-1',
        scheduledAt: '2026-12-01T10:00:00.000Z',
      },
      { userId: 'manager', id: `card${i}` },
    )
  }
})
const client = new Y.Doc()
Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
const judge = new ShadowJudge(server)

const t0 = performance.now()
judge.judge(new Uint8Array([0, 0]), manager, DEFAULT_RULES) // builds the shadow
const firstBuild = performance.now() - t0

// What a y-websocket client sends: each local transaction's own update.
let update: Uint8Array = new Uint8Array()
client.on('update', (u: Uint8Array) => {
  update = u
})
const samples: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  const id = `card${(i * 7919) % CARDS}`
  if (i % 4 === 0) updateCard(client, id, { title: `Edited ${i}` })
  else {
    // Reorder within the card's own stage: allowed for the lead, whatever the stage.
    const stage = STAGES[((i * 7919) % CARDS) % STAGES.length]!
    moveCard(client, id, { stage, index: i % 50 })
  }
  const start = performance.now()
  const { verdict } = judge.judge(update, manager, DEFAULT_RULES)
  samples.push(performance.now() - start)
  if (!verdict.ok) throw new Error(`unexpected refusal: ${JSON.stringify(verdict)}`)
  Y.applyUpdate(server, update)
}
samples.sort((a, b) => a - b)

// A refusal throws the shadow away; the next judgement rebuilds it from the real document.
client.getMap('intruder').set('x', 1)
judge.judge(update, manager, DEFAULT_RULES)
const r0 = performance.now()
judge.judge(new Uint8Array([0, 0]), manager, DEFAULT_RULES)
const rebuild = performance.now() - r0

console.log(`board: ${CARDS} cards, ${ROUNDS} judged updates (moves and edits)`)
console.log(
  `shadow build: ${firstBuild.toFixed(0)} ms; rebuild after a refusal: ${rebuild.toFixed(0)} ms`,
)
console.log(
  `judge: median ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms, max ${samples.at(-1)!.toFixed(3)} ms`,
)
