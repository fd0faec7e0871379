import type { Actor } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { viewOnlyReason } from './view-only.ts'

const card = sampleCard({ assigneeId: 'cm1' })
const manager: Actor = { id: 'm1', roles: ['manager'] }
const assignee: Actor = { id: 'cm1', roles: ['cm'] }
const otherCm: Actor = { id: 'cm2', roles: ['cm'] }
const client: Actor = { id: 'c1', roles: ['client'] }

describe('the card dialog view-only reason', () => {
  it('is none for whoever may edit the card on a live board, or while the card is missing', () => {
    expect(viewOnlyReason(true, manager, card)).toBeNull()
    expect(viewOnlyReason(true, assignee, card)).toBeNull()
    expect(viewOnlyReason(false, manager, undefined)).toBeNull()
  })

  it('is read-only for a client, and for anyone while the board is not live', () => {
    expect(viewOnlyReason(true, client, card)).toEqual({ code: 'read-only' })
    expect(viewOnlyReason(false, manager, card)).toEqual({ code: 'read-only' })
    expect(viewOnlyReason(false, assignee, card)).toEqual({ code: 'read-only' })
  })

  it('is not-assignee for a community manager on someone else’s card', () => {
    expect(viewOnlyReason(true, otherCm, card)).toEqual({ code: 'not-assignee' })
  })
})
