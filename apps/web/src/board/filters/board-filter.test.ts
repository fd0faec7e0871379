import { type BoardRules, type Card, DEFAULT_RULES } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { foldText } from '../../app/fold-text.ts'
import {
  APPROVAL_FILTERS,
  type ApprovalFilter,
  type BoardFilter,
  NO_BOARD_FILTER,
  toApprovalFilter,
} from '../../app/router.ts'
import { approvalFilterChoices } from '../approval-state.ts'
import {
  activeFilterCount,
  cardPredicate,
  isFiltering,
  searchTerms,
  searchText,
} from './board-filter.ts'

const filter = (patch: Partial<BoardFilter>): BoardFilter => ({ ...NO_BOARD_FILTER, ...patch })

function matches(
  patch: Partial<BoardFilter>,
  card = sampleCard(),
  userId = 'me',
  rules: BoardRules = DEFAULT_RULES,
): boolean {
  const predicate = cardPredicate(filter(patch), userId, rules)
  if (!predicate) throw new Error('no filter')
  return predicate(card)
}

describe('board filter', () => {
  it('folds case and accents both ways', () => {
    expect(foldText('Café')).toBe('cafe')
    expect(foldText('CAFÉ con AZÚCAR y Ñandú')).toBe('cafe con azucar y nandu')
    // a decomposed "é" (e + combining acute) folds the same as a composed one
    expect(foldText('Cafe\u0301')).toBe('cafe')
    expect(searchTerms('  CAFÉ   de  olla ')).toEqual(['cafe', 'de', 'olla'])
  })

  it('finds "cafe" in "Café" and "CAFÉ" in "cafe", in title, copy, description, tags and campaign', () => {
    expect(matches({ q: 'cafe' }, sampleCard({ title: 'Video receta: Café de olla' }))).toBe(true)
    expect(matches({ q: 'CAFÉ' }, sampleCard({ title: 'mitos sobre la cafeína' }))).toBe(true)
    expect(matches({ q: 'grano' }, sampleCard({ description: 'Del GRANO a la taza' }))).toBe(true)
    expect(matches({ q: '#otono' }, sampleCard({ copy: 'Llega el #Otoño 🍂' }))).toBe(true)
    expect(matches({ q: 'origen' }, sampleCard({ tags: ['marca', 'Orígen'] }))).toBe(true)
    expect(matches({ q: 'dia del' }, sampleCard({ campaign: 'Día del café' }))).toBe(true)
    expect(matches({ q: 'te' }, sampleCard({ title: 'Post', objective: 'Interacción' }))).toBe(
      false,
    )
  })

  it('needs every word of the search, in any order', () => {
    const card = sampleCard({ title: 'Lanzamiento del cold brew', tags: ['lanzamiento'] })
    expect(matches({ q: 'brew lanzamiento' }, card)).toBe(true)
    expect(matches({ q: 'brew navidad' }, card)).toBe(false)
  })

  it('keeps the cards of one assignee, of nobody, or of whoever looks', () => {
    const carla = sampleCard({ assigneeId: 'carla' })
    const nobody = sampleCard({ assigneeId: null })
    expect(matches({ assignee: 'carla' }, carla)).toBe(true)
    expect(matches({ assignee: 'carla' }, nobody)).toBe(false)
    expect(matches({ assignee: 'none' }, nobody)).toBe(true)
    expect(matches({ assignee: 'none' }, carla)).toBe(false)
    expect(matches({ mine: true }, carla, 'carla')).toBe(true)
    expect(matches({ mine: true }, carla, 'diego')).toBe(false)
    expect(matches({ mine: true }, nobody, 'diego')).toBe(false)
  })

  it('matches network exactly, and campaign, objective and tag ignoring case and accents', () => {
    const card = sampleCard({
      network: 'instagram',
      campaign: 'Día del café',
      objective: 'Interacción',
      tags: ['Concurso', 'ugc'],
    })
    expect(matches({ network: 'instagram' }, card)).toBe(true)
    expect(matches({ network: 'x' }, card)).toBe(false)
    expect(matches({ campaign: 'dia del cafe' }, card)).toBe(true)
    expect(matches({ campaign: 'Navidad 2026' }, card)).toBe(false)
    expect(matches({ objective: 'Interacción' }, card)).toBe(true)
    expect(matches({ objective: 'Alcance' }, card)).toBe(false)
    expect(matches({ tag: 'concurso' }, card)).toBe(true)
    expect(matches({ tag: 'promo' }, card)).toBe(false)
    expect(matches({ campaign: 'Día del café' }, sampleCard({ campaign: null }))).toBe(false)
  })

  it('needs every condition set at once', () => {
    const card = sampleCard({ network: 'x', assigneeId: 'me', title: 'Hilo de café' })
    expect(matches({ network: 'x', mine: true, q: 'cafe' }, card)).toBe(true)
    expect(matches({ network: 'x', mine: true, q: 'té' }, card)).toBe(false)
    expect(matches({ network: 'tiktok', mine: true, q: 'cafe' }, card)).toBe(false)
  })

  it('is no filter at all when nothing is set (a search of spaces included)', () => {
    expect(cardPredicate(NO_BOARD_FILTER, 'me', DEFAULT_RULES)).toBeNull()
    expect(cardPredicate(filter({ q: '   ' }), 'me', DEFAULT_RULES)).toBeNull()
    expect(isFiltering(filter({ q: ' ' }))).toBe(false)
    expect(isFiltering(filter({ q: 'a' }))).toBe(true)
    expect(activeFilterCount(filter({ q: 'a', network: 'x', tag: 't', mine: true }))).toBe(3)
    expect(activeFilterCount(filter({ approval: 'approved' }))).toBe(1)
    expect(isFiltering(filter({ approval: 'draft' }))).toBe(true)
  })

  describe('[APPR2] by approval', () => {
    // the client approves Instagram posts of "Navidad"; the team approves first
    const rules: BoardRules = {
      ...DEFAULT_RULES,
      approval: { policy: 'internal-then-client', networks: ['instagram'], campaigns: ['Navidad'] },
    }
    const post = (fields: Partial<Card>) =>
      sampleCard({ stage: 'calendar', network: 'instagram', campaign: 'Navidad', ...fields })
    const team = post({ approval: 'in-review', reviewer: 'team' })
    const client = post({ approval: 'in-review', reviewer: 'client' })
    const changes = post({ approval: 'changes-requested' })
    const approved = post({ approval: 'approved' })
    const draft = post({})
    const byApproval = (approval: ApprovalFilter, card: Card) =>
      matches({ approval }, card, 'me', rules)

    it('keeps the posts awaiting approval, whoever answers, and the other states apart', () => {
      expect(
        [team, client, changes, approved, draft].map((c) => byApproval('in-review', c)),
      ).toEqual([true, true, false, false, false])
      expect([team, client, changes, approved, draft].map((c) => byApproval('client', c))).toEqual([
        false,
        true,
        false,
        false,
        false,
      ])
      expect(byApproval('changes-requested', changes)).toBe(true)
      expect(byApproval('approved', approved)).toBe(true)
      expect(byApproval('approved', team)).toBe(false)
      expect(byApproval('draft', draft)).toBe(true)
    })

    it('keeps only the posts the policy covers and that are not out yet, as their badge shows', () => {
      // another network, another campaign, no campaign: the policy leaves them out
      expect(byApproval('in-review', { ...client, network: 'x' })).toBe(false)
      expect(byApproval('in-review', { ...client, campaign: 'Verano' })).toBe(false)
      expect(byApproval('draft', { ...draft, campaign: null })).toBe(false)
      // planned posts count, ideas and posts already out do not
      expect(byApproval('in-review', { ...client, stage: 'plan' })).toBe(true)
      expect(byApproval('approved', { ...approved, stage: 'published' })).toBe(false)
      expect(byApproval('draft', { ...draft, stage: 'strategy' })).toBe(false)
      // a board that asks for no approval: nothing matches (a filter left in a link)
      expect(matches({ approval: 'approved' }, approved, 'me', DEFAULT_RULES)).toBe(false)
    })

    it('goes with the other conditions', () => {
      expect(
        matches({ approval: 'in-review', q: 'post', network: 'instagram' }, team, 'me', rules),
      ).toBe(true)
      expect(matches({ approval: 'in-review', mine: true }, team, 'me', rules)).toBe(false)
    })

    it('offers its choices only where a policy asks for approval', () => {
      expect(approvalFilterChoices(DEFAULT_RULES, null)).toEqual([])
      // a filter left in a link is still offered, to be undone
      expect(approvalFilterChoices(DEFAULT_RULES, 'approved')).not.toContain('client')
      expect(approvalFilterChoices(DEFAULT_RULES, 'approved')).toContain('approved')
      expect(approvalFilterChoices(rules, null)).toEqual(APPROVAL_FILTERS)
      // where the client alone approves, every review waits for the client: no second choice
      const clientOnly = { ...rules, approval: { ...rules.approval, policy: 'client' as const } }
      expect(approvalFilterChoices(clientOnly, null)).toEqual([
        'in-review',
        'changes-requested',
        'approved',
        'draft',
      ])
      expect(toApprovalFilter('client')).toBe('client')
      expect(toApprovalFilter('pending')).toBeNull()
    })
  })

  it('folds a card once, until the card changes', () => {
    const card = sampleCard({ title: 'Café' })
    expect(searchText(card)).toBe(searchText(card))
    expect(searchText(card)).toContain('cafe')
    expect(searchText({ ...card, title: 'Té' })).toContain('te')
  })
})
