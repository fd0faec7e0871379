import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { clientAddress, createProxyTrust, LOOPBACK, parseProxyEntry } from './client-address.ts'

describe('client address behind trusted proxies', () => {
  it('reads addresses and CIDR ranges, IPv4 and IPv6, and refuses anything else', () => {
    expect(parseProxyEntry('10.0.0.0/8')).toEqual({
      address: '10.0.0.0',
      family: 'ipv4',
      prefix: 8,
    })
    expect(parseProxyEntry(' fd00::/8 ')).toEqual({ address: 'fd00::', family: 'ipv6', prefix: 8 })
    expect(parseProxyEntry('192.0.2.7')).toEqual({
      address: '192.0.2.7',
      family: 'ipv4',
      prefix: undefined,
    })
    for (const bad of ['', 'proxy.local', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', '10.0.0.0/x'])
      expect(parseProxyEntry(bad), bad).toBeNull()

    const trusted = createProxyTrust(['10.0.0.0/8', '::1'])
    expect(trusted('10.1.2.3')).toBe(true)
    expect(trusted('::ffff:10.1.2.3')).toBe(true)
    expect(trusted('::1')).toBe(true)
    expect(trusted('11.0.0.1')).toBe(false)
    expect(trusted('not an address')).toBe(false)
    expect(createProxyTrust([])('127.0.0.1')).toBe(false)
  })

  it("agrees with Fastify's req.ip given the same proxies, so tRPC and the sync socket count alike", async () => {
    const trust = createProxyTrust([...LOOPBACK, '10.0.0.0/8'])
    const app = Fastify({ trustProxy: (address: string) => trust(address) })
    app.get('/', async (req) => ({ fastify: req.ip, ours: clientAddress(req.raw, trust) }))
    const cases: Array<{ peer: string; forwarded?: string; client: string }> = [
      // a proxy on this machine: the address it saw
      { peer: '127.0.0.1', forwarded: '203.0.113.9', client: '203.0.113.9' },
      // what the client wrote itself stays to the left of what the proxy appended
      { peer: '127.0.0.1', forwarded: '198.51.100.1, 203.0.113.9', client: '203.0.113.9' },
      // two trusted proxies in a row
      { peer: '::1', forwarded: '203.0.113.9, 10.0.0.2', client: '203.0.113.9' },
      // someone who is not a proxy cannot claim an address
      { peer: '198.51.100.7', forwarded: '203.0.113.9', client: '198.51.100.7' },
      { peer: '127.0.0.1', client: '127.0.0.1' },
      { peer: '127.0.0.1', forwarded: ' ', client: '127.0.0.1' },
    ]
    for (const { peer, forwarded, client } of cases) {
      const res = await app.inject({
        url: '/',
        remoteAddress: peer,
        headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
      })
      expect(res.json(), `${peer} ${forwarded}`).toEqual({ fastify: client, ours: client })
    }
    await app.close()
    // Without trusted proxies the header is ignored.
    const none = createProxyTrust([])
    const plain = Fastify()
    plain.get('/', async (req) => clientAddress(req.raw, none))
    const res = await plain.inject({
      url: '/',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    })
    expect(res.body).toBe('127.0.0.1')
    await plain.close()
  })
})
