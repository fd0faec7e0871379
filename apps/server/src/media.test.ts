import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { getCard, runCommand } from '@pauta/board'
import { openDatabase } from '@pauta/db'
import { type Actor, type BoardRules, DEFAULT_RULES, decodeRefusal } from '@pauta/domain'
import { sql } from 'kysely'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  eventually,
  openRaw,
  sleep,
  startTestServer,
  storedBoard,
  type TestServer,
  type TestUser,
  within,
} from './test-server.ts'

// [UPLOAD1]–[UPLOAD6] [MEDIA1] [ALT1] Card media over real HTTP, on a real server and SQLite
// file: who may upload and download, what is refused and that a refusal stores nothing.

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(env: Record<string, string> = {}) {
  const t: TestServer = await startTestServer({ env, serverOptions: { media: { graceMs: 0 } } })
  cleanups.push(() => t.dispose())
  const { workspace, board } = await addTestBoard(t)
  const lead = await addTestUser(t, workspace.id, ['strategist', 'manager'])
  const cm = await addTestUser(t, workspace.id, ['cm'])
  const client = await addTestUser(t, workspace.id, ['client'])
  const other = await addTestBoard(t, 'Another workspace')
  const stranger = await addTestUser(t, other.workspace.id, ['strategist', 'manager'])
  return { t, board, lead, cm, client, stranger }
}

const pngOf = (width: number, height: number, noise = false) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#3366cc',
      ...(noise ? { noise: { type: 'gaussian' as const, mean: 128, sigma: 60 } } : {}),
    },
  })
    .png()
    .toBuffer()

/** The start of an MP4 file: an `ftyp` box, then filler; enough for its type to be read. */
const mp4 = (bytes: number) => {
  const file = Buffer.alloc(bytes)
  file.writeUInt32BE(24, 0)
  file.write('ftypmp42', 4, 'latin1')
  file.write('mp42isom', 16, 'latin1')
  for (let i = 24; i < bytes; i++) file[i] = i % 251
  return file
}

