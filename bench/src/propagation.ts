/**
 * Propagation of one move between two stock y-websocket clients on loopback, through a real
 * Pauta server process (auth, storage before relay, history): the time from the local move
 * in client A to the change arriving in client B. Prints median and p99 of 100 moves.
 */
import { columns, getCard, moveCard, observeCards } from '@pauta/board'
import { stockProvider } from './pauta-client.ts'
import { startPauta } from './server-process.ts'

const MOVES = Number(process.env.MOVES ?? 100)

function client(wsUrl: string, boardId: string, token: string) {
  const { doc, provider } = stockProvider(wsUrl, boardId, token)
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { doc, provider, synced }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const pauta = await startPauta()
try {
  const [board] = JSON.parse(await pauta.cli('board', 'list', '--json')) as Array<{ id: string }>
  if (!board) throw new Error('no demo board')
  const a = client(pauta.wsUrl, board.id, await pauta.cli('token', 'create', 'marco@pauta.app'))
  const b = client(pauta.wsUrl, board.id, await pauta.cli('token', 'create', 'carla@pauta.app'))
  await Promise.all([a.synced, b.synced])
  const cardId = columns(a.doc).plan[0]!.id
  const samples: number[] = []
  for (let i = 0; i < MOVES; i++) {
    // Reorder inside its own stage (top, then bottom): the rules allow it for the manager,
    // where a move to calendar would be refused for missing fields (and never arrive).
    const index = i % 2 === 0 ? columns(a.doc).plan.length : 0
    let expected = ''
    const arrived = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`move ${i} did not arrive in 10 s`)), 10_000)
      const stop = observeCards(b.doc, (ids) => {
        if (ids.has(cardId) && getCard(b.doc, cardId)?.order === expected) {
          clearTimeout(timer)
          stop()
          resolve(performance.now())
        }
      })
    })
    const start = performance.now()
    moveCard(a.doc, cardId, { stage: 'plan', index })
    expected = getCard(a.doc, cardId)!.order
    samples.push((await arrived) - start)
  }
  samples.sort((x, y) => x - y)
  const median = percentile(samples, 50)
  console.log(
    `moves: ${MOVES}, min ${samples[0]!.toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms`,
  )
  console.log(
    `propagation: median ${median.toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms`,
  )
  for (const c of [a, b]) {
    c.provider.destroy()
    c.doc.destroy() // also stops the awareness timer, which would keep the process alive
  }
} finally {
  await pauta.stop()
}
