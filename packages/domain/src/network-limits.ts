import type { Network } from './card.ts'

/** A limit a network sets on a post, and where that figure is published. */
export interface NetworkLimit {
  max: number
  /** the network's own help page or developer docs that state the figure */
  source: string
}

/** Where a network's feed folds a long copy behind "… more", and how that figure was found. */
export interface NetworkFold {
  /** characters shown before the fold */
  at: number
  source: string
}

/** The shape a network shows a post's image or video in: width by height. */
export interface NetworkCrop {
  width: number
  height: number
  source: string
}

/**
 * [FIT2] What a network takes in one post's copy, and where it folds and crops it. A `null`
 * limit is one the network does not set (or does not publish).
 */
export interface NetworkLimits {
  /** characters of the copy, counted as `copyStats` counts them */
  characters: NetworkLimit | null
  hashtags: NetworkLimit | null
  mentions: NetworkLimit | null
  links: NetworkLimit | null
  /** [FIT1] When the network counts every link as this many characters, whatever its length. */
  linkCharacters: NetworkLimit | null
  fold: NetworkFold | null
  crop: NetworkCrop
}

/** A fold no network publishes: the figure is where its app folds a copy today. */
const seen = (network: string) =>
  `Not published by ${network}: where its app folds a post's text, as seen in the app`

/** [FIT2] Each network's limits on a post's copy, each with its source. */
export const NETWORK_LIMITS: Readonly<Record<Network, NetworkLimits>> = {
  instagram: {
    characters: {
      max: 2200,
      source: 'Instagram Graph API, Content Publishing: a caption has at most 2,200 characters',
    },
    hashtags: {
      max: 30,
      source: 'Instagram Graph API, Content Publishing: at most 30 hashtags in a caption',
    },
    mentions: {
      max: 20,
      source: 'Instagram Graph API, Content Publishing: at most 20 @ tags in a caption',
    },
    links: null,
    linkCharacters: null,
    fold: { at: 125, source: seen('Instagram') },
    crop: {
      width: 4,
      height: 5,
      source: 'Instagram Graph API, Content Publishing: images from 4:5 to 1.91:1 (4:5 shown)',
    },
  },
  facebook: {
    characters: {
      max: 63_206,
      source: 'Facebook: the longest text a Page or profile post takes (63,206 characters)',
    },
    hashtags: null,
    mentions: null,
    links: null,
    linkCharacters: null,
    fold: { at: 480, source: seen('Facebook') },
    crop: { width: 1, height: 1, source: 'Meta Ads Guide, Facebook Feed image: 1:1' },
  },
  x: {
    characters: {
      max: 280,
      source: 'X Developer Platform, "Counting characters": a post has at most 280 characters',
    },
    hashtags: null,
    mentions: null,
    links: null,
    linkCharacters: {
      max: 23,
      source: 'X Developer Platform, "Counting characters": every URL counts as 23 characters',
    },
    fold: {
      at: 280,
      source: 'X Help Center, "About longer posts": past 280 characters, Show more',
    },
    crop: {
      width: 16,
      height: 9,
      source: 'X Help Center, "How to post photos": 16:9 in the timeline',
    },
  },
  tiktok: {
    characters: {
      max: 2200,
      source: 'TikTok for Developers, Content Posting API: a caption of at most 2,200 characters',
    },
    hashtags: null,
    mentions: null,
    links: null,
    linkCharacters: null,
    fold: { at: 100, source: seen('TikTok') },
    crop: { width: 9, height: 16, source: 'TikTok Help Center, "Creating videos": vertical 9:16' },
  },
  linkedin: {
    characters: {
      max: 3000,
      source: 'LinkedIn Help, "Share a post": up to 3,000 characters',
    },
    hashtags: null,
    mentions: null,
    links: null,
    linkCharacters: null,
    fold: { at: 210, source: seen('LinkedIn') },
    crop: {
      width: 1.91,
      height: 1,
      source: 'LinkedIn Help, "Image specifications": 1.91:1 (1200 × 627) for a shared image',
    },
  },
  youtube: {
    characters: {
      max: 5000,
      source: 'YouTube Data API, videos resource: a description of at most 5,000 characters',
    },
    hashtags: {
      max: 60,
      source: 'YouTube Help, "Use hashtags for video search": more than 60 and all are ignored',
    },
    mentions: null,
    links: null,
    linkCharacters: null,
    fold: { at: 100, source: seen('YouTube') },
    crop: {
      width: 16,
      height: 9,
      source: 'YouTube Help, "Video resolution & aspect ratios": 16:9',
    },
  },
  threads: {
    characters: {
      max: 500,
      source: 'Threads API, Posts: a text post has at most 500 characters',
    },
    hashtags: null,
    mentions: null,
    links: { max: 5, source: 'Threads API, Posts: at most 5 links in a text post' },
    linkCharacters: null,
    fold: { at: 500, source: 'Threads API, Posts: a post is shown whole (at most 500 characters)' },
    crop: { width: 4, height: 5, source: 'Threads shows a single image at up to 4:5' },
  },
  blog: {
    characters: null,
    hashtags: null,
    mentions: null,
    links: null,
    linkCharacters: null,
    fold: null,
    crop: { width: 16, height: 9, source: 'A blog sets its own: a 16:9 header image is assumed' },
  },
}

