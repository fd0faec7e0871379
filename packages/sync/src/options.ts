import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Fanout, SyncHooks, SyncLog, SyncServerOptions } from './types.ts'

const defaults = {
  path: '/sync',
  maxPayload: 2 * 1024 * 1024,
  authTimeoutMs: 10_000,
  maxPendingBeforeAuth: 32,
  maxAuthenticatingPerAddress: 32,
  compactEvery: 500,
  idleUnloadMs: 30_000,
  awarenessBatchFrom: 32,
  // [PING1] [AWARE7] a silent drop is noticed within two intervals: presence gone in ≤ 5 s
  pingIntervalMs: 1_500,
  catchUpIntervalMs: 3_000,
}

const quietLog: SyncLog = {
  info: () => {},
  warn: () => {},
  error: (message, details) => console.error(`[sync] ${message}`, details ?? ''),
}

/** `SyncServerOptions` with every default filled in and every number checked. */
export type SyncSettings<U> = Readonly<{
  hooks: SyncHooks<U>
  log: SyncLog
  /** The path prefix without trailing slashes. */
  prefix: string
  maxPayload: number
  authTimeoutMs: number
  maxPendingBeforeAuth: number
  maxAuthenticatingPerAddress: number
  addressOf: (req: IncomingMessage) => string
  compactEvery: number
  idleUnloadMs: number
  awarenessBatchFrom: number
  pingIntervalMs: number
  /** null: any origin is allowed. */
  allowedOrigins: ReadonlySet<string> | null
  fanout: Fanout | undefined
  instanceId: string
  catchUpIntervalMs: number
}>

/**
 * The settings `createSyncServer` runs with. Throws (RangeError, TypeError) on a number that
 * is not positive (`idleUnloadMs`: negative) and on a fan-out without `hooks.loadSince`.
 */
export function resolveOptions<U>(options: SyncServerOptions<U>): SyncSettings<U> {
  const { hooks } = options
  const log = options.log ?? quietLog
  const prefix = (options.path ?? defaults.path).replace(/\/+$/, '')
  const maxPayload = positive('maxPayload', options.maxPayload ?? defaults.maxPayload)
  const authTimeoutMs = positive('authTimeoutMs', options.authTimeoutMs ?? defaults.authTimeoutMs)
  const maxPendingBeforeAuth = positive(
    'maxPendingBeforeAuth',
    options.maxPendingBeforeAuth ?? defaults.maxPendingBeforeAuth,
  )
  const maxAuthenticatingPerAddress = positive(
    'maxAuthenticatingPerAddress',
    options.maxAuthenticatingPerAddress ?? defaults.maxAuthenticatingPerAddress,
  )
  const addressOf = options.addressOf ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? '')
  const compactEvery = positive('compactEvery', options.compactEvery ?? defaults.compactEvery)
  const idleUnloadMs = nonNegative('idleUnloadMs', options.idleUnloadMs ?? defaults.idleUnloadMs)
  const awarenessBatchFrom = positive(
    'awarenessBatchFrom',
    options.awarenessBatchFrom ?? defaults.awarenessBatchFrom,
  )
  const pingIntervalMs = positive(
    'pingIntervalMs',
    options.pingIntervalMs ?? defaults.pingIntervalMs,
  )
  const allowedOrigins = options.allowedOrigins ? new Set(options.allowedOrigins) : null
  const fanout = options.fanout
  if (fanout && !hooks.loadSince) {
    throw new TypeError('a fanout needs hooks.loadSince: rooms catch up from storage after a gap')
  }
  const instanceId = options.instanceId ?? randomUUID()
  const catchUpIntervalMs = positive(
    'catchUpIntervalMs',
    options.catchUpIntervalMs ?? defaults.catchUpIntervalMs,
  )
  return {
    hooks,
    log,
    prefix,
    maxPayload,
    authTimeoutMs,
    maxPendingBeforeAuth,
    maxAuthenticatingPerAddress,
    addressOf,
    compactEvery,
    idleUnloadMs,
    awarenessBatchFrom,
    pingIntervalMs,
    allowedOrigins,
    fanout,
    instanceId,
    catchUpIntervalMs,
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be positive`)
  return value
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must not be negative`)
  return value
}
