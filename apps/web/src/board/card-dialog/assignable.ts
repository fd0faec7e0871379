import { isCm, type Role } from '@pauta/domain'

interface Person {
  id: string
  name: string
  roles: readonly Role[]
}

/**
 * Whom a card may be assigned to: the community managers, by name. The card's current
 * assignee stays in the list even when they no longer hold the role, so opening a card and
 * saving it never changes who has it.
 */
export function assignable<P extends Person>(members: Iterable<P>, current: string): P[] {
  return [...members]
    .filter((member) => isCm(member.roles) || member.id === current)
    .sort((a, b) => a.name.localeCompare(b.name))
}
