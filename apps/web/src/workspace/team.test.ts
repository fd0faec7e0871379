import { describe, expect, it } from 'vitest'
import { canManageTeam, toggleRole } from './team.ts'

describe('team', () => {
  it('lets strategists and managers run the team', () => {
    expect(canManageTeam(['manager'])).toBe(true)
    expect(canManageTeam(['strategist', 'cm'])).toBe(true)
    expect(canManageTeam(['cm', 'client'])).toBe(false)
  })

  it('toggles roles in canonical order, several at once', () => {
    expect(toggleRole(['cm'], 'strategist')).toEqual(['strategist', 'cm'])
    expect(toggleRole(['strategist', 'manager', 'cm'], 'manager')).toEqual(['strategist', 'cm'])
    expect(toggleRole(['cm'], 'cm')).toEqual([])
  })
})
