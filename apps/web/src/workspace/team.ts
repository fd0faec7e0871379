import { isLead, ROLES, type Role } from '@pauta/domain'

/** Strategists and managers run the team: members, roles, invitations. */
export function canManageTeam(roles: readonly Role[]): boolean {
  return isLead(roles)
}

/** The roles with `role` switched on or off, in the canonical order. */
export function toggleRole(roles: readonly Role[], role: Role): Role[] {
  const next = roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role]
  return ROLES.filter((r) => next.includes(r))
}
