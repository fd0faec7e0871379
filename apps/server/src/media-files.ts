import type { MediaKind } from '@pauta/domain'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'

/**
 * [UPLOAD2] The files a card takes, by the type their bytes show (never by their name or
 * what the browser claims): the images every network publishes, and the videos they take.
 * SVG is not among them: it is a document that may carry script, not a picture.
 */
export const ACCEPTED_TYPES: Readonly<Record<string, MediaKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'image/avif': 'image',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
}

/** How many bytes of a file `file-type` needs to tell its type. */
export const SNIFF_BYTES = 4100

/**
 * [UPLOAD3] The most pixels an image may have: 50 megapixels (8,660 × 5,773), above any
 * phone camera. A small file that unpacks to more is a decompression bomb.
 */
export const MAX_IMAGE_PIXELS = 50_000_000

/** The width thumbnails are made at: twice the card dialog's widest tile. */
export const THUMB_WIDTH = 480

/** What the bytes at the start of a file are: an accepted type, or why not. */
export type Sniffed =
  | { ok: true; mime: string; kind: MediaKind }
  /** `found`: the type the bytes show, when they show one */
  | { ok: false; detail: string; found: string | null }

export async function sniff(head: Uint8Array): Promise<Sniffed> {
  const found = await fileTypeFromBuffer(head)
  if (!found)
    return {
      ok: false,
      detail: 'its bytes are not an image or a video of a known type',
      found: null,
    }
  const kind = ACCEPTED_TYPES[found.mime]
  if (!kind)
    return {
      ok: false,
      detail: `${found.mime} is not an image or video a post takes`,
      found: found.mime,
    }
  return { ok: true, mime: found.mime, kind }
}

/** Why an image was refused: it does not decode, or it unpacks to too many pixels. */
export class BadImageError extends Error {}

export interface ImageFacts {
  width: number
  height: number
  /** A WebP at most THUMB_WIDTH wide, turned as the photo was taken. */
  thumbnail: Buffer
}

/**
 * [UPLOAD3] Reads an image's size from its header, refuses one past MAX_IMAGE_PIXELS before
 * decoding it, then decodes it once to make the thumbnail (which fails on a broken file).
 * An animated image's thumbnail is its first frame.
 */
export async function inspectImage(bytes: Buffer): Promise<ImageFacts> {
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' } as const
  let width: number
  let height: number
  try {
    // the header alone, with no pixel limit: what it promises is checked below, in words
    const meta = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata()
    width = meta.autoOrient?.width ?? meta.width ?? 0
    height = meta.autoOrient?.height ?? meta.height ?? 0
  } catch {
    throw new BadImageError('the image cannot be read')
  }
  if (width === 0 || height === 0) throw new BadImageError('the image has no size')
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new BadImageError(
      `the image is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
    )
  }
  try {
    const thumbnail = await sharp(bytes, options)
      .autoOrient()
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer()
    return { width, height, thumbnail }
  } catch {
    throw new BadImageError('the image cannot be read')
  }
}
