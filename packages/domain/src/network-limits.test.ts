import { describe, expect, it } from 'vitest'
import { NETWORKS } from './card.ts'
import {
  copyProblems,
  copyStats,
  copyTokens,
  countGraphemes,
  foldCopy,
  NETWORK_LIMITS,
  standsAlone,
} from './network-limits.ts'

describe('[FIT1] counting a copy as the networks do', () => {
  it('counts what a person sees as one character once: accents, emoji, flags, families', () => {
    // "café" with a precomposed é (4) and with e + combining acute (still 4 to the eye)
    expect(copyStats('café').characters).toBe(4)
    expect(copyStats('cafe\u0301').characters).toBe(4)
    expect(copyStats('cafe\u0301').codePoints).toBe(5)
    // 👍🏽 thumbs up with a skin tone: 1 character, 2 code points, 4 UTF-16 units
    expect(copyStats('👍🏽')).toMatchObject({ characters: 1, codePoints: 2 })
    // 🇲🇽 a flag: two regional indicators, one character
    expect(copyStats('🇲🇽')).toMatchObject({ characters: 1, codePoints: 2 })
    // 👨‍👩‍👧 a family: three people joined by two zero-width joiners
    expect(copyStats('👨‍👩‍👧')).toMatchObject({ characters: 1, codePoints: 5 })
    // "Otoño llega 🍂" — O t o ñ o, space, l l e g a, space, leaf: 13
    expect(copyStats('Otoño llega 🍂').characters).toBe(13)
  })

  it('counts each link on X as 23 characters, however long, and as written elsewhere', () => {
    const link = `https://cafe.test/${'menu/'.repeat(40)}` // 218 characters
    const copy = `${'a'.repeat(250)} ${link}`
    expect(copyStats(copy).characters).toBe(250 + 1 + 218)
    expect(copyStats(copy, 'x').characters).toBe(250 + 1 + 23)
    expect(copyProblems(copy, 'x')).toEqual([])
    expect(copyProblems(`${'a'.repeat(257)} ${link}`, 'x')).toEqual([
      { measure: 'characters', count: 281, max: 280 },
    ])
    expect(copyStats(copy, 'instagram').characters).toBe(469)
  })

  it('finds hashtags, mentions and links, and nothing inside a link or an email', () => {
    const copy =
      'Nuevo menú #otoño con @cafe.aurora y @pauta_app: https://cafe.test/menu#cena?x=1, ' +
      'escríbenos a hola@cafe.test #1 #café2025. www.cafe.test/ofertas!'
    expect(copyStats(copy)).toMatchObject({ hashtags: 2, mentions: 2, links: 2 })
    expect(copyTokens(copy).filter((t) => t.kind !== 'text')).toEqual([
      { kind: 'hashtag', text: '#otoño' },
      { kind: 'mention', text: '@cafe.aurora' },
      { kind: 'mention', text: '@pauta_app' },
      // the sentence's comma is not the link's; its #cena is the link's, not a hashtag
      { kind: 'link', text: 'https://cafe.test/menu#cena?x=1' },
      { kind: 'hashtag', text: '#café2025' },
      { kind: 'link', text: 'www.cafe.test/ofertas' },
    ])
    // joined again, the tokens are the copy as written
    expect(
      copyTokens(copy)
        .map((t) => t.text)
        .join(''),
    ).toBe(copy)
  })
})

describe('[FIT2] each network’s limits', () => {
  it('states the published figures, each with a source', () => {
    expect(NETWORK_LIMITS.x.characters?.max).toBe(280)
    expect(NETWORK_LIMITS.instagram.characters?.max).toBe(2200)
    expect(NETWORK_LIMITS.instagram.hashtags?.max).toBe(30)
    expect(NETWORK_LIMITS.linkedin.characters?.max).toBe(3000)
    expect(NETWORK_LIMITS.facebook.characters?.max).toBe(63_206)
    expect(NETWORK_LIMITS.tiktok.characters?.max).toBe(2200)
    expect(NETWORK_LIMITS.youtube.characters?.max).toBe(5000)
    expect(NETWORK_LIMITS.threads.characters?.max).toBe(500)
    expect(NETWORK_LIMITS.blog.characters).toBeNull()
    for (const network of NETWORKS) {
      const limits = NETWORK_LIMITS[network]
      for (const figure of [
        limits.characters,
        limits.hashtags,
        limits.mentions,
        limits.links,
        limits.fold,
        limits.crop,
      ]) {
        if (figure) expect(figure.source.length).toBeGreaterThan(10)
      }
    }
  })

  it('names each limit a copy passes, with its figure and the limit', () => {
    const fits = 'a'.repeat(280)
    expect(copyProblems(fits, 'x')).toEqual([])
    expect(copyProblems(`${fits}b`, 'x')).toEqual([{ measure: 'characters', count: 281, max: 280 }])
    // 280 emoji are 280 characters (560 code points, 1,120 UTF-16 units), not too long
    expect(copyProblems('🍂'.repeat(280), 'x')).toEqual([])
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ')
    expect(copyProblems(tags, 'instagram')).toEqual([{ measure: 'hashtags', count: 31, max: 30 }])
    expect(copyProblems(tags, 'x')).toEqual([])
    expect(copyProblems('x'.repeat(100_000), 'blog')).toEqual([])
    expect(copyProblems('x'.repeat(100_000), null)).toEqual([])
  })

  it('folds a long copy where its network does, at a word', () => {
    expect(foldCopy('corto', 125)).toEqual({ shown: 'corto', folded: false })
    const long = `${'palabra '.repeat(40)}fin`
    const { shown, folded } = foldCopy(long, 125)
    expect(folded).toBe(true)
    expect(shown.length).toBeLessThanOrEqual(125)
    expect(shown.endsWith('palabra')).toBe(true)
    expect(foldCopy(long, null)).toEqual({ shown: long, folded: false })
  })
})

describe('[FIT1] counting quickly', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  const slow = (text: string) => [...segmenter.segment(text)].length

  it('counts what stands alone without the segmenter, and agrees with it everywhere', () => {
    // every unit said to stand alone is a character of its own between two letters
    for (let unit = 0; unit < 0x10000; unit++) {
      if (!standsAlone(unit)) continue
      const c = String.fromCharCode(unit)
      expect(slow(`a${c}a`), unit.toString(16)).toBe(3)
    }
    const mixed = [
      'Hola\r\nmundo',
      'cafe\u0301 naïve Ελληνικά Русский 中文 한국어 日本語の',
      'अनुच्छेद ﷺ 👨‍👩‍👧 🇲🇽🇪🇸 👍🏽\u0600a e\u0301\u0302 ',
      'ก้ำ \u200d\u200c x\ufe0f',
    ]
    for (const text of mixed) expect(countGraphemes(text), text).toBe(slow(text))
  })
})