/** A PNG whose header says 20,000 × 20,000 pixels (400 megapixels) in a few hundred bytes. */
function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(20_000, 0)
  header.writeUInt32BE(20_000, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    // the first rows, all zero: a file that inflates far beyond its size
    chunk('IDAT', deflateSync(Buffer.alloc(60_001 * 4))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

async function upload(
  t: TestServer,
  boardId: string,
  user: TestUser | null,
  bytes: Buffer,
  name: string,
  headers: Record<string, string> = {},
) {
  const body = new FormData()
  // what the browser claims is ignored: everything is sent as a JPEG
  body.append('file', new Blob([bytes], { type: 'image/jpeg' }), name)
  const res = await fetch(`${t.url}/api/boards/${boardId}/media`, {
    method: 'POST',
    body,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const get = (t: TestServer, url: string, user: TestUser | null, headers = {}) =>
  fetch(`${t.url}${url}`, {
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
  })

/** What the server holds: media rows, blob rows and files under DATA_DIR/media. */
async function stored(t: TestServer) {
  const media = await t.database.db.selectFrom('media').select('id').execute()
  const blobs = await t.database.db.selectFrom('blob').select('hash').execute()
  const dir = path.join(t.dataDir, 'media')
  const files = existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    : []
  return { media: media.length, blobs: blobs.length, files: files.length }
}

describe('[UPLOAD1] [UPLOAD5] uploading and serving a card’s files', () => {
  it('takes an image from a community manager and serves it and its thumbnail to members only', async () => {
    const { t, board, cm, client, stranger } = await setup()
    const png = await pngOf(1200, 800)
    const sent = await upload(t, board.id, cm, png, 'playa.jpg')
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ kind: 'image', mime: 'image/png', width: 1200, height: 800 })
    expect(sent.body.name).toBe('playa.jpg')
    const id = String(sent.body.id)

    const original = await get(t, `/api/media/${id}`, client)
    expect(original.status).toBe(200)
    expect(original.headers.get('content-type')).toBe('image/png')
    expect(original.headers.get('x-content-type-options')).toBe('nosniff')
    expect(original.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true)

    const thumb = await get(t, `/api/media/${id}/thumb`, cm)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
    const facts = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()
    expect([facts.width, facts.height]).toEqual([480, 320])

    const download = await get(t, `/api/media/${id}?download=1`, cm)
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename\*=UTF-8''playa\.jpg$/,
    )

    // another workspace's member, and nobody: as if there were no such file
    expect((await get(t, `/api/media/${id}`, stranger)).status).toBe(404)
    expect((await get(t, `/api/media/${id}/thumb`, stranger)).status).toBe(404)
    expect((await get(t, `/api/media/${id}`, null)).status).toBe(401)
    expect((await get(t, '/api/media/no-such-file', cm)).status).toBe(404)
  })

  it('refuses uploads by a client, another workspace’s member, nobody, and from another site', async () => {
    const { t, board, cm, client, stranger } = await setup()
    const png = await pngOf(40, 40)
    expect((await upload(t, board.id, client, png, 'a.png')).status).toBe(403)
    expect((await upload(t, board.id, stranger, png, 'a.png')).status).toBe(404)
    expect((await upload(t, board.id, null, png, 'a.png')).status).toBe(401)
    const forged = await upload(t, board.id, cm, png, 'a.png', { origin: 'https://evil.test' })
    expect(forged.status).toBe(403)
    expect(await stored(t)).toEqual({ media: 0, blobs: 0, files: 0 })
  })

  it('stores a video as it streams in and serves byte ranges, for seeking', async () => {
    const { t, board, cm } = await setup()
    const video = mp4(300_000)
    const sent = await upload(t, board.id, cm, video, 'clip.mp4')
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({ kind: 'video', mime: 'video/mp4', size: 300_000 })
    const id = String(sent.body.id)
    const part = await get(t, `/api/media/${id}`, cm, { range: 'bytes=1000-1999' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 1000-1999/300000')
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(1000, 2000))).toBe(true)
    const tail = await get(t, `/api/media/${id}`, cm, { range: 'bytes=-10' })
    expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(-10))).toBe(true)
    expect((await get(t, `/api/media/${id}`, cm, { range: 'bytes=400000-' })).status).toBe(416)
    // a video has no thumbnail of the server's making
    expect((await get(t, `/api/media/${id}/thumb`, cm)).status).toBe(404)
  })

  it('stores the same file twice once', async () => {
    const { t, board, cm, lead } = await setup()
    const png = await pngOf(64, 64)
    const a = await upload(t, board.id, cm, png, 'a.png')
    const b = await upload(t, board.id, lead, png, 'b.png')
    expect(a.body.id).not.toBe(b.body.id)
    // two media, one original and one thumbnail
    expect(await stored(t)).toMatchObject({ media: 2, blobs: 2, files: 2 })
  })
})

