import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const WEB_INDEX = path.join(REPO_ROOT, 'apps/web/dist/index.html')
const READY_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000

/** The real Pauta server in a child process, on a free loopback port and a fresh data dir. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`, also the server's PUBLIC_URL */
  url: string
  dataDir: string
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string
  /** SIGTERM, then SIGKILL if it lingers; removes the data dir. Safe to call twice. */
  stop(): Promise<void>
}

export function assertWebBuilt(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `The web app is not built: ${WEB_INDEX} is missing.\n` +
        'Build it first with `pnpm --filter @pauta/web build` (CI does this before `pnpm test`).',
    )
  }
}

/** A port nobody listens on right now: bind to 0, read it, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      if (address === null || typeof address === 'string') {
        probe.close()
        reject(new Error('could not read a free port'))
        return
      }
      probe.close(() => resolve(address.port))
    })
  })
}

export async function startServer(
  opts: { demo?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  assertWebBuilt()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pauta-e2e-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      PAUTA_DEMO: opts.demo === false ? 'off' : 'on',
      LOG_LEVEL: 'warn',
      AUTH_SECRET: 'e2e-secret-that-is-long-enough-to-sign-cookies',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await terminate(child, exited)
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    await waitForHealth(url, child, () => log)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, dataDir, output: () => log, stop }
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`,
      )
    }
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the server was not healthy within ${READY_TIMEOUT_MS} ms:\n${log()}`)
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const lingering = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_GRACE_MS)
  })
  const slow = await Promise.race([exited.then(() => false), lingering])
  clearTimeout(timer)
  if (slow) {
    child.kill('SIGKILL')
    await exited
  }
}
