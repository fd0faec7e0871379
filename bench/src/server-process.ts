import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const root = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/** Every server process a benchmark started, killed on any way out (exit, error, SIGINT). */
const children = new Set<ChildProcess>()
const dataDirs = new Set<string>()
let exitHooksInstalled = false

export function killChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
  dataDirs.clear()
}

function track(child: ChildProcess): void {
  children.add(child)
  child.once('exit', () => children.delete(child))
  if (exitHooksInstalled) return
  exitHooksInstalled = true
  process.once('exit', killChildren)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers`)
      killChildren()
      process.exit(130)
    })
  }
  process.once('uncaughtException', (error) => {
    console.error(error)
    killChildren()
    process.exit(1)
  })
  process.once('unhandledRejection', (error) => {
    console.error(error)
    killChildren()
    process.exit(1)
  })
}

/**
 * A watchdog for the whole benchmark: if it is still running after `seconds`, every child
 * is killed and the process exits with code 2. Unref'd, so it never keeps a finished run alive.
 */
export function deadline(seconds: number, what: string): void {
  setTimeout(() => {
    console.error(`${what}: still running after ${seconds} s, giving up`)
    killChildren()
    process.exit(2)
  }, seconds * 1000).unref()
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (typeof address !== 'object' || !address) throw new Error('no port')
  return address.port
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * Pauta as a user runs it: its own process, the demo workspace, a fresh data directory.
 * `env` adds to its environment (e.g. DATABASE_URL and REDIS_URL for one of several
 * instances); `nodeArgs` go to node before the entry point (e.g. `--cpu-prof`).
 */
export async function startPauta(
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-bench-'))
  dataDirs.add(dataDir)
  const port = await freePort()
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PAUTA_DEMO: 'on',
    LOG_LEVEL: 'warn',
    ...options.env,
  }
  const url = `http://127.0.0.1:${port}`
  const launch = async (): Promise<ChildProcess> => {
    const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/server/src/main.ts']
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    track(child)
    const deadlineAt = Date.now() + 60_000
    for (;;) {
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) return child
      if (Date.now() > deadlineAt || child.exitCode !== null) throw new Error('Pauta did not start')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const cli = async (...args: string[]) =>
    (
      await run(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
        cwd: root,
        env,
        timeout: 60_000,
      })
    ).stdout.trim()
  const pauta = {
    url,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    /** The server process itself (node running main.ts), for /proc readings. */
    pid: 0,
    child: await launch(),
    cli,
    /**
     * Ends the server — SIGKILL for a crash: nothing is flushed or compacted on the way
     * out — and starts it again on the same data directory and port.
     */
    async restart(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') {
      const exited = new Promise((resolve) => pauta.child.once('exit', resolve))
      if (signal === 'SIGKILL') pauta.child.kill('SIGKILL')
      else await stopChild(pauta.child)
      await exited
      pauta.child = await launch()
      pauta.pid = pauta.child.pid!
    },
    async stop() {
      await stopChild(pauta.child)
      rmSync(dataDir, { recursive: true, force: true })
      dataDirs.delete(dataDir)
    },
  }
  pauta.pid = pauta.child.pid!
  return pauta
}

export type Pauta = Awaited<ReturnType<typeof startPauta>>

/** The bare y-websocket relay (bare-relay.ts) as its own process on a free loopback port. */
export async function startRelay() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/src/bare-relay.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    // The IPC channel lets the relay exit by itself if we die without killing it.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  track(child)
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay did not start')), 30_000)
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening (\d+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', () => reject(new Error('the relay exited')))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    pid: child.pid!,
    child,
    async stop() {
      await stopChild(child)
    },
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields 14 (utime) and 15 (stime), counted from 1; `fields` starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}
const CLOCK_TICKS = 100 // getconf CLK_TCK on Linux

/** Resident memory now and its peak over the process's life (VmRSS, VmHWM), in MiB. */
export function memory(pid: number | 'self'): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 }
}
