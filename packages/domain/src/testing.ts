import type { Card } from './card.ts'

/**
 * A valid card with every optional field empty, for tests in any package
 * (`import { sampleCard } from '@pauta/domain/testing'`): pass only what the test is about.
 */
export function sampleCard(fields: Partial<Card> = {}): Card {
  return {
    id: 'c1',
    title: 'Post',
    description: '',
    stage: 'strategy',
    order: 'a0',
    network: null,
    assigneeId: null,
    scheduledAt: null,
    publishedAt: null,
    tags: [],
    campaign: null,
    objective: null,
    escalationReason: null,
    severity: null,
    resolutionNote: null,
    publishedUrl: null,
    escalationUrl: null,
    escalatedAt: null,
    monitoring: [],
    archived: false,
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: null,
    ...fields,
  }
}
