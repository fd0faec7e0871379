import type { Readable } from 'node:stream'
import fastifyMultipart from '@fastify/multipart'
import type { Reviews } from '@pauta/api'
import {
  type BlobStore,
  BlobTooLargeError,
  type Database,
  getBoardForUser,
  getMedia,
  getReviewLink,
  getRound,
  insertMedia,
  type MediaRow,
  roundHoldsMedia,
} from '@pauta/db'
import { canEdit } from '@pauta/domain'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { authenticateWithCredential, type BetterAuth } from './auth.ts'
import type { Env } from './env.ts'
import { BadImageError, inspectImage, SNIFF_BYTES, sniff } from './media-files.ts'
import { requestHeaders } from './sync-hooks.ts'

/** Where uploads go and files come from; GET …/:id is the file, …/:id/thumb its thumbnail. */
export const MEDIA_PREFIX = '/api/media'

export interface MediaRouteParts {
  env: Env
  database: Database
  auth: BetterAuth
  blobs: BlobStore
  /** Review links' signatures and passes, for their holders' downloads. */
  reviews: Pick<Reviews, 'linkIdOf' | 'passValid'>
}

/** What an upload answers: the file as the card will list it, and what the server saw. */
export interface UploadedMedia {
  id: string
  kind: MediaRow['kind']
  mime: string
  size: number
  width: number | null
  height: number | null
  name: string
}

const boardParams = z.object({ boardId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })
const mediaParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })
const fileName = (name: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  name.replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200) || 'file'

/**
 * [UPLOAD1]–[UPLOAD5] Card media over HTTP. `POST /api/boards/:boardId/media` takes one
 * multipart file from a member who may edit cards; `GET /api/media/:id` (and `/thumb`)
 * serves it to members of its board's workspace only. Everyone else gets 404, as for a
 * file that does not exist: an id tells nobody anything.
 */
export async function registerMediaRoutes(
  app: FastifyInstance,
  parts: MediaRouteParts,
): Promise<void> {
  const { env } = parts
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    // One file and nothing else; one byte past the cap so the store sees the overflow itself.
    limits: { files: 1, fields: 0, parts: 1, fileSize: env.maxUploadBytes + 1, headerPairs: 50 },
  })

  app.post('/api/boards/:boardId/media', async (req, reply) => {
    // A refused upload's connection closes after the answer rather than reading the rest of
    // a large body; an accepted one has read it all.
    reply.header('connection', 'close')
    const params = boardParams.safeParse(req.params)
    if (!params.success) return reply.code(404).send({ error: 'no such board' })
    const refusedOrigin = crossSite(req, env.allowedOrigins)
    if (refusedOrigin) return reply.code(403).send({ error: refusedOrigin })
    const caller = await callerOf(req, parts)
    if (!caller) return reply.code(401).send({ error: 'sign in first' })
    const found = await getBoardForUser(parts.database.db, caller.user.id, params.data.boardId)
    if (!found) return reply.code(404).send({ error: 'no such board' })
    if (!canEdit(found.roles))
      return reply.code(403).send({ error: 'a client follows the board and adds no files' })
    if (!req.isMultipart())
      return reply.code(415).send({ error: 'send the file as multipart/form-data' })

    const part = await req.file()
    if (!part) return reply.code(400).send({ error: 'no file in the request' })
    const stored = await storeUpload(part.file, parts, reply)
    if (!stored) return reply
    const row = await insertMedia(parts.database.db, {
      workspaceId: found.board.workspaceId,
      boardId: found.board.id,
      uploadedBy: caller.user.id,
      name: fileName(part.filename),
      ...stored,
    })
    const answer: UploadedMedia = {
      id: row.id,
      kind: row.kind,
      mime: row.mime,
      size: row.size,
      width: row.width,
      height: row.height,
      name: row.name,
    }
    return reply.removeHeader('connection').code(201).send(answer)
  })

  // The caps, so a browser can say a file is too large before sending it.
  app.get('/api/media-limits', async () => ({
    maxUploadBytes: env.maxUploadBytes,
    maxImageBytes: env.maxImageBytes,
  }))
  app.get(`${MEDIA_PREFIX}/:id`, (req, reply) => serve(req, reply, parts, 'original', member))
  app.get(`${MEDIA_PREFIX}/:id/thumb`, (req, reply) => serve(req, reply, parts, 'thumb', member))
  app.get('/api/review/:token/media/:id', (req, reply) =>
    serve(req, reply, parts, 'original', linkHolder),
  )
  app.get('/api/review/:token/media/:id/thumb', (req, reply) =>
    serve(req, reply, parts, 'thumb', linkHolder),
  )
}

