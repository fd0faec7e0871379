import { describe, expect, it } from 'vitest'
import { RESOURCES } from '../i18n/resources.ts'
import { translator } from '../i18n/translate.ts'
import {
  badgeText,
  type NotificationItem,
  notificationDetail,
  notificationSentence,
  type Translate,
  timeAgo,
} from './notification-text.ts'

const tEn: Translate = translator(RESOURCES.en, 'en')
const tEs: Translate = translator(RESOURCES.es, 'es')
const MX = 'America/Mexico_City'
// readers whose device is in the workspace's zone
const es = { language: 'es', viewerZone: MX }
const en = { language: 'en', viewerZone: MX }

const base = {
  id: 'n1',
  boardId: 'b1',
  boardName: 'Launch',
  timeZone: 'America/Mexico_City',
  cardId: 'c1',
  createdAt: '2026-03-02T09:00:00.000Z',
  readAt: null,
}

const ITEMS: NotificationItem[] = [
  {
    ...base,
    kind: 'assigned',
    data: {
      title: 'Lanzamiento de otoño',
      actorName: 'Marco',
      stage: 'calendar',
      scheduledAt: null,
    },
  },
  {
    ...base,
    kind: 'escalated',
    data: {
      title: 'Queja viral',
      severity: 'crisis',
      reason: 'Clientes molestos',
      actorName: 'Carla',
    },
  },
  {
    ...base,
    kind: 'escalated',
    data: { title: 'Queja', severity: null, reason: '', actorName: 'Carla' },
  },
  {
    ...base,
    kind: 'resolved',
    data: {
      title: 'Queja viral',
      resolution: 'Disculpa publicada',
      to: 'monitored',
      actorName: 'Marco',
    },
  },
  {
    ...base,
    kind: 'due-soon',
    data: { title: 'Post', scheduledAt: '2026-03-02T10:30:00.000Z', network: 'instagram' },
  },
  {
    ...base,
    kind: 'sla-soon',
    data: { title: 'Queja viral', severity: 'high', deadline: '2026-03-02T10:00:00.000Z' },
  },
  {
    ...base,
    kind: 'review-requested',
    data: { roundId: 'r1', roundName: 'Semana del 8', posts: 3, actorName: 'Marco' },
  },
  {
    ...base,
    kind: 'review-decided',
    data: {
      title: 'Adviento',
      actorName: 'Lucía',
      step: 'changes',
      toState: 'changes-requested',
      comment: 'Otro tono',
    },
  },
  {
    ...base,
    kind: 'review-decided',
    data: {
      title: 'Adviento',
      actorName: 'Lucía',
      step: 'approve',
      toState: 'approved',
      comment: '',
    },
  },
  {
    ...base,
    kind: 'review-decided',
    data: {
      title: 'Adviento',
      actorName: 'Marco',
      step: 'approve',
      toState: 'in-review',
      comment: '',
    },
  },
  {
    ...base,
    kind: 'review-waiting',
    data: {
      roundId: 'r1',
      roundName: 'Semana del 8',
      waiting: 2,
      since: '2026-12-07T09:00:00.000Z',
    },
  },
]

