import { z } from './zod.ts'

/** Role ids are part of the public contract (CLI, API); the UI translates them. */
export const ROLES = ['strategist', 'manager', 'cm', 'client'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

/** A member holds one or more roles; a freelancer may hold them all. */
export const rolesSchema = z.pipe(
  z.array(roleSchema).check(z.minLength(1, 'a member holds at least one role')),
  z.transform((roles: Role[]) =>
    [...new Set(roles)].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
  ),
)
export type Roles = Role[]

/** [ROLE3] Whether someone holding these roles may change the board at all. */
export function canEdit(roles: readonly Role[]): boolean {
  return roles.some((role) => role !== 'client')
}

/** [ROLE2] Strategists and managers lead the board: they move and edit any card. */
export function isLead(roles: readonly Role[]): boolean {
  return roles.includes('strategist') || roles.includes('manager')
}

/** Strategists alone change a board's rules and grant or take the strategist role. */
export function isStrategist(roles: readonly Role[]): boolean {
  return roles.includes('strategist')
}

/** Community managers take, publish, monitor and escalate the posts assigned to them. */
export function isCm(roles: readonly Role[]): boolean {
  return roles.includes('cm')
}