/** Who may read a file (null: there is none): yes, no (404, as for none), or "sign in first" (401). */
type MayRead = (
  req: FastifyRequest,
  media: MediaRow | null,
  parts: MediaRouteParts,
) => Promise<'yes' | 'no' | 'sign-in'>

/** A member of the workspace of the file's board. */
const member: MayRead = async (req, media, parts) => {
  const caller = await callerOf(req, parts)
  if (!caller) return 'sign-in'
  if (!media) return 'no'
  const board = await getBoardForUser(parts.database.db, caller.user.id, media.boardId)
  return board ? 'yes' : 'no'
}

const reviewQuery = z.object({ pass: z.string().max(200).optional() })

/**
 * [RND3] The holder of a working review link (its PIN given, if it has one: the pass it
 * got), for a file one of the round's posts lists — and no other.
 */
const linkHolder: MayRead = async (req, media, parts) => {
  const { token } = req.params as { token?: string }
  const linkId = token ? parts.reviews.linkIdOf(token) : null
  if (linkId === null || !media) return 'no'
  const link = await getReviewLink(parts.database.db, linkId)
  const now = new Date()
  if (!link || link.revokedAt !== null || Date.parse(link.expiresAt) <= now.getTime()) return 'no'
  if (link.boardId !== media.boardId) return 'no'
  if (link.pinHash !== null) {
    const pass = reviewQuery.safeParse(req.query).data?.pass
    if (!pass || !parts.reviews.passValid(link.id, pass, now)) return 'no'
  }
  const round = await getRound(parts.database.db, link.boardId, link.roundId)
  if (!round) return 'no'
  return (await roundHoldsMedia(parts.database.db, round, media.id)) ? 'yes' : 'no'
}

/**
 * A multipart body is what a cross-site form may send without asking: an upload must come
 * from our own pages when the browser says where it comes from (scripts with a token send
 * no Origin).
 */
function crossSite(req: FastifyRequest, allowedOrigins: readonly string[]): string | null {
  const origin = req.headers.origin
  if (origin !== undefined && !allowedOrigins.includes(origin)) return 'origin not allowed'
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request refused'
  return null
}

/** Who sends the request: the session cookie, or an API token; null for anyone else. */
function callerOf(req: FastifyRequest, parts: MediaRouteParts) {
  return authenticateWithCredential(parts.auth, parts.database, requestHeaders(req.raw), null)
}

type Stored = Pick<MediaRow, 'hash' | 'thumbHash' | 'kind' | 'mime' | 'size' | 'width' | 'height'>

/**
 * Reads the file's first bytes to learn its type ([UPLOAD2]), then stores it: an image is
 * held in memory (at most MAX_IMAGE_BYTES), checked and thumbnailed before anything is
 * written ([UPLOAD3]); a video streams to the store. A refusal answers the reply and
 * returns null, leaving nothing stored ([UPLOAD4]).
 */
