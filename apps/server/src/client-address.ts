import type { IncomingMessage } from 'node:http'
import { BlockList, isIP, isIPv6 } from 'node:net'

/** `TRUST_PROXY=on`: a reverse proxy on this machine. */
export const LOOPBACK = ['127.0.0.0/8', '::1/128'] as const

/** Whether a peer address is one of the reverse proxies whose X-Forwarded-For we believe. */
export type ProxyTrust = (address: string) => boolean

/**
 * From TRUST_PROXY's list of addresses and CIDR ranges (IPv4 or IPv6; an IPv4-mapped IPv6
 * peer matches its IPv4 range). An empty list trusts no one.
 */
export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return () => false
  const list = new BlockList()
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry)
    if (!parsed) throw new Error(`not an address or CIDR range: ${entry}`)
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family)
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family)
  }
  return (address) => {
    const family = isIP(address)
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4')
  }
}

/** `10.0.0.0/8`, `fd00::/8` or a bare address; null when it is neither. */
export function parseProxyEntry(
  entry: string,
): { address: string; family: 'ipv4' | 'ipv6'; prefix: number | undefined } | null {
  const [address = '', prefixText, extra] = entry.trim().split('/')
  const family = isIP(address)
  if (family === 0 || extra !== undefined) return null
  if (prefixText === undefined)
    return { address, family: isIPv6(address) ? 'ipv6' : 'ipv4', prefix: undefined }
  if (!/^\d{1,3}$/.test(prefixText)) return null
  const prefix = Number(prefixText)
  if (prefix > (family === 6 ? 128 : 32)) return null
  return { address, family: family === 6 ? 'ipv6' : 'ipv4', prefix }
}

/**
 * The address per-address limits count by: the socket's peer, or — while that peer and each
 * address before it in X-Forwarded-For are trusted proxies — the address the outermost
 * trusted proxy saw. Exactly what Fastify's `req.ip` gives with the same trust function, so
 * the sync socket (which never passes through Fastify) and tRPC agree. A client cannot
 * choose its address by sending its own X-Forwarded-For: a proxy appends what it saw, and
 * the walk stops at the first address that is not a trusted proxy.
 */
export function clientAddress(req: IncomingMessage, trusted: ProxyTrust): string {
  const peer = req.socket.remoteAddress ?? ''
  const header = req.headers['x-forwarded-for']
  if (typeof header !== 'string' || !trusted(peer)) return peer
  const hops = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .reverse()
  let address = peer
  for (const hop of hops) {
    if (!trusted(address)) break
    address = hop
  }
  return address
}
