/**
 * Reads the `.cpuprofile` files node's `--cpu-prof` wrote into a directory and prints the
 * frames with the most self time (time spent in the function itself, not in what it calls),
 * summed over every node of the profile tree with the same function, file and line.
 *
 *   node --import tsx bench/src/cpu-profile.ts <dir> [top=25]
 *
 * `pnpm bench sync` calls `printTopFrames` itself when run with PROFILE=<dir>.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
type Profile = {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** A span of time in µs of CLOCK_MONOTONIC: V8's profile clock, and `process.hrtime` / 1000. */
export type Window = { from: number; to: number }

export type Frame = { name: string; where: string; selfMs: number; share: number }

/**
 * The top frames by self time of one profile, counting only the samples inside `windows`
 * (all of them when none are given). Idle time is not a frame: it is returned apart.
 */
export function topFrames(
  profile: Profile,
  top: number,
  windows: readonly Window[] = [],
): { frames: Frame[]; ours: Frame[]; sampledMs: number; idleShare: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const hitsById = new Map<number, number>()
  let time = profile.startTime
  let counted = 0
  let countedMs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0
    time += delta
    if (windows.length > 0 && !windows.some((w) => time >= w.from && time <= w.to)) continue
    const id = profile.samples[i]!
    hitsById.set(id, (hitsById.get(id) ?? 0) + 1)
    counted++
    countedMs += delta / 1000
  }
  const byFrame = new Map<string, { name: string; where: string; hits: number }>()
  let idle = 0
  for (const [id, hits] of hitsById) {
    const node = nodes.get(id)
    if (!node) continue
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === '(idle)') {
      idle += hits
      continue
    }
    const file = url.replace(/^file:\/\//, '')
    const short = file.includes('node_modules')
      ? file.slice(file.lastIndexOf('node_modules/') + 13)
      : path.relative(process.cwd(), file) || file
    const where = url ? `${short}:${lineNumber + 1}` : ''
    const name = functionName || '(anonymous)'
    const key = `${name}@${where}`
    const entry = byFrame.get(key) ?? { name, where, hits: 0 }
    entry.hits += hits
    byFrame.set(key, entry)
  }
  const perSampleMs = counted > 0 ? countedMs / counted : 0
  const busy = counted - idle || 1
  // Inclusive time of Pauta's own functions: a sample counts once for every distinct one of
  // them on its stack.
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const inclusive = new Map<string, { name: string; where: string; hits: number }>()
  for (const [id, hits] of hitsById) {
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at)
      if (!node) break
      const { functionName, url, lineNumber } = node.callFrame
      if (!url.includes('/packages/') && !url.includes('/apps/')) continue
      const where = `${path.relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`
      const name = functionName || '(anonymous)'
      const key = `${name}@${where}`
      if (seen.has(key)) continue
      seen.add(key)
      const entry = inclusive.get(key) ?? { name, where, hits: 0 }
      entry.hits += hits
      inclusive.set(key, entry)
    }
  }
  const ranked = (entries: Iterable<{ name: string; where: string; hits: number }>): Frame[] =>
    [...entries]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((e) => ({
        name: e.name,
        where: e.where,
        selfMs: e.hits * perSampleMs,
        share: e.hits / busy,
      }))
  const frames = ranked(byFrame.values())
  const ours = ranked(inclusive.values())
  return { frames, ours, sampledMs: countedMs, idleShare: counted > 0 ? idle / counted : 0 }
}

/**
 * Prints the top frames of every profile in `dir` (one per thread of each process that
 * exited cleanly), over `windows` only when given. Shares are of the busy (non-idle) time.
 */
export function printTopFrames(dir: string, top = 25, windows: readonly Window[] = []): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  if (files.length === 0) {
    console.log(`no .cpuprofile in ${dir} (did the server exit cleanly?)`)
    return
  }
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile
    const { frames, ours, sampledMs, idleShare } = topFrames(profile, top, windows)
    if (sampledMs === 0) continue
    console.log(
      `\n${file}: ${(sampledMs / 1000).toFixed(1)} s sampled${windows.length ? ' in the measured windows' : ''}, ${((1 - idleShare) * 100).toFixed(0)} % busy; top ${top} frames by self time (share of busy time)`,
    )
    for (const frame of frames) {
      console.log(
        `${(frame.share * 100).toFixed(1).padStart(5)} %  ${frame.selfMs.toFixed(0).padStart(7)} ms  ${frame.name}  ${frame.where}`,
      )
    }
    if (ours.length === 0) continue
    console.log(`Pauta's own functions by total time (themselves and what they call):`)
    for (const frame of ours.slice(0, 15)) {
      console.log(
        `${(frame.share * 100).toFixed(1).padStart(5)} %  ${frame.selfMs.toFixed(0).padStart(7)} ms  ${frame.name}  ${frame.where}`,
      )
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: cpu-profile.ts <dir> [top]')
  const [from, to] = [process.argv[4], process.argv[5]].map(Number)
  printTopFrames(dir, Number(process.argv[3] ?? 25), from && to ? [{ from: from!, to: to! }] : [])
}
