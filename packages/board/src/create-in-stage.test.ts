import { type Actor, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkCommand, runCommand } from './commands.ts'
import { getCard } from './doc.ts'
import { docView } from './plan.ts'

const NOW = new Date('2026-05-04T10:00:00.000Z')
const manager: Actor = { id: 'm', roles: ['manager'] }
const cm: Actor = { id: 'c', roles: ['cm'] }

describe('[CMD6] [CREATE3] a card created straight into a later stage', () => {
  it('is refused without what its stage needs, and names the fields', () => {
    const doc = new Y.Doc()
    const checked = checkCommand(
      docView(doc),
      { actor: manager, rules: DEFAULT_RULES, now: NOW },
      { type: 'create', card: { title: 'Angry thread', stage: 'escalated' } },
    )
    expect(checked).toEqual({
      ok: false,
      refusal: {
        code: 'missing-fields',
        stage: 'escalated',
        fields: ['escalationReason', 'severity'],
      },
    })
  })

  it('is written whole with them; in escalated its SLA starts at its creation', () => {
    const doc = new Y.Doc()
    const created = runCommand(
      doc,
      { actor: manager, rules: DEFAULT_RULES, now: NOW },
      {
        type: 'create',
        card: {
          title: 'Angry thread',
          stage: 'escalated',
          escalationReason: 'Customer posted a complaint',
          severity: 'high',
          escalationUrl: 'https://example.com/thread/1',
        },
      },
    )
    expect(created.ok).toBe(true)
    if (!created.ok) return
    const card = getCard(doc, created.change.cardId)
    expect(card).toMatchObject({
      stage: 'escalated',
      escalationReason: 'Customer posted a complaint',
      severity: 'high',
      escalationUrl: 'https://example.com/thread/1',
      escalatedAt: NOW.toISOString(),
    })
    const published = runCommand(
      doc,
      { actor: manager, rules: DEFAULT_RULES, now: NOW },
      {
        type: 'create',
        card: { title: 'Launch post', stage: 'published', publishedAt: '2026-05-04T09:00:00.000Z' },
      },
    )
    expect(published.ok && published.change.after.publishedAt).toBe('2026-05-04T09:00:00.000Z')
  })

  it('is still refused to someone who may not create there, whatever it holds', () => {
    const checked = checkCommand(
      docView(new Y.Doc()),
      { actor: cm, rules: DEFAULT_RULES, now: NOW },
      {
        type: 'create',
        card: { title: 'x', stage: 'escalated', escalationReason: 'why', severity: 'low' },
      },
    )
    expect(checked).toEqual({
      ok: false,
      refusal: { code: 'not-allowed-create', stage: 'escalated' },
    })
  })
})
