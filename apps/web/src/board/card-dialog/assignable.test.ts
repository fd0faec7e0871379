import type { Role } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import { assignable } from './assignable.ts'

const person = (id: string, name: string, roles: Role[]) => ({ id, name, roles })
const members = [
  person('estela', 'Estela', ['strategist']),
  person('marco', 'Marco', ['manager']),
  person('diego', 'Diego', ['cm']),
  person('lucia', 'Lucía', ['client']),
  person('demo', 'Ana', ['strategist', 'manager', 'cm']),
]

describe('the assignee list', () => {
  it('offers community managers only, by name', () => {
    expect(assignable(members, '').map((m) => m.id)).toEqual(['demo', 'diego'])
  })

  it('keeps the current assignee when they are no longer a community manager', () => {
    expect(assignable(members, 'marco').map((m) => m.id)).toEqual(['demo', 'diego', 'marco'])
  })
})
