import { stageFieldSchema } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import accountEn from '../account/en.json'
import boardFiltersEn from '../board/filters/en.json'
import moveToEn from '../board/move-to/en.json'
import newCardEn from '../board/new-card/en.json'
import undoEn from '../board/undo/en.json'
import calendarEn from '../calendar/en.json'
import pastTimeEn from '../calendar/past-time/en.json'
import dashboardsEn from '../dashboards/en.json'
import escalationsEn from '../escalations/en.json'
import feedsEn from '../feeds/en.json'
import inviteEn from '../invite/en.json'
import notificationsEn from '../notifications/en.json'
import onboardingEn from '../onboarding/en.json'
import queueEn from '../queue/en.json'
import settingsEn from '../settings/en.json'
import teamEn from '../team/en.json'
import workspaceEn from '../workspace/en.json'
import en from './en.json'
import es from './es.json'
import { detectLanguage } from './i18n.ts'
import { RESOURCES } from './resources.ts'

const FEATURES_EN: object[] = [
  accountEn,
  inviteEn,
  workspaceEn,
  settingsEn,
  queueEn,
  calendarEn,
  escalationsEn,
  notificationsEn,
  feedsEn,
  dashboardsEn,
  teamEn,
  onboardingEn,
  boardFiltersEn,
  moveToEn,
  newCardEn,
  pastTimeEn,
  undoEn,
]

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('i18n', () => {
  it('has the same keys in Spanish and English, features included', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort())
    expect(keys(RESOURCES.es).sort()).toEqual(keys(RESOURCES.en).sort())
  })

  it('names every field a stage may require, in both languages (the rules editor lists them)', () => {
    for (const field of stageFieldSchema.options) {
      expect(en.fieldLabels, field).toHaveProperty(field)
      expect(es.fieldLabels, field).toHaveProperty(field)
    }
  })

  it('gives each feature its own top-level key', () => {
    // a feature spreading a key that exists already would replace that whole section
    const seen = new Set(Object.keys(en))
    for (const feature of FEATURES_EN) {
      for (const key of Object.keys(feature)) {
        expect(seen.has(key), `"${key}" is defined twice`).toBe(false)
        seen.add(key)
      }
    }
  })

  it('uses the domain words of the glossary in Spanish', () => {
    expect(Object.values(es.stages)).toEqual([
      'Estrategia',
      'Plan',
      'Calendario',
      'Publicado',
      'Monitoreado',
      'Escalado',
    ])
    expect(es.card.assignee).toBe('Responsable')
    expect(es.card.network).toBe('Red social')
  })

  it('follows the remembered choice, then the browser, then English', () => {
    expect(detectLanguage('en', ['es-MX'])).toBe('en')
    expect(detectLanguage(null, ['es-MX', 'en'])).toBe('es')
    expect(detectLanguage('fr', ['de-DE', 'en-GB'])).toBe('en')
    expect(detectLanguage(null, ['pt-BR'])).toBe('en')
  })
})