/** What a copy holds, as the networks count it. */
export interface CopyStats {
  /**
   * Characters as a person sees them: grapheme clusters (Intl.Segmenter), so "é" written as
   * e + accent, a flag or a family emoji is one. What most networks count.
   */
  characters: number
  /** Unicode code points (an emoji with a skin tone is two): what some APIs count. */
  codePoints: number
  hashtags: number
  mentions: number
  links: number
}

export type CopyTokenKind = 'text' | 'hashtag' | 'mention' | 'link'
export interface CopyToken {
  kind: CopyTokenKind
  text: string
}

const LINK = /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+/giu
/** A hashtag: # then letters, marks, digits or _, with a letter among them (not "#1"). */
const HASHTAG = /(?<![\p{L}\p{N}_&#])#(?=[\p{L}\p{M}\p{N}_]*[\p{L}_])[\p{L}\p{M}\p{N}_]+/gu
/** A mention: @ then letters, digits, _ and inner dots (Instagram's dots), not inside an email. */
const MENTION = /(?<![\p{L}\p{N}_.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?/gu
/** Punctuation that ends a sentence rather than a link. */
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u

/**
 * [FIT1] The copy cut into plain text, hashtags, mentions and links, in order; joined they
 * are the copy. A hashtag or mention inside a link is part of the link.
 */
export function copyTokens(copy: string): CopyToken[] {
  const tokens: CopyToken[] = []
  const push = (kind: CopyTokenKind, text: string) => {
    if (!text) return
    const last = tokens.at(-1)
    if (kind === 'text' && last?.kind === 'text') last.text += text
    else tokens.push({ kind, text })
  }
  let at = 0
  for (const match of copy.matchAll(LINK)) {
    const start = match.index
    const link = match[0].replace(TRAILING, '')
    if (start < at) continue
    tagsIn(copy.slice(at, start), push)
    push('link', link)
    at = start + link.length
  }
  tagsIn(copy.slice(at), push)
  return tokens
}

function tagsIn(text: string, push: (kind: CopyTokenKind, text: string) => void): void {
  const found: { start: number; end: number; kind: CopyTokenKind }[] = []
  for (const m of text.matchAll(HASHTAG))
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'hashtag' })
  for (const m of text.matchAll(MENTION))
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'mention' })
  found.sort((a, b) => a.start - b.start)
  let at = 0
  for (const { start, end, kind } of found) {
    if (start < at) continue
    push('text', text.slice(at, start))
    push(kind, text.slice(start, end))
    at = end
  }
  push('text', text.slice(at))
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The copy's characters, one per grapheme cluster. */
export function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment)
}