describe('[UPLOAD2] [UPLOAD3] [UPLOAD4] what is refused, with nothing stored', () => {
  it('refuses files whose bytes are not an image or video a post takes, whatever their name', async () => {
    const { t, board, cm } = await setup()
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>')
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])
    exe.write('PE\0\0', 128, 'latin1')
    exe.writeUInt32LE(128, 0x3c)
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
    )
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)])
    for (const [bytes, name] of [
      [html, 'photo.jpg'],
      [exe, 'photo.jpg'],
      [svg, 'logo.svg'],
      [zip, 'photo.png'],
    ] as const) {
      const sent = await upload(t, board.id, cm, bytes, name)
      expect(sent.status, name).toBe(415)
      expect(sent.body.error).toBe('unsupported file type')
    }
    expect(await stored(t)).toEqual({ media: 0, blobs: 0, files: 0 })
  })

  it('refuses an image that unpacks to more than 50 megapixels, and one that does not decode', async () => {
    const { t, board, cm } = await setup()
    const bomb = await upload(t, board.id, cm, pixelBomb(), 'small.png')
    expect(bomb.status).toBe(415)
    expect(String(bomb.body.detail)).toMatch(/20000 × 20000/)
    const png = await pngOf(100, 100)
    const broken = await upload(t, board.id, cm, png.subarray(0, png.length - 40), 'cut.png')
    expect(broken.status).toBe(415)
    expect(await stored(t)).toEqual({ media: 0, blobs: 0, files: 0 })
  })

  it('refuses files past MAX_IMAGE_BYTES and MAX_UPLOAD_BYTES', async () => {
    const { t, board, cm } = await setup({
      MAX_IMAGE_BYTES: String(64 * 1024),
      MAX_UPLOAD_BYTES: String(1024 * 1024),
    })
    const photo = await pngOf(400, 400, true)
    expect(photo.length).toBeGreaterThan(64 * 1024)
    const big = await upload(t, board.id, cm, photo, 'big.png')
    expect(big.status).toBe(413)
    expect(big.body.maxBytes).toBe(64 * 1024)
    const long = await upload(t, board.id, cm, mp4(1024 * 1024 + 1), 'long.mp4')
    expect(long.status).toBe(413)
    expect((await upload(t, board.id, cm, mp4(1024 * 1024), 'fits.mp4')).status).toBe(201)
    expect(await stored(t)).toMatchObject({ media: 1, blobs: 1, files: 1 })
  })

  it('keeps nothing of an upload whose sender hangs up half-way', async () => {
    const { t, board, cm } = await setup()
    const boundary = 'pauta-test-boundary'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    )
    const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1')
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      `POST /api/boards/${board.id}/media HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${cm.token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n`,
    )
    socket.write(head)
    socket.write(mp4(500_000))
    await new Promise((resolve) => setTimeout(resolve, 300))
    socket.destroy()
    await eventually(async () => {
      const tmp = path.join(t.dataDir, 'media', 'tmp')
      expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([])
    })
    expect(await stored(t)).toEqual({ media: 0, blobs: 0, files: 0 })
  })
})

describe('[MEDIA1] [ALT1] [UPLOAD6] files on cards', () => {
  async function withCard(rules: BoardRules) {
    const s = await setup()
    const saved = await callTrpc(
      s.t,
      'boards.updateSettings',
      { boardId: s.board.id, settings: { wipLimits: {}, rules } },
      { token: s.lead.token },
    )
    expect(saved.status).toBe(200)
    const raw = await openRaw(s.t, s.board.id, s.lead.token)
    cleanups.push(() => raw.close())
    const actor: Actor = { id: s.lead.id, roles: ['strategist', 'manager'] }
    const run = async (command: Parameters<typeof runCommand>[2]) => {
      raw.sendUpdate(
        raw.change((doc) => {
          const done = runCommand(doc, { actor, rules: DEFAULT_RULES }, command)
          if (!done.ok) throw new Error(JSON.stringify(done.refusal))
        }),
      )
      if (raw.open) await raw.barrier().catch(() => {})
    }
    await run({
      type: 'create',
      id: 'post',
      card: {
        title: 'Lanzamiento',
        stage: 'plan',
        network: 'instagram',
        scheduledAt: '2031-12-01T10:00:00.000Z',
        assigneeId: s.cm.id,
      },
    })
    return { ...s, raw, run, actor }
  }

  it('refuses a move to Calendar over a socket while an image has no alt text, when the board asks', async () => {
    const { t, board, cm, raw, run, actor } = await withCard({
      ...DEFAULT_RULES,
      imagesNeedAlt: true,
    })
    const sent = await upload(t, board.id, cm, await pngOf(60, 60), 'a.png')
    const id = String(sent.body.id)
    await run({ type: 'edit', cardId: 'post', fields: { media: [{ id, kind: 'image', alt: '' }] } })
    expect(raw.open).toBe(true)
    raw.sendUpdate(
      raw.change((doc) => {
        runCommand(
          doc,
          { actor, rules: DEFAULT_RULES },
          { type: 'move', cardId: 'post', stage: 'calendar' },
        )
      }),
    )
    const info = await within(raw.closed, 'the server did not refuse the move')
    expect(info.code).toBe(4422)
    expect(decodeRefusal(info.reason)).toEqual({ code: 'missing-alt', images: 1 })
    expect(getCard((await storedBoard(t, board.id)).doc, 'post')).toMatchObject({
      stage: 'plan',
      media: [{ id, kind: 'image', alt: '' }],
    })
  })

  it('frees a file once no card lists it, after the grace period', async () => {
    const { t, board, cm, run } = await withCard(DEFAULT_RULES)
    const sent = await upload(t, board.id, cm, await pngOf(60, 60), 'a.png')
    const id = String(sent.body.id)
    await run({
      type: 'edit',
      cardId: 'post',
      fields: { media: [{ id, kind: 'image', alt: 'A' }] },
    })
    await eventually(async () => {
      const refs = await t.database.db.selectFrom('mediaRef').selectAll().execute()
      expect(refs).toEqual([{ boardId: board.id, cardId: 'post', mediaId: id }])
    })
    await t.server.media.sweeper.sweep()
    expect((await get(t, `/api/media/${id}`, cm)).status).toBe(200)

    await run({ type: 'edit', cardId: 'post', fields: { media: [] } })
    await eventually(async () => {
      expect(await t.database.db.selectFrom('mediaRef').selectAll().execute()).toEqual([])
    })
    // the first round marks it unlisted; with no grace, the next (a moment later: the clock
    // must have moved past the mark) frees it
    await t.server.media.sweeper.sweep()
    await sleep(20)
    await t.server.media.sweeper.sweep()
    expect((await get(t, `/api/media/${id}`, cm)).status).toBe(404)
    expect(await stored(t)).toEqual({ media: 0, blobs: 0, files: 0 })
  })
})

