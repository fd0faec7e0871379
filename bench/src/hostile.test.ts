import { afterAll, expect, it } from 'vitest'
import { formatRun, hostileFuzz, totals } from './hostile.ts'
import { killChildren, type Pauta, startPauta } from './server-process.ts'

// CI's short round of `MODE=hostile pnpm bench fuzz`: a hostile community manager and the
// ordinary work of a team on the demo board, then a crash, a restart and a reload.
const CHANGES = Number(process.env.HOSTILE_CHANGES ?? 150)
const SEED = Number(process.env.PAUTA_SEED ?? Date.now() % 1_000_000)

let pauta: Pauta | undefined
afterAll(async () => {
  await pauta?.stop().catch(() => {})
  killChildren()
})

it(`a hostile member gets nothing in, the team loses nothing, and every accepted change loads again after a crash (seed ${SEED})`, async () => {
  pauta = await startPauta()
  const run = await hostileFuzz(pauta, { changes: CHANGES, seed: SEED })
  console.log(formatRun(run).join('\n'))
  const t = totals(run.report)
  expect(run.report.failures).toEqual([])
  expect(t.leaked).toBe(0)
  expect(t.overRefused).toBe(0)
  // Refused, and for the reason the hole calls for (not by accident of something else).
  expect(t.refusedOtherwise).toBe(0)
  expect(t.crafted).toBeGreaterThan(CHANGES / 2)
  expect(run.health).toBe(200)
  expect(run.after).toEqual(run.before)
  expect(run.ok).toBe(true)
}, 240_000)