/**
 * A UTF-16 unit that is a character of its own whatever stands beside it: printable Latin
 * (accented letters written whole), Greek, Cyrillic and the common CJK ideographs; none
 * combines with a neighbour (no mark, joiner, surrogate, Hangul jamo, line break or prefix).
 */
export function standsAlone(unit: number): boolean {
  return (
    (unit >= 0x20 && unit < 0x7f) ||
    (unit >= 0xa0 && unit < 0x300) ||
    (unit >= 0x370 && unit < 0x483) ||
    (unit >= 0x4e00 && unit < 0xa000)
  )
}

/**
 * How many grapheme clusters `text` holds: Intl.Segmenter's count, which takes some 15 µs a
 * character, asked only about the stretches around what may combine (a copy of 60,000 Latin
 * characters is counted at once, not in a second).
 */
export function countGraphemes(text: string): number {
  let count = 0
  let run = -1
  const alone = (i: number) =>
    standsAlone(text.charCodeAt(i)) && (i + 1 >= text.length || standsAlone(text.charCodeAt(i + 1)))
  for (let i = 0; i < text.length; i++) {
    if (!alone(i)) {
      if (run < 0) run = i
    } else if (run >= 0) {
      // the run ends with this unit: a boundary surely follows it
      for (const _ of graphemes.segment(text.slice(run, i + 1))) count++
      run = -1
    } else count++
  }
  if (run >= 0) for (const _ of graphemes.segment(text.slice(run))) count++
  return count
}

function countCodePoints(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // a high surrogate followed by a low one is one code point
    if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
    count++
  }
  return count
}

/**
 * [FIT1] Characters (graphemes), code points, hashtags, mentions and links of a copy. On a
 * network that counts each link as a fixed number of characters (X: 23), the characters are
 * counted so.
 */
export function copyStats(copy: string, network: Network | null = null): CopyStats {
  const stats: CopyStats = {
    characters: countGraphemes(copy),
    codePoints: countCodePoints(copy),
    hashtags: 0,
    mentions: 0,
    links: 0,
  }
  const linkCharacters = network ? NETWORK_LIMITS[network].linkCharacters : null
  for (const token of copyTokens(copy)) {
    if (token.kind === 'hashtag') stats.hashtags++
    else if (token.kind === 'mention') stats.mentions++
    else if (token.kind === 'link') {
      stats.links++
      if (linkCharacters) stats.characters += linkCharacters.max - countGraphemes(token.text)
    }
  }
  return stats
}

export const COPY_MEASURES = ['characters', 'hashtags', 'mentions', 'links'] as const
export type CopyMeasure = (typeof COPY_MEASURES)[number]

/** One limit a copy passes: how many it holds and how many its network takes. */
export interface CopyProblem {
  measure: CopyMeasure
  count: number
  max: number
}

/** [FIT1] Each of its network's limits the copy passes, with the figure and the limit. */
export function copyProblems(copy: string, network: Network | null): CopyProblem[] {
  if (network === null) return []
  const limits = NETWORK_LIMITS[network]
  const stats = copyStats(copy, network)
  const problems: CopyProblem[] = []
  for (const measure of COPY_MEASURES) {
    const limit = limits[measure]
    if (limit && stats[measure] > limit.max)
      problems.push({ measure, count: stats[measure], max: limit.max })
  }
  return problems
}

/**
 * The copy as a feed first shows it: whole when it fits before `at` characters, else its
 * first `at` characters (back to the last space, when there is one in the second half) and
 * `folded`.
 */
export function foldCopy(copy: string, at: number | null): { shown: string; folded: boolean } {
  if (at === null) return { shown: copy, folded: false }
  if (countGraphemes(copy) <= at) return { shown: copy, folded: false }
  // only the first `at` characters are cut out: they lie within the first `at` × 16 units
  // (no grapheme a keyboard or emoji picker writes is longer)
  const chars = graphemesOf(copy.slice(0, at * 16))
  let shown = chars.slice(0, at).join('')
  const space = shown.search(/\s\S*$/u)
  if (space > shown.length / 2) shown = shown.slice(0, space)
  return { shown: shown.trimEnd(), folded: true }
}
