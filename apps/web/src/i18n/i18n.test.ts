import { describe, expect, it } from 'vitest'
import en from './en.json'
import es from './es.json'
import { detectLanguage } from './i18n.ts'

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('i18n', () => {
  it('has the same keys in Spanish and English', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort())
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
