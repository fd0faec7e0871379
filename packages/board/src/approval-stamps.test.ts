import type { ApprovalPolicy, Card } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { stampsFor } from './stamps.ts'

// [APPR4] A post whose copy or media change after a yes goes back to review, and says so; the
// server writes it in the same stored update as the change.

const AT = new Date('2026-12-06T10:00:00.000Z')
const policy = (name: ApprovalPolicy['policy']): ApprovalPolicy => ({
  policy: name,
  networks: [],
  campaigns: [],
})
const post = (fields: Partial<Card>): Card =>
  sampleCard({ id: 'p', title: 'Post', stage: 'calendar', network: 'instagram', ...fields })
const stamp = (before: Card, after: Card, approval: ApprovalPolicy) =>
  stampsFor([{ id: 'p', before, after }], AT, 'carla', approval)[0]?.fields ?? {}

describe('[APPR4] a changed post goes back to review', () => {
  it('after approval: back to the first reviewer, saying it changed after approval', () => {
    const approved = post({ approval: 'approved', copy: 'Hola' })
    const back = { approval: 'in-review', reviewer: 'team', approvalNote: 'changed-after-approval' }
    expect(stamp(approved, { ...approved, copy: 'Hola!' }, policy('internal-then-client'))).toEqual(
      back,
    )
    const photo = { id: 'm1', kind: 'image' as const, alt: '' }
    expect(stamp(approved, { ...approved, media: [photo] }, policy('internal'))).toEqual(back)
    // the client's turn after the team's yes counts as partly approved
    const clientsTurn = post({ approval: 'in-review', reviewer: 'client' })
    expect(
      stamp(clientsTurn, { ...clientsTurn, copy: 'x' }, policy('internal-then-client')),
    ).toEqual(back)
  })

  it('after changes were asked for: back in review, with no note', () => {
    const asked = post({ approval: 'changes-requested' })
    expect(stamp(asked, { ...asked, copy: 'Mejor así' }, policy('client'))).toEqual({
      approval: 'in-review',
      reviewer: 'client',
      approvalNote: null,
    })
  })

  it('leaves drafts, other fields, and boards without a policy alone', () => {
    const approved = post({ approval: 'approved' })
    expect(stamp(post({}), { ...post({}), copy: 'x' }, policy('client'))).toEqual({})
    expect(stamp(approved, { ...approved, title: 'New title' }, policy('client'))).toEqual({})
    expect(stamp(approved, { ...approved, copy: 'x' }, policy('none'))).toEqual({})
  })
})
