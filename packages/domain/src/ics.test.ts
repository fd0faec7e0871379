import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import type { Card } from './card.ts'
import { buildCalendar, type IcsEvent, postEvent } from './ics.ts'
import { sampleCard } from './testing.ts'

const NOW = new Date('2026-11-20T16:00:00.000Z')

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return { calendar, events: calendar.getAllSubcomponents('vevent') }
}

function time(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name)
  return value instanceof ICAL.Time ? value.toJSDate().toISOString() : null
}

function card(fields: Partial<Card> = {}): Card {
  return sampleCard({
    id: 'card-1',
    title: 'Lanzamiento de otoño',
    stage: 'calendar',
    network: 'instagram',
    assigneeId: 'ana',
    scheduledAt: '2026-11-23T15:30:00.000Z',
    campaign: 'Black Friday',
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'lead',
    ...fields,
  })
}

const TRICKY =
  'Promo, "otoño"; 50% \\ de descuento\nÚltima llamada 🎉🇲🇽👩🏽‍💻 — añádelo a tu carrito, señora Núñez: ¡sólo hoy! ' +
  'ñandú ü ç 日本語 '.repeat(3)

const FULL: IcsEvent = {
  uid: 'card-1@pauta.example',
  start: new Date('2026-11-23T15:30:00.000Z'),
  durationMinutes: 45,
  summary: TRICKY,
  description: `Tablero: Marca, S.A.\nEtapa: calendar\n${TRICKY}`,
  url: 'https://pauta.example/b/board-1?card=card-1&view=calendar,week',
  categories: ['Instagram', 'Black Friday, 2026', 'a;b\\c'],
  lastModified: new Date('2026-11-19T08:00:00.000Z'),
  status: 'TENTATIVE',
}

describe('buildCalendar', () => {
  it('writes a feed that a calendar app reads back field by field', () => {
    const ics = buildCalendar({ name: 'Pauta · Marca, S.A.', events: [FULL], now: NOW })
    const { calendar, events } = parse(ics)
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Pauta//Pauta//EN')
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN')
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH')
    // ical.js reads X- and RFC 7986 properties raw; RFC 5545 makes them TEXT, escaped.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Pauta · Marca\\, S.A.')
    expect(calendar.getFirstPropertyValue('name')).toBe('Pauta · Marca\\, S.A.')
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H')
    expect(calendar.getFirstProperty('refresh-interval')?.type).toBe('duration')
    expect(String(calendar.getFirstPropertyValue('x-published-ttl'))).toBe('PT1H')

    expect(events).toHaveLength(1)
    const event = events[0]!
    expect(event.getFirstPropertyValue('uid')).toBe(FULL.uid)
    expect(time(event, 'dtstamp')).toBe(NOW.toISOString())
    expect(time(event, 'dtstart')).toBe('2026-11-23T15:30:00.000Z')
    expect(time(event, 'dtend')).toBe('2026-11-23T16:15:00.000Z')
    expect(event.getFirstPropertyValue('summary')).toBe(TRICKY)
    expect(event.getFirstPropertyValue('description')).toBe(FULL.description)
    expect(event.getFirstPropertyValue('url')).toBe(FULL.url)
    expect(event.getFirstProperty('categories')?.getValues()).toEqual(FULL.categories)
    expect(time(event, 'last-modified')).toBe('2026-11-19T08:00:00.000Z')
    expect(event.getFirstPropertyValue('status')).toBe('TENTATIVE')
    // Written in UTC, so every app places it at the same instant whatever its zone.
    expect(ics).toContain('DTSTART:20261123T153000Z\r\n')
  })

  it('folds long lines at 75 octets without splitting a character, and ends each in CRLF', () => {
    const ics = buildCalendar({ name: TRICKY, events: [FULL], now: NOW })
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
    const lines = ics.split('\r\n')
    expect(lines.pop()).toBe('')
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3)
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n]/)
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
      // A lone surrogate (half an emoji) would not survive the trip through UTF-8.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line)
    }
  })

  it('gives an event half an hour and the feed an hourly refresh unless told', () => {
    const ics = buildCalendar({
      name: 'Pauta',
      events: [{ uid: 'a@x', start: new Date('2026-11-23T15:30:00Z'), summary: 'Post' }],
      now: NOW,
    })
    const event = parse(ics).events[0]!
    expect(time(event, 'dtend')).toBe('2026-11-23T16:00:00.000Z')
    for (const absent of ['description', 'url', 'categories', 'last-modified', 'status']) {
      expect(event.hasProperty(absent)).toBe(false)
    }
    expect(ics).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n')

    const daily = buildCalendar({ name: 'Pauta', events: [], now: NOW, refreshMinutes: 1440 })
    expect(parse(daily).events).toHaveLength(0)
    expect(daily).toContain('X-PUBLISHED-TTL:P1D\r\n')
    expect(buildCalendar({ name: 'Pauta', events: [], now: NOW, refreshMinutes: 90 })).toContain(
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\n',
    )
  })
})

