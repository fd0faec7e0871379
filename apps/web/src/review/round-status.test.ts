import { describe, expect, it } from 'vitest'
import { clientIsBottleneck, roundProgress } from './round-status.ts'

describe("a round's progress", () => {
  it('counts approved posts, changes asked for, and who each post waits for', () => {
    expect(
      roundProgress([
        { approval: 'approved', reviewer: null },
        { approval: 'in-review', reviewer: 'client' },
        { approval: 'in-review', reviewer: 'client' },
        { approval: 'in-review', reviewer: 'team' },
        { approval: 'changes-requested', reviewer: null },
        { approval: 'draft', reviewer: null },
      ]),
    ).toEqual({ total: 6, approved: 1, changesRequested: 1, waiting: { team: 1, client: 2 } })
  })

  it('calls the client the bottleneck when more posts wait for them than for the team', () => {
    expect(clientIsBottleneck({ team: 0, client: 1 })).toBe(true)
    expect(clientIsBottleneck({ team: 1, client: 1 })).toBe(false)
    expect(clientIsBottleneck({ team: 0, client: 0 })).toBe(false)
  })
})
