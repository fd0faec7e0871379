import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, WS_MESSAGE_TOO_BIG } from './close-codes.ts'
import { parseTarget } from './server.ts'
import {
  boardOf,
  cleanup,
  connect,
  connectRaw,
  connectSynced,
  frames,
  mapUpdate,
  startServer,
  waitFor,
} from './test-harness.ts'

afterEach(cleanup)

describe('paths', () => {
  it('[PATH1] only /sync/<boardId> with a short plain id is a board', () => {
    expect(parseTarget('/sync/board_1-A?token=x', '/sync')).toEqual({ boardId: 'board_1-A' })
    expect(parseTarget(`/sync/${'a'.repeat(64)}`, '/sync')).toEqual({ boardId: 'a'.repeat(64) })
    for (const url of ['/sync', '/sync/', '/sync/a/b', '/sync/a%20b', `/sync/${'a'.repeat(65)}`]) {
      expect(parseTarget(url, '/sync'), url).toEqual({ boardId: null })
    }
    for (const url of ['/', '/trpc', '/syncx/a', '//sync/a']) {
      expect(parseTarget(url, '/sync'), url).toBeNull()
    }
  })

  it('[PATH1] handleUpgrade leaves other paths to the app', async () => {
    const server = await startServer()
    const raw = connectRaw(server, '/elsewhere')
    await expect(raw.opened).rejects.toThrow()
    expect(server.upgrades).toEqual([{ url: '/elsewhere', handled: false }])
  })

  it('[PATH2] a bad path under /sync is accepted, then closed with 4404', async () => {
    const server = await startServer()
    const clients = ['/sync', '/sync/a/b', '/sync/bad%20id?token=alice'].map((path) =>
      connectRaw(server, path),
    )
    await waitFor(() => clients.every((c) => c.close !== null))
    for (const client of clients) expect(client.close).toEqual(CloseCode.NotFound)
  })
})