describe('postEvent', () => {
  const opts = {
    boardName: 'Marca, S.A.',
    link: 'https://pauta.example/b/board-1?card=card-1',
    domain: 'pauta.example',
  }

  it('turns a scheduled post into an event that links back to the card', () => {
    expect(postEvent(card(), opts)).toEqual({
      uid: 'card-1@pauta.example',
      start: new Date('2026-11-23T15:30:00.000Z'),
      summary: 'Instagram · Lanzamiento de otoño',
      description: `When: Monday, November 23, 2026 at 3:30 PM (UTC)\nBoard: Marca, S.A.\nStage: Calendar\nCampaign: Black Friday\n${opts.link}`,
      url: opts.link,
      categories: ['Instagram', 'Black Friday'],
    })
  })

  it('marks a post that went out and carries its link', () => {
    const event = postEvent(
      card({
        stage: 'published',
        network: 'tiktok',
        campaign: null,
        publishedAt: '2026-11-23T15:31:00.000Z',
        publishedUrl: 'https://www.tiktok.com/@marca/video/1',
      }),
      opts,
    )
    expect(event?.summary).toBe('✓ TikTok · Lanzamiento de otoño')
    expect(event?.description).toBe(
      `When: Monday, November 23, 2026 at 3:30 PM (UTC)\nBoard: Marca, S.A.\nStage: Published\nPublished: https://www.tiktok.com/@marca/video/1\n${opts.link}`,
    )
    expect(event?.categories).toEqual(['TikTok'])
    expect(postEvent(card({ stage: 'monitored' }), opts)?.summary.startsWith('✓ ')).toBe(true)
    expect(postEvent(card({ stage: 'escalated' }), opts)?.summary.startsWith('✓ ')).toBe(true)
  })

  it('speaks the subscriber’s language and tells the time on the workspace’s clock', () => {
    const es = postEvent(card({ stage: 'escalated' }), {
      ...opts,
      language: 'es',
      timeZone: 'America/Mexico_City',
    })
    expect(es?.description).toBe(
      `Hora: lunes, 23 de noviembre de 2026, 9:30 (America/Mexico City)\nTablero: Marca, S.A.\nEtapa: Escalado\nCampaña: Black Friday\n${opts.link}`,
    )
    expect(es?.description).not.toContain('escalated')
    const en = postEvent(card({ stage: 'escalated' }), {
      ...opts,
      language: 'en',
      timeZone: 'Europe/Madrid',
    })
    expect(en?.description).toContain('When: Monday, November 23, 2026 at 4:30 PM (Europe/Madrid)')
    expect(en?.description).toContain('Stage: Escalated')
    // the event itself stays an instant in UTC: the calendar app shows it on its own clock
    expect(es?.start).toEqual(en?.start)
  })

  it('names the workspace’s zone as the calendar’s own', () => {
    const ics = buildCalendar({
      name: 'Pauta',
      events: [],
      now: NOW,
      timeZone: 'America/Mexico_City',
    })
    expect(ics).toContain('X-WR-TIMEZONE:America/Mexico_City\r\n')
    expect(buildCalendar({ name: 'Pauta', events: [], now: NOW })).not.toContain('X-WR-TIMEZONE')
  })

  it('uses the bare title without a network', () => {
    const event = postEvent(card({ network: null, campaign: null }), opts)
    expect(event?.summary).toBe('Lanzamiento de otoño')
    expect(event?.categories).toEqual([])
  })

  it('leaves out archived and unscheduled cards', () => {
    expect(postEvent(card({ archived: true }), opts)).toBeNull()
    expect(postEvent(card({ scheduledAt: null }), opts)).toBeNull()
  })

  it('round-trips a post through the feed', () => {
    const post = card({ title: TRICKY.slice(0, 200), network: 'x' })
    const event = postEvent(post, opts)!
    const parsed = parse(buildCalendar({ name: 'Pauta', events: [event], now: NOW })).events[0]!
    expect(parsed.getFirstPropertyValue('summary')).toBe(`X · ${post.title}`)
    expect(parsed.getFirstPropertyValue('uid')).toBe('card-1@pauta.example')
    expect(parsed.getFirstPropertyValue('description')).toBe(event.description)
    expect(parsed.getFirstProperty('categories')?.getValues()).toEqual(['X', 'Black Friday'])
    expect(time(parsed, 'dtstart')).toBe(post.scheduledAt)
  })
})