const postgresUrl = process.env.PAUTA_TEST_POSTGRES_URL
if (!postgresUrl) {
  if (process.env.CI)
    throw new Error('CI runs the media tests on PostgreSQL: set PAUTA_TEST_POSTGRES_URL')
  console.warn(
    'media on PostgreSQL skipped: set PAUTA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it',
  )
}

describe.skipIf(!postgresUrl)('[UPLOAD5] media on PostgreSQL, across instances', () => {
  it('serves from instance B a file uploaded to instance A, ranges and thumbnail too', async () => {
    const name = `pauta_test_${randomBytes(6).toString('hex')}`
    const admin = await openDatabase({ databaseUrl: postgresUrl! })
    await sql.raw(`create database ${name}`).execute(admin.db)
    cleanups.push(async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db)
      await admin.close()
    })
    const url = new URL(postgresUrl!)
    url.pathname = `/${name}`
    const env = { DATABASE_URL: url.toString() }
    const a = await startTestServer({ env })
    cleanups.push(() => a.dispose())
    const b = await startTestServer({ env })
    cleanups.push(() => b.dispose())
    const { workspace, board } = await addTestBoard(a)
    const cm = await addTestUser(a, workspace.id, ['cm'])
    const stranger = await addTestUser(a, (await addTestBoard(a)).workspace.id, ['manager'])

    const png = await pngOf(800, 800, true)
    const video = mp4(700_000)
    const image = await upload(a, board.id, cm, png, 'a.png')
    const clipSent = await upload(a, board.id, cm, video, 'a.mp4')
    expect([image.status, clipSent.status]).toEqual([201, 201])

    const fromB = await get(b, `/api/media/${image.body.id}`, cm)
    expect(fromB.status).toBe(200)
    expect(Buffer.from(await fromB.arrayBuffer()).equals(png)).toBe(true)
    const thumb = await get(b, `/api/media/${image.body.id}/thumb`, cm)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
    // a range across the store's chunks (256 KiB each)
    const part = await get(b, `/api/media/${clipSent.body.id}`, cm, {
      range: 'bytes=262000-263999',
    })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(262_000, 264_000))).toBe(
      true,
    )
    expect((await get(b, `/api/media/${image.body.id}`, stranger)).status).toBe(404)
    // nothing on the instance's disk: the bytes are in the database
    const onDisk = path.join(a.dataDir, 'media')
    expect(existsSync(onDisk) ? readdirSync(onDisk, { recursive: true }) : []).toEqual([])
  })
})