describe('authentication', () => {
  it('[AUTH1] no token or a wrong token closes with 4401 and the stock client stops reconnecting', async () => {
    const server = await startServer()
    const anonymous = connect(server, 'b1', null)
    const wrong = connect(server, 'b1', 'not-a-token')
    await waitFor(() => anonymous.finalCloses.length === 1 && wrong.finalCloses.length === 1)
    for (const client of [anonymous, wrong]) {
      expect(client.finalCloses).toEqual([CloseCode.Unauthorized])
      expect(client.provider.shouldConnect).toBe(false)
    }
    expect(server.sync.connections()).toEqual([])
  })

  it('[AUTH1] a rejection from the hook closes with its code: unknown board → 4404', async () => {
    const server = await startServer()
    const client = connect(server, 'missing', 'alice')
    await waitFor(() => client.finalCloses.length === 1)
    expect(client.finalCloses).toEqual([CloseCode.NotFound])
  })

  it('[ORIGIN1] a foreign origin is refused; a listed origin and no origin pass', async () => {
    const server = await startServer({ options: { allowedOrigins: ['https://pauta.example'] } })
    const foreign = connectRaw(server, '/sync/b1?token=alice', { origin: 'https://evil.example' })
    const listed = connectRaw(server, '/sync/b1?token=alice', { origin: 'https://pauta.example' })
    const node = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => foreign.close !== null)
    expect(foreign.close).toEqual(CloseCode.OriginNotAllowed)
    listed.send(frames.step1())
    await waitFor(() => listed.step2Count === 1)
    expect(listed.close).toBeNull()
    expect(node.provider.wsconnected).toBe(true)
  })

  it('[AUTH3] authentication that does not settle in time closes with 4408', async () => {
    const server = await startServer({
      options: { authTimeoutMs: 50 },
      hooks: () => ({ authenticate: () => new Promise(() => {}) }),
    })
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.AuthTimeout)
  })

  it('[AUTH4] an authenticate hook that throws closes with 4500 (the client retries)', async () => {
    const server = await startServer({
      hooks: () => ({
        authenticate: async () => {
          throw new Error('database down')
        },
      }),
    })
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.Unavailable)
  })

  it('[AUTH5] messages sent before authentication finished are processed after it, in order', async () => {
    let release: () => void = () => {}
    const authenticating = new Promise<void>((resolve) => {
      release = resolve
    })
    let asked = 0
    const server = await startServer({
      hooks: (base) => ({
        async authenticate(req, boardId) {
          asked++
          await authenticating
          return base.authenticate(req, boardId)
        },
      }),
    })
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await raw.opened
    raw.send(frames.update(mapUpdate('early', 'bird')))
    raw.send(frames.step1())
    await waitFor(() => asked === 1)
    expect(server.sync.connections()).toEqual([])
    release()
    await waitFor(() => raw.step2Count === 1)
    expect(boardOf(raw.doc).get('early')).toBe('bird')
    expect(server.memory.stored.get('b1')).toHaveLength(1)
    expect(asked).toBe(1)
  })

  it('[AUTH2] more messages than maxPendingBeforeAuth before authentication closes with 4429', async () => {
    const server = await startServer({
      options: { maxPendingBeforeAuth: 4 },
      hooks: () => ({ authenticate: () => new Promise(() => {}) }),
    })
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await raw.opened
    for (let i = 0; i < 5; i++) raw.send(frames.step1())
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.TooManyMessages)
  })

  it('[AUTH2] more bytes than one maxPayload before authentication closes with 4413', async () => {
    const server = await startServer({
      options: { maxPayload: 1024 },
      hooks: () => ({ authenticate: () => new Promise(() => {}) }),
    })
    const raw = connectRaw(server, '/sync/b1?token=alice')
    await raw.opened
    raw.send(frames.update(mapUpdate('a', 'x'.repeat(600))))
    raw.send(frames.update(mapUpdate('b', 'x'.repeat(600))))
    await waitFor(() => raw.close !== null)
    expect(raw.close).toEqual(CloseCode.TooLarge)
  })

  /** An authenticate hook held until `release()`, counting calls and the most at once. */
  function heldAuthentication() {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const seen = { calls: 0, inFlight: 0, mostInFlight: 0 }
    const hooks: Parameters<typeof startServer>[0] = {
      hooks: (base) => ({
        async authenticate(req, boardId) {
          seen.calls++
          seen.inFlight++
          seen.mostInFlight = Math.max(seen.mostInFlight, seen.inFlight)
          try {
            await gate
            return await base.authenticate(req, boardId)
          } finally {
            seen.inFlight--
          }
        },
      }),
    }
    return { hooks: hooks.hooks, seen, release: () => release() }
  }

  it('[AUTH6] sockets of one address authenticating beyond the cap are closed with 1013; the others authenticate', async () => {
    const held = heldAuthentication()
    const server = await startServer({
      hooks: held.hooks,
      options: { maxAuthenticatingPerAddress: 3 },
    })
    const first = ['alice', 'bob', 'carol'].map((token) =>
      connectRaw(server, `/sync/b1?token=${token}`),
    )
    await waitFor(() => held.seen.calls === 3, { what: 'three authenticating' })
    const extra = [
      connectRaw(server, '/sync/b1?token=alice'),
      connectRaw(server, '/sync/b1?token=bob'),
    ]
    await waitFor(() => extra.every((raw) => raw.close !== null), { what: 'the extra closed' })
    for (const raw of extra) expect(raw.close).toEqual(CloseCode.TryAgainLater)
    expect(CloseCode.TryAgainLater.code).toBe(1013)
    // never asked about: the cap is checked before the hook
    expect(held.seen.calls).toBe(3)

    held.release()
    for (const raw of first) raw.send(frames.step1())
    await waitFor(() => first.every((raw) => raw.step2Count === 1), { what: 'the first synced' })
    expect(first.map((raw) => raw.close)).toEqual([null, null, null])
    // joined sockets no longer count: the address may authenticate again
    const later = connectRaw(server, '/sync/b1?token=carol')
    await later.opened
    later.send(frames.step1())
    await waitFor(() => later.step2Count === 1, { what: 'a later socket synced' })
  })

  it('[AUTH6] the stock client retries after 1013, so a herd from one address all get in', async () => {
    const held = heldAuthentication()
    const server = await startServer({
      hooks: held.hooks,
      options: { maxAuthenticatingPerAddress: 2 },
    })
    const herd = ['alice', 'bob', 'carol', 'alice', 'bob', 'carol'].map((token) =>
      connect(server, 'b1', token),
    )
    await waitFor(() => herd.filter((c) => c.closeCodes.includes(1013)).length >= 4, {
      what: 'four turned away',
    })
    held.release()
    await waitFor(() => herd.every((c) => c.provider.synced), {
      what: 'all synced',
      timeout: 10_000,
    })
    for (const client of herd) {
      expect(client.finalCloses).toEqual([])
      expect(client.closeCodes.every((code) => code === 1013)).toBe(true)
    }
    expect(held.seen.mostInFlight).toBe(2)
  })

  it("[AUTH6] sockets count against the address addressOf gives, not the socket's", async () => {
    const held = heldAuthentication()
    const server = await startServer({
      hooks: held.hooks,
      options: {
        maxAuthenticatingPerAddress: 1,
        addressOf: (req) => new URL(req.url ?? '/', 'http://x').searchParams.get('from') ?? '',
      },
    })
    const a = connectRaw(server, '/sync/b1?token=alice&from=a')
    const b = connectRaw(server, '/sync/b1?token=bob&from=b')
    await waitFor(() => held.seen.calls === 2, { what: 'both authenticating' })
    const secondA = connectRaw(server, '/sync/b1?token=carol&from=a')
    await waitFor(() => secondA.close !== null)
    expect(secondA.close).toEqual(CloseCode.TryAgainLater)
    expect([a.close, b.close]).toEqual([null, null])
    held.release()
  })
})

