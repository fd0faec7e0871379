/**
 * `MODE=hostile pnpm bench fuzz`: the hostile-member fuzzer (hostile.ts) against Pauta as a
 * user runs it, then a crash and a restart, and the board must load again as it was.
 *
 * Env: CHANGES=400  SEED (random seed)
 */
import { formatRun, hostileFuzz } from './hostile.ts'
import { deadline, killChildren, startPauta } from './server-process.ts'

const CHANGES = Number(process.env.CHANGES ?? 400)
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
deadline(60 + CHANGES, 'bench fuzz (hostile)')

const pauta = await startPauta()
try {
  const run = await hostileFuzz(pauta, { changes: CHANGES, seed: SEED })
  for (const line of formatRun(run)) console.log(line)
  if (!run.ok) process.exitCode = 1
} finally {
  await pauta.stop().catch(() => {})
  killChildren()
}
process.exit(process.exitCode ?? 0)