async function storeUpload(
  file: Readable,
  parts: MediaRouteParts,
  reply: FastifyReply,
): Promise<Stored | null> {
  const { env, blobs } = parts
  const refuse = (code: number, body: Record<string, unknown>) => {
    file.resume()
    reply.code(code).send(body)
    return null
  }
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const head: Buffer[] = []
  let headBytes = 0
  let ended = false
  while (headBytes < SNIFF_BYTES) {
    const next = await chunks.next()
    if (next.done) {
      ended = true
      break
    }
    head.push(next.value)
    headBytes += next.value.length
  }
  if (headBytes === 0) return refuse(400, { error: 'the file is empty' })
  const type = await sniff(Buffer.concat(head))
  if (!type.ok)
    return refuse(415, { error: 'unsupported file type', detail: type.detail, found: type.found })

  async function* whole(): AsyncGenerator<Buffer> {
    yield* head
    if (ended) return
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
  }

  const maxBytes = type.kind === 'image' ? env.maxImageBytes : env.maxUploadBytes
  const tooLarge = () =>
    refuse(413, {
      error: `the file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MiB`,
      maxBytes,
    })
  try {
    if (type.kind === 'video') {
      const { hash, size } = await blobs.put(whole(), { maxBytes })
      return {
        hash,
        size,
        thumbHash: null,
        kind: 'video',
        mime: type.mime,
        width: null,
        height: null,
      }
    }
    const bytes: Buffer[] = []
    let size = 0
    for await (const chunk of whole()) {
      size += chunk.length
      if (size > maxBytes) return tooLarge()
      bytes.push(chunk)
    }
    const image = Buffer.concat(bytes)
    const facts = await inspectImage(image)
    const thumb = await blobs.put(once(facts.thumbnail), { maxBytes })
    const original = await blobs.put(once(image), { maxBytes })
    return {
      hash: original.hash,
      size: original.size,
      thumbHash: thumb.hash,
      kind: 'image',
      mime: type.mime,
      width: facts.width,
      height: facts.height,
    }
  } catch (error) {
    if (error instanceof BlobTooLargeError) return tooLarge()
    if (error instanceof BadImageError)
      return refuse(415, {
        error: 'unsupported file type',
        detail: error.message,
        found: type.mime,
        unreadable: true,
      })
    throw error
  }
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes
}

const RANGE = /^bytes=(\d*)-(\d*)$/

/**
 * [UPLOAD5] One file to a member of its board's workspace: its sniffed type, never sniffed
 * again by the browser, never run as a page (a sandboxing CSP), cached privately, with
 * single byte ranges for video seeking.
 */
async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  parts: MediaRouteParts,
  which: 'original' | 'thumb',
  mayRead: MayRead,
): Promise<FastifyReply> {
  const notFound = () => reply.code(404).send({ error: 'no such file' })
  const params = mediaParams.safeParse(req.params)
  if (!params.success) return notFound()
  const media = await getMedia(parts.database.db, params.data.id)
  const may = await mayRead(req, media ?? null, parts)
  if (may === 'sign-in') return reply.code(401).send({ error: 'sign in first' })
  if (!media || may === 'no') return notFound()
  const hash = which === 'thumb' ? media.thumbHash : media.hash
  if (!hash) return notFound()
  const size = await parts.blobs.size(hash)
  if (size === null) return notFound()

  const etag = `"${hash}"`
  reply
    .header('content-type', which === 'thumb' ? 'image/webp' : media.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=86400')
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
  const download = (req.query as Record<string, unknown>).download === '1'
  reply.header(
    'content-disposition',
    `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(media.name)}`,
  )
  if (req.headers['if-none-match'] === etag) return reply.code(304).send()

  const range = req.headers.range ? RANGE.exec(req.headers.range) : null
  if (req.headers.range && range && size > 0) {
    const [, from = '', to = ''] = range
    const start = from === '' ? Math.max(0, size - Number(to)) : Number(from)
    const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1)
    if (from === '' && to === '') return rangeNotSatisfiable(reply, size)
    if (start > end || start >= size) return rangeNotSatisfiable(reply, size)
    const body = await parts.blobs.get(hash, { start, end })
    if (!body) return notFound()
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${size}`)
      .header('content-length', end - start + 1)
      .send(body)
  }
  const body = await parts.blobs.get(hash)
  if (!body) return notFound()
  return reply.header('content-length', size).send(body)
}

function rangeNotSatisfiable(reply: FastifyReply, size: number): FastifyReply {
  return reply.code(416).header('content-range', `bytes */${size}`).send()
}