describe('malformed input', () => {
  /** A frame made of seeded random bytes behind a sync header, so the Yjs decoders are exercised. */
  function randomSyncFrame(seed: number): Uint8Array {
    const gen = prng.create(seed)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, prng.uint32(gen, 0, 2))
    encoding.writeUint8Array(encoder, prng.uint8Array(gen, 40))
    return encoding.toUint8Array(encoder)
  }

  const garbage: [string, Uint8Array | string][] = [
    ['unknown message type', Uint8Array.of(7)],
    ['unknown sync message type', frames.sync(9, Uint8Array.of(0))],
    ['truncated sync message', Uint8Array.of(0, 2, 10, 1, 2)],
    ['update that is not a Yjs update', frames.sync(2, Uint8Array.of(1, 2, 3, 4, 5))],
    ['sync step 2 that is not a Yjs update', frames.sync(1, Uint8Array.of(11, 48, 85, 122, 159))],
    ['trailing bytes after a message', Uint8Array.of(...frames.step1(), 9)],
    ['awareness entry that is not JSON', Uint8Array.of(1, 6, 1, 1, 1, 2, 0x7b, 0x7b)],
    ['empty frame', new Uint8Array(0)],
    ['text frame', 'hello'],
    ['random bytes (seed 1)', randomSyncFrame(1)],
    ['random bytes (seed 2)', randomSyncFrame(2)],
    ['random bytes (seed 3)', randomSyncFrame(3)],
  ]

  it('[BAD1] each malformed frame closes only its sender with 4400; the room keeps working', async () => {
    const server = await startServer()
    const a = await connectSynced(server, 'b1', 'alice')
    const b = await connectSynced(server, 'b1', 'bob')
    const senders = garbage.map(([name, frame]) => {
      const raw = connectRaw(server, '/sync/b1?token=carol')
      void raw.opened.then(() => raw.send(frame))
      return { name, raw }
    })
    await waitFor(() => senders.every(({ raw }) => raw.close !== null), { what: 'all closed' })
    for (const { name, raw } of senders) expect(raw.close, name).toEqual(CloseCode.BadRequest)

    boardOf(a.doc).set('still', 'working')
    await waitFor(() => boardOf(b.doc).get('still') === 'working')
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
  })

  it('[BAD2] a frame over maxPayload is closed by ws with 1009; others are unaffected', async () => {
    const server = await startServer({ options: { maxPayload: 64 * 1024 } })
    const a = await connectSynced(server, 'b1', 'alice')
    const raw = connectRaw(server, '/sync/b1?token=bob')
    await raw.opened
    raw.send(frames.update(mapUpdate('big', 'x'.repeat(100 * 1024))))
    await waitFor(() => raw.close !== null)
    expect(raw.close?.code).toBe(WS_MESSAGE_TOO_BIG)
    boardOf(a.doc).set('fine', 'yes')
    await waitFor(() => server.memory.stored.get('b1')?.length === 1)
  })
})

describe('liveness', () => {
  it('[PING1] a connection that does not answer pings is terminated; one that does stays', async () => {
    const server = await startServer({ options: { pingIntervalMs: 40 } })
    const silent = new WebSocket(`ws://127.0.0.1:${server.port}/sync/b1?token=alice`, {
      autoPong: false,
    })
    let silentCode: number | null = null
    silent.on('close', (code) => {
      silentCode = code
    })
    const healthy = await connectSynced(server, 'b1', 'bob')
    await waitFor(() => silentCode !== null, { what: 'silent socket terminated' }).finally(() =>
      silent.terminate(),
    )
    expect(silentCode).toBe(1006)
    expect(healthy.provider.wsconnected).toBe(true)
    expect(healthy.closeCodes).toEqual([])
  })
})
