import { type Card, cardDefaults } from './card.ts'

/**
 * A valid card with every field that has a default at that default, for tests in any package
 * (`import { sampleCard } from '@pauta/domain/testing'`): pass only what the test is about.
 */
export function sampleCard(fields: Partial<Card> = {}): Card {
  return {
    ...cardDefaults(),
    id: 'c1',
    title: 'Post',
    stage: 'strategy',
    order: 'a0',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...fields,
  }
}
