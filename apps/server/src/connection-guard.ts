import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** How long a connection may take to send its request headers, and how many may be waiting. */
export interface ConnectionLimits {
  /** A request's headers, or a WebSocket upgrade's, complete within this (production 10 s). */
  headersTimeoutMs: number
  /**
   * Connections of one peer address that have not completed their first request's headers;
   * one more is destroyed at once (production 64). 0: no cap.
   */
  maxWaitingPerAddress: number
  /** A request's body, once its headers are in, arrives within this (production 30 s)… */
  bodyTimeoutMs: number
  /** …except a file upload's, which may take this long on a slow link (production 1 h). */
  uploadTimeoutMs: number
}

export const CONNECTION_DEFAULTS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  maxWaitingPerAddress: 64,
  bodyTimeoutMs: 30_000,
  uploadTimeoutMs: 60 * 60 * 1000,
}

/** The one route whose body may be large: a card's media upload, sent as a form. */
const UPLOAD_PATH = /^\/api\/boards\/[^/?]+\/media(\?|$)/
const isUpload = (req: IncomingMessage) =>
  req.method === 'POST' &&
  UPLOAD_PATH.test(req.url ?? '') &&
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')

/**
 * Idle keep-alive connections close after 72 s (Fastify's default, chosen on purpose): longer
 * than the idle timeouts of the proxies and load balancers Pauta sits behind (nginx's
 * upstream keepalive 60 s, most cloud balancers 60 s), so the proxy, not Pauta, ends an idle
 * upstream connection — were Pauta first, a request the proxy sends at that moment would
 * fail as a 502. Such a connection has completed a request already, so it is not one of the
 * never-ending ones this guard is about, and 72 s bounds it.
 */
const KEEP_ALIVE_TIMEOUT_MS = 72_000

/** The Fastify options that set Node's own HTTP timeouts from the limits. */
export function httpTimeouts(limits: ConnectionLimits): {
  http: ServerOptions
  keepAliveTimeout: number
  requestTimeout: number
} {
  return {
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node checks these timeouts every connectionsCheckingInterval (30 s by default, which
      // would let a 10 s timeout run to 40 s); once a second costs one walk over the open
      // HTTP connections (upgraded WebSockets are not among them).
      connectionsCheckingInterval: Math.max(20, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node's own cut-off, the same for every request, is the upload's; guardConnections
    // holds every other body to bodyTimeoutMs.
    requestTimeout: Math.max(limits.uploadTimeoutMs, limits.bodyTimeoutMs, limits.headersTimeoutMs),
  }
}

export interface ConnectionGuard {
  readonly limits: ConnectionLimits
  /** Counted connections (not from exempt peers) still waiting for their first request's headers, of one address or all. */
  waiting(address?: string): number
}

/**
 * What Node's HTTP timeouts miss: `headersTimeout` only covers a request that has begun (tried
 * on Node 20: a socket that never sent a byte outlived it many times over, while a request
 * trickling header lines was closed), so an idle connection stays open for ever. Each
 * connection gets a timer from its TCP connect until its first request's headers are
 * complete — the `request` or `upgrade` event —, and is destroyed when it runs out. Later requests on a keep-alive connection are
 * covered by Node's `headersTimeout` (see httpTimeouts), and an upgraded WebSocket, owned by
 * `ws` from the `upgrade` event on, by neither: its timer is cleared at that moment.
 *
 * Connections of one address still waiting for their first headers are capped: beyond
 * `maxWaitingPerAddress` a new one is destroyed at once. `exempt` peers (trusted reverse
 * proxies: every client behind one shares its address, and it sends complete headers
 * itself) are timed but not counted.
 */
/**
 * The whole request, body included, within bodyTimeoutMs: bodies are at most 1 MiB (a slow
 * phone link still sends that in time), and a slow-body sender is cut off there. Only
 * receiving the request counts: a long answer (the bell's server-sent events) is not limited
 * by it, and an upgraded WebSocket leaves Node's HTTP bookkeeping altogether. An upload of
 * a card's file has Node's requestTimeout (uploadTimeoutMs) instead.
 */
function bodyDeadline(req: IncomingMessage, res: ServerResponse, limits: ConnectionLimits): void {
  if (req.complete || isUpload(req)) return
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy()
  }, limits.bodyTimeoutMs)
  timer.unref()
  const clear = () => clearTimeout(timer)
  req.once('end', clear)
  res.once('close', clear)
}

export function guardConnections(
  server: Server,
  limits: ConnectionLimits,
  exempt: (address: string) => boolean = () => false,
): ConnectionGuard {
  const waitingByAddress = new Map<string, number>()
  const settle = new WeakMap<Socket, () => void>()

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const counted = limits.maxWaitingPerAddress > 0 && !exempt(address)
    if (counted) {
      const count = waitingByAddress.get(address) ?? 0
      if (count >= limits.maxWaitingPerAddress) {
        socket.destroy()
        return
      }
      waitingByAddress.set(address, count + 1)
    }
    const timer = setTimeout(() => socket.destroy(), limits.headersTimeoutMs)
    timer.unref()
    let settled = false
    const done = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      settle.delete(socket)
      if (!counted) return
      const count = (waitingByAddress.get(address) ?? 1) - 1
      if (count > 0) waitingByAddress.set(address, count)
      else waitingByAddress.delete(address)
    }
    settle.set(socket, done)
    socket.once('close', done)
  })
  const headersComplete = (req: IncomingMessage) => settle.get(req.socket as Socket)?.()
  server.on('request', headersComplete)
  server.on('upgrade', headersComplete)
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    bodyDeadline(req, res, limits),
  )

  return {
    limits,
    waiting(address) {
      if (address !== undefined) return waitingByAddress.get(address) ?? 0
      let total = 0
      for (const count of waitingByAddress.values()) total += count
      return total
    },
  }
}
