import { FEED_LABELS } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import { RESOURCES } from '../i18n/resources.ts'
import { feedUrlIn } from './feed-url.ts'

const URL_ = 'https://pauta.example/feeds/abc.def.ics'

describe('feed URLs carry the language the feed is written in', () => {
  it('adds the reader’s language', () => {
    expect(feedUrlIn(URL_, 'es')).toBe(`${URL_}?lang=es`)
    expect(feedUrlIn(URL_, 'en-GB')).toBe(`${URL_}?lang=en`)
    expect(feedUrlIn(`${URL_}?lang=en`, 'es')).toBe(`${URL_}?lang=es`)
  })

  it('leaves the URL alone for a language feeds are not written in, or no URL', () => {
    expect(feedUrlIn(URL_, 'fr')).toBe(URL_)
    expect(feedUrlIn('not a url', 'es')).toBe('not a url')
  })

  it('names the stages as the app does, in each language', () => {
    expect(FEED_LABELS.es.stages).toEqual(RESOURCES.es.stages)
    expect(FEED_LABELS.en.stages).toEqual(RESOURCES.en.stages)
  })
})