describe('notification sentences', () => {
  it('say what happened, in Spanish and English', () => {
    const [assigned, crisis, plain, resolved] = ITEMS
    expect(notificationSentence(assigned!, tEs, es)).toBe('Marco te asignó «Lanzamiento de otoño»')
    expect(notificationSentence(assigned!, tEn, en)).toBe(
      'Marco assigned you “Lanzamiento de otoño”',
    )
    expect(notificationSentence(crisis!, tEs, es)).toBe(
      'Escalamiento CRISIS: «Queja viral», de Carla',
    )
    expect(notificationSentence(crisis!, tEn, en)).toBe(
      'Escalation CRISIS: “Queja viral”, raised by Carla',
    )
    expect(notificationSentence(plain!, tEn, en)).toBe('Escalation: “Queja”, raised by Carla')
    expect(notificationSentence(resolved!, tEs, es)).toBe(
      'Marco resolvió «Queja viral»: vuelve a Monitoreado',
    )
    expect(notificationDetail(crisis!)).toBe('Clientes molestos')
    expect(notificationDetail(plain!)).toBeNull()
    expect(notificationDetail(resolved!)).toBe('Disculpa publicada')
    expect(notificationDetail(assigned!)).toBeNull()
  })

  it('tell times on the workspace’s clock, with the reader’s own beside it where it differs', () => {
    const dueSoon = ITEMS[4]!
    const slaSoon = ITEMS[5]!
    // 10:30 UTC is 04:30 in Mexico City, 11:30 in Madrid
    expect(notificationSentence(dueSoon, tEs, es)).toBe(
      '«Post» sale a las 4:30 y aún no está publicada',
    )
    expect(
      notificationSentence(dueSoon, tEs, { language: 'es', viewerZone: 'Europe/Madrid' }),
    ).toBe('«Post» sale a las 4:30 (11:30 en tu hora) y aún no está publicada')
    expect(
      notificationSentence(slaSoon, tEn, { language: 'en', viewerZone: 'Europe/Madrid' }),
    ).toContain('4:00 AM (11:00 AM your time)')
  })

  it('say when an assigned post goes out, on the workspace’s clock', () => {
    const assigned = {
      ...ITEMS[0]!,
      data: {
        title: 'Post',
        actorName: 'Marco',
        stage: 'calendar',
        scheduledAt: '2026-03-03T17:43:00.000Z',
      },
    } as NotificationItem
    expect(
      notificationSentence(assigned, tEs, { language: 'es', viewerZone: 'Europe/Madrid' }),
    ).toBe('Marco te asignó «Post», que sale el mar, 3 mar, 11:43 (18:43 en tu hora)')
    expect(notificationSentence(assigned, tEn, en)).toBe(
      'Marco assigned you “Post”, going out Tue, Mar 3, 11:43 AM',
    )
  })

  it('every kind has a sentence in both languages, never a bare key', () => {
    for (const item of ITEMS) {
      for (const [t, lng] of [
        [tEn, 'en'],
        [tEs, 'es'],
      ] as const) {
        const sentence = notificationSentence(item, t, { language: lng, viewerZone: MX })
        expect(sentence).not.toMatch(/notifications\.|\{\{/)
        const title = 'title' in item.data ? item.data.title : item.data.roundName
        // each language quotes titles its own way: «» in Spanish, “” in English
        expect(sentence).toContain(lng === 'es' ? `«${title}»` : `“${title}”`)
      }
    }
  })
})

describe('time and count', () => {
  const now = new Date('2026-03-02T12:00:00.000Z')
  const created = (ms: number) => ({
    createdAt: new Date(now.getTime() - ms).toISOString(),
    timeZone: MX,
  })

  it('says how long ago, in the reader’s language', () => {
    expect(timeAgo(created(20_000), now, en, tEn)).toBe('just now')
    expect(timeAgo(created(20_000), now, es, tEs)).toBe('ahora mismo')
    expect(timeAgo(created(5 * 60_000), now, en, tEn)).toBe('5 minutes ago')
    expect(timeAgo(created(5 * 60_000), now, es, tEs)).toBe('hace 5 minutos')
    expect(timeAgo(created(3 * 3600_000), now, en, tEn)).toBe('3 hours ago')
    expect(timeAgo(created(26 * 3600_000), now, en, tEn)).toBe('yesterday')
    expect(timeAgo(created(26 * 3600_000), now, es, tEs)).toBe('ayer')
  })

  it('past a week, names the day on the workspace’s calendar', () => {
    // 03:00 UTC on 20 February is still the 19th in Mexico City
    const old = { createdAt: '2026-02-20T03:00:00.000Z', timeZone: MX }
    expect(timeAgo(old, now, es, tEs)).toBe('19 feb')
    expect(timeAgo(old, now, { language: 'en', viewerZone: 'Europe/Madrid' }, tEn)).toBe('Feb 19')
  })

  it('caps the badge', () => {
    expect(badgeText(7)).toBe('7')
    expect(badgeText(100)).toBe('99+')
  })
})
