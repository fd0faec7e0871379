import { DEFAULT_RULES, decodeRefusal, encodeRefusal, type Refusal } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import en from '../i18n/en.json'
import es from '../i18n/es.json'
import { translator } from '../i18n/translate.ts'
import { refusalMessage, type Translate } from './refusal-message.ts'

const tEn: Translate = translator(en, 'en')
const tEs: Translate = translator(es, 'es')

// One refusal of every code, as the server sends it: through encode and decode.
const REFUSALS: Refusal[] = [
  { code: 'read-only' },
  { code: 'not-allowed-move', from: 'calendar', to: 'strategy' },
  { code: 'not-assignee' },
  { code: 'missing-fields', stage: 'calendar', fields: ['scheduledAt', 'network', 'assigneeId'] },
  { code: 'resolution-note' },
  { code: 'not-allowed-create', stage: 'plan' },
  { code: 'not-allowed-field', field: 'title' },
  { code: 'archive' },
  { code: 'invalid', detail: 'bad order key' },
  { code: 'board-full' },
  { code: 'client-id-taken' },
  { code: 'not-allowed-field', field: 'severity' },
  { code: 'not-allowed-field', field: 'escalatedAt' },
  {
    code: 'copy-does-not-fit',
    network: 'x',
    problems: [{ measure: 'characters', count: 281, max: 280 }],
  },
]

describe('refusal messages', () => {
  it('decodes what the server encodes, for every code', () => {
    for (const refusal of REFUSALS) expect(decodeRefusal(encodeRefusal(refusal))).toEqual(refusal)
  })

  it('has a sentence for every code in both languages, never a bare key', () => {
    for (const refusal of REFUSALS) {
      const english = refusalMessage(refusal, tEn, 'en', DEFAULT_RULES)
      const spanish = refusalMessage(refusal, tEs, 'es', DEFAULT_RULES)
      expect(english).not.toMatch(/refusal\.|fieldNouns\.|stages\.|roleNouns\.|\{\{/)
      expect(spanish).not.toMatch(/refusal\.|fieldNouns\.|stages\.|roleNouns\.|\{\{/)
      expect(spanish).not.toBe(english)
    }
  })

  it('names the missing fields of a stage', () => {
    const refusal = REFUSALS[3] as Refusal
    expect(refusalMessage(refusal, tEn, 'en')).toBe(
      'Calendar needs: scheduled time, network, and community manager',
    )
    expect(refusalMessage(refusal, tEs, 'es')).toBe(
      'Calendario necesita: hora programada, red social y community manager responsable',
    )
  })

  it('says who may make a refused move, from the board rules', () => {
    const refusal = REFUSALS[1] as Refusal
    expect(refusalMessage(refusal, tEn, 'en', DEFAULT_RULES)).toBe(
      'Only a strategist or manager can move cards from Calendar to Strategy.',
    )
    expect(refusalMessage(refusal, tEs, 'es', DEFAULT_RULES)).toBe(
      'Solo un estratega o manager puede mover tarjetas de Calendario a Estrategia.',
    )
    const closed = { ...DEFAULT_RULES, transitions: {} }
    expect(refusalMessage(refusal, tEn, 'en', closed)).toBe(
      'On this board, cards cannot move from Calendar to Strategy.',
    )
    expect(refusalMessage(refusal, tEn, 'en')).toBe(
      'You cannot move cards from Calendar to Strategy.',
    )
  })

  it('tells the assignee rule and the assignment rule apart', () => {
    expect(refusalMessage({ code: 'not-assignee' }, tEn, 'en')).toBe(
      'Only the assigned community manager or a manager may change this card.',
    )
    expect(refusalMessage({ code: 'not-allowed-field', field: 'assigneeId' }, tEs, 'es')).toMatch(
      /tomar una tarjeta sin responsable en Calendario/,
    )
  })

  it('[FIT3] says which of its network’s limits the copy passes', () => {
    const refusal: Refusal = {
      code: 'copy-does-not-fit',
      network: 'instagram',
      problems: [
        { measure: 'characters', count: 2301, max: 2200 },
        { measure: 'hashtags', count: 31, max: 30 },
      ],
    }
    expect(refusalMessage(refusal, tEn, 'en')).toBe(
      'The copy does not fit Instagram (2,301 of 2,200 characters and 31 of 30 hashtags): on this board a post enters Calendar only when its copy fits its network.',
    )
    expect(refusalMessage(refusal, tEs, 'es')).toBe(
      'El texto no cabe en Instagram (2301 de 2200 caracteres y 31 de 30 hashtags): en este tablero una publicación entra en Calendario solo si su texto cabe en su red.',
    )
  })

  it('falls back to a general sentence for a reason it cannot read', () => {
    expect(decodeRefusal('something-new:x')).toBeNull()
    expect(refusalMessage(null, tEn, 'en')).toBe('The server did not accept your last change.')
    expect(refusalMessage(null, tEs, 'es')).toBe('El servidor no aceptó tu último cambio.')
  })
})
