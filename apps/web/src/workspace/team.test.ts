import { describe, expect, it } from 'vitest'
import { linesToList } from './ListsForm.tsx'
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

describe('workspace lists', () => {
  it('reads one name per line, dropping blank lines and surrounding spaces', () => {
    expect(linesToList('  Navidad 2026 \n\n Cold brew\r\n')).toEqual(['Navidad 2026', 'Cold brew'])
    expect(linesToList('')).toEqual([])
  })
})
